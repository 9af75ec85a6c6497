// Shared by the MCP tests: a temp knowledge-graph file seeded like the app's, the real server-memory definition,
// the fake server fixture, a second independent client, and "is this pid gone".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { defaultMemoryServer, ensureMemoryFile } from './memory-server.js';
import type { StdioServerDefinition } from './server-definition.js';

export const FAKE_SERVER = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'fake-mcp-server.mjs');

export function fakeServer(name: string, mode: string): StdioServerDefinition {
  return { name, command: process.execPath, args: [FAKE_SERVER, mode], env: {} };
}

export async function tempMemory(): Promise<{ dir: string; file: string; def: StdioServerDefinition; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'forcelab-mcp-'));
  const file = join(dir, 'user', 'memory.jsonl');
  await ensureMemoryFile(file);
  return { dir, file, def: defaultMemoryServer(file), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Another app on the same knowledge-graph file: its own server-memory process, its own SDK client. */
export async function secondClient(def: StdioServerDefinition): Promise<{ client: Client; pid: number; close(): Promise<void> }> {
  const transport = new StdioClientTransport({ command: def.command, args: def.args, env: def.env, stderr: 'pipe' });
  transport.stderr?.on('data', () => {});
  const client = new Client({ name: 'second', version: '1' });
  await client.connect(transport);
  return { client, pid: transport.pid!, close: () => client.close() };
}

export function isDead(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(cond: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
