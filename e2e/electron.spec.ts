// The Electron shell, driven by Playwright's _electron. Skipped with one line where the Electron binary
// is not installed (it cannot be downloaded on every machine).
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { countDrawnPixels } from './canvas-pixels.js';
import { dataDir, repoRoot } from './paths.js';

/**
 * Where the electron package keeps its binary (the same lookup as its index.js). Not require('electron'):
 * on a missing binary that starts a download, which hangs or fails on an offline machine.
 */
function electronBinary(): string | null {
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(dir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist');
  const binary = join(base, name);
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const SKIP_REASON = 'Electron binary is missing (node_modules/electron/dist): Electron specs skipped';

test.describe('Electron shell', () => {
  // Skip inside the test, after one line of output, so the reason shows in the run's log.
  test.beforeEach(() => {
    if (binary) return;
    console.log(SKIP_REASON);
    test.skip(true, SKIP_REASON);
  });

  test('opens a window that draws a real graph over the MessagePort', async () => {
    const app = await electron.launch({
      executablePath: binary!,
      args: [repoRoot, join(dataDir, 'les-miserables.gexf')],
      cwd: repoRoot,
    });
    try {
      const page = await app.firstWindow();
      expect(await page.evaluate(() => window.forcelab?.host)).toBe('electron');
      await page.waitForFunction(() => (window.__forcelab?.framesApplied ?? 0) > 0, null, { timeout: 60_000 });
      expect(await page.evaluate(() => window.__forcelab!.graph?.nodeCount)).toBe(77);
      const before = await page.evaluate(() => window.__forcelab!.samplePositions(8));
      await page.getByRole('button', { name: 'Reheat' }).click();
      const applied = await page.evaluate(() => window.__forcelab!.framesApplied);
      await page.waitForFunction((n) => window.__forcelab!.framesApplied >= n + 3, applied, { timeout: 30_000 });
      expect(await page.evaluate(() => window.__forcelab!.samplePositions(8))).not.toEqual(before);
      await expect.poll(async () => (await countDrawnPixels(page)).drawn, { timeout: 20_000 }).toBeGreaterThan(1500);
    } finally {
      await app.close();
    }
  });
});
