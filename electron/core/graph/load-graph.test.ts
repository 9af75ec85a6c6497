import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { toCsr } from './csr.js';
import { GraphStore } from './graph-store.js';
import { GraphFormatError, loadGraphFile, parseGraphText } from './load-graph.js';
import { SAMPLES, samplePath } from './samples.js';

const data = resolve(__dirname, '../../../../shared/data');
const tmp = mkdtempSync(join(tmpdir(), 'forcelab-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
function tmpFile(name: string, content: string | Buffer): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

/** Distinct undirected non-loop pairs, counted independently of the CSR code. */
function distinctPairs(edges: Uint32Array): number {
  const seen = new Set<string>();
  for (let i = 0; i < edges.length; i += 2) {
    const a = edges[i], b = edges[i + 1];
    if (a !== b) seen.add(a < b ? `${a},${b}` : `${b},${a}`);
  }
  return seen.size;
}

// Counts from ../shared/data/SOURCES.md: nodes, edge records, distinct undirected non-loop pairs.
const REAL: Array<[string, number, number, number]> = [
  ['karate.csv', 34, 156, 78],
  ['karate.mtx', 34, 78, 78],
  ['dolphins.mtx', 62, 159, 159],
  ['polbooks.mtx', 105, 441, 441],
  ['netscience.mtx', 1589, 2742, 2742],
  ['email-Eu-core.csv', 1005, 25571, 16064],
  ['ca-GrQc.csv', 5242, 28734, 14375],
  ['ca-HepTh.csv', 9877, 51971, 25973],
  ['les-miserables.gexf', 77, 254, 254],
  ['diseasome.gexf', 1419, 3926, 2738],
  ['airlines.graphml', 235, 2101, 1297],
  ['football.gml', 115, 613, 613],
  ['USAir97.net', 332, 2126, 2126],
  ['unix.gv', 41, 49, 49],
  ['spb-gis-graph.gdf', 205, 362, 298],
];

describe('loadGraphFile on the real data sets', () => {
  it.each(REAL)('%s has %i nodes, %i edge records, %i distinct pairs', async (file, nodes, records, pairs) => {
    const g = await loadGraphFile(join(data, file));
    expect(g.nodeIds.length).toBe(nodes);
    expect(g.edges.length / 2).toBe(records);
    expect(new Set(g.nodeIds).size).toBe(nodes);
    expect(distinctPairs(g.edges)).toBe(pairs);
    const csr = toCsr(g);
    expect(csr.targets.length).toBe(2 * pairs); // each pair once per endpoint
    expect(csr.offsets[csr.nodeCount]).toBe(csr.targets.length);
  });

  it('keeps the input ids as written (sparse SNAP ids in ca-GrQc, GEXF ids and labels in les-miserables)', async () => {
    const grqc = await loadGraphFile(join(data, 'ca-GrQc.csv'));
    expect(grqc.nodeIds).toContain('26196');
    expect(grqc.nodeIds.every((id) => /^\d+$/.test(id))).toBe(true); // CRLF stripped
    const lm = await loadGraphFile(join(data, 'les-miserables.gexf'));
    expect(lm.nodeIds[0]).toBe('0');
    expect(lm.nodeAttributes?.[0]?.label).toBe('Myriel');
    expect(lm.weights).toBeDefined();
    expect(Math.max(...lm.weights!)).toBeGreaterThan(1);
  });

  it('reads the new formats with their quirks: GML labels and values, Pajek CRLF labels, coordinates and weights, DOT quoted ids, GDF quotes and colours', async () => {
    const football = await loadGraphFile(join(data, 'football.gml'));
    expect(football.directed).toBe(false);
    const labels = football.nodeAttributes!.map((a) => a?.label);
    expect(labels).toContain('TexasA&M');
    expect(football.nodeIds.slice(0, 3)).toEqual(['0', '1', '2']);
    const conferences = new Map<unknown, number>();
    for (const a of football.nodeAttributes!) conferences.set(a?.value, (conferences.get(a?.value) ?? 0) + 1);
    expect([...conferences.keys()].sort((a, b) => Number(a) - Number(b))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((c) => conferences.get(c))).toEqual([9, 8, 11, 12, 10, 5, 13, 8, 10, 12, 7, 10]);

    const air = await loadGraphFile(join(data, 'USAir97.net'));
    expect(air.directed).toBe(false);
    expect(air.nodeAttributes![0]).toEqual({ label: 'Wiley Post-Will Rogers Mem', x: 0.4407, y: 0.091, z: 0.5 });
    expect(air.nodeAttributes!.map((a) => a?.label)).toEqual(expect.arrayContaining(["St Mary's", "Chicago O'hare Intl", "Stewart Int'l"]));
    expect(Math.min(...air.weights!)).toBeCloseTo(0.0009, 6);
    expect(Math.max(...air.weights!)).toBeCloseTo(0.5326, 6);

    const unix = await loadGraphFile(join(data, 'unix.gv'));
    expect(unix.directed).toBe(true);
    expect(unix.nodeIds).toEqual(expect.arrayContaining(['5th Edition', 'Unix/TS++', 'UniPlus+', '2.8 BSD']));

    const spb = await loadGraphFile(join(data, 'spb-gis-graph.gdf'));
    expect(spb.directed).toBe(true);
    const arcs = new Set<string>();
    for (let e = 0; e < spb.edges.length; e += 2) arcs.add(`${spb.edges[e]},${spb.edges[e + 1]}`);
    expect(arcs.size).toBe(353);
    const i142 = spb.nodeIds.indexOf('142');
    expect(spb.nodeAttributes![i142]!.label).toBe('ППОД для сдачи в ПФР "Spu_orb" по безработным гражданам');
    expect(spb.nodeAttributes![0]).toMatchObject({ label: 'УПГО', width: 30, x: -249.37885, y: 364.62622, color: '#15f500', size: 30 });
    expect(spb.nodeAttributes!.filter((a) => typeof a?.label === 'string' && a.label.includes(',')).length).toBe(11);
    const touched = new Set(spb.edges);
    expect(spb.nodeIds.length - touched.size, 'isolated nodes').toBe(16);
  });

  it('reads netscience weights and keeps its 128 declared nodes without edges', async () => {
    const g = await loadGraphFile(join(data, 'netscience.mtx'));
    const csr = toCsr(g);
    let isolated = 0;
    for (let i = 0; i < csr.nodeCount; i++) if (csr.offsets[i + 1] === csr.offsets[i]) isolated++;
    expect(isolated).toBe(128);
    expect(Math.min(...g.weights!)).toBeCloseTo(0.0526316, 5);
    expect(Math.max(...g.weights!)).toBeCloseTo(4.75, 5);
  });

  it('streams the gzipped dblp-2010 graph (326186 declared nodes, 807700 edges) with rising progress', async () => {
    const progress: number[] = [];
    const g = await loadGraphFile(join(data, 'dblp-2010.mtx.gz'), { onProgress: (f) => progress.push(f) });
    expect(g.nodeIds.length).toBe(326186);
    expect(g.edges.length / 2).toBe(807700);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);
  });

  it('stops a large import when its signal aborts', async () => {
    const controller = new AbortController();
    const load = loadGraphFile(join(data, 'dblp-2010.mtx.gz'), {
      signal: controller.signal,
      onProgress: (f) => f > 0.1 && controller.abort(),
    });
    await expect(load).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('other formats and inputs', () => {
  it('parses JSON node-link with links or edges, ids or indices, and weights', async () => {
    const text = JSON.stringify({ nodes: [{ id: 'a' }, { id: 'b', label: 'Bee' }, { id: 'c' }], links: [{ source: 'a', target: 'b', weight: 2 }, { source: 1, target: 2 }] });
    const g = await parseGraphText('g.json', text);
    expect(g.nodeIds).toEqual(['a', 'b', 'c']);
    expect(Array.from(g.edges)).toEqual([0, 1, 1, 2]);
    expect(Array.from(g.weights!)).toEqual([2, 1]);
    expect(g.nodeAttributes?.[1]).toEqual({ label: 'Bee' });
    const e = await parseGraphText('g.json', JSON.stringify({ nodes: [{ id: 1 }, { id: 2 }], edges: [{ source: 1, target: 2 }] }));
    expect(Array.from(e.edges)).toEqual([0, 1]);
  });

  it('reads CSV with a header, quoted ids, comments and a weight column; TSV too', async () => {
    const g = await parseGraphText('g.csv', '# comment\nsource,target,weight\n"Smith, J",b,2.5\nb,c,1\n');
    expect(g.nodeIds).toEqual(['Smith, J', 'b', 'c']);
    expect(Array.from(g.weights!)).toEqual([2.5, 1]);
    const t = await parseGraphText('g.tsv', 'from\tto\nx y\tz\n');
    expect(t.nodeIds).toEqual(['x y', 'z']);
    // A header picks columns by name; without one, "a b" is an edge, not a header.
    const named = await parseGraphText('g.csv', 'type,target,source,weight\nknows,b,a,3\n');
    expect(Array.from(named.edges)).toEqual([0, 1]);
    expect(named.nodeIds).toEqual(['a', 'b']);
    expect(Array.from(named.weights!)).toEqual([3]);
    expect((await parseGraphText('g.txt', 'a b\nb c\n')).edges.length).toBe(4);
  });

  it('reads a gzipped file whatever its inner format, and sniffs a format from content', async () => {
    const gz = tmpFile('karate.csv.gz', gzipSync(Buffer.from('0 1\n1 2\n')));
    expect((await loadGraphFile(gz)).edges.length).toBe(4);
    const noExt = tmpFile('graph-without-extension', '%%MatrixMarket matrix coordinate pattern general\n3 3 2\n1 2\n2 3\n');
    const g = await loadGraphFile(noExt);
    expect(g.nodeIds).toEqual(['1', '2', '3']);
    expect(g.directed).toBe(true);
  });

  it('sniffs GML, GDF, Pajek and DOT from their content when the name does not tell', async () => {
    const cases: Array<[string, number]> = [
      ['Creator "x"\ngraph\n[\n node [ id 0 ]\n node [ id 1 ]\n edge [ source 0 target 1 ]\n]\n', 2],
      ['nodedef> name VARCHAR\na\nb\nc\nedgedef> node1,node2\na,b\n', 3],
      ['% comment\n*Vertices 4\n*Edges\n1 2\n', 4],
      ['/* c */\nstrict graph g {\n a -- b; b -- c; a -- b\n}\n', 3],
    ];
    for (const [text, nodes] of cases) {
      const g = await loadGraphFile(tmpFile(`sniffed-${nodes}-${text.length}`, text));
      expect(g.nodeIds.length, text.slice(0, 20)).toBe(nodes);
    }
    // strict merges the repeated a -- b.
    expect((await parseGraphText('s.dot', 'strict graph { a -- b; b -- a; a -- b }')).edges.length).toBe(2);
  });

  it('accepts a UTF-8 byte-order mark in every format', async () => {
    const bom = '\uFEFF';
    const texts: Array<[string, string]> = [
      ['b.json', '{"nodes":[{"id":"a"},{"id":"b"}],"links":[{"source":"a","target":"b"}]}'],
      ['b.gexf', '<?xml version="1.0" encoding="UTF-8"?>\n<gexf><graph defaultedgetype="undirected"><nodes><node id="a"/><node id="b"/></nodes><edges><edge source="a" target="b"/></edges></graph></gexf>'],
      ['b.graphml', '<?xml version="1.0" encoding="UTF-8"?>\n<graphml><graph edgedefault="undirected"><node id="a"/><node id="b"/><edge source="a" target="b"/></graph></graphml>'],
      ['b.gml', 'graph [ node [ id 1 ] node [ id 2 ] edge [ source 1 target 2 ] ]'],
      ['b.gdf', 'nodedef>name VARCHAR\na\nb\nedgedef>node1,node2\na,b\n'],
      ['b.net', '*Vertices 2\n*Edges\n1 2\n'],
      ['b.dot', 'graph { a -- b }'],
      ['b.mtx', '%%MatrixMarket matrix coordinate pattern symmetric\n2 2 1\n2 1\n'],
      ['b.csv', 'a,b\n'],
    ];
    for (const [name, text] of texts) {
      const g = await loadGraphFile(tmpFile(name, Buffer.from(bom + text, 'utf8')));
      expect(g.nodeIds.length, name).toBe(2);
      expect(g.nodeIds[0].charCodeAt(0), `${name}: the BOM is not part of the first id`).not.toBe(0xfeff);
      expect((await parseGraphText(name, bom + text)).nodeIds.length, `${name} as text`).toBe(2);
    }
  });

  it('reads XML as a stream: <key for="all">, prefixed <g:gexf>, yEd labels; deep nesting in linear time', async () => {
    const all = await parseGraphText('all.graphml', '<graphml><key id="w" for="all" attr.name="weight" attr.type="double"/><key id="c" for="node" attr.name="kind" attr.type="string"><default>thing</default></key><graph edgedefault="undirected"><node id="a"><data key="w">2</data></node><node id="b"/><edge source="a" target="b"><data key="w">3.5</data></edge></graph></graphml>');
    expect(all.nodeAttributes![0]).toEqual({ kind: 'thing', weight: 2 });
    expect(Array.from(all.weights!)).toEqual([3.5]);
    const prefixed = await parseGraphText('p.gexf', '<g:gexf xmlns:g="http://gexf.net/1.3"><g:graph defaultedgetype="undirected"><g:nodes><g:node id="a" label="A"/><g:node id="b"/></g:nodes><g:edges><g:edge source="a" target="b"/></g:edges></g:graph></g:gexf>');
    expect(prefixed.nodeIds).toEqual(['a', 'b']);
    expect(prefixed.nodeAttributes![0]).toEqual({ label: 'A' });
    const yed = await parseGraphText('y.graphml', '<graphml xmlns:y="http://www.yworks.com/xml/graphml"><key id="d6" for="node" yfiles.type="nodegraphics"/><graph edgedefault="directed"><node id="n0"><data key="d6"><y:ShapeNode><y:Geometry x="10" y="20" width="30" height="30"/><y:Fill color="#FF0000"/><y:NodeLabel>Alpha</y:NodeLabel></y:ShapeNode></data></node><node id="n1"/><edge source="n0" target="n1"/></graph></graphml>');
    expect(yed.nodeAttributes![0]).toMatchObject({ label: 'Alpha', x: 10, y: 20, color: '#FF0000' });
    expect(yed.directed).toBe(true);
    // 100k nested elements inside a <data> (2.6 MB): quadratic in a DOM, a blink here.
    const depth = 100_000;
    const deep = `<graphml><key id="k" for="node"/><graph edgedefault="undirected"><node id="a"><data key="k">${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}</data></node><node id="b"/><edge source="a" target="b"/></graph></graphml>`;
    const t0 = performance.now();
    expect((await parseGraphText('deep.graphml', deep)).nodeIds).toEqual(['a', 'b']);
    expect(performance.now() - t0, 'linear, not quadratic (was past 150 s)').toBeLessThan(10_000);
  });

  it('names the line of a duplicate XML node id and of malformed XML, in GEXF and GraphML', async () => {
    await expect(parseGraphText('d.graphml', '<graphml><graph edgedefault="undirected">\n<node id="a"/>\n<node id="a"/>\n</graph></graphml>')).rejects.toThrow(/d\.graphml: line 3 <node>: duplicate node id "a"/);
    await expect(parseGraphText('d.gexf', '<gexf><graph><nodes>\n<node id="a"/>\n<node id="a"/>\n</nodes></graph></gexf>')).rejects.toThrow(/d\.gexf: line 3 <node>: duplicate node id "a"/);
    await expect(parseGraphText('w.gexf', '<gexf><graph><nodes><node id="a"/><node id="b"/></nodes><edges>\n<edge source="a" target="b" weight="1e39"/></edges></graph></gexf>')).rejects.toThrow(/w\.gexf: line 2 <edge>: weight "1e39" is beyond the largest/);
    await expect(parseGraphText('m.graphml', '<graphml><graph>\n<node id="a">\n</graph></graphml>')).rejects.toThrow(/m\.graphml: line 3: malformed XML/);
    await expect(parseGraphText('r.gexf', '<graphml/>')).rejects.toThrow(/r\.gexf: line 1: expected a <gexf> document, found <graphml>/);
  });

  it('opens every bundled sample', async () => {
    for (const s of SAMPLES) {
      const g = await loadGraphFile(samplePath(s.name)!);
      expect(g.nodeIds.length).toBeGreaterThan(0);
    }
  });
});

describe('bad files are rejected naming the file and the line or element', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['bad-line.csv', '0 1\n1 2\njust-one-field\n2 3\n', /bad-line\.csv: line 3: expected "source target \[weight\]"/],
    ['bad-weight.csv', '0 1 1\n1 2 heavy\n', /bad-weight\.csv: line 2: weight "heavy" is not a number/],
    ['bad-index.mtx', '%%MatrixMarket matrix coordinate pattern symmetric\n% c\n3 3 2\n2 1\n4 1\n', /bad-index\.mtx: line 5: row index "4" is not an integer in 1\.\.3/],
    ['short.mtx', '%%MatrixMarket matrix coordinate pattern symmetric\n3 3 3\n2 1\n', /short\.mtx: end of file: 1 entries, but the size line declares 3/],
    ['no-banner.mtx', '3 3 1\n2 1\n', /no-banner\.mtx: line 1: expected the banner/],
    ['bad.json', '{\n"nodes": [\n{"id": "a"},\n]\n}', /bad\.json: line 4: invalid JSON/],
    ['dangling.json', '{"nodes":[{"id":"a"}],"links":[{"source":"a","target":"zz"}]}', /dangling\.json: links\[0\]: target "zz" is not the id of a node/],
    ['broken.gexf', '<?xml version="1.0"?>\n<gexf>\n<graph>\n<nodes><node id="a"></nodes>\n</graph></gexf>', /broken\.gexf: line 4: malformed XML/],
    ['dangling.graphml', '<?xml version="1.0"?>\n<graphml>\n<graph edgedefault="undirected">\n<node id="a"/>\n<edge source="a" target="b"/>\n</graph>\n</graphml>', /dangling\.graphml: line 5 <edge>: target "b" is not a declared <node>/],
    ['empty.csv', '# nothing here\n', /empty\.csv: end of file: no edges found/],
    ['unclosed.gml', 'graph [\n  node [ id 1 ]\n  node [ id 2\n', /unclosed\.gml: line 3: "node \[" is never closed/],
    ['dup.gml', 'graph [\n node [ id 1 ]\n node [ id 1 ]\n]\n', /dup\.gml: line 3: duplicate node id "1"/],
    ['dangling.gml', 'graph [\n node [ id 1 ]\n edge [ source 1 target 7 ]\n]\n', /dangling\.gml: line 3: edge names node "7", which no node block declares/],
    ['heavy.gml', 'graph [\n node [ id 1 ]\n node [ id 2 ]\n edge [ source 1 target 2 weight 1e39 ]\n]\n', /heavy\.gml: line 4: weight 1e\+39 is beyond the largest the engine holds/],
    ['bad-vertex.net', '*Vertices 3\r\n1 "a"\r\n*Edges\r\n1 4\r\n', /bad-vertex\.net: line 4: vertex "4" is not a number in 1\.\.3/],
    ['huge.net', '*Vertices 100000000\n', /huge\.net: line 1: \*Vertices declares 100000000 vertices, more than the 4194304/],
    ['bad.gdf', 'nodedef>name VARCHAR,x DOUBLE\na,1.5\nb,wide\n', /bad\.gdf: line 3: column "x" is DOUBLE, got "wide"/],
    ['dangling.gdf', 'nodedef>name VARCHAR\na\nedgedef>node1,node2\na,b\n', /dangling\.gdf: line 4: node2 "b" is not the name of a node/],
    ['quote.gdf', "nodedef>name VARCHAR,label VARCHAR\na,'open\n", /quote\.gdf: line 2: a single-quoted value that is never closed/],
    ['broken.dot', 'digraph {\n  a -> b;\n  a -> ;\n}\n', /broken\.dot: line 3: not valid DOT/],
    ['deep.dot', `digraph {\n${'{'.repeat(600)}${'}'.repeat(600)}\n}`, /deep\.dot: line 2: subgraphs nested deeper than 500 levels/],
    ['heavy.json', '{"nodes":[{"id":"a"},{"id":"b"}],"links":[{"source":"a","target":"b","weight":1e39}]}', /heavy\.json: links\[0\]: weight 1e\+39 is beyond the largest/],
    ['heavy.csv', 'a b 1e39\n', /heavy\.csv: line 1: weight "1e39" is beyond the largest/],
  ];

  it.each(cases)('%s', async (name, content, message) => {
    const err = await loadGraphFile(tmpFile(name, content)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphFormatError);
    expect((err as Error).message).toMatch(message);
    // The same text sent from the renderer fails the same way.
    await expect(parseGraphText(name, content)).rejects.toThrow(message);
  });

  it('names a missing file and a corrupt gzip', async () => {
    await expect(loadGraphFile(join(tmp, 'nope.csv'))).rejects.toThrow(/nope\.csv: file: no such file/);
    await expect(loadGraphFile(tmpFile('corrupt.csv.gz', Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7])))).rejects.toThrow(/corrupt\.csv\.gz: gzip: not a valid gzip file/);
  });

  it('names a directory given as the graph file (the gzip sniff reads it first)', async () => {
    const dir = join(tmp, 'a-folder.csv');
    mkdirSync(dir, { recursive: true });
    const err = await loadGraphFile(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphFormatError);
    expect((err as Error).message).toMatch(/a-folder\.csv: file: is a directory/);
  });

  it('leaves the graph in the GraphStore unchanged when a load fails', async () => {
    const store = new GraphStore();
    const good = store.replace(await loadGraphFile(join(data, 'karate.mtx')));
    const failing = loadGraphFile(tmpFile('bad-line-2.csv', '0 1\noops\n')).then((g) => store.replace(g));
    await expect(failing).rejects.toThrow(/line 2/);
    expect(store.get()).toBe(good);
    expect(store.info()).toMatchObject({ graphId: good.graphId, nodeCount: 34, edgeCount: 78 });
  });
});
