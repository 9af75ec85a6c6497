// GEXF 1.3, as Gephi reads it: nodes with their label, the file's attributes (typed), the community as an
// integer attribute `cluster`, and viz:position / viz:color, so the layout opens in Gephi as it looked here.
import { attributeColumns, attributeText, byte, labelOf, num, xmlEscape as x, type ExportInput } from './export-input.js';

// Numeric attribute ids, as Gephi writes them: readers (graphology's among them) then key values by title.
const CLUSTER_ID = '0';
const GEXF_TYPE = { boolean: 'boolean', integer: 'long', double: 'double', string: 'string' } as const;

export function* writeGexf(input: ExportInput): Generator<string> {
  const { graph, positions: p, colors: c, clusters } = input;
  const columns = attributeColumns(graph);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">\n';
  yield `  <meta><creator>ForceLab</creator><description>${x(graph.name)}</description></meta>\n`;
  yield `  <graph defaultedgetype="${graph.directed ? 'directed' : 'undirected'}" mode="static">\n`;
  if (clusters || columns.length) {
    yield '    <attributes class="node">\n';
    if (clusters) yield `      <attribute id="${CLUSTER_ID}" title="cluster" type="integer"/>\n`;
    for (const [k, col] of columns.entries()) yield `      <attribute id="${k + 1}" title="${x(col.name)}" type="${GEXF_TYPE[col.type]}"/>\n`;
    yield '    </attributes>\n';
  }
  const edgeColumns = attributeColumns(graph, 'edge').filter((c) => c.name !== 'label' && c.name !== 'kind');
  if (edgeColumns.length) {
    yield '    <attributes class="edge">\n';
    for (const [k, col] of edgeColumns.entries()) yield `      <attribute id="${k}" title="${x(col.name)}" type="${GEXF_TYPE[col.type]}"/>\n`;
    yield '    </attributes>\n';
  }
  yield '    <nodes>\n';
  const ids = graph.nodeIds;
  for (let i = 0; i < ids.length; i++) {
    const label = labelOf(graph, i);
    let s = `      <node id="${x(ids[i]!)}"${label !== undefined ? ` label="${x(label)}"` : ''}>`;
    const attrs = graph.nodeAttributes?.[i];
    let values = clusters ? `<attvalue for="${CLUSTER_ID}" value="${clusters[i]}"/>` : '';
    if (attrs) {
      for (const [k, col] of columns.entries()) {
        const v = attributeText(attrs[col.name]);
        if (v !== undefined) values += `<attvalue for="${k + 1}" value="${x(v)}"/>`;
      }
    }
    if (values) s += `<attvalues>${values}</attvalues>`;
    s += `<viz:color r="${byte(c[3 * i]!)}" g="${byte(c[3 * i + 1]!)}" b="${byte(c[3 * i + 2]!)}"/>`;
    s += `<viz:position x="${num(p[3 * i]!)}" y="${num(p[3 * i + 1]!)}" z="${num(p[3 * i + 2]!)}"/></node>\n`;
    yield s;
  }
  yield '    </nodes>\n    <edges>\n';
  const e = graph.edges;
  const w = graph.weights;
  for (let k = 0; k < e.length >> 1; k++) {
    const a = graph.edgeAttributes?.[k];
    let s = `      <edge id="${k}" source="${x(ids[e[2 * k]!]!)}" target="${x(ids[e[2 * k + 1]!]!)}"${w ? ` weight="${num(w[k]!)}"` : ''}`;
    if (a?.label !== undefined && a.label !== null) s += ` label="${x(String(a.label))}"`;
    if (a?.kind !== undefined && a.kind !== null) s += ` kind="${x(String(a.kind))}"`;
    let values = '';
    if (a) for (const [j, col] of edgeColumns.entries()) {
      const v = attributeText(a[col.name]);
      if (v !== undefined) values += `<attvalue for="${j}" value="${x(v)}"/>`;
    }
    yield values ? `${s}><attvalues>${values}</attvalues></edge>\n` : `${s}/>\n`;
  }
  yield '    </edges>\n  </graph>\n</gexf>\n';
}
