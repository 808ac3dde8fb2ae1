import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { logDestination } from '../src/ops/log-destination.js';

/** What one info line looks like on a destination chosen for a terminal (or not) and an environment. */
async function lineWritten(terminal: boolean, env: Record<string, string>): Promise<string> {
  let written = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  const logger = createLogger('info', await logDestination(terminal, env, output));
  logger.info({ requestId: 'r-1' }, 'hello operators');
  logger.flush();
  await new Promise((resolve) => setImmediate(resolve));
  return written;
}

describe('the log destination', () => {
  it('writes JSON lines when stderr is not a terminal', async () => {
    const line = await lineWritten(false, {});
    expect(JSON.parse(line)).toMatchObject({ level: 'info', msg: 'hello operators', requestId: 'r-1' });
  });

  it('writes readable lines (pino-pretty) when stderr is a terminal', async () => {
    const text = await lineWritten(true, {});
    expect(text.startsWith('{')).toBe(false);
    expect(text).toContain('INFO');
    expect(text).toContain('hello operators');
    expect(text).toContain('requestId: "r-1"');
  });

  it('keeps JSON lines on a terminal in production', async () => {
    const line = await lineWritten(true, { NODE_ENV: 'production' });
    expect(JSON.parse(line)).toMatchObject({ msg: 'hello operators' });
  });
});
