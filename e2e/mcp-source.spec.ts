// A knowledge graph from the real server-memory, live in Chromium: open it from the Sources panel, then another
// MCP client (its own server process on the same file) adds an entity and a relation; the node and edge appear
// without a reload while every other node stays where it was. Search then goes through search_nodes.
import { expect, test, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startBrowserHost, type HostProcess } from './browser-host-process.js';
import { dataDir, repoRoot } from './paths.js';

let host: HostProcess;
let dir: string;
let memoryFile: string;
test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'forcelab-e2e-mcp-'));
  memoryFile = join(dir, 'mcp', 'memory.jsonl');
  mkdirSync(join(dir, 'mcp'));
  copyFileSync(join(repoRoot, 'assets', 'mcp', 'diseasome-memory.jsonl'), memoryFile);
  host = await startBrowserHost(join(dataDir, 'karate.mtx'), 60_000, {}, ['--memory-file', memoryFile, '--settings', join(dir, 'settings.json')]);
});
test.afterAll(async () => {
  await host?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const hook = <T,>(page: Page, fn: () => T) => page.evaluate(fn);

test('an MCP knowledge graph opens from the Sources panel and grows live as another client adds to it', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(host.url);
  await page.waitForFunction(() => (window.__forcelab?.framesApplied ?? 0) >= 1, null, { timeout: 30_000 });
  const row = page.getByTestId('mcp-server-memory');
  await expect(row).toHaveAttribute('data-status', 'idle');
  await expect(row).toContainText('server-memory');
  await row.getByRole('button', { name: 'Open graph' }).click();
  await expect.poll(() => hook(page, () => window.__forcelab!.graph?.nodeCount), { timeout: 30_000 }).toBe(1419);
  await expect(row).toHaveAttribute('data-status', 'live');
  await expect(row).toContainText('on screen');

  // Hold the layout still, then remember where every node is drawn.
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('pause')).toHaveText(/Resume/);
  await page.waitForTimeout(500);
  const before = await hook(page, () => Array.from({ length: 1419 }, (_, i) => window.__forcelab!.position(i)!));
  const edgesBefore = (await hook(page, () => window.__forcelab!.graph!.edgeCount))!;

  const require = createRequire(import.meta.url);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [require.resolve('@modelcontextprotocol/server-memory/dist/index.js')],
    env: { MEMORY_FILE_PATH: memoryFile },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', () => {});
  const other = new Client({ name: 'e2e-other-app', version: '1' });
  await other.connect(transport);
  try {
    await other.callTool({ name: 'create_entities', arguments: { entities: [{ name: 'ForceLab e2e gene', entityType: 'gene', observations: ['added by the e2e spec'] }] } });
    await other.callTool({ name: 'create_relations', arguments: { relations: [{ from: 'Alzheimer disease', to: 'ForceLab e2e gene', relationType: 'associated_gene' }] } });
    await expect.poll(() => hook(page, () => window.__forcelab!.graph!.nodeCount), { timeout: 20_000 }).toBe(1420);
    await expect.poll(() => hook(page, () => window.__forcelab!.graph!.edgeCount), { timeout: 20_000 }).toBe(edgesBefore + 1);
    // Not a reload: every node that was there is drawn exactly where it was.
    const after = await hook(page, () => Array.from({ length: 1419 }, (_, i) => window.__forcelab!.position(i)!));
    expect(after).toEqual(before);
    expect(await hook(page, () => window.__forcelab!.position(1419))).not.toBeNull();

    // Search goes to the server (observations match, which names alone would not).
    await page.getByRole('searchbox', { name: 'search nodes' }).fill('added by the e2e spec');
    await expect(page.getByTestId('search')).toContainText('ForceLab e2e gene');
    await expect(page.getByTestId('search')).toContainText('searched by memory');
  } finally {
    await other.close();
  }

  // Disconnect: the graph stays on screen, the row goes back to idle.
  await row.getByRole('button', { name: 'Disconnect' }).click();
  await expect(row).toHaveAttribute('data-status', 'idle');
  await expect(row).not.toContainText('on screen');
  expect(await hook(page, () => window.__forcelab!.graph!.nodeCount)).toBe(1420);
  await page.getByTestId('sources').screenshot({ path: test.info().outputPath('mcp-sources.png') });
  expect(errors).toEqual([]);
});

test('a server that cannot start shows as failed with its command, and the graph on screen stays', async ({ page }) => {
  await page.goto(host.url);
  await page.waitForFunction(() => (window.__forcelab?.framesApplied ?? 0) >= 1, null, { timeout: 30_000 });
  const graphBefore = await hook(page, () => window.__forcelab!.graph);
  await page.getByRole('button', { name: 'Add MCP server…' }).click();
  const form = page.getByTestId('mcp-add');
  await form.getByRole('textbox', { name: 'server name' }).fill('broken');
  await form.getByRole('textbox', { name: 'command or URL' }).fill('/nonexistent/forcelab-mcp --stdio');
  await form.getByRole('button', { name: 'Add' }).click();
  const row = page.getByTestId('mcp-server-broken');
  await expect(row).toHaveAttribute('data-status', 'idle');
  await row.getByRole('button', { name: 'Open graph' }).click();
  await expect(row).toHaveAttribute('data-status', 'failed');
  await expect(row).toContainText('/nonexistent/forcelab-mcp');
  await expect(page.getByTestId('error-banner')).toContainText('/nonexistent/forcelab-mcp');
  expect(await hook(page, () => window.__forcelab!.graph)).toEqual(graphBefore);
  await row.getByRole('button', { name: 'Remove' }).click();
  await expect(row).toHaveCount(0);
});
