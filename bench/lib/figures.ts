/**
 * A figure of the targets table against its bar: two decimals, or as many more as it takes for the
 * figure shown to fall on the same side of the bar as the figure itself (0.2996 against ≥ 0.3
 * reads 0.2996, not 0.30 beside "not met").
 */
export function onBar(value: number, meets: (figure: number) => boolean): string {
  if (!Number.isFinite(value)) return 'n/a';
  for (let digits = 2; digits < 6; digits += 1) {
    const shown = value.toFixed(digits);
    if (meets(Number(shown)) === meets(value)) return shown;
  }
  return value.toFixed(6);
}
