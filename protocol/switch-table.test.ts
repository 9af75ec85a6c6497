import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SWITCHES,
  ENGINE_SWITCHES,
  GENERAL_FIGURES,
  groupFigures,
  LIVE_SWITCHES,
  SWITCH_NAMES,
  SWITCH_TABLE,
} from './switch-table.js';

describe('the switch table', () => {
  it('names each switch and each figure once', () => {
    expect(new Set(SWITCH_NAMES).size).toBe(SWITCH_TABLE.length);
    const keys = [...SWITCH_TABLE.flatMap((s) => s.figures.map((f) => f.key)), ...GENERAL_FIGURES.map((f) => f.key)];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('says for every switch what on and off do and shows it by at least one figure', () => {
    for (const s of SWITCH_TABLE) {
      expect(s.on.length, s.id).toBeGreaterThan(5);
      expect(s.off.length, s.id).toBeGreaterThan(5);
      expect(s.on).not.toBe(s.off);
      expect(s.figures.length, s.id).toBeGreaterThan(0);
      for (const f of s.figures) expect(f.meaning.length, f.key).toBeGreaterThan(10);
    }
  });

  it('reports a switch with nothing behind it as off, and never lists it as live', () => {
    const unwired = SWITCH_TABLE.filter((s) => 'landsWith' in s).map((s) => s.id);
    expect(unwired.length).toBeGreaterThan(0);
    for (const id of unwired) {
      expect(DEFAULT_SWITCHES[id]).toBe(false);
      expect(LIVE_SWITCHES).not.toContain(id);
    }
    for (const id of LIVE_SWITCHES) expect(DEFAULT_SWITCHES[id]).toBe(true);
    expect(ENGINE_SWITCHES).toEqual(SWITCH_TABLE.filter((s) => s.layer === 'engine').map((s) => s.id));
  });

  it('groups flat figures under the switch that declares them and refuses an undeclared one', () => {
    expect(groupFigures({ gateSkipped: 3, phaseTreeMs: 1, bytesPerFrame: 9 })).toEqual({
      stabilityGate: { gateSkipped: 3 },
      general: { phaseTreeMs: 1 },
      frameQuantisation: { bytesPerFrame: 9 },
    });
    expect(() => groupFigures({ blockMs: 1 })).toThrow(/figure blockMs is not declared/);
  });
});
