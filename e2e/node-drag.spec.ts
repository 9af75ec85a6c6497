// Dragging nodes in Chromium against the real browser host: a dropped node stays pinned where it was dropped
// while the rest of the layout moves, shows a pin ring, and moves again once unpinned.
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { startBrowserHost, type HostProcess } from './browser-host-process.js';
import { dataDir } from './paths.js';

const GRAPH = join(dataDir, 'les-miserables.gexf');

let host: HostProcess;
test.beforeAll(async () => {
  host = await startBrowserHost(GRAPH);
});
test.afterAll(async () => {
  await host?.stop();
});

type Point = { x: number; y: number };
const hook = <T,>(page: Page, fn: () => T) => page.evaluate(fn);
const screenOf = (page: Page, node: number) => page.evaluate((i) => window.__forcelab!.screenPosition(i), node);
const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

async function openApp(page: Page): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(host.url);
  await page.waitForFunction(() => (window.__forcelab?.framesApplied ?? 0) >= 1, null, { timeout: 30_000 });
  await expect(page.getByRole('searchbox', { name: 'search nodes' })).toBeEnabled(); // names: edits need ids
  expect(errors).toEqual([]);
}

/** A node well inside the canvas with no other node within 25 px, and a drop spot 90 px further out. */
async function pickNodeAndDrop(page: Page): Promise<{ node: number; from: Point; to: Point }> {
  const box = (await page.locator('canvas').boundingBox())!;
  const spots = await page.evaluate(() => {
    const n = window.__forcelab!.graph!.nodeCount;
    return Array.from({ length: n }, (_, i) => window.__forcelab!.screenPosition(i)!);
  });
  const centre = { x: spots.reduce((s, p) => s + p.x, 0) / spots.length, y: spots.reduce((s, p) => s + p.y, 0) / spots.length };
  const inside = (p: Point) => p.x > box.x + 0.2 * box.width && p.x < box.x + 0.8 * box.width && p.y > box.y + 0.2 * box.height && p.y < box.y + 0.8 * box.height;
  for (let i = 0; i < spots.length; i++) {
    const p = spots[i]!;
    if (!inside(p) || spots.some((q, j) => j !== i && distance(p, q) < 25)) continue;
    const away = { x: p.x - centre.x, y: p.y - centre.y };
    const len = Math.hypot(away.x, away.y) || 1;
    const to = { x: p.x + (90 * away.x) / len, y: p.y + (90 * away.y) / len };
    if (inside(to) && spots.every((q) => distance(q, to) > 30)) return { node: i, from: p, to };
  }
  throw new Error('no isolated node on screen to drag');
}

/** Pixels of the pin ring's colour (pale cyan; no node, edge or the selection ring has it) near a point. */
async function pinRingPixels(page: Page, at: Point): Promise<number> {
  const png = PNG.sync.read(await page.screenshot({ clip: { x: at.x - 75, y: at.y - 75, width: 150, height: 150 } }));
  let count = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const r = png.data[i]!, g = png.data[i + 1]!, b = png.data[i + 2]!;
    if (g > 235 && b > 235 && r > 160 && r < 225) count++;
  }
  return count;
}

async function pauseAndSettleCamera(page: Page): Promise<void> {
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('stats-line')).toContainText('paused');
  await page.waitForTimeout(700); // the camera's fit glide ends
}

async function drag(page: Page, from: Point, to: Point): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

