// Time to a quality target, the target itself, ratios and the target checks.
import { describe, expect, it } from 'vitest';
import { timeToTarget, chooseNpTarget, applyNpTarget, ratios, checkTargets, median, type EngineSummary } from './summarise.mjs';
import { parseOptions } from './cli-options.mjs';

function summary(id: string, msPerIter: number, np: number, extra: Partial<EngineSummary> = {}): EngineSummary {
  return {
    id, label: id, dims: 3, settings: '', iterations: 300, plannedIterations: 300, stoppedByBudget: false, msPerIter, msPerIterRounds: [msPerIter],
    timeToTargetMs: null, quality: { neighbourhoodPreservation: np, edgeLengthCv: 0.3, stress: 0.1 }, peakRssBytes: 1, layoutRssBytes: 1,
    setupMs: 1, figures: {}, snapshots: [], ...extra,
  };
}

describe('timeToTarget', () => {
  const snapshots = [{ stepMs: 0, np: 0.1 }, { stepMs: 100, np: 0.3 }, { stepMs: 200, np: 0.5 }];
  it('interpolates between the snapshots around the crossing', () => {
    expect(timeToTarget(snapshots, 0.4)).toBeCloseTo(150, 9);
    expect(timeToTarget(snapshots, 0.3)).toBe(100);
  });
  it('is 0 when the start already meets the target and null when it is never met', () => {
    expect(timeToTarget(snapshots, 0.05)).toBe(0);
    expect(timeToTarget(snapshots, 0.6)).toBeNull();
  });
});

describe('applyNpTarget', () => {
  it('reports no time when there is no target (no engine finished its iterations)', () => {
    const s = summary('d3', 1, 0.1);
    const run = { snapshots: [{ iteration: 0, stepMs: 0, np: 0.1 }] } as never;
    applyNpTarget(s, [run], NaN);
    expect(s.timeToTargetMs).toBeNull();
    applyNpTarget(s, [run], 0.05);
    expect(s.timeToTargetMs).toBe(0);
  });
});

describe('chooseNpTarget', () => {
  it('takes 0.9 x the median final NP among engines that ran every iteration', () => {
    const engines = [summary('a', 1, 0.5), summary('b', 1, 0.4), summary('c', 1, 0.02), summary('slow', 1, 0.1, { stoppedByBudget: true })];
    expect(chooseNpTarget(engines, undefined)).toBeCloseTo(0.36, 9);
    expect(chooseNpTarget(engines, 0.25)).toBe(0.25);
  });
});

describe('ratios and targets', () => {
  const hep = { forcelab: summary('forcelab', 5, 0.5, { timeToTargetMs: 100 }), d3: summary('d3', 150, 0.45, { timeToTargetMs: 4000 }), fa2: summary('fa2', 30, 0.5) };
  it('divides the peer time by ours', () => {
    const r = ratios(hep);
    const d3 = r.find((x) => x.peer === 'd3')!;
    expect(d3.perIteration).toBeCloseTo(30, 9);
    expect(d3.toTarget).toBeCloseTo(40, 9);
    expect(r.find((x) => x.peer === 'fa2' && x.ours === 'forcelab')!.toTarget).toBeNull();
  });
  it('checks the issue targets against the measured figures', () => {
    const checks = checkTargets({ 'ca-HepTh': { engines: hep }, 'dblp-2010': { engines: { forcelab: summary('forcelab', 260, 0.3) } } });
    const byText = (s: string) => checks.find((c) => c.text.includes(s))!;
    expect(byText('20x faster').holds).toBe(true);
    expect(byText('(3D) >= 8x').holds).toBe(false); // 30 / 5 = 6x
    expect(byText('ForceLab 2D').holds).toBeNull();
    expect(byText('quality').holds).toBe(true);
    expect(byText('250 ms').holds).toBe(false);
  });
  it('compares quality at the last common snapshot when d3 stopped early', () => {
    const snaps = (nps: number[]) => nps.map((np, k) => ({ iteration: 10 * k, stepMs: k, np }));
    const engines = {
      forcelab: summary('forcelab', 5, 0.5, { snapshots: snaps([0.01, 0.2, 0.3, 0.4]) }),
      d3: summary('d3', 150, 0.45, { iterations: 25, stoppedByBudget: true, snapshots: [...snaps([0.01, 0.25, 0.35]), { iteration: 25, stepMs: 3, np: 0.36 }] }),
    };
    const check = checkTargets({ 'ca-HepTh': { engines } }).find((c) => c.text.includes('quality'))!;
    expect(check.holds).toBe(false);
    expect(check.detail).toMatch(/NP 0.300 vs 0.350 at iteration 20/);
  });
  it('takes the median of finite values', () => {
    expect(median([3, NaN, 1, 2])).toBe(2);
    expect(median([4, 1])).toBe(2.5);
  });
});

describe('parseOptions', () => {
  it('reads lists and numbers, and quick mode defaults', () => {
    const o = parseOptions(['--graphs', 'karate,ca-GrQc', '--engines=d3,fa2', '--iterations', '50']);
    expect(o.graphs).toEqual(['karate', 'ca-GrQc']);
    expect(o.engines).toEqual(['d3', 'fa2']);
    expect(o.iterations).toBe(50);
    expect(parseOptions(['--quick']).iterations).toBe(100);
  });
  it('rejects what it does not know, naming it', () => {
    expect(() => parseOptions(['--graphs', 'karat'])).toThrow(/--graphs: unknown "karat"/);
    expect(() => parseOptions(['--iterations', '0'])).toThrow(/--iterations must be an integer from 1/);
    expect(() => parseOptions(['--fast'])).toThrow(/unknown option --fast/);
  });
});
