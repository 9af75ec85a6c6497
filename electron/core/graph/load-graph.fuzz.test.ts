// Seeded fuzzing of every reader on the real files of ../shared/data: truncations, flipped bytes, deleted tags,
// shuffled columns, byte-order marks, huge numbers and deep nesting. Each case must either load or fail with a
// GraphFormatError that names a place (a line, an element, the end of the file...); never another error, never
// a hang (each case is timed), never memory past a bound. A failing case prints its seed and mutation.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../bench/prng.mjs';
import { GraphFormatError } from './graph-types.js';
import { loadGraphFile, parseGraphText } from './load-graph.js';

const dataDir = resolve(__dirname, '../../../../shared/data');
/** Cases per file, and the most of a line-format file's text each case starts from (keeps 2 cores at ~20 s). */
const CASES = 210;
const MAX_CHARS = 96 * 1024;
const CASE_MS = 3000;
const HEAP_BOUND = 1.5 * 1024 ** 3;
const PLACE = /^[^:]+: (line \d+|end of file|file|gzip|JSON|DOT|GEXF|GraphML|top level|nodes(\[\d+\])?|links(\[\d+\])?|edges(\[\d+\])?|<[^>]*>)/;

const files = readdirSync(dataDir).filter((f) => !f.endsWith('.md'));

type Mutation = { name: string; apply: (text: string, rand: () => number) => string };
const pick = (rand: () => number, n: number) => Math.floor(rand() * n);
const MUTATIONS: Mutation[] = [
  { name: 'truncate', apply: (t, r) => t.slice(0, pick(r, t.length)) },
  {
    name: 'flip bytes',
    apply: (t, r) => {
      const a = t.split('');
      for (let k = 0; k < 1 + pick(r, 8); k++) a[pick(r, a.length)] = String.fromCharCode(pick(r, 128));
      return a.join('');
    },
  },
  {
    name: 'delete a tag or bracket',
    apply: (t, r) => {
      const marks = [...t.matchAll(/<[^<>]{0,80}>|[[\]{}]/g)];
      if (!marks.length) return t.slice(1);
      const m = marks[pick(r, marks.length)];
      return t.slice(0, m.index) + t.slice(m.index! + m[0].length);
    },
  },
  {
    name: 'shuffle columns',
    apply: (t, r) =>
      t
        .split('\n')
        .map((line) => {
          if (r() > 0.2) return line;
          const sep = line.includes(',') ? ',' : line.includes('\t') ? '\t' : ' ';
          const f = line.split(sep);
          for (let i = f.length - 1; i > 0; i--) {
            const j = pick(r, i + 1);
            [f[i], f[j]] = [f[j], f[i]];
          }
          return f.join(sep);
        })
        .join('\n'),
  },
  { name: 'byte-order mark', apply: (t, r) => (r() < 0.5 ? '\uFEFF' + t : t.slice(0, pick(r, t.length)) + '\uFEFF' + t.slice(pick(r, t.length))) },
  {
    name: 'huge numbers',
    apply: (t, r) => {
      const huge = ['1e39', '-1e39', '99999999999999999999', '1e308', 'NaN', 'Infinity', '2147483648', '-0', '4294967296'];
      let k = 0;
      return t.replace(/\b\d+(\.\d+)?\b/g, (m) => (r() < 0.05 && k++ < 20 ? huge[pick(r, huge.length)] : m));
    },
  },
  {
    name: 'deep nesting',
    apply: (t, r) => {
      const depth = 2000 + pick(r, 20000);
      const at = pick(r, t.length);
      const [open, close] = [['<x>', '</x>'], ['[ a ', ' ]'], ['{', '}'], ['<data key="k">', '</data>']][pick(r, 4)];
      return t.slice(0, at) + open.repeat(depth) + close.repeat(r() < 0.5 ? depth : 0) + t.slice(at);
    },
  },
];

