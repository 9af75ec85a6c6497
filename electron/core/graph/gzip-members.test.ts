// Gzip as gzip -d reads it: concatenated members, trailing bytes ignored, a bad checksum or a cut file refused
// naming where; through loadGraphFile on real data as well.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { gunzipMembers, gzipHeaderLength } from './gzip-members.js';
import { loadGraphFile } from './load-graph.js';

const tmp = mkdtempSync(join(tmpdir(), 'forcelab-gzip-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, data: Buffer) => {
  const p = join(tmp, name);
  writeFileSync(p, data);
  return p;
};

async function inflate(path: string): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const parts: Buffer[] = [];
    for await (const b of gunzipMembers(fh, (await fh.stat()).size, () => {})) parts.push(b);
    return Buffer.concat(parts).toString('utf8');
  } finally {
    await fh.close();
  }
}

describe('gzip members', () => {
  it('reads concatenated members, ignores trailing bytes that are no member, and reads a header with a name', async () => {
    const two = Buffer.concat([gzipSync('0 1\n'), gzipSync('1 2\n')]);
    expect(await inflate(file('two.csv.gz', two))).toBe('0 1\n1 2\n');
    expect(await inflate(file('trailing.csv.gz', Buffer.concat([gzipSync('0 1\n1 2\n'), Buffer.from('\n\0\0garbage')])))).toBe('0 1\n1 2\n');
    const named = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 8, 0, 0, 0, 0, 0, 3]), Buffer.from('graph.csv\0'), gzipSync('a b\n').subarray(10)]);
    expect(gzipHeaderLength(named)).toBe(20);
    expect(await inflate(file('named.csv.gz', named))).toBe('a b\n');
  });

  it('refuses a bad checksum, a file cut inside a member and a non-gzip start, naming the byte', async () => {
    const good = gzipSync('0 1\n'.repeat(1000));
    const badCrc = Buffer.from(good);
    badCrc[badCrc.length - 8] ^= 0xff;
    await expect(inflate(file('crc.gz', badCrc))).rejects.toThrow(/member at byte 0 does not match its checksum/);
    await expect(inflate(file('cut.gz', good.subarray(0, good.length - 20)))).rejects.toThrow(/member at byte 0: the file ends inside it/);
    await expect(inflate(file('plain.gz', Buffer.from('0 1\n')))).rejects.toThrow(/no gzip header at byte 0/);
    const corrupt = Buffer.from(good);
    corrupt.fill(0xff, 12, 40);
    await expect(inflate(file('corrupt.gz', corrupt))).rejects.toThrow(/in the member at byte 0/);
  });

  it('loads dblp-2010.mtx.gz with trailing bytes appended, as gzip -d would', async () => {
    const raw = readFileSync(resolve(__dirname, '../../../../shared/data/dblp-2010.mtx.gz'));
    const g = await loadGraphFile(file('dblp-trailing.mtx.gz', Buffer.concat([raw, Buffer.from('trailing junk\n')])));
    expect(g.nodeIds.length).toBe(326186);
    expect(g.edges.length / 2).toBe(807700);
  });
});
