// Graphviz DOT, as plain topology (a drawing tool lays it out itself): every node by its id, every edge.
import type { ExportInput } from './export-input.js';

export function* writeDot(input: ExportInput): Generator<string> {
  const { graph } = input;
  const ids = graph.nodeIds;
  const arrow = graph.directed ? '->' : '--';
  yield `${graph.directed ? 'digraph' : 'graph'} ${id(graph.name)} {\n`;
  for (let i = 0; i < ids.length; i++) yield `  ${id(ids[i]!)};\n`;
  const e = graph.edges;
  for (let k = 0; k < e.length >> 1; k++) yield `  ${id(ids[e[2 * k]!]!)} ${arrow} ${id(ids[e[2 * k + 1]!]!)};\n`;
  yield '}\n';
}

/** A DOT ID, always quoted (escapes: \" and \\ at the end of a line). */
function id(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}
