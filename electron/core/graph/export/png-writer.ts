// A PNG of a layout for the command line (`forcelab convert graph.gml picture.png`): the x-y plane of the
// positions fitted to the picture, edges as faint lines (fainter the more there are), nodes as small discs in
// the colours the window uses. Rasterised and encoded here (zlib's deflate and CRC-32 are all PNG needs), so the
// packaged app needs no image library. The window exports its own view.
import { crc32, deflateSync } from 'node:zlib';
import type { ExportInput } from './export-input.js';

export interface PngSize {
  width: number;
  height: number;
}

/** Largest side accepted: 8192 x 8192 is 192 MiB of RGB drawn in memory. */
export const MAX_PNG_SIDE = 8192;

export function renderPng(input: ExportInput, size: PngSize): Buffer {
  const { width, height } = size;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0 && width <= MAX_PNG_SIDE && height <= MAX_PNG_SIDE)) {
    throw new Error(`a PNG is 1..${MAX_PNG_SIDE} pixels a side, got ${width} x ${height}`);
  }
  const { graph, positions: p, colors } = input;
  const n = graph.nodeIds.length;
  const rgb = new Uint8ClampedArray(3 * width * height).fill(255); // white
  const blend = (x: number, y: number, r: number, g: number, b: number, a: number) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const i = 3 * (y * width + x);
    rgb[i] += (255 * r - rgb[i]) * a;
    rgb[i + 1] += (255 * g - rgb[i + 1]) * a;
    rgb[i + 2] += (255 * b - rgb[i + 2]) * a;
  };
  // Fit the x-y extent (finite positions only) with a margin, keeping the aspect.
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = p[3 * i], y = p[3 * i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  const margin = Math.max(4, Math.round(0.04 * Math.min(width, height)));
  const fits = Number.isFinite(x1 - x0) && Number.isFinite(y1 - y0);
  const scale = fits ? Math.min((width - 2 * margin) / Math.max(x1 - x0, 1e-9), (height - 2 * margin) / Math.max(y1 - y0, 1e-9)) : 1;
  const cx = fits ? (x0 + x1) / 2 : 0, cy = fits ? (y0 + y1) / 2 : 0;
  const px = new Float32Array(n), py = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    px[i] = width / 2 + (p[3 * i] - cx) * scale;
    py[i] = height / 2 - (p[3 * i + 1] - cy) * scale; // y up, as in the window
  }
  const m = graph.edges.length >> 1;
  const alpha = Math.min(0.4, Math.max(0.04, 800 / Math.max(1, m)));
  for (let k = 0; k < m; k++) {
    const u = graph.edges[2 * k], v = graph.edges[2 * k + 1];
    line(px[u], py[u], px[v], py[v], (x, y) => blend(x, y, 0.25, 0.28, 0.35, alpha));
  }
  const radius = Math.max(1, Math.min(6, Math.round(Math.sqrt((width * height) / Math.max(1, n)) / 6)));
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(px[i]) || !Number.isFinite(py[i])) continue;
    const x = Math.round(px[i]), y = Math.round(py[i]);
    for (let dy = -radius; dy <= radius; dy++) for (let dx = -radius; dx <= radius; dx++) if (dx * dx + dy * dy <= radius * radius) blend(x + dx, y + dy, colors[3 * i], colors[3 * i + 1], colors[3 * i + 2], 0.92);
  }
  return encodePng(width, height, rgb);
}

/** DDA line: one plot per pixel step. */
function line(xa: number, ya: number, xb: number, yb: number, plot: (x: number, y: number) => void): void {
  const steps = Math.ceil(Math.max(Math.abs(xb - xa), Math.abs(yb - ya)));
  if (!Number.isFinite(steps) || steps > 1e5) return;
  const dx = steps ? (xb - xa) / steps : 0, dy = steps ? (yb - ya) / steps : 0;
  for (let s = 0; s <= steps; s++) plot(Math.round(xa + dx * s), Math.round(ya + dy * s));
}

/** 8-bit RGB, no interlace: signature, IHDR, one IDAT of filter-0 scanlines, IEND. */
export function encodePng(width: number, height: number, rgb: Uint8ClampedArray): Buffer {
  const raw = Buffer.alloc((3 * width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(3 * y * width, 3 * (y + 1) * width), y * (3 * width + 1) + 1);
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 6 })), chunk('IEND', Buffer.alloc(0))]);
}
