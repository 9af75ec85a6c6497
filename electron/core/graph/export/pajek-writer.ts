// Pajek .net: *Vertices with each node's name (the file's id) and its x y z, then *Arcs or *Edges with weights.
// Pajek numbers vertices 1..n; the name carries the id.
import { num, type ExportInput } from './export-input.js';

export function* writePajek(input: ExportInput): Generator<string> {
  const { graph, positions: p } = input;
  const ids = graph.nodeIds;
  yield `% ${graph.name.replace(/[\r\n]/g, ' ')}, written by ForceLab\r\n*Vertices ${ids.length}\r\n`;
  for (let i = 0; i < ids.length; i++) yield `${i + 1} "${ids[i]!.replace(/"/g, "'")}" ${num(p[3 * i]!)} ${num(p[3 * i + 1]!)} ${num(p[3 * i + 2]!)}\r\n`;
  yield graph.directed ? '*Arcs\r\n' : '*Edges\r\n';
  const e = graph.edges;
  const w = graph.weights;
  for (let k = 0; k < e.length >> 1; k++) yield `${e[2 * k]! + 1} ${e[2 * k + 1]! + 1}${w ? ` ${num(w[k]!)}` : ''}\r\n`;
}
