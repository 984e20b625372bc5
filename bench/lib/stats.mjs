/** Small statistics helpers. */

/** Median of the finite numbers in `values` (NaN when there are none). */
export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((x, y) => x - y);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One line for a table note: the error's first line, plus its first detail line when the first ends with ':'. */
export function brief(error) {
  const lines = String(error instanceof Error ? error.message : error)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const text = lines[0]?.endsWith(':') && lines[1] !== undefined ? `${lines[0]} ${lines[1]}` : (lines[0] ?? 'unknown error');
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
