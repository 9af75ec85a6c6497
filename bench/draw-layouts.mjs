// layouts.png: the final layouts of one graph side by side, one panel per engine plus random.
// 3D layouts are projected on their two principal axes; each panel is fitted to the central 99%
// of its nodes (so one far-flung node does not shrink the picture). Nodes are coloured by hop
// distance from the highest-degree node, the same in every panel, so the panels can be compared.
import fs from 'node:fs';
import { PNG } from 'pngjs';
import { drawText, GLYPH_HEIGHT } from './bitmap-font.mjs';

const PANEL = 440;
const TITLE = 26;
const PAD = 12;
const COLUMNS = 3;

/**
 * @typedef {{ title: string, positions: Float32Array, dims: 2 | 3 }} Panel
 */

/**
 * @param {import('./bench-graph.mjs').BenchGraph} graph
 * @param {Panel[]} panels
 * @param {string} file
 */
export function drawLayouts(graph, panels, file) {
  const cols = Math.min(COLUMNS, panels.length);
  const rows = Math.ceil(panels.length / cols);
  const png = new PNG({ width: cols * PANEL, height: rows * (PANEL + TITLE) });
  png.data.fill(255);
  const colours = nodeColours(graph);
  panels.forEach((panel, k) => {
    const ox = (k % cols) * PANEL, oy = Math.floor(k / cols) * (PANEL + TITLE);
    drawPanel(png, graph, panel, colours, ox, oy);
  });
  fs.writeFileSync(file, PNG.sync.write(png));
}

/**
 * @param {PNG} png
 * @param {import('./bench-graph.mjs').BenchGraph} graph
 * @param {Panel} panel
 * @param {Uint8Array} colours rgb per node
 * @param {number} ox
 * @param {number} oy
 */
function drawPanel(png, graph, panel, colours, ox, oy) {
  const { data, width } = png;
  const blend = (/** @type {number} */ x, /** @type {number} */ y, /** @type {number} */ r, /** @type {number} */ g, /** @type {number} */ b, /** @type {number} */ a) => {
    const i = 4 * (y * width + x);
    data[i] += (r - data[i]) * a; data[i + 1] += (g - data[i + 1]) * a; data[i + 2] += (b - data[i + 2]) * a;
  };
  drawText(panel.title, ox + PAD, oy + Math.floor((TITLE - 2 * GLYPH_HEIGHT) / 2) + 2, 2, (x, y) => blend(x, y, 20, 20, 20, 1));
  // Frame line under the title.
  for (let x = ox + 4; x < ox + PANEL - 4; x++) blend(x, oy + TITLE - 1, 200, 200, 200, 1);

  const xy = project(panel.positions, graph.nodeCount, panel.dims);
  const fit = fitBox(xy, graph.nodeCount, PANEL - 2 * PAD);
  const px = new Float32Array(graph.nodeCount), py = new Float32Array(graph.nodeCount);
  const x0 = ox + PAD, y0 = oy + TITLE + PAD, inner = PANEL - 2 * PAD;
  for (let i = 0; i < graph.nodeCount; i++) {
    px[i] = x0 + (xy[2 * i] - fit.cx) * fit.scale + inner / 2;
    py[i] = y0 + (xy[2 * i + 1] - fit.cy) * fit.scale + inner / 2;
  }
  const inside = (/** @type {number} */ x, /** @type {number} */ y) => x >= x0 && x < x0 + inner && y >= y0 && y < y0 + inner;
  // Thin edges, faint enough that dense regions read as shading.
  const alpha = Math.min(0.35, Math.max(0.06, 600 / Math.max(1, graph.edges.length >> 1)));
  for (let e = 0; e < graph.edges.length; e += 2) {
    const u = graph.edges[e], v = graph.edges[e + 1];
    line(px[u], py[u], px[v], py[v], (x, y) => { if (inside(x, y)) blend(x, y, 60, 70, 90, alpha); });
  }
  for (let i = 0; i < graph.nodeCount; i++) {
    const cx = Math.round(px[i]), cy = Math.round(py[i]);
    for (let dy = -1; dy <= 0; dy++)
      for (let dx = -1; dx <= 0; dx++)
        if (inside(cx + dx, cy + dy)) blend(cx + dx, cy + dy, colours[3 * i], colours[3 * i + 1], colours[3 * i + 2], 0.9);
  }
}

/**
 * Rasterises a line (DDA), calling plot once per pixel step.
 * @param {number} xa @param {number} ya @param {number} xb @param {number} yb
 * @param {(x: number, y: number) => void} plot
 */
function line(xa, ya, xb, yb, plot) {
  const steps = Math.ceil(Math.max(Math.abs(xb - xa), Math.abs(yb - ya)));
  if (!Number.isFinite(steps)) return;
  if (steps === 0) { plot(Math.round(xa), Math.round(ya)); return; }
  const dx = (xb - xa) / steps, dy = (yb - ya) / steps;
  for (let s = 0; s <= steps; s++) plot(Math.round(xa + dx * s), Math.round(ya + dy * s));
}

