// The Streamable HTTP side of the pool: a stateless SDK server in this process, headers passed through.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { McpPool } from './mcp-pool.js';
import { parseServerDefinition } from './server-definition.js';

let http: Server;
let url: string;
const seenHeaders: string[] = [];

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
}

beforeAll(async () => {
  http = createServer(async (req, res) => {
    seenHeaders.push(String(req.headers['x-forcelab-test'] ?? ''));
    // Stateless: a server and transport per request, as the SDK's example does.
    const server = new McpServer({ name: 'http-fake', version: '1' });
    server.registerTool('echo', { inputSchema: { value: z.string() } }, async ({ value }) => ({ content: [{ type: 'text', text: value }] }));
    server.registerTool('hang', {}, () => new Promise(() => {}));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close().then(() => server.close()));
    await server.connect(transport);
    await transport.handleRequest(req, res, req.method === 'POST' ? await body(req) : undefined);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
});
afterAll(() => new Promise<void>((r) => (http.closeAllConnections(), http.close(() => r()))));

describe('McpPool over Streamable HTTP', () => {
  it('calls a tool with the configured headers; a hanging tool times out naming the server', async () => {
    const pool = new McpPool([parseServerDefinition({ name: 'remote', url, headers: { 'x-forcelab-test': 'yes' } })], { healthIntervalMs: 0 });
    try {
      const r = await pool.callTool('remote', 'echo', { value: 'over http' });
      expect(r.content).toEqual([{ type: 'text', text: 'over http' }]);
      expect(seenHeaders).toContain('yes');
      await expect(pool.callTool('remote', 'hang', {}, { timeoutMs: 200 })).rejects.toThrow('MCP server "remote": tool "hang" timed out after 200 ms');
      expect(pool.figures()).toMatchObject({ mcpConnects: 1, mcpSessionsOpen: 1, mcpTimeouts: 1 });
      expect(pool.pids()).toEqual([]);
    } finally {
      await pool.dispose();
    }
  });

  it('nothing listening: a start error naming the URL', async () => {
    const pool = new McpPool([parseServerDefinition({ name: 'gone', url: 'http://127.0.0.1:9/mcp' })], { healthIntervalMs: 0 });
    try {
      await expect(pool.callTool('gone', 'echo', { value: 'x' })).rejects.toThrow(/MCP server "gone": could not connect to "http:\/\/127\.0\.0\.1:9\/mcp"/);
    } finally {
      await pool.dispose();
    }
  });
});
