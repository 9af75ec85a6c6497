// GDF as Gephi writes it: nodedef> with typed columns (name, label, x, y, z, color as 'r,g,b', cluster, the
// file's attributes), then edgedef> with weight and directed.
import { attributeColumns, attributeText, byte, labelOf, num, type ExportInput } from './export-input.js';

const GDF_TYPE = { boolean: 'BOOLEAN', integer: 'INTEGER', double: 'DOUBLE', string: 'VARCHAR' } as const;

export function* writeGdf(input: ExportInput): Generator<string> {
  const { graph, positions: p, colors: c, clusters } = input;
  const columns = attributeColumns(graph).filter((col) => /^[^\s,>'"]+$/.test(col.name));
  const head = ['name VARCHAR', 'label VARCHAR', 'x DOUBLE', 'y DOUBLE', 'z DOUBLE', 'color VARCHAR'];
  if (clusters) head.push('cluster INTEGER');
  for (const col of columns) head.push(`${col.name} ${GDF_TYPE[col.type]}`);
  yield `nodedef>${head.join(',')}\n`;
  const ids = graph.nodeIds;
  for (let i = 0; i < ids.length; i++) {
    const row = [quote(ids[i]!), quote(labelOf(graph, i) ?? ''), num(p[3 * i]!), num(p[3 * i + 1]!), num(p[3 * i + 2]!), `'${byte(c[3 * i]!)},${byte(c[3 * i + 1]!)},${byte(c[3 * i + 2]!)}'`];
    if (clusters) row.push(String(clusters[i]));
    const attrs = graph.nodeAttributes?.[i];
    for (const col of columns) {
      const v = attributeText(attrs?.[col.name]);
      row.push(v === undefined ? '' : col.type === 'string' ? quote(v) : v);
    }
    yield `${row.join(',')}\n`;
  }
  const edgeColumns = attributeColumns(graph, 'edge').filter((col) => /^[^\s,>'"]+$/.test(col.name));
  yield `edgedef>node1 VARCHAR,node2 VARCHAR${graph.weights ? ',weight DOUBLE' : ''},directed BOOLEAN${edgeColumns.map((c) => `,${c.name} ${GDF_TYPE[c.type]}`).join('')}\n`;
  const e = graph.edges;
  const w = graph.weights;
  for (let k = 0; k < e.length >> 1; k++) {
    const a = graph.edgeAttributes?.[k];
    const extra = edgeColumns.map((col) => {
      const v = attributeText(a?.[col.name]);
      return v === undefined ? '' : col.type === 'string' ? quote(v) : v;
    });
    yield `${quote(ids[e[2 * k]!]!)},${quote(ids[e[2 * k + 1]!]!)}${w ? `,${num(w[k]!)}` : ''},${graph.directed}${extra.map((v) => `,${v}`).join('')}\n`;
  }
}

/** Double-quoted; GDF has no escape, so a double quote that a comma follows (it would end the value) becomes '. */
function quote(s: string): string {
  return `"${s.replace(/"(?=\s*(,|$))/g, "'").replace(/[\r\n]+/g, ' ')}"`;
}