/**
 * 2D coordinates per node: x,y as they are for 2D layouts, the top two principal axes for 3D.
 * @param {Float32Array} positions
 * @param {number} n
 * @param {2 | 3} dims
 * @returns {Float64Array} x,y per node
 */
export function project(positions, n, dims) {
  const out = new Float64Array(2 * n);
  if (dims === 2) {
    for (let i = 0; i < n; i++) { out[2 * i] = positions[3 * i]; out[2 * i + 1] = positions[3 * i + 1]; }
    return out;
  }
  const mean = [0, 0, 0];
  for (let i = 0; i < n; i++) for (let a = 0; a < 3; a++) mean[a] += positions[3 * i + a] / n;
  const cov = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (let i = 0; i < n; i++)
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) cov[a][b] += (positions[3 * i + a] - mean[a]) * (positions[3 * i + b] - mean[b]);
  const [u, v] = principalAxes(cov);
  for (let i = 0; i < n; i++) {
    const d = [positions[3 * i] - mean[0], positions[3 * i + 1] - mean[1], positions[3 * i + 2] - mean[2]];
    out[2 * i] = d[0] * u[0] + d[1] * u[1] + d[2] * u[2];
    out[2 * i + 1] = d[0] * v[0] + d[1] * v[1] + d[2] * v[2];
  }
  return out;
}

/**
 * The two eigenvectors of a symmetric 3x3 matrix with the largest eigenvalues (cyclic Jacobi).
 * @param {number[][]} m
 * @returns {[number[], number[]]}
 */
export function principalAxes(m) {
  const a = m.map((r) => r.slice());
  const vec = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = Math.abs(a[0][1]) + Math.abs(a[0][2]) + Math.abs(a[1][2]);
    if (off < 1e-12 * (Math.abs(a[0][0]) + Math.abs(a[1][1]) + Math.abs(a[2][2]) + 1e-300)) break;
    for (const [p, q] of [[0, 1], [0, 2], [1, 2]]) {
      if (a[p][q] === 0) continue;
      const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1), s = t * c;
      for (let k = 0; k < 3; k++) {
        const akp = a[k][p], akq = a[k][q];
        a[k][p] = c * akp - s * akq; a[k][q] = s * akp + c * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[p][k], aqk = a[q][k];
        a[p][k] = c * apk - s * aqk; a[q][k] = s * apk + c * aqk;
      }
      for (let k = 0; k < 3; k++) {
        const vkp = vec[k][p], vkq = vec[k][q];
        vec[k][p] = c * vkp - s * vkq; vec[k][q] = s * vkp + c * vkq;
      }
    }
  }
  const order = [0, 1, 2].sort((i, j) => a[j][j] - a[i][i]);
  const column = (/** @type {number} */ j) => [vec[0][j], vec[1][j], vec[2][j]];
  return [column(order[0]), column(order[1])];
}

/**
 * Centre and scale that fit the central 99% of nodes (per axis) into a square of `size` pixels.
 * @param {Float64Array} xy
 * @param {number} n
 * @param {number} size
 */
function fitBox(xy, n, size) {
  const quantiles = (/** @type {number} */ axis) => {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = xy[2 * i + axis];
    v.sort();
    return [v[Math.floor(0.005 * (n - 1))], v[Math.ceil(0.995 * (n - 1))]];
  };
  const [x0, x1] = quantiles(0), [y0, y1] = quantiles(1);
  const span = Math.max(x1 - x0, y1 - y0, 1e-12);
  return { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, scale: size / span };
}

/**
 * rgb per node by hop distance from the highest-degree node (viridis-like ramp); grey when unreachable.
 * @param {import('./bench-graph.mjs').BenchGraph} graph
 */
function nodeColours(graph) {
  const { nodeCount, offsets, targets } = graph;
  let hub = 0;
  for (let i = 1; i < nodeCount; i++) if (offsets[i + 1] - offsets[i] > offsets[hub + 1] - offsets[hub]) hub = i;
  const depth = new Int32Array(nodeCount).fill(-1);
  const queue = new Uint32Array(nodeCount);
  let head = 0, tail = 0, maxDepth = 1;
  if (nodeCount > 0) { depth[hub] = 0; queue[tail++] = hub; }
  while (head < tail) {
    const u = queue[head++];
    for (let e = offsets[u]; e < offsets[u + 1]; e++) {
      const v = targets[e];
      if (depth[v] < 0) { depth[v] = depth[u] + 1; maxDepth = Math.max(maxDepth, depth[v]); queue[tail++] = v; }
    }
  }
  const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  const colours = new Uint8Array(3 * nodeCount);
  for (let i = 0; i < nodeCount; i++) {
    if (depth[i] < 0) { colours.set([170, 170, 170], 3 * i); continue; }
    const t = (depth[i] / maxDepth) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(t)), f = t - k;
    for (let c = 0; c < 3; c++) colours[3 * i + c] = Math.round(stops[k][c] + (stops[k + 1][c] - stops[k][c]) * f);
  }
  return colours;
}
