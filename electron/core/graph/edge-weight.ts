// One check for every format's edge weights, where they are read (so the error names the file and line): a
// weight must be a finite number that float32 can hold (1e39 is a finite double but infinite on the engine),
// and a negative one counts as its magnitude (a connection still; springs need weight >= 0).
import { GraphFormatError } from './graph-types.js';

export const FLOAT32_MAX = 3.4028234663852886e38;

export function checkedWeight(raw: unknown, file: string, where: string, what = 'weight'): number {
  const w = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  const shown = typeof raw === 'string' ? JSON.stringify(raw.length > 40 ? `${raw.slice(0, 37)}...` : raw) : String(raw);
  if (!Number.isFinite(w)) throw new GraphFormatError(file, where, `${what} ${shown} is not a number`);
  if (Math.abs(w) > FLOAT32_MAX) throw new GraphFormatError(file, where, `${what} ${shown} is beyond the largest the engine holds (3.4e38)`);
  return Math.abs(w);
}
