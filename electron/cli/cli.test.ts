// The `forcelab layout` command on a real graph with the real engine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGraphFile } from '../core/graph/load-graph.js';
import { parseConvertArgs, runConvert } from './convert-command.js';
import { runInfo } from './info-command.js';
import { parseLayoutArgs, runLayout } from './layout-command.js';
import { main } from './main.js';

const repo = resolve(__dirname, '../..');
const karate = resolve(repo, '../shared/data/karate.csv');
const tmp = mkdtempSync(join(tmpdir(), 'forcelab-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function readCsv(path: string): Array<{ id: string; xyz: number[] }> {
  const [header, ...rows] = readFileSync(path, 'utf8').trimEnd().split('\n');
  expect(header).toBe('id,x,y,z');
  return rows.map((r) => {
    const [id, ...xyz] = r.split(',');
    return { id, xyz: xyz.map(Number) };
  });
}

describe('forcelab layout', () => {
  it('lays out karate and writes every input id with finite coordinates', async () => {
    const out = join(tmp, 'karate.csv');
    const logs: string[] = [];
    const log = console.log;
    console.log = (s: string) => void logs.push(s);
    let code: number;
    try {
      code = await main(['layout', karate, '--iterations', '200', '--out', out, '--dimensions', '2', '--seed', '7']);
    } finally {
      console.log = log;
    }
    expect(code).toBe(0);
    const summary = JSON.parse(logs.at(-1)!);
    expect(summary).toMatchObject({ nodes: 34, edges: 78, iterations: 200 });
    expect(['cpu', 'cuda']).toContain(summary.backend);
    expect(summary.layoutMs).toBeGreaterThanOrEqual(0);
    const rows = readCsv(out);
    const input = await loadGraphFile(karate);
    expect(rows.map((r) => r.id).sort()).toEqual([...input.nodeIds].sort());
    for (const r of rows) {
      expect(r.xyz).toHaveLength(3);
      for (const v of r.xyz) expect(Number.isFinite(v)).toBe(true);
      expect(r.xyz[2]).toBe(0); // 2D keeps z = 0
    }
    // The layout is not degenerate: nodes are spread out.
    const xs = rows.map((r) => r.xyz[0]);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(0);
  });

  it('writes the whole graph with its positions when --out names GEXF', async () => {
    const out = join(tmp, 'karate.gexf');
    await runLayout(parseLayoutArgs([karate, '--iterations', '30', '--out', out, '--seed', '5']));
    const back = await loadGraphFile(out);
    const input = await loadGraphFile(karate);
    expect(back.nodeIds).toEqual(input.nodeIds);
    expect(back.edges.length).toBe(input.edges.length);
    for (const a of back.nodeAttributes!) for (const k of ['x', 'y', 'z']) expect(Number.isFinite(Number(a![k]))).toBe(true);
    expect(new Set(back.nodeAttributes!.map((a) => a!.x)).size).toBeGreaterThan(30); // laid out, not stacked
  });

  it('is reproducible with a seed', async () => {
    const a = join(tmp, 'a.csv');
    const b = join(tmp, 'b.csv');
    const args = (out: string) => parseLayoutArgs([karate, '--iterations', '20', '--out', out, '--seed', '3']);
    await runLayout(args(a));
    await runLayout(args(b));
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
  });

  it('rejects bad arguments and bad files with a clear message', async () => {
    expect(() => parseLayoutArgs([karate, '--iterations', 'many', '--out', 'x.csv'])).toThrow(/--iterations must be a whole number/);
    expect(() => parseLayoutArgs([karate, '--iterations', '5'])).toThrow(/missing --out/);
    expect(() => parseLayoutArgs([karate, '--iterations', '5', '--out', 'x.csv', '--dimensions', '4'])).toThrow(/--dimensions must be 2 or 3/);
    expect(() => parseLayoutArgs([karate, '--iterations', '5', '--out', 'x.docx'])).toThrow(/--out "x\.docx": the extension names the format, one of \.csv, \.positions\.json, \.gexf, \.graphml, \.json/);
    await expect(main(['layout', join(tmp, 'missing.csv'), '--iterations', '5', '--out', join(tmp, 'o.csv')])).rejects.toThrow(/missing\.csv: file: no such file/);
    await expect(main(['frobnicate'])).rejects.toThrow(/unknown command/);
  });

  // The installed command runs the compiled CLI; it exists once `npm run build:main` ran (npm install does).
  const compiled = existsSync(join(repo, 'dist/electron/cli/main.js'));
  if (!compiled) console.log('bin/forcelab.js test skipped: dist/electron/cli/main.js is missing (run npm run build:main)');
  it.skipIf(!compiled)('bin/forcelab.js exits non-zero with one line on stderr for a bad file', () => {
    const r = spawnSync(process.execPath, [join(repo, 'bin/forcelab.js'), 'layout', join(tmp, 'nope.csv'), '--iterations', '1', '--out', join(tmp, 'o.csv')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^forcelab: nope\.csv: file: no such file/);
  });
});

describe('forcelab info', () => {
  const shared = (f: string) => resolve(repo, '../shared/data', f);
  it.each([
    ['spb-gis-graph.gdf', { nodes: 205, edges: 362, directed: true, selfLoops: 0, duplicateEdges: 9, isolated: 16 }],
    ['netscience.mtx', { nodes: 1589, edges: 2742, directed: false, selfLoops: 0, duplicateEdges: 0, isolated: 128 }],
    ['football.gml', { nodes: 115, edges: 613, directed: false, selfLoops: 0, duplicateEdges: 0, isolated: 0, components: 1 }],
    ['USAir97.net', { nodes: 332, edges: 2126, directed: false, selfLoops: 0, duplicateEdges: 0, isolated: 0, components: 1 }],
    ['unix.gv', { nodes: 41, edges: 49, directed: true, selfLoops: 0, duplicateEdges: 0, isolated: 0, components: 1 }],
    ['karate.csv', { nodes: 34, edges: 156, directed: false, duplicateEdges: 78, components: 1 }],
  ])('%s: the counts SOURCES.md gives', async (file, expected) => {
    const info = await runInfo([shared(file)]);
    expect(info).toMatchObject({ file, ...expected });
    // 16 isolated nodes are 16 components of their own.
    if (file === 'spb-gis-graph.gdf') expect(info.components).toBeGreaterThanOrEqual(17);
    if (file === 'netscience.mtx') expect(info.components).toBeGreaterThan(128);
  });

  it('prints one JSON line through main, and refuses a second file', async () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (m: string) => void lines.push(m);
    try {
      expect(await main(['info', shared('karate.mtx')])).toBe(0);
    } finally {
      console.log = log;
    }
    expect(JSON.parse(lines[0]!)).toEqual({ file: 'karate.mtx', nodes: 34, edges: 78, directed: false, selfLoops: 0, duplicateEdges: 0, isolated: 0, components: 1 });
    await expect(runInfo(['a.csv', 'b.csv'])).rejects.toThrow(/info takes one graph file/);
  });
});

describe('forcelab convert', () => {
  const shared = (f: string) => resolve(repo, '../shared/data', f);
  it('converts with the file\'s own positions: USAir97.net to GEXF keeps names, coordinates and weights', async () => {
    const out = join(tmp, 'usair.gexf');
    const r = await runConvert(parseConvertArgs([shared('USAir97.net'), out]));
    expect(r).toMatchObject({ nodes: 332, edges: 2126, format: 'gexf', positions: 'file', placed: 332 });
    const back = await loadGraphFile(out);
    const src = await loadGraphFile(shared('USAir97.net'));
    expect(back.nodeIds).toEqual(src.nodeIds);
    expect(back.nodeAttributes![0]).toMatchObject({ label: 'Wiley Post-Will Rogers Mem', x: 0.4407, y: 0.091, z: 0.5 }); // float32, written short but exact
    expect(Array.from(back.weights!)).toEqual(Array.from(src.weights!));
  });

  it('lays out first with --layout, and refuses an unknown extension', async () => {
    const out = join(tmp, 'football.gdf');
    expect(await runConvert(parseConvertArgs([shared('football.gml'), out, '--layout', '20', '--seed', '3']))).toMatchObject({ positions: 'layout', nodes: 115 });
    const back = await loadGraphFile(out);
    const xs = back.nodeAttributes!.map((a) => a!.x as number);
    expect(new Set(xs).size, 'laid out: nodes at different places').toBeGreaterThan(100);
    expect(() => parseConvertArgs(['a.gml', 'b.png2'])).toThrow(/the extension names the format/);
    expect(() => parseConvertArgs(['a.gml', 'b.png', '--size', 'big'])).toThrow(/--size must be WIDTHxHEIGHT/);
    expect(() => parseConvertArgs(['a.gml'])).toThrow(/convert takes two files/);
  });
});

describe('forcelab convert to PNG', () => {
  it('draws the laid-out graph at the size asked: a valid PNG, nodes in colour on white', async () => {
    const out = join(tmp, 'football.png');
    await runConvert(parseConvertArgs([resolve(repo, '../shared/data/football.gml'), out, '--layout', '60', '--seed', '1', '--size', '320x200']));
    const png = readFileSync(out);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([320, 200]);
    // Decode the one IDAT (filter 0 rows) and count pixels that are neither white nor grey: the nodes' colours.
    const idat = png.indexOf('IDAT');
    const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    expect(raw.length).toBe((320 * 3 + 1) * 200);
    let coloured = 0, white = 0;
    for (let y = 0; y < 200; y++) {
      for (let x = 0; x < 320; x++) {
        const i = y * (320 * 3 + 1) + 1 + 3 * x;
        const [r, g, b] = [raw[i]!, raw[i + 1]!, raw[i + 2]!];
        if (r === 255 && g === 255 && b === 255) white++;
        else if (Math.max(r, g, b) - Math.min(r, g, b) > 40) coloured++;
      }
    }
    expect(white, 'mostly background').toBeGreaterThan(320 * 200 * 0.5);
    expect(coloured, 'node discs in colour').toBeGreaterThan(115 * 4);
  });
});
