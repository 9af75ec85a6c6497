// The app in Chromium with the engine on its CUDA backend: the browser host runs on the CUDA emulator build
// (native/cuda/emu, FORCELAB_ADDON), so the window's CUDA paths (the backend shown, the device's free memory,
// the device buffers, the device phase times) are exercised on machines without a GPU.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { startBrowserHost, type HostProcess } from './browser-host-process.js';
import { countDrawnPixels } from './canvas-pixels.js';
import { dataDir, repoRoot } from './paths.js';

let host: HostProcess;

test.beforeAll(async () => {
  host = await startBrowserHost(join(dataDir, 'les-miserables.gexf'), 60_000, {
    FORCELAB_ADDON: join(repoRoot, 'build-cuda-emu', 'build', 'Release', 'forcelab.node'),
  });
});

test.afterAll(async () => {
  await host?.stop();
});

test('on the CUDA backend the window shows the device, its memory and the device buffers', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(host.url);
  await page.waitForFunction(() => (window.__forcelab?.framesApplied ?? 0) >= 1, null, { timeout: 30_000 });
  expect(pageErrors, 'uncaught errors in the page').toEqual([]);

  await expect(page.getByTestId('stats-line')).toContainText('backend cuda', { timeout: 20_000 });
  const memory = page.getByTestId('memory');
  await expect(page.getByTestId('memory-kind')).toHaveText('GPU device memory and pinned host buffers of the CUDA backend');
  await expect(memory).toContainText(/device free\s*[\d.]+ \w*B of 16(\.0)? GiB/); // the emulated device's 16 GiB
  await expect(memory).toContainText(/cuda\.tree\.\w+\s*[\d.]+ \w*B/); // the device's buffers, by name and size
  await expect(page.getByTestId('figures-general').locator('[data-figure="phaseRepulsionMs"]')).toContainText(/repulsion\s*[\d.]+ ms/);
  await expect
    .poll(async () => (await countDrawnPixels(page)).drawn, { message: 'pixels drawn over the background', timeout: 20_000 })
    .toBeGreaterThan(1500);
  await page.screenshot({ path: test.info().outputPath('cuda.png') });
});
