// Number formatting for panels: bytes in binary units, times in ms, counts compact.

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Math.abs(bytes);
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const sign = bytes < 0 ? '-' : '';
  return `${sign}${u === 0 ? v.toFixed(0) : v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[u]}`;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const a = Math.abs(value);
  if (a === 0) return '0';
  if (a >= 1e9) return `${(value / 1e9).toFixed(2)} G`;
  if (a >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (a >= 1e4) return `${(value / 1e3).toFixed(1)} k`;
  if (a >= 100) return value.toFixed(0);
  if (a >= 1) return value.toFixed(2).replace(/\.?0+$/, '');
  if (a >= 1e-3) return value.toPrecision(3);
  return value.toExponential(2);
}

/** Formats a live figure by what its name says it measures. */
export function formatFigure(key: string, value: number): string {
  if (/bytes/i.test(key)) return formatBytes(value);
  if (/(Ms|_ms|Millis)$/.test(key) || /^ms/i.test(key) || /latency|delay/i.test(key)) return `${formatNumber(value)} ms`;
  if (/(Rate|Ratio)$/.test(key) && value >= 0 && value <= 1) return `${(value * 100).toFixed(1)} %`;
  if (/PerSecond$|PerSec$/.test(key)) return `${formatNumber(value)} /s`;
  return formatNumber(value);
}

/** camelCase figure key -> words a person reads: "allocationsPerStep" -> "allocations per step". */
/** The unit is left to the value ("2.3 ms"), so a trailing "ms" in the name is dropped. */
export function figureLabel(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase()
    .replace(/^ms per /, 'time per ')
    .replace(/ ms$/, '');
}
