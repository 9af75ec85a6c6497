// `forcelab layout mcp:<server>`: the graph read once from an MCP server. The CLI has no settings file, so it
// knows the default source only (`memory`: server-memory on the per-user knowledge-graph file, seeded from
// the Diseasome graph when absent); `--memory-file` points it elsewhere.
import type { LoadedGraph } from '../core/graph/graph-types.js';
import { loadMcpGraph } from '../core/mcp/mcp-graph-source.js';
import { McpPool } from '../core/mcp/mcp-pool.js';
import { defaultMemoryFile, defaultMemoryServer, ensureMemoryFile, MEMORY_SERVER_NAME } from '../core/mcp/memory-server.js';
import { UsageError } from './usage-error.js';

export const MCP_PREFIX = 'mcp:';

export const isMcpSource = (graphArg: string): boolean => graphArg.startsWith(MCP_PREFIX);

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
