// The exporters on real files from ../shared/data: what is written reads back through ForceLab's own readers
// (GEXF and GraphML through the streaming readers Gephi-made files go through) with the same nodes, edges, labels, attributes,
// positions and colours.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelColor } from '../../../../protocol/palette.js';
import { loadGraphFile, parseGraphText } from '../load-graph.js';
import type { LoadedGraph } from '../graph-types.js';
import { CHUNK_CHARS, exportGraph } from './export-graph.js';
import { exportInput, num } from './export-input.js';

const data = (f: string) => resolve(__dirname, '../../../../../shared/data', f);

/** Positions no layout would give by chance, with float32 digits that must survive the text. */
function positionsFor(n: number): Float32Array {
  const p = new Float32Array(3 * n);
  for (let i = 0; i < p.length; i++) p[i] = Math.sin(i * 12.9898) * 437.5453 + 1e-4 * i;
  return p;
}

async function exportText(graph: LoadedGraph, format: Parameters<typeof exportGraph>[1], clusters?: Uint32Array): Promise<{ text: string; input: ReturnType<typeof exportInput>; chunks: number }> {
  const input = exportInput(graph, positionsFor(graph.nodeIds.length), clusters);
  const parts: string[] = [];
  const chars = await exportGraph(input, format, (c) => void parts.push(c));
  const text = parts.join('');
  expect(chars).toBe(text.length);
  return { text, input, chunks: parts.length };
}

/** Undirected edge multiset as "a|b" strings over ids. */
const edgeKeys = (g: LoadedGraph) =>
  Array.from({ length: g.edges.length >> 1 }, (_, k) => [g.nodeIds[g.edges[2 * k]!]!, g.nodeIds[g.edges[2 * k + 1]!]!].sort().join('|')).sort();

