// Run once to redraw assets/icons/icon.png: node scripts/make-icon.mjs assets/icons/icon.png
// Draws ForceLab's icon: a small force-laid graph (nodes and springs) on a dark rounded square.
import { PNG } from 'pngjs';
import { writeFileSync } from 'node:fs';
const S = 512, png = new PNG({ width: S, height: S });
const set = (x, y, r, g, b, a) => {
  if (x < 0 || y < 0 || x >= S || y >= S) return;
  const i = (y * S + x) * 4, k = a / 255, d = png.data;
  d[i] = d[i] * (1 - k) + r * k; d[i + 1] = d[i + 1] * (1 - k) + g * k; d[i + 2] = d[i + 2] * (1 - k) + b * k;
  d[i + 3] = Math.max(d[i + 3], a);
};
// rounded square background
const R = 96;
for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) {
  const cx = Math.min(Math.max(x, R), S - 1 - R), cy = Math.min(Math.max(y, R), S - 1 - R);
  const dist = Math.hypot(x - cx, y - cy);
  if (dist <= R) { const a = Math.min(1, R - dist) * 255; set(x, y, 11 + y / 40, 14 + y / 30, 20 + y / 16, a); }
}
const nodes = [[256, 250], [150, 160], [360, 150], [380, 340], [170, 360], [256, 420], [100, 260], [420, 245], [256, 105]];
const edges = [[0, 1], [0, 2], [0, 3], [0, 4], [0, 5], [1, 6], [1, 8], [2, 8], [2, 7], [3, 7], [4, 6], [4, 5], [3, 5]];
const line = (a, b) => {
  const [x0, y0] = nodes[a], [x1, y1] = nodes[b], n = Math.ceil(Math.hypot(x1 - x0, y1 - y0));
  for (let t = 0; t <= n; t++) {
    const x = x0 + (x1 - x0) * t / n, y = y0 + (y1 - y0) * t / n;
    for (let dy = -3; dy <= 3; dy++) for (let dx = -3; dx <= 3; dx++) {
      const d = Math.hypot(dx, dy); if (d <= 3) set(Math.round(x + dx), Math.round(y + dy), 120, 170, 220, 150 * Math.min(1, 3 - d + 0.5));
    }
  }
};
edges.forEach(([a, b]) => line(a, b));
const colours = [[88, 196, 255], [122, 220, 120], [255, 170, 80], [240, 90, 150], [150, 110, 255]];
nodes.forEach(([cx, cy], i) => {
  const r = i === 0 ? 40 : 26, [cr, cg, cb] = colours[i % colours.length];
  for (let y = -r - 2; y <= r + 2; y++) for (let x = -r - 2; x <= r + 2; x++) {
    const d = Math.hypot(x, y); if (d > r + 1) continue;
    const shade = 1 - 0.35 * (Math.hypot(x + r * 0.35, y + r * 0.35) / (r * 1.6));
    set(cx + x, cy + y, cr * shade, cg * shade, cb * shade, 255 * Math.min(1, r + 1 - d));
  }
});
writeFileSync(process.argv[2], PNG.sync.write(png));
