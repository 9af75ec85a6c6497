// Reads a screenshot of the canvas and counts pixels that are not the background: drawn nodes and edges.
import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';

/** The scene background (renderer/src/scene/GraphView.tsx BACKGROUND). */
export const BACKGROUND_RGB: [number, number, number] = [0x0b, 0x0f, 0x17];

export interface PixelCount {
  drawn: number;
  /** Pixels that are clearly coloured (not grey): node fills. */
  colourful: number;
  total: number;
}

/**
 * Counts within the middle of the canvas (10%..90% wide, 12%..88% high), so the toolbar and the stats
 * line drawn over the canvas edges are not counted as graph.
 */
export async function countDrawnPixels(page: Page): Promise<PixelCount> {
  const png = PNG.sync.read(await page.locator('canvas').first().screenshot());
  const [br, bg, bb] = BACKGROUND_RGB;
  let drawn = 0;
  let colourful = 0;
  let total = 0;
  for (let y = Math.floor(png.height * 0.12); y < png.height * 0.88; y++) {
    for (let x = Math.floor(png.width * 0.1); x < png.width * 0.9; x++) {
      const i = (y * png.width + x) * 4;
      const r = png.data[i], g = png.data[i + 1], b = png.data[i + 2];
      total++;
      if (Math.abs(r - br) + Math.abs(g - bg) + Math.abs(b - bb) > 30) drawn++;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 60) colourful++;
    }
  }
  return { drawn, colourful, total };
}

/**
 * Page coordinates of the middle of a drawn node: a pixel whose 7x7 neighbourhood is all strongly
 * coloured (edges are thin and greyish, so only node discs pass). Null when none is on screen.
 */
export async function findNodeOnScreen(page: Page): Promise<{ x: number; y: number } | null> {
  const canvas = page.locator('canvas').first();
  const box = await canvas.boundingBox();
  if (!box) return null;
  const png = PNG.sync.read(await canvas.screenshot());
  const scale = png.width / box.width;
  const colourful = (x: number, y: number) => {
    const i = (y * png.width + x) * 4;
    const r = png.data[i], g = png.data[i + 1], b = png.data[i + 2];
    return Math.max(r, g, b) - Math.min(r, g, b) > 60;
  };
  const R = 3;
  for (let y = Math.floor(png.height * 0.15); y < png.height * 0.85; y += 2) {
    for (let x = Math.floor(png.width * 0.1); x < png.width * 0.9; x += 2) {
      let all = true;
      for (let dy = -R; dy <= R && all; dy++) for (let dx = -R; dx <= R && all; dx++) all = colourful(x + dx, y + dy);
      if (all) return { x: box.x + x / scale, y: box.y + y / scale };
    }
  }
  return null;
}
