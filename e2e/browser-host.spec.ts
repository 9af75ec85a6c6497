// The app in Chromium against the real browser host, on a real graph.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startBrowserHost, type HostProcess } from './browser-host-process.js';
import { countDrawnPixels, findNodeOnScreen } from './canvas-pixels.js';
import { dataDir } from './paths.js';

const GRAPH = join(dataDir, 'les-miserables.gexf'); // 77 characters, 254 co-appearances
const NODES = 77;

let host: HostProcess;

test.beforeAll(async () => {
  host = await startBrowserHost(GRAPH);
});

test.afterAll(async () => {
  await host?.stop();
});

/** Waits until the window has drawn at least `n` more frames than it had. */
async function waitForFrames(page: Page, n: number): Promise<number> {
  const start = await page.evaluate(() => window.__forcelab?.framesApplied ?? 0);
  await page.waitForFunction((target) => (window.__forcelab?.framesApplied ?? 0) >= target, start + n, { timeout: 30_000 });
  return page.evaluate(() => window.__forcelab!.framesApplied);
}

/** Moves a parameter slider to a position (0..1000) as a drag would. */
async function setSlider(page: Page, name: string, position: number): Promise<void> {
  await page.getByRole('slider', { name, exact: true }).fill(String(position));
}

async function openApp(page: Page): Promise<void> {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(host.url);
  // At least one frame, whenever it came: a settled layout sends no more until something changes.
  await page.waitForFunction(() => (window.__forcelab?.framesApplied ?? 0) >= 1, null, { timeout: 30_000 });
  expect(pageErrors, 'uncaught errors in the page').toEqual([]);
}

test('draws the graph the host serves and keeps moving it', async ({ page }) => {
  await openApp(page);
  expect(await page.evaluate(() => window.__forcelab!.graph)).toEqual({ nodeCount: NODES, edgeCount: expect.any(Number) });
  await expect(page.getByTestId('current-graph')).toContainText(`${NODES} nodes`);

  // Longer springs: the engine must take the parameter and the layout must spread out, frame by frame.
  const spread = (points: number[][]) => Math.max(...points.map((p) => Math.hypot(p[0], p[1], p[2])));
  const before = await page.evaluate(() => window.__forcelab!.samplePositions(20));
  expect(before).toHaveLength(20);
  await setSlider(page, 'springLength', 600); // log scale over [1e-6, 1e6]: position 600 is ~16
  await expect(page.getByText('springLength').locator('..')).toContainText('15.8');
  await waitForFrames(page, 5);
  const during = await page.evaluate(() => window.__forcelab!.samplePositions(20));
  await waitForFrames(page, 5);
  const later = await page.evaluate(() => window.__forcelab!.samplePositions(20));
  expect(during).not.toEqual(before);
  expect(later).not.toEqual(during);
  for (const p of later) for (const v of p) expect(Number.isFinite(v)).toBe(true);
  await expect.poll(async () => spread(await page.evaluate(() => window.__forcelab!.samplePositions(20))), { timeout: 30_000 }).toBeGreaterThan(spread(before) * 2);

  // Nodes are on screen: many pixels differ from the background, and some are node colours.
  await expect
    .poll(async () => (await countDrawnPixels(page)).drawn, { message: 'pixels drawn over the background', timeout: 20_000 })
    .toBeGreaterThan(1500);
  expect((await countDrawnPixels(page)).colourful).toBeGreaterThan(300);

  // The live panels are filled from the host's stats.
  await expect(page.getByTestId('stats-line')).toContainText(/backend (cpu|cuda)/);
  await expect(page.getByTestId('memory')).toContainText(/live \d/);
  await page.screenshot({ path: test.info().outputPath('app.png') });
  await setSlider(page, 'springLength', 500); // back to 1 for the other specs (the host is shared)
  await expect(page.getByText('springLength').locator('..')).toContainText(/springLength\s*1$/);
});

test('the settled badge shows only while the layout is still, and fps says idle then', async ({ page }) => {
  await openApp(page);
  const line = page.getByTestId('stats-line');
  await expect(line.locator('.badge.calm')).toHaveText('settled', { timeout: 60_000 });
  await expect(line).toContainText(/steps\/s 0(?!\.)/);
  await expect(line).toContainText('fps idle');
  // Reheat: it moves again, and the badge goes while it does.
  await page.getByRole('button', { name: 'Reheat' }).click();
  await expect(line).toContainText(/steps\/s [1-9]/);
  await expect(line.locator('.badge.calm')).toHaveCount(0);
});

test('2D flattens the layout onto z = 0', async ({ page }) => {
  await openApp(page);
  const maxAbsZ = () => page.evaluate(() => Math.max(...window.__forcelab!.samplePositions(40).map((p) => Math.abs(p[2]))));
  expect(await maxAbsZ()).toBeGreaterThan(1e-3); // 3D to begin with
  await page.getByRole('button', { name: '2D' }).click();
  await expect(page.getByRole('button', { name: '2D' })).toHaveClass(/active/);
  await expect.poll(maxAbsZ, { timeout: 30_000 }).toBeLessThan(1e-3);
  await page.getByRole('button', { name: '3D' }).click();
  await expect(page.getByRole('button', { name: '3D' })).toHaveClass(/active/);
});

