// The default MCP source: @modelcontextprotocol/server-memory, started with the app's own Node runtime (in
// Electron, the Electron binary as Node via ELECTRON_RUN_AS_NODE) on a per-user knowledge-graph file that starts
// as the bundled Diseasome seed. Nothing needs installing: the server is a dependency of the app.
import { constants } from 'node:fs';
import { copyFile, mkdir, access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { appRoot } from '../graph/samples.js';
import type { StdioServerDefinition } from './server-definition.js';

export const MEMORY_SERVER_NAME = 'memory';
export const MEMORY_FILE_NAME = 'memory.jsonl';

/** The package's entry (its `bin` mcp-server-memory is dist/index.js). */
export function memoryServerEntry(): string {
  return createRequire(import.meta.url).resolve('@modelcontextprotocol/server-memory/dist/index.js');
}

/** Where Electron's app.getPath('userData') is for this app, so the CLI and the app share one file. */
export function defaultMemoryFile(): string {
  const appData =
    process.platform === 'win32'
      ? (process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'))
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Application Support')
        : (process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'));
  return join(appData, 'forcelab', 'mcp', MEMORY_FILE_NAME);
}

export function memorySeedPath(): string {
  return join(appRoot(), 'assets', 'mcp', 'diseasome-memory.jsonl');
}

/**
 * The stdio definition of the default source. `memoryFile` is the per-user knowledge-graph file (the shell
 * passes one under app.getPath('userData'); tests a temp dir). Call ensureMemoryFile() before first use.
 */
export function defaultMemoryServer(memoryFile: string, name = MEMORY_SERVER_NAME): StdioServerDefinition {
  return {
    name,
    command: process.execPath,
    args: [memoryServerEntry()],
    // ELECTRON_RUN_AS_NODE: inside Electron, process.execPath is the app binary; this makes it a plain Node.
    env: { ELECTRON_RUN_AS_NODE: '1', MEMORY_FILE_PATH: memoryFile },
  };
}

/** Copies the seed to `memoryFile` when there is no file yet; a person's own graph is never overwritten. */
export async function ensureMemoryFile(memoryFile: string, seed = memorySeedPath()): Promise<{ seeded: boolean }> {
  try {
    await access(memoryFile);
    return { seeded: false };
  } catch {
    await mkdir(dirname(memoryFile), { recursive: true });
    try {
      // EXCL: two windows starting at once must not both copy over a file one of them just began using.
      await copyFile(seed, memoryFile, constants.COPYFILE_EXCL);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { seeded: false };
      throw err;
    }
    return { seeded: true };
  }
}
