// A MatrixMarket size line is a claim: an absurd one is refused at its line, quickly, naming the limit; memory
// follows the entries read, not the nodes declared. Real files (every shared .mtx) still load whole.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGraphFile } from './load-graph.js';
import { MAX_DECLARED_NODES, MAX_ISOLATED_NODES } from './matrix-market-parser.js';

const data = resolve(__dirname, '../../../../shared/data');
const tmp = mkdtempSync(join(tmpdir(), 'forcelab-mtx-bounds-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function mtx(name: string, sizeLine: string, entries = '1 2\n'): string {
  const p = join(tmp, name);
  writeFileSync(p, `%%MatrixMarket matrix coordinate pattern symmetric\n${sizeLine}\n${entries}`);
  return p;
}

/** Loads a file that must fail; returns the message and how long the refusal took. */
async function refusal(path: string): Promise<{ message: string; ms: number; heapGrowth: number }> {
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const err = await loadGraphFile(path).then(
    () => { throw new Error(`${path} loaded, but it should have been refused`); },
    (e: Error) => e,
  );
  return { message: err.message, ms: performance.now() - t0, heapGrowth: process.memoryUsage().heapUsed - heap0 };
}

describe('MatrixMarket declared size', () => {
  it('16 million rows with 1 entry (a 75-byte file) is refused at the size line, quickly', async () => {
    const path = mtx('sixteen-million.mtx', '16000000 16000000 1');
    const r = await refusal(path);
    expect(r.message).toContain('sixteen-million.mtx: line 2:');
    expect(r.message).toContain('declares 16000000 nodes but only 1 entries');
    expect(r.message).toContain(`2 × entries + ${MAX_ISOLATED_NODES}`);
    expect(r.ms).toBeLessThan(1000);
    expect(r.heapGrowth).toBeLessThan(64 * 2 ** 20);
  });

  it.each([
    ['1e8', '100000000 100000000 100000000'],
    ['2^31', '2147483648 2147483648 2147483648'],
    ['2^31 rows, 1 column', '2147483648 1 1'],
  ])('%s rows is over the documented cap, refused at the size line', async (_, sizeLine) => {
    const r = await refusal(mtx('huge.mtx', sizeLine));
    expect(r.message).toMatch(/huge\.mtx: line 2: the size line declares \d+ nodes, more than the 67108864 \(2\^26\)/);
    expect(MAX_DECLARED_NODES).toBe(67108864);
    expect(r.ms).toBeLessThan(1000);
  });

  it('a size line that declares millions of entries but holds one costs one entry of memory', async () => {
    const r = await refusal(mtx('claims-entries.mtx', '16000000 16000000 16000000'));
    expect(r.message).toContain('claims-entries.mtx: end of file: 1 entries, but the size line declares 16000000');
    expect(r.ms).toBeLessThan(1000);
    expect(r.heapGrowth).toBeLessThan(64 * 2 ** 20);
  });

  it('isolated rows within the allowance still load, every declared node kept', async () => {
    const g = await loadGraphFile(mtx('isolated.mtx', `${MAX_ISOLATED_NODES + 2} ${MAX_ISOLATED_NODES + 2} 1`));
    expect(g.nodeIds.length).toBe(MAX_ISOLATED_NODES + 2);
    expect(g.nodeIds[0]).toBe('1');
    expect(g.nodeIds.at(-1)).toBe(String(MAX_ISOLATED_NODES + 2));
    expect([...g.edges]).toEqual([0, 1]);
  });

  // Declared sizes from the files themselves: dblp 326186 rows with 807700 entries, netscience 1589 with 128 isolated.
  it.each([
    ['karate.mtx', 34, 78],
    ['dolphins.mtx', 62, 159],
    ['polbooks.mtx', 105, 441],
    ['netscience.mtx', 1589, 2742],
    ['dblp-2010.mtx.gz', 326186, 807700],
  ])('shared %s loads with %i nodes and %i entries', async (file, nodes, entries) => {
    const g = await loadGraphFile(join(data, file));
    expect(g.nodeIds.length).toBe(nodes);
    expect(g.nodeIds.at(-1)).toBe(String(nodes));
    expect(g.edges.length / 2).toBe(entries);
  }, 60_000);
});
