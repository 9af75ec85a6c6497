// An edge list as CSV (`source,target[,weight]` with a header), the file's ids quoted where they need it.
import { num, type ExportInput } from './export-input.js';

export function* writeEdgeList(input: ExportInput): Generator<string> {
  const { graph } = input;
  const ids = graph.nodeIds;
  const w = graph.weights;
  yield w ? 'source,target,weight\n' : 'source,target\n';
  const e = graph.edges;
  for (let k = 0; k < e.length >> 1; k++) yield `${csv(ids[e[2 * k]!]!)},${csv(ids[e[2 * k + 1]!]!)}${w ? `,${num(w[k]!)}` : ''}\n`;
}

function csv(s: string): string {
  return /[",\r\n]|^\s|\s$|^[#%]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