function textOf(file: string): string {
  const raw = readFileSync(resolve(dataDir, file));
  const text = file.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  // XML files whole (cut, every one would be malformed); line formats up to a line end within MAX_CHARS.
  if (/\.(gexf|graphml)$/.test(file) || text.length <= MAX_CHARS) return text;
  return text.slice(0, text.lastIndexOf('\n', MAX_CHARS) + 1);
}

describe('fuzzed real files', () => {
  it.each(files)('%s: every mutation loads or fails naming a place', async (file) => {
    const base = textOf(file);
    const name = file.replace(/\.gz$/, '');
    let loaded = 0, refused = 0;
    for (let c = 0; c < CASES; c++) {
      const seed = (file.length * 7919 + c * 104729) >>> 0;
      const rand = createRandom(seed);
      const mutation = MUTATIONS[c % MUTATIONS.length];
      const text = mutation.apply(base, rand);
      const what = `${file} case ${c} (seed ${seed}, ${mutation.name})`;
      const t0 = performance.now();
      try {
        const g = await parseGraphText(name, text);
        expect(g.nodeIds.length, what).toBeGreaterThan(0);
        for (let k = 0; k < g.edges.length; k++) if (g.edges[k] >= g.nodeIds.length) throw new Error(`${what}: edge end ${g.edges[k]} beyond ${g.nodeIds.length} nodes`);
        if (g.weights) for (const w of g.weights) if (!(Number.isFinite(w) && w >= 0)) throw new Error(`${what}: weight ${w} reached the graph`);
        loaded++;
      } catch (err) {
        if (!(err instanceof GraphFormatError)) throw new Error(`${what}: ${(err as Error)?.name}: ${(err as Error)?.message}`);
        expect(err.message, what).toMatch(PLACE);
        refused++;
      }
      expect(performance.now() - t0, `${what}: time`).toBeLessThan(CASE_MS);
      expect(process.memoryUsage().heapUsed, `${what}: heap`).toBeLessThan(HEAP_BOUND);
    }
    expect(loaded + refused).toBe(CASES);
    console.log(`${file}: ${loaded} loaded, ${refused} refused naming a place`);
  }, 120_000);
});

describe('fuzzed gzip', () => {
  it('a gzipped file with flipped, cut or appended bytes loads or fails naming the gzip byte, never hangs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forcelab-fuzz-gz-'));
    try {
      const good = gzipSync(readFileSync(resolve(dataDir, 'netscience.mtx')));
      let loaded = 0;
      for (let c = 0; c < 120; c++) {
        const rand = createRandom(0x9e3779b9 ^ c);
        let bytes = Buffer.from(good);
        if (c % 3 === 0) for (let k = 0; k < 1 + pick(rand, 4); k++) bytes[pick(rand, bytes.length)] ^= 1 << pick(rand, 8);
        else if (c % 3 === 1) bytes = bytes.subarray(0, pick(rand, bytes.length));
        else bytes = Buffer.concat([bytes, Buffer.from(Array.from({ length: 1 + pick(rand, 40) }, () => pick(rand, 256)))]);
        const path = join(dir, `case-${c}.mtx.gz`);
        writeFileSync(path, bytes);
        const what = `gzip case ${c}`;
        const t0 = performance.now();
        try {
          const g = await loadGraphFile(path);
          expect(g.nodeIds.length, what).toBe(1589);
          loaded++;
        } catch (err) {
          if (!(err instanceof GraphFormatError)) throw new Error(`${what}: ${(err as Error)?.name}: ${(err as Error)?.message}`);
          expect(err.message, what).toMatch(/^case-\d+\.mtx\.gz: (gzip: not a valid gzip file .*byte|line \d+|end of file)/);
        }
        expect(performance.now() - t0, `${what}: time`).toBeLessThan(CASE_MS);
      }
      // Every appended-bytes case (a third) still loads, as gzip -d would read it.
      expect(loaded).toBeGreaterThanOrEqual(40);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
