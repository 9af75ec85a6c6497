// GraphML with the keys Gephi and yEd exchange: label, x, y, z, r, g, b and cluster on nodes, the file's own
// attributes with their types, weight on edges.
import { attributeColumns, attributeText, byte, labelOf, num, xmlEscape as x, type ExportInput } from './export-input.js';

const GRAPHML_TYPE = { boolean: 'boolean', integer: 'long', double: 'double', string: 'string' } as const;

export function* writeGraphml(input: ExportInput): Generator<string> {
  const { graph, positions: p, colors: c, clusters } = input;
  const columns = attributeColumns(graph);
  const hasLabels = graph.nodeAttributes?.some((a) => a && (typeof a.label === 'string' || typeof a.label === 'number')) ?? false;
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n';
  if (hasLabels) yield '  <key id="label" for="node" attr.name="label" attr.type="string"/>\n';
  for (const k of ['x', 'y', 'z']) yield `  <key id="${k}" for="node" attr.name="${k}" attr.type="float"/>\n`;
  for (const k of ['r', 'g', 'b']) yield `  <key id="${k}" for="node" attr.name="${k}" attr.type="int"/>\n`;
  if (clusters) yield '  <key id="cluster" for="node" attr.name="cluster" attr.type="int"/>\n';
  for (const [k, col] of columns.entries()) yield `  <key id="a${k}" for="node" attr.name="${x(col.name)}" attr.type="${GRAPHML_TYPE[col.type]}"/>\n`;
  if (graph.weights) yield '  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>\n';
  const edgeColumns = attributeColumns(graph, 'edge');
  for (const [k, col] of edgeColumns.entries()) yield `  <key id="e${k}" for="edge" attr.name="${x(col.name)}" attr.type="${GRAPHML_TYPE[col.type]}"/>\n`;
  yield `  <graph id="G" edgedefault="${graph.directed ? 'directed' : 'undirected'}">\n`;
  const ids = graph.nodeIds;
  for (let i = 0; i < ids.length; i++) {
    let s = `    <node id="${x(ids[i]!)}">`;
    const label = labelOf(graph, i);
    if (label !== undefined) s += `<data key="label">${x(label)}</data>`;
    s += `<data key="x">${num(p[3 * i]!)}</data><data key="y">${num(p[3 * i + 1]!)}</data><data key="z">${num(p[3 * i + 2]!)}</data>`;
    s += `<data key="r">${byte(c[3 * i]!)}</data><data key="g">${byte(c[3 * i + 1]!)}</data><data key="b">${byte(c[3 * i + 2]!)}</data>`;
    if (clusters) s += `<data key="cluster">${clusters[i]}</data>`;
    const attrs = graph.nodeAttributes?.[i];
    if (attrs) {
      for (const [k, col] of columns.entries()) {
        const v = attributeText(attrs[col.name]);
        if (v !== undefined) s += `<data key="a${k}">${x(v)}</data>`;
      }
    }
    yield s + '</node>\n';
  }
  const e = graph.edges;
  const w = graph.weights;
  for (let k = 0; k < e.length >> 1; k++) {
    const ends = `source="${x(ids[e[2 * k]!]!)}" target="${x(ids[e[2 * k + 1]!]!)}"`;
    let data = w ? `<data key="weight">${num(w[k]!)}</data>` : '';
    const a = graph.edgeAttributes?.[k];
    if (a) for (const [j, col] of edgeColumns.entries()) {
      const v = attributeText(a[col.name]);
      if (v !== undefined) data += `<data key="e${j}">${x(v)}</data>`;
    }
    yield data ? `    <edge ${ends}>${data}</edge>\n` : `    <edge ${ends}/>\n`;
  }
  yield '  </graph>\n</graphml>\n';
}
