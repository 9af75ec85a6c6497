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

/** A task's elapsed time or duration: "350 ms", "4.2 s", "1 min 05 s", "2 h 03 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.floor(s)} s`;
  const total = Math.floor(s);
  if (total < 3600) return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, '0')} s`;
  return `${Math.floor(total / 3600)} h ${String(Math.floor((total % 3600) / 60)).padStart(2, '0')} min`;
}
