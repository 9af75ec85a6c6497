// MatrixMarket coordinate, as plain topology: node i is row i+1 (the file's ids are not kept: MatrixMarket has
// none), `pattern` or `real` for weights, `symmetric` (lower triangle) for an undirected graph.
import { num, type ExportInput } from './export-input.js';

export function* writeMatrixMarket(input: ExportInput): Generator<string> {
  const { graph } = input;
  const n = graph.nodeIds.length;
  const e = graph.edges;
  const w = graph.weights;
  const m = e.length >> 1;
  yield `%%MatrixMarket matrix coordinate ${w ? 'real' : 'pattern'} ${graph.directed ? 'general' : 'symmetric'}\n% ${graph.name.replace(/[\r\n]/g, ' ')}, written by ForceLab\n${n} ${n} ${m}\n`;
  for (let k = 0; k < m; k++) {
    let r = e[2 * k]! + 1, c = e[2 * k + 1]! + 1;
    if (!graph.directed && r < c) [r, c] = [c, r];
    yield `${r} ${c}${w ? ` ${num(w[k]!)}` : ''}\n`;
  }
}