test('pause holds the layout still, resume lets it move again', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('pause')).toHaveText(/Resume/);
  await expect(page.getByTestId('stats-line')).toContainText('paused');
  const paused = await page.evaluate(() => window.__forcelab!.samplePositions(8));
  // A change that would move every node: nothing moves while paused.
  await setSlider(page, 'springLength', 600);
  await page.waitForTimeout(1500);
  expect(await page.evaluate(() => window.__forcelab!.samplePositions(8))).toEqual(paused);
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('pause')).toHaveText(/Pause/);
  await waitForFrames(page, 3);
  expect(await page.evaluate(() => window.__forcelab!.samplePositions(8))).not.toEqual(paused);
  await setSlider(page, 'springLength', 500);
});

test('clicking a node opens it in the inspector', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('stats-line')).toContainText('paused');
  await page.waitForTimeout(500); // the camera glide settles
  const spot = await findNodeOnScreen(page);
  expect(spot, 'a node disc on screen').not.toBeNull();
  await page.mouse.click(spot!.x, spot!.y);
  const inspector = page.getByTestId('inspector-node');
  await expect(inspector).toContainText(/node #\d+/);
  await expect(inspector).toContainText(/degree\s*\d+/);
  await inspector.getByRole('button', { name: 'clear' }).click();
  await expect(inspector).toHaveCount(0);
  await page.getByTestId('pause').click();
});

test('searching a name selects that node, names it in the inspector and brings it into view', async ({ page }) => {
  await openApp(page);
  const search = page.getByRole('searchbox', { name: 'search nodes' });
  await expect(search).toBeEnabled(); // the host's node names have arrived
  await search.fill('valj');
  await expect(page.getByTestId('search-count')).toHaveText('1 match');
  await search.fill('VALJEAN');
  await search.press('Enter');
  const inspector = page.getByTestId('inspector-node');
  await expect(page.getByTestId('inspector-name')).toHaveText('Valjean');
  await expect(inspector).toContainText(/degree\s*36/); // Valjean co-appears with 36 characters
  // Neighbours are named too; picking one moves the inspector to it.
  await inspector.getByRole('button', { name: 'Javert', exact: true }).click();
  await expect(page.getByTestId('inspector-name')).toHaveText('Javert');
  // The camera flies to a found node: once it arrives, the node under the canvas centre is that one
  // (the hover tooltip names it). Paused, so the node stays where the camera went.
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('stats-line')).toContainText('paused');
  await search.fill('Gavroche');
  await page.getByRole('listbox', { name: 'search results' }).getByRole('option', { name: /Gavroche/ }).click();
  await expect(page.getByTestId('inspector-name')).toHaveText('Gavroche');
  const box = (await page.locator('canvas').boundingBox())!;
  await expect
    .poll(async () => {
      await page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const tip = page.getByTestId('node-tooltip');
      return (await tip.count()) ? tip.textContent() : null;
    }, { timeout: 10_000 })
    .toBe('Gavroche');
  await page.screenshot({ path: test.info().outputPath('search.png') });
  // A wide query lists at most 50 results and says how many matched in all.
  await search.fill('e');
  await expect(page.getByTestId('search-count')).toHaveText(/^first 50 of \d+ matches$/);
  await expect(page.getByRole('listbox', { name: 'search results' }).getByRole('option')).toHaveCount(50);
  await page.getByTestId('inspector-node').getByRole('button', { name: 'clear' }).click();
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('pause')).toHaveText(/Pause/);
});

test('switches the host does not implement are shown disabled, saying what brings them', async ({ page }) => {
  await openApp(page);
  for (const [name, title, landsWith] of [['labelCache', 'Label cache', 'communities recoloured while the layout runs']]) {
    const row = page.getByTestId(`switch-${name}`);
    await expect(row.getByRole('switch', { name: title })).toBeDisabled();
    await expect(row.getByRole('switch', { name: title })).not.toBeChecked();
    await expect(row).toContainText(`not wired yet: lands with ${landsWith}`);
  }
  // A working one stays a working toggle.
  await expect(page.getByTestId('switch-frameQuantisation').getByRole('switch', { name: 'Frame quantisation' })).toBeEnabled();
  await expect(page.getByTestId('switch-mcpPool').getByRole('switch', { name: 'MCP pool' })).toBeEnabled();
  await page.getByTestId('switch-labelCache').scrollIntoViewIfNeeded();
  await page.getByTestId('switches').screenshot({ path: test.info().outputPath('switches.png') });
});

