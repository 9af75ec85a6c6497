// `forcelab layout mcp:memory` on a temp knowledge-graph file (seeded with Diseasome), with the real engine.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main.js';

const tmp = mkdtempSync(join(tmpdir(), 'forcelab-cli-mcp-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('forcelab layout mcp:', () => {
  it('lays out the default source, seeding its file when absent', async () => {
    const out = join(tmp, 'pos.csv');
    const memoryFile = join(tmp, 'u', 'memory.jsonl');
    const logs: string[] = [];
    const log = console.log;
    console.log = (s: string) => void logs.push(s);
    try {
      expect(await main(['layout', 'mcp:memory', '--iterations', '5', '--out', out, '--memory-file', memoryFile])).toBe(0);
    } finally {
      console.log = log;
    }
    expect(JSON.parse(logs.at(-1)!)).toMatchObject({ nodes: 1419, iterations: 5 });
    expect(readFileSync(out, 'utf8')).toContain('\nAlzheimer disease,');
    expect(readFileSync(memoryFile, 'utf8').split('\n').length).toBe(1419 + 2738);
  });

  it('an unknown server is a usage error naming it', async () => {
    await expect(main(['layout', 'mcp:other', '--iterations', '1', '--out', join(tmp, 'o.csv')])).rejects.toThrow(/unknown MCP server "other"/);
  });
});
