// The budget command's rows (scripts/bench.mjs and its parts in this folder):
// each figure printed beside its limit as `ok`, `MISS` or `info`, kept for the
// final count.
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';

export const rows = [];

/** One budget row: `ok` is decided here, from the figure and the limit (none: info). */
export function row(what, value, unit, limit, { atLeast = false, note = '' } = {}) {
  const ok = limit == null ? null : atLeast ? value >= limit : value <= limit;
  rows.push({ what, value, unit, limit, atLeast, ok, note });
  const shown = limit == null ? '' : `${atLeast ? '≥' : '≤'} ${fmt(limit)} ${unit}`;
  console.log(`${ok == null ? 'info' : ok ? 'ok  ' : 'MISS'}  ${what}: ${fmt(value)} ${unit}  ${shown}${note ? `  (${note})` : ''}`);
}

export const fmt = (n) => (Number.isInteger(n) ? n.toLocaleString('en') : n.toFixed(n < 10 ? 2 : 1));
export const kb = (bytes) => Math.round(bytes / 102.4) / 10;
export const gz = (b) => gzipSync(b, { level: 9 }).length;
export const br = (b) => brotliCompressSync(b, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