test('a malformed file shows an error naming the line, and the graph stays', async ({ page }) => {
  await openApp(page);
  const graphBefore = await page.evaluate(() => window.__forcelab!.graph);
  await page.getByTestId('open-file').setInputFiles({
    name: 'broken.mtx',
    mimeType: 'text/plain',
    buffer: Buffer.from('%%MatrixMarket matrix coordinate pattern symmetric\n3 3 2\n2 1\n3 x\n'),
  });
  const banner = page.getByTestId('error-banner');
  await expect(banner).toContainText('line 4');
  await expect(banner).toContainText('broken.mtx');
  await expect(page.getByTestId('tasks')).toContainText('failed');
  await expect(banner.locator('.error'), 'one note for one problem').toHaveCount(1);
  expect(await page.evaluate(() => window.__forcelab!.graph)).toEqual(graphBefore);
  await expect(page.getByTestId('current-graph')).toContainText('les-miserables');
  // The graph is still drawn, and the banner goes away when dismissed.
  expect((await countDrawnPixels(page)).drawn).toBeGreaterThan(1500);
  await banner.getByRole('button', { name: 'dismiss' }).click();
  await expect(banner).toHaveCount(0);
});

test('a wrong token is refused', async ({ page }) => {
  const wrong = new URL(host.url);
  wrong.searchParams.set('token', 'not-the-token');
  await page.goto(wrong.href);
  await expect(page.getByTestId('connection-refused')).toContainText(/refused/i);
  expect(await page.evaluate(() => window.__forcelab?.framesApplied ?? 0)).toBe(0);

  // And at the protocol level: the upgrade itself is rejected.
  const wsUrl = new URL(host.url);
  wsUrl.protocol = 'ws:';
  wsUrl.pathname = '/ws';
  wsUrl.searchParams.set('token', 'not-the-token');
  const status = await new Promise<number | string>((resolve) => {
    const ws = new WebSocket(wsUrl.href);
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      resolve('opened');
    });
    ws.on('error', (e) => resolve(e.message));
  });
  expect(status).toBe(401);
});

test('opening a sample replaces the graph on screen', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('sources').getByRole('button', { name: 'karate', exact: true }).click();
  await expect.poll(() => page.evaluate(() => window.__forcelab!.graph?.nodeCount), { timeout: 30_000 }).toBe(34);
  await expect(page.getByTestId('current-graph')).toContainText('34 nodes');
  // What the file held, as read: karate.mtx stores each of its 78 friendships once.
  await expect(page.getByTestId('graph-read')).toHaveText('as read: 78 edge records, undirected, 1 component');
  await expect(page.getByTestId('tasks')).toContainText('done');
  // An ended task says how long it took.
  await expect(page.getByTestId('tasks').locator('.task.done').first().getByTestId('task-time')).toHaveText(/^\d+(\.\d)? (ms|s)$|min/);
  await page.waitForFunction(() => window.__forcelab!.samplePositions(1).length === 1, null, { timeout: 30_000 });
  await expect.poll(async () => (await countDrawnPixels(page)).drawn, { timeout: 20_000 }).toBeGreaterThan(800);
  // Back to the graph the other specs expect (the host is shared).
  await page.getByTestId('sources').getByRole('button', { name: 'les-miserables', exact: true }).click();
  await expect.poll(() => page.evaluate(() => window.__forcelab!.graph?.nodeCount), { timeout: 30_000 }).toBe(NODES);
});

test('Export saves the graph on screen as a download that reads back with its positions', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('stats-line')).toContainText('paused');
  await page.getByRole('combobox', { name: 'export format' }).selectOption('gexf');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-button').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('les-miserables.gexf');
  const text = readFileSync((await file.path())!, 'utf8');
  expect(text.match(/<node /g)?.length).toBe(NODES);
  expect(text.match(/<edge /g)?.length).toBe(254);
  // Where the window draws node 0 (paused: the host's positions and the window's are the same frame).
  const [p0] = await page.evaluate(() => window.__forcelab!.samplePositions(1));
  const written = Number(/<node [^>]*>.*?<viz:position x="([^"]+)"/.exec(text)![1]);
  // The window's frames may be quantised to 16 bits of the layout's extent; the file holds the float32 itself.
  expect(Math.abs(written - p0![0])).toBeLessThan(1e-2 * Math.max(1, Math.abs(p0![0])));
  await expect(page.locator('li.task.done', { hasText: /^Exporting les-miserables.* as GEXF/ })).toHaveCount(1);
  // A picture of the view: a PNG of the canvas at its drawn size, with the graph in it (not one flat colour).
  const pictureDownload = page.waitForEvent('download');
  await page.getByTestId('picture-button').click();
  const picture = await pictureDownload;
  expect(picture.suggestedFilename()).toBe('les-miserables.png');
  const png = readFileSync((await picture.path())!);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  const canvas = await page.locator('canvas').evaluate((c: HTMLCanvasElement) => [c.width, c.height]);
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual(canvas);
  const colours = await page.evaluate(async (bytes) => {
    const img = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
    const c = new OffscreenCanvas(img.width, img.height);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, img.width, img.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4 * 97) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  }, Array.from(png));
  expect(colours, 'the picture shows the graph, not a blank canvas').toBeGreaterThan(5);
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('pause')).toHaveText(/Pause/);
});
