// What every exporter writes from: the graph as the store holds it (ids, edges as the file gave them, weights,
// directedness, the file's own attributes), the engine's positions, the clusters found, and the colours the
// window shows. The helpers here are the pieces the writers share: attribute columns with their types, and
// numbers written short but exact for float32.
import { colorsFromDegrees, colorsFromLabels, degreesOf } from '../../../../protocol/palette.js';
import type { LoadedGraph } from '../graph-types.js';

export interface ExportInput {
  graph: LoadedGraph;
  /** xyz per node, index = node index. */
  positions: Float32Array;
  /** Compact community label per node (0 = largest), when clustering has run. */
  clusters?: Uint32Array;
  /** rgb in 0..1 per node: the community colours when there are clusters, else the degree ramp. */
  colors: Float32Array;
}

export function exportInput(graph: LoadedGraph, positions: Float32Array, clusters?: Uint32Array): ExportInput {
  const n = graph.nodeIds.length;
  if (positions.length !== 3 * n) throw new Error(`export: ${positions.length / 3} positions for ${n} nodes`);
  const fitting = clusters && clusters.length === n ? clusters : undefined;
  const colors = new Float32Array(3 * n);
  if (fitting) colorsFromLabels(fitting, colors);
  else colorsFromDegrees(degreesOf(n, graph.edges), colors);
  return { graph, positions, colors, ...(fitting ? { clusters: fitting } : {}) };
}

/** Attribute names the writers produce themselves (positions, colour, label, cluster): a file's own values of
 *  these are replaced by what is on screen, not written twice. */
const WRITTEN = new Set(['label', 'x', 'y', 'z', 'color', 'colour', 'size', 'cluster', 'id']);

export type AttributeType = 'boolean' | 'integer' | 'double' | 'string';

export interface AttributeColumn {
  name: string;
  type: AttributeType;
}

/** What the writers write themselves for an edge: its ends and weight. */
const EDGE_WRITTEN = new Set(['source', 'target', 'weight', 'id', 'node1', 'node2', 'directed']);

/** The file's own node (or edge) attributes, one column per name, typed by every value it holds. */
export function attributeColumns(graph: LoadedGraph, of: 'node' | 'edge' = 'node'): AttributeColumn[] {
  const types = new Map<string, AttributeType>();
  const written = of === 'node' ? WRITTEN : EDGE_WRITTEN;
  for (const attrs of (of === 'node' ? graph.nodeAttributes : graph.edgeAttributes) ?? []) {
    if (!attrs) continue;
    for (const [name, v] of Object.entries(attrs)) {
      if (written.has(name.toLowerCase()) || v === undefined || v === null) continue;
      types.set(name, widen(types.get(name), valueType(v)));
    }
  }
  return [...types].map(([name, type]) => ({ name, type }));
}

function valueType(v: unknown): AttributeType {
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'double';
  return 'string';
}

function widen(a: AttributeType | undefined, b: AttributeType): AttributeType {
  if (a === undefined || a === b) return b;
  if ((a === 'integer' && b === 'double') || (a === 'double' && b === 'integer')) return 'double';
  return 'string';
}

/** An attribute's value as text in its column's type; undefined when the node has none. */
export function attributeText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A float32 written with the fewest digits that read back as the same float32. */
export function num(v: number): string {
  if (v === 0) return '0';
  for (let p = 6; p < 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(Number(v.toPrecision(9)));
}

/** 0..1 -> 0..255. */
export const byte = (c: number): number => Math.max(0, Math.min(255, Math.round(c * 255)));

export function hexColor(colors: Float32Array, i: number): string {
  return '#' + [0, 1, 2].map((k) => byte(colors[3 * i + k]!).toString(16).padStart(2, '0')).join('');
}

export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

/** The label a node has in the file, if any. */
export function labelOf(graph: LoadedGraph, i: number): string | undefined {
  const l = graph.nodeAttributes?.[i]?.label;
  return typeof l === 'string' || typeof l === 'number' ? String(l) : undefined;
}
