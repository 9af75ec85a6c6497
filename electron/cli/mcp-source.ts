// `forcelab layout mcp:<server>`: the graph read once from an MCP server. The CLI has no settings file, so it
// knows the default source only (`memory`: server-memory on the per-user knowledge-graph file, seeded from
// the Diseasome graph when absent); `--memory-file` points it elsewhere.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LoadedGraph } from '../core/graph/graph-types.js';
import { loadMcpGraph } from '../core/mcp/mcp-graph-source.js';
import { McpPool } from '../core/mcp/mcp-pool.js';
import { defaultMemoryServer, ensureMemoryFile, MEMORY_FILE_NAME, MEMORY_SERVER_NAME } from '../core/mcp/memory-server.js';
import { UsageError } from './usage-error.js';

export const MCP_PREFIX = 'mcp:';

export const isMcpSource = (graphArg: string): boolean => graphArg.startsWith(MCP_PREFIX);

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

export async function loadMcpSource(graphArg: string, opts: { memoryFile?: string; signal?: AbortSignal } = {}): Promise<LoadedGraph> {
  const server = graphArg.slice(MCP_PREFIX.length);
  if (server !== MEMORY_SERVER_NAME) throw new UsageError(`unknown MCP server ${JSON.stringify(server)} (the command line knows "${MEMORY_SERVER_NAME}")`);
  const file = opts.memoryFile ?? defaultMemoryFile();
  await ensureMemoryFile(file);
  const pool = new McpPool([defaultMemoryServer(file)], { healthIntervalMs: 0 });
  try {
    return await loadMcpGraph(pool, server, { signal: opts.signal });
  } finally {
    await pool.dispose();
  }
}
