import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../protocol/messages.js';
import { PARAM_BOUNDS } from '../../../protocol/switches.js';
import { formatBytes } from './format.js';
import { readSummary } from './graph-read.js';
import { paramScale, SLIDER_STEPS, type NumericParam } from './param-scale.js';
import { figuresOf, formatFigure } from './switch-figures.js';
import { parseServerSpec, splitCommandLine } from './mcp-server-spec.js';

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
  const stats = (figures: Extract<ServerMessage, { type: 'stats' }>['figures']): Extract<ServerMessage, { type: 'stats' }> => ({
    type: 'stats',
    engine: { backend: 'cuda', iterations: 1, stepsPerSecond: 99, msPerStep: 3, energy: 1, temperature: 1, settled: false },
    memory: { liveBytes: 2048, peakBytes: 4096, allocations: 9, frees: 3, buffers: {} },
    transport: { bytesPerFrame: 606, framesInFlight: 1, framesDropped: 2 },
    figures,
  });

  it('lists a group in the order the table declares, with its labels and units', () => {
    const s = stats({ deviceMemory: { allocationsPerSecond: 12, allocationsPerStep: 4 }, stabilityGate: { stepsPerSecond: 99, gateSkipped: 7 } });
    expect(figuresOf(s, 'deviceMemory').map((f) => [f.spec.key, f.value])).toEqual([['allocationsPerStep', 4], ['allocationsPerSecond', 12]]);
    const gate = figuresOf(s, 'stabilityGate');
    expect(gate.map((f) => f.spec.label)).toEqual(['steps skipped', 'steps / s']);
    expect(gate.map((f) => formatFigure(f.spec, f.value))).toEqual(['7', '99 /s']);
  });

  it('shows nothing for a group the stats do not carry and ignores keys the table does not declare', () => {
    const s = stats({ labelCache: { labelMapMs: 0.25, somethingNew: 1 } });
    expect(figuresOf(s, 'graphMessages')).toEqual([]);
    expect(figuresOf(s, 'labelCache').map((f) => f.spec.key)).toEqual(['labelMapMs']);
    expect(formatFigure(figuresOf(s, 'labelCache')[0]!.spec, 0.25)).toBe('0.250 ms');
    expect(figuresOf(null, 'general')).toEqual([]);
  });
});

describe('formatting', () => {
  it('formats bytes in binary units', () => {
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.00 MiB');
  });
});

describe('adding an MCP server', () => {
  it('reads a URL as Streamable HTTP and anything else as a command line split like a shell, quotes kept together', () => {
    expect(parseServerSpec('kg', ' https://example.org/mcp ')).toEqual({ transport: 'http', name: 'kg', url: 'https://example.org/mcp' });
    expect(parseServerSpec('mem', `npx -y "@scope/server memory" --file '/tmp/a b.json' ""`)).toEqual({
      transport: 'stdio',
      name: 'mem',
      command: 'npx',
      args: ['-y', '@scope/server memory', '--file', '/tmp/a b.json', ''],
    });
  });

  it('says what is wrong: no name, nothing to run, a bad name, an unclosed quote', () => {
    expect(() => parseServerSpec(' ', 'npx x')).toThrow(/needs a name/);
    expect(() => parseServerSpec('a', '  ')).toThrow(/give a command or an http\(s\) URL/);
    expect(() => parseServerSpec('a b', 'npx x')).toThrow(/server name: letters, digits/);
    expect(() => splitCommandLine('node "server.js')).toThrow(/unclosed "/);
  });
});

describe('the graph as read', () => {
  it('names the counts that are not zero', () => {
    expect(readSummary({ edges: 362, directed: true, selfLoops: 0, duplicateEdges: 9, isolated: 16, components: 17 })).toBe('as read: 362 edge records, directed, 9 duplicates merged, 16 isolated, 17 components');
    expect(readSummary({ edges: 1, directed: false, selfLoops: 2, duplicateEdges: 0, isolated: 0, components: 1 })).toBe('as read: 1 edge record, undirected, 2 self-loops dropped, 1 component');
  });
});
