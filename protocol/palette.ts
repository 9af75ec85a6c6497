// Node colours, shared by the window and the exporters (a GEXF opens in Gephi with the colours seen here): one
// distinct hue per cluster label, else a gradient by degree so hubs stand out.

/** Cluster label -> RGB in 0..1. Golden-angle hues stay distinct for the first few dozen labels. */
export function labelColor(label: number, out: Float32Array, offset: number): void {
  const hue = (label * 137.508 + 200) % 360;
  // Alternate lightness in bands so labels 0 and 13 (similar hue) still differ.
  const light = 0.58 + 0.1 * ((label % 3) - 1);
  hslToRgb(hue, 0.72, light, out, offset);
}

/** t in 0..1 (low to high degree) -> a cool-to-warm ramp that reads well on a dark background. */
export function degreeColor(t: number, out: Float32Array, offset: number): void {
  const c = t < 0 ? 0 : t > 1 ? 1 : t;
  // teal (190deg) through violet to amber (40deg, wrapping through magenta)
  const hue = (190 + c * 210) % 360;
  hslToRgb(hue, 0.65 + 0.2 * c, 0.55 + 0.1 * c, out, offset);
}

/** Fills `out` (rgb per node) from labels. */
export function colorsFromLabels(labels: Uint32Array, out: Float32Array): void {
  for (let i = 0; i < labels.length; i++) labelColor(labels[i], out, 3 * i);
}

/** Fills `out` (rgb per node) from degrees, on a log scale so a few hubs do not wash out the rest. */
export function colorsFromDegrees(degrees: Uint32Array, out: Float32Array): void {
  let max = 0;
  for (let i = 0; i < degrees.length; i++) if (degrees[i] > max) max = degrees[i];
  const denom = Math.log1p(max) || 1;
  for (let i = 0; i < degrees.length; i++) degreeColor(Math.log1p(degrees[i]) / denom, out, 3 * i);
}

export function degreesOf(nodeCount: number, edges: Uint32Array): Uint32Array {
  const degrees = new Uint32Array(nodeCount);
  for (let i = 0; i < edges.length; i++) degrees[edges[i]]++;
  return degrees;
}

function hslToRgb(h: number, s: number, l: number, out: Float32Array, offset: number): void {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  out[offset] = f(0);
  out[offset + 1] = f(8);
  out[offset + 2] = f(4);
}
