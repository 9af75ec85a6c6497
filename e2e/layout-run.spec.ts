// "Converge" in Chromium against the real browser host: the layout runs to convergence as a task in the Tasks
// panel (progress, what it is doing, elapsed time); cancel stops the layout where it is.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
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

test('Converge runs the layout as a task with progress; cancel stops it where it is; a run ends done', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(host.url);
  await page.waitForFunction(() => (window.__forcelab?.framesApplied ?? 0) >= 1, null, { timeout: 30_000 });
  const pause = page.getByTestId('pause');
  const layoutTask = page.locator('li.task', { hasText: 'to convergence' });

  // A layout that never cools and is never at rest, paused: the run must resume it and keep going until cancelled.
  await page.getByRole('slider', { name: 'cooling', exact: true }).fill('1000');
  await page.getByRole('slider', { name: 'stabilityThreshold', exact: true }).fill('0');
  await pause.click();
  await expect(pause).toHaveText(/Resume/);
  await page.getByTestId('run-layout').click();
  await expect(pause).toHaveText(/Pause/);
  await expect(page.getByTestId('run-layout')).toBeDisabled(); // one run at a time
  await expect(layoutTask.getByTestId('task-message')).toHaveText(/^iteration \d+, temperature /);
  await expect(layoutTask.getByTestId('task-time')).toBeVisible();
  await layoutTask.getByRole('button', { name: 'cancel' }).click();
  await expect(layoutTask.locator('.task-state')).toHaveText('cancelled');
  await expect(pause).toHaveText(/Resume/);
  const still = await page.evaluate(() => window.__forcelab!.samplePositions(8));
  await page.waitForTimeout(800);
  expect(await page.evaluate(() => window.__forcelab!.samplePositions(8))).toEqual(still);

  // The default schedule cools: a run ends done by itself, and the button is back.
  await page.getByRole('slider', { name: 'cooling', exact: true }).fill('980'); // 0.99
  await page.getByRole('slider', { name: 'stabilityThreshold', exact: true }).fill('111'); // 1e-5
  await page.getByTestId('run-layout').click();
  await expect(page.locator('li.task.done', { hasText: 'to convergence' })).toHaveCount(1, { timeout: 60_000 });
  await expect(page.getByTestId('run-layout')).toBeEnabled();
  expect(errors).toEqual([]);
});