describe('export', () => {
  it('GEXF, GraphML and JSON read back with the same nodes, edges, weights, labels, attributes, positions and colours', async () => {
    const g = await loadGraphFile(data('les-miserables.gexf'));
    const clusters = Uint32Array.from(g.nodeIds, (_, i) => i % 5);
    for (const format of ['gexf', 'graphml', 'json'] as const) {
      const { text, input } = await exportText(g, format, clusters);
      const back = await parseGraphText(`back.${format}`, text);
      expect(back.nodeIds, format).toEqual(g.nodeIds);
      expect(edgeKeys(back), format).toEqual(edgeKeys(g));
      expect(back.directed).toBe(false);
      expect(Array.from(back.weights ?? []), format).toEqual(Array.from(g.weights!));
      for (const i of [0, 11, 76]) {
        const a = back.nodeAttributes![i]!;
        expect(a.label, format).toBe(g.nodeAttributes![i]!.label);
        expect(Number(a.modularity_class), format).toBe(g.nodeAttributes![i]!.modularity_class);
        expect(Number(a.cluster), format).toBe(i % 5);
        // Positions exactly as float32 (the window's numbers), not rounded for show.
        for (const [k, axis] of ['x', 'y', 'z'].entries()) expect(Math.fround(Number(a[axis])), `${format} ${axis}`).toBe(input.positions[3 * i + k]);
        // The community colour the window draws for this node.
        const rgb = new Float32Array(3);
        labelColor(i % 5, rgb, 0);
        const bytes = Array.from(rgb, (c) => Math.round(c * 255));
        // GEXF's viz:color reads back as rgb(...); GraphML's r, g, b keys and JSON's color as #rrggbb.
        if (format === 'gexf') expect(String(a.color).replace(/\s/g, '')).toBe(`rgb(${bytes.join(',')})`);
        else expect(String(a.color).toLowerCase(), format).toBe('#' + bytes.map((b) => b.toString(16).padStart(2, '0')).join(''));
      }
    }
  });

  it('every other written format reads back: GML, GDF and Pajek with positions and attributes; edge list, DOT and MatrixMarket as topology', async () => {
    const xyz = (g: LoadedGraph, i: number) => ['x', 'y', 'z'].map((k) => Math.fround(Number(g.nodeAttributes![i]![k])));
    const football = await loadGraphFile(data('football.gml'));
    const spb = await loadGraphFile(data('spb-gis-graph.gdf'));
    const air = await loadGraphFile(data('USAir97.net'));
    const cases: Array<[Parameters<typeof exportGraph>[1], LoadedGraph]> = [['gml', football], ['gml', spb], ['gdf', spb], ['gdf', football], ['net', air], ['net', spb]];
    for (const [format, g] of cases) {
      const { text, input } = await exportText(g, format);
      const back = await parseGraphText(`back.${format}`, text);
      const what = `${format} of ${g.name}`;
      expect(back.directed, what).toBe(g.directed);
      expect(back.nodeIds.length, what).toBe(g.nodeIds.length);
      // Pajek numbers its vertices: the id travels as the vertex name, read back as the label.
      const renumbered = format === 'net';
      const ids = renumbered ? back.nodeAttributes!.map((a) => String(a!.label)) : back.nodeIds;
      expect(ids, what).toEqual(g.nodeIds);
      expect(edgeKeys({ ...back, nodeIds: ids }), what).toEqual(edgeKeys(g));
      expect(Array.from(back.weights ?? []), what).toEqual(Array.from(g.weights ?? []));
      for (const i of [0, 7, g.nodeIds.length - 1]) {
        expect(xyz(back, i), `${what} node ${i} position`).toEqual(Array.from(input.positions.subarray(3 * i, 3 * i + 3)));
        if (!renumbered) {
          expect(back.nodeAttributes![i]!.label, what).toBe(g.nodeAttributes![i]!.label);
          for (const [k, v] of Object.entries(g.nodeAttributes![i]!)) if (!['label', 'x', 'y', 'z', 'color', 'size', 'width', 'height'].includes(k)) expect(back.nodeAttributes![i]![k], `${what} ${k}`).toEqual(v);
        }
      }
    }
    for (const format of ['edgelist', 'dot'] as const) {
      const back = await parseGraphText(`back.${format === 'edgelist' ? 'edges.csv' : 'dot'}`, (await exportText(air, format)).text);
      expect(back.nodeIds.slice().sort(), format).toEqual(air.nodeIds.slice().sort());
      expect(edgeKeys(back), format).toEqual(edgeKeys(air));
    }
    const mtx = await parseGraphText('back.mtx', (await exportText(spb, 'mtx')).text);
    expect(mtx.nodeIds.length, 'MatrixMarket keeps isolated nodes by its size line').toBe(205);
    expect(mtx.directed).toBe(true);
    expect(Array.from(mtx.edges)).toEqual(Array.from(spb.edges));
  });

  it('keeps edge attributes through every format that has them: spb-gis-graph.gdf\'s interaction labels and colours', async () => {
    const spb = await loadGraphFile(data('spb-gis-graph.gdf'));
    const labelled = spb.edgeAttributes!.filter((a) => typeof a?.label === 'string').length;
    expect(labelled, '14 of the 362 edges have an empty label').toBe(348);
    expect(spb.edgeAttributes![0]).toEqual({ label: 'Информационный обмен - обмен данными' });
    for (const format of ['gexf', 'graphml', 'gml', 'gdf', 'json'] as const) {
      const back = await parseGraphText(`back.${format}`, (await exportText(spb, format)).text);
      expect(back.edgeAttributes?.length, format).toBe(362);
      for (let k = 0; k < 362; k++) expect(back.edgeAttributes![k], `${format} edge ${k}`).toEqual(spb.edgeAttributes![k]);
    }
    // An edited graph keeps the attributes of the edges it kept.
    const { GraphStore } = await import('../graph-store.js');
    const store = new GraphStore();
    store.replace(spb);
    store.applyNow([{ op: 'removeEdges', edges: [{ source: '19', target: '17' }] }]);
    const edited = store.get()!.graph;
    expect(edited.edgeAttributes!.length).toBe(edited.edges.length >> 1);
    expect(edited.edgeAttributes!.filter((a) => typeof a?.label === 'string').length).toBeLessThan(348);
    expect(edited.edgeAttributes!.some((a) => a?.label === 'Информационная услуга - веб-сервис')).toBe(true);
  });

  it('keeps a directed graph directed, and ids that need escaping intact', async () => {
    const g: LoadedGraph = { name: 't', source: 't', nodeIds: ['a&<"x">', "b'y", 'c,z'], edges: Uint32Array.of(0, 1, 1, 2, 2, 0), directed: true };
    for (const format of ['gexf', 'graphml', 'json', 'gdf', 'dot'] as const) {
      const back = await parseGraphText(`back.${format}`, (await exportText(g, format)).text);
      expect(back.nodeIds, format).toEqual(g.nodeIds);
      expect(back.directed, format).toBe(true);
      expect(Array.from(back.edges), format).toEqual(Array.from(g.edges));
    }
    // GML and Pajek number the nodes; the ids, escaped, come back as labels.
    for (const format of ['gml', 'net'] as const) {
      const back = await parseGraphText(`back.${format}`, (await exportText(g, format)).text);
      expect(back.nodeAttributes!.map((a) => a!.label), format).toEqual(format === 'net' ? ['a&<\'x\'>', "b'y", 'c,z'] : g.nodeIds);
      expect(back.directed, format).toBe(true);
      expect(Array.from(back.edges), format).toEqual(Array.from(g.edges));
    }
    const csv = (await exportText(g, 'csv')).text.split('\n');
    expect(csv[0]).toBe('id,x,y,z');
    expect(csv[1]!.startsWith('"a&<""x"">",')).toBe(true);
    expect(csv[3]!.startsWith('"c,z",')).toBe(true);
  });

  it('positions as CSV and JSON give every id its float32 position', async () => {
    const g = await loadGraphFile(data('netscience.mtx'));
    const { text, input } = await exportText(g, 'csv');
    const rows = text.trimEnd().split('\n').slice(1).map((l) => l.split(','));
    expect(rows.length).toBe(g.nodeIds.length);
    rows.forEach((r, i) => {
      expect(r[0]).toBe(g.nodeIds[i]);
      expect(r.slice(1).map((v) => Math.fround(Number(v)))).toEqual(Array.from(input.positions.subarray(3 * i, 3 * i + 3)));
    });
    const json = JSON.parse((await exportText(g, 'positions')).text) as Record<string, number[]>;
    expect(Object.keys(json)).toEqual(g.nodeIds);
    expect(json[g.nodeIds[7]!]!.map(Math.fround)).toEqual(Array.from(input.positions.subarray(21, 24)));
    expect(num(0.1)).toBe('0.1'); // short where short is exact
    expect(Math.fround(Number(num(Math.fround(1 / 3))))).toBe(Math.fround(1 / 3));
  });

  it('writes in chunks with progress, stops at a cancel, and colours by degree when there are no clusters', async () => {
    const g = await loadGraphFile(data('ca-HepTh.csv'));
    const progress: number[] = [];
    const input = exportInput(g, positionsFor(g.nodeIds.length));
    const parts: string[] = [];
    await exportGraph(input, 'gexf', (c) => void parts.push(c), { onProgress: (f) => progress.push(f) });
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts.slice(0, -1)) expect(p.length).toBeLessThan(CHUNK_CHARS + 1024);
    expect(progress.at(-1)).toBe(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThanOrEqual(progress[i - 1]!);
    expect(new Set(Array.from({ length: 50 }, (_, i) => `${input.colors[3 * i]}`)).size).toBeGreaterThan(1);

    const controller = new AbortController();
    let written = 0;
    const run = exportGraph(input, 'gexf', () => {
      if (++written === 2) controller.abort();
    }, { signal: controller.signal });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(written).toBe(2);
  });
});
