// GML as networkx and igraph write it: integer node ids (the file's own when they are integers, else the index,
// with the file's id as the label, networkx's convention), graphics [x y z fill] for the layout, the community
// as `cluster`, the file's attributes under GML-safe keys, weight on edges.
import { attributeColumns, attributeText, hexColor, labelOf, num, type ExportInput } from './export-input.js';

export function* writeGml(input: ExportInput): Generator<string> {
  const { graph, positions: p, colors, clusters } = input;
  const columns = attributeColumns(graph).map((c) => ({ ...c, key: gmlKey(c.name) }));
  const ids = graph.nodeIds;
  const integerIds = ids.every((id) => /^(0|[1-9]\d{0,14})$/.test(id)) && new Set(ids).size === ids.length;
  const idOf = (i: number) => (integerIds ? ids[i]! : String(i));
  yield `Creator "ForceLab"\ngraph [\n  directed ${graph.directed ? 1 : 0}\n  multigraph 1\n  name ${str(graph.name)}\n`;
  for (let i = 0; i < ids.length; i++) {
    const label = integerIds ? labelOf(graph, i) : ids[i]!;
    let s = `  node [\n    id ${idOf(i)}\n`;
    if (label !== undefined) s += `    label ${str(label)}\n`;
    if (!integerIds && labelOf(graph, i) !== undefined) s += `    name ${str(labelOf(graph, i)!)}\n`;
    if (clusters) s += `    cluster ${clusters[i]}\n`;
    const attrs = graph.nodeAttributes?.[i];
    if (attrs) {
      for (const col of columns) {
        const v = attrs[col.name];
        const text = attributeText(v);
        if (text === undefined) continue;
        s += `    ${col.key} ${typeof v === 'number' ? num(v) : typeof v === 'boolean' ? (v ? 1 : 0) : str(text)}\n`;
      }
    }
    s += `    graphics [ x ${num(p[3 * i]!)} y ${num(p[3 * i + 1]!)} z ${num(p[3 * i + 2]!)} fill ${str(hexColor(colors, i))} ]\n  ]\n`;
    yield s;
  }
  const e = graph.edges;
  const w = graph.weights;
  const edgeColumns = attributeColumns(graph, 'edge').map((c) => ({ ...c, key: gmlKey(c.name) })).filter((c) => c.key !== 'value');
  for (let k = 0; k < e.length >> 1; k++) {
    let s = `  edge [ source ${idOf(e[2 * k]!)} target ${idOf(e[2 * k + 1]!)}${w ? ` weight ${num(w[k]!)}` : ''}`;
    const a = graph.edgeAttributes?.[k];
    if (a) for (const col of edgeColumns) {
      const v = a[col.name];
      const text = attributeText(v);
      if (text !== undefined) s += ` ${col.key} ${typeof v === 'number' ? num(v) : typeof v === 'boolean' ? (v ? 1 : 0) : str(text)}`;
    }
    yield `${s} ]\n`;
  }
  yield ']\n';
}

/** A GML string: double quotes and ampersands as entities (GML strings have no escapes). */
function str(s: string): string {
  return `"${s.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`;
}

/** GML keys are identifiers: other characters become _, a leading digit gets one too. */
function gmlKey(name: string): string {
  const k = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(k) ? k : `_${k}`;
}