test('a dragged node stays where it was dropped, ringed, while the others move; unpinned it moves again', async ({ page }) => {
  await openApp(page);
  await pauseAndSettleCamera(page);
  const { node, from, to } = await pickNodeAndDrop(page);
  expect(await pinRingPixels(page, from), 'no ring before').toBe(0);
  const cameraBefore = await screenOf(page, (node + 1) % 77);

  await drag(page, from, to);
  await expect.poll(() => page.evaluate((i) => window.__forcelab!.isPinned(i), node)).toBe(true);
  expect(await hook(page, () => window.__forcelab!.pinnedCount)).toBe(1);
  // Dragging a node did not orbit the camera: another (paused) node is where it was on screen.
  expect(distance((await screenOf(page, (node + 1) % 77))!, cameraBefore!)).toBeLessThan(2);
  await expect.poll(async () => distance((await screenOf(page, node))!, to), { message: 'dropped under the pointer' }).toBeLessThan(3);

  // Running again (the pin reheated the layout): the others move, the pinned node does not.
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('pause')).toHaveText(/Pause/);
  // Longer springs spread the whole layout for seconds: every other node moves, the pinned one must not.
  await page.getByRole('slider', { name: 'springLength', exact: true }).fill('580');
  let others = await hook(page, () => window.__forcelab!.samplePositions(20));
  let othersMoved = 0;
  for (let k = 0; k < 6; k++) {
    const frames = await hook(page, () => window.__forcelab!.framesApplied);
    await page.waitForFunction((f) => window.__forcelab!.framesApplied > f, frames, { timeout: 2_000 }).catch(() => {});
    await page.waitForTimeout(150);
    expect(distance((await screenOf(page, node))!, to), `pinned node on screen, sample ${k}`).toBeLessThan(3);
    const now = await hook(page, () => window.__forcelab!.samplePositions(20));
    if (JSON.stringify(now) !== JSON.stringify(others)) othersMoved++;
    others = now;
  }
  expect(othersMoved, 'the rest of the layout moved meanwhile').toBeGreaterThanOrEqual(4);
  expect(await pinRingPixels(page, to), 'a pin ring at the dropped node').toBeGreaterThan(20);
  await page.screenshot({ path: test.info().outputPath('pinned.png') });

  // Double-click unpins: the ring goes and the node is pulled back toward its neighbours.
  await page.mouse.dblclick(to.x, to.y);
  await expect.poll(() => hook(page, () => window.__forcelab!.pinnedCount)).toBe(0);
  await expect.poll(async () => distance((await screenOf(page, node))!, to), { timeout: 20_000 }).toBeGreaterThan(15);
  await expect.poll(() => pinRingPixels(page, to)).toBe(0);
  await page.getByRole('slider', { name: 'springLength', exact: true }).fill('500'); // back to 1 for the next spec
});

test('Unpin all releases every pinned node, U the selected one; Delete removes the selected node from the graph on screen', async ({ page }) => {
  await openApp(page);
  await pauseAndSettleCamera(page);
  const { node, from, to } = await pickNodeAndDrop(page);
  const unpinAll = page.getByTestId('unpin-all');
  await expect(unpinAll).toBeDisabled();
  await drag(page, from, to);
  await expect.poll(() => hook(page, () => window.__forcelab!.pinnedCount)).toBe(1);
  await unpinAll.click();
  await expect.poll(() => hook(page, () => window.__forcelab!.pinnedCount)).toBe(0);
  await expect(unpinAll).toBeDisabled();

  // U unpins the selected node: drag it back (pinned again), select it, press U.
  await drag(page, to, from);
  await expect.poll(() => hook(page, () => window.__forcelab!.pinnedCount)).toBe(1);
  await page.mouse.click(from.x, from.y);
  await expect(page.getByTestId('inspector-node')).toContainText(`node #${node}`);
  await page.keyboard.press('u');
  await expect.poll(() => hook(page, () => window.__forcelab!.pinnedCount)).toBe(0);
  await expect(unpinAll).toBeDisabled();

  // Select the node (a click), then Delete: the store removes it and the window applies the delta in place.
  const before = (await hook(page, () => window.__forcelab!.graph))!;
  await page.mouse.click(from.x, from.y);
  await expect(page.getByTestId('inspector-node')).toContainText(`node #${node}`);
  await page.keyboard.press('Delete');
  await expect.poll(() => hook(page, () => window.__forcelab!.graph!.nodeCount)).toBe(before.nodeCount - 1);
  // Its edges went with it; the selection went too; nothing was said to be wrong.
  expect((await hook(page, () => window.__forcelab!.graph))!.edgeCount).toBeLessThan(before.edgeCount);
  await expect(page.getByTestId('inspector-node')).toHaveCount(0);
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
  const framesBefore = await hook(page, () => window.__forcelab!.framesApplied);
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('pause')).toHaveText(/Pause/);
  // The layout goes on with the smaller graph: frames keep coming.
  await expect.poll(() => hook(page, () => window.__forcelab!.framesApplied)).toBeGreaterThan(framesBefore);
});
