/** Lets the event loop finish the current turn (reads the global setImmediate at call time, so fake timers apply). */
export const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
