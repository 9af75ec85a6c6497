// JSON node-link (networkx node_link_data, d3): {directed, multigraph, graph, nodes: [{id, label, x, y, z,
// color, cluster, ...attributes}], links: [{source, target, weight}]}.
import { attributeColumns, hexColor, labelOf, num, type ExportInput } from './export-input.js';

export function* writeNodeLink(input: ExportInput): Generator<string> {
  const { graph, positions: p, colors, clusters } = input;
  const columns = attributeColumns(graph);
  yield `{"directed": ${graph.directed}, "multigraph": true, "graph": {"name": ${JSON.stringify(graph.name)}},\n "nodes": [`;
  const ids = graph.nodeIds;
  for (let i = 0; i < ids.length; i++) {
    const label = labelOf(graph, i);
    let s = `${i ? ',' : ''}\n  {"id": ${JSON.stringify(ids[i])}`;
    if (label !== undefined) s += `, "label": ${JSON.stringify(label)}`;
    s += `, "x": ${num(p[3 * i]!)}, "y": ${num(p[3 * i + 1]!)}, "z": ${num(p[3 * i + 2]!)}, "color": "${hexColor(colors, i)}"`;
    if (clusters) s += `, "cluster": ${clusters[i]}`;
    const attrs = graph.nodeAttributes?.[i];
    if (attrs) for (const col of columns) if (attrs[col.name] !== undefined && attrs[col.name] !== null) s += `, ${JSON.stringify(col.name)}: ${JSON.stringify(attrs[col.name])}`;
    yield s + '}';
  }
  yield '\n ],\n "links": [';
  const e = graph.edges;
  const w = graph.weights;
  const edgeColumns = attributeColumns(graph, 'edge');
  for (let k = 0; k < e.length >> 1; k++) {
    let s = `${k ? ',' : ''}\n  {"source": ${JSON.stringify(ids[e[2 * k]!])}, "target": ${JSON.stringify(ids[e[2 * k + 1]!])}${w ? `, "weight": ${num(w[k]!)}` : ''}`;
    const a = graph.edgeAttributes?.[k];
    if (a) for (const col of edgeColumns) if (a[col.name] !== undefined && a[col.name] !== null) s += `, ${JSON.stringify(col.name)}: ${JSON.stringify(a[col.name])}`;
    yield `${s}}`;
  }
  yield '\n ]\n}\n';
}
