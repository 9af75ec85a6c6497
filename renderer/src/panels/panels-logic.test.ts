import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../protocol/messages.js';
import { PARAM_BOUNDS } from '../../../protocol/switches.js';
import { figureLabel, formatBytes, formatFigure } from './format.js';
import { paramScale, SLIDER_STEPS, type NumericParam } from './param-scale.js';
import { figuresBySwitch } from './switch-figures.js';

describe('param sliders', () => {
  it('cover each parameter exactly from its minimum to its maximum and round-trip values', () => {
    for (const name of Object.keys(PARAM_BOUNDS) as NumericParam[]) {
      const [min, max] = PARAM_BOUNDS[name];
      const s = paramScale(name);
      expect(s.fromSlider(0)).toBe(min);
      expect(s.fromSlider(SLIDER_STEPS)).toBeCloseTo(max, 6);
      for (const p of [1, 250, 500, 999]) {
        const v = s.fromSlider(p);
        expect(v).toBeGreaterThanOrEqual(min);
        expect(v).toBeLessThanOrEqual(max);
        expect(Math.abs(s.toSlider(v) - p)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('gives wide ranges a log scale so everyday values are not crammed at one end', () => {
    const s = paramScale('repulsion'); // [0, 1e6]
    expect(s.toSlider(1)).toBeGreaterThan(200);
    expect(s.toSlider(1)).toBeLessThan(800);
    expect(paramScale('damping').toSlider(0.5)).toBe(SLIDER_STEPS / 2); // [0, 1] stays linear
  });
});

describe('switch figures', () => {
  it('groups each figure under its switch and keeps the unknown ones', () => {
    const stats: Extract<ServerMessage, { type: 'stats' }> = {
      type: 'stats',
      engine: { backend: 'cuda', iterations: 1, stepsPerSecond: 99, msPerStep: 3, energy: 1, temperature: 1, settled: false, figures: { allocationsPerStep: 4, gateSkipped: 7, labelMapMs: 0.2, somethingNew: 1 } },
      memory: { liveBytes: 2048, peakBytes: 4096, allocations: 9, frees: 3, buffers: {} },
      transport: { bytesPerFrame: 606, framesInFlight: 1, framesDropped: 2 },
    };
    const { bySwitch, other } = figuresBySwitch(stats, 12);
    expect(bySwitch.deviceMemory.map((f) => f.key)).toEqual(['allocationsPerStep', 'allocationsPerSecond', 'liveBytes', 'peakBytes']);
    expect(bySwitch.stabilityGate).toEqual([{ key: 'gateSkipped', value: 7 }, { key: 'stepsPerSecond', value: 99 }]);
    expect(bySwitch.labelCache).toEqual([{ key: 'labelMapMs', value: 0.2 }]);
    expect(bySwitch.frameQuantisation[0]).toEqual({ key: 'bytesPerFrame', value: 606 });
    expect(other).toEqual([{ key: 'somethingNew', value: 1 }]);
  });

  it('gives no figure to a switch the host does not implement', () => {
    const stats: Extract<ServerMessage, { type: 'stats' }> = {
      type: 'stats',
      engine: { backend: 'cpu', iterations: 1, stepsPerSecond: 1, msPerStep: 1, energy: 1, temperature: 1, settled: false, figures: { graphUploadMs: 2, mcpCalls: 3 } },
      memory: { liveBytes: 0, peakBytes: 0, allocations: 0, frees: 0, buffers: {} },
      transport: { bytesPerFrame: 0, framesInFlight: 0, framesDropped: 0 },
    };
    expect(figuresBySwitch(stats, null).bySwitch.graphMessages).toEqual([{ key: 'graphUploadMs', value: 2 }]);
    const live = ['deviceMemory', 'stabilityGate', 'frameQuantisation'] as const;
    const { bySwitch, other } = figuresBySwitch(stats, null, live);
    expect(bySwitch.graphMessages).toEqual([]);
    expect(bySwitch.mcpPool).toEqual([]);
    expect(other.map((f) => f.key)).toEqual(['graphUploadMs', 'mcpCalls']);
  });
});

describe('formatting', () => {
  it('formats figures by their names', () => {
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatFigure('peakBytes', 3 * 1024 * 1024)).toBe('3.00 MiB');
    expect(formatFigure('labelMapMs', 0.25)).toBe('0.250 ms');
    expect(formatFigure('cacheHitRate', 0.5)).toBe('50.0 %');
    expect(figureLabel('eventLoopDelayP99Ms')).toBe('event loop delay p99');
    expect(figureLabel('msPerStep')).toBe('time per step');
  });
});
