// Turns raw runs into the figures the report shows: medians over alternating rounds, time to a
// neighbourhood-preservation target, ratios against each peer, and the speed targets.

/** @typedef {import('./layout-runner.mjs').LayoutRunResult} LayoutRunResult */
/** @typedef {import('./quality/score-layout.mjs').LayoutQuality} LayoutQuality */

/**
 * @typedef {object} EngineSummary
 * @property {string} id
 * @property {string} label
 * @property {2 | 3} dims
 * @property {string} settings
 * @property {string} [error]  why it has no figures
 * @property {number} iterations  fewest iterations any round ran
 * @property {number} plannedIterations
 * @property {boolean} stoppedByBudget
 * @property {number} msPerIter  median over rounds
 * @property {number[]} msPerIterRounds
 * @property {number | null} timeToTargetMs  median over rounds; null when no round reached the target
 * @property {LayoutQuality} quality  median over rounds
 * @property {number} peakRssBytes  largest over rounds
 * @property {number} layoutRssBytes  largest growth over the pre-engine baseline
 * @property {number} setupMs
 * @property {Record<string, number | string>} figures  from the first round
 * @property {{ iteration: number, stepMs: number, np: number }[]} snapshots  of the first round
 */

/** @param {number[]} values */
export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/**
 * Step time at which neighbourhood preservation first reached `target`, interpolated between snapshots.
 * @param {{ stepMs: number, np: number }[]} snapshots in iteration order
 * @param {number} target
 * @returns {number | null}
 */
export function timeToTarget(snapshots, target) {
  for (let i = 0; i < snapshots.length; i++) {
    if (snapshots[i].np < target) continue;
    if (i === 0) return 0;
    const a = snapshots[i - 1], b = snapshots[i];
    const t = b.np > a.np ? (target - a.np) / (b.np - a.np) : 1;
    return a.stepMs + Math.min(1, Math.max(0, t)) * (b.stepMs - a.stepMs);
  }
  return null;
}

/**
 * @param {import('./engines/layout-engine.mjs').LayoutEngine} engine
 * @param {LayoutRunResult[]} runs
 * @param {string[]} errors
 * @returns {EngineSummary}
 */
export function summariseEngine(engine, runs, errors) {
  const base = { id: engine.id, label: engine.label, dims: engine.dims, settings: engine.settings };
  if (runs.length === 0) {
    return {
      ...base, error: errors[0] ?? 'no run', iterations: 0, plannedIterations: 0, stoppedByBudget: false, msPerIter: NaN, msPerIterRounds: [],
      timeToTargetMs: null, quality: { neighbourhoodPreservation: NaN, edgeLengthCv: NaN, stress: NaN },
      peakRssBytes: NaN, layoutRssBytes: NaN, setupMs: NaN, figures: {}, snapshots: [],
    };
  }
  const msPerIterRounds = runs.map((r) => r.stepMs / Math.max(1, r.iterations));
  return {
    ...base,
    error: errors.length ? `${errors.length} of ${runs.length + errors.length} rounds failed: ${errors[0]}` : undefined,
    iterations: Math.min(...runs.map((r) => r.iterations)),
    plannedIterations: runs[0].plannedIterations,
    stoppedByBudget: runs.some((r) => r.stoppedByBudget),
    msPerIter: median(msPerIterRounds),
    msPerIterRounds,
    timeToTargetMs: null,
    quality: {
      neighbourhoodPreservation: median(runs.map((r) => r.quality.neighbourhoodPreservation)),
      edgeLengthCv: median(runs.map((r) => r.quality.edgeLengthCv)),
      stress: median(runs.map((r) => r.quality.stress)),
    },
    peakRssBytes: Math.max(...runs.map((r) => r.peakRssBytes)),
    layoutRssBytes: Math.max(...runs.map((r) => r.peakRssBytes - r.baselineRssBytes)),
    setupMs: median(runs.map((r) => r.setupMs)),
    figures: runs[0].figures,
    snapshots: runs[0].snapshots,
  };
}

/** How the default NP target is chosen, as the report states it. */
export const NP_TARGET_RULE = '0.9 x the median final NP of the engines that ran every iteration';

/**
 * The NP target of a graph: given, or 0.9 x the median final NP among engines that ran every planned
 * iteration. The median, not the minimum, so one engine that barely untangles the graph does not make
 * the target trivial; an engine that never reaches it is reported as such.
 * @param {EngineSummary[]} engines
 * @param {number | undefined} given
 */
export function chooseNpTarget(engines, given) {
  if (given !== undefined) return given;
  const finals = engines.filter((e) => !e.error && !e.stoppedByBudget).map((e) => e.quality.neighbourhoodPreservation);
  const middle = median(finals);
  return Number.isFinite(middle) ? Math.round(0.9 * middle * 1000) / 1000 : NaN;
}

/**
 * Applies the target to every engine's runs.
 * @param {EngineSummary} summary
 * @param {LayoutRunResult[]} runs
 * @param {number} target
 */
export function applyNpTarget(summary, runs, target) {
  if (!Number.isFinite(target)) { summary.timeToTargetMs = null; return; }
  const times = runs.map((r) => timeToTarget(r.snapshots, target));
  const reached = times.filter((t) => t !== null);
  // A median needs most rounds to have reached it; otherwise say it was not reached.
  summary.timeToTargetMs = reached.length * 2 > times.length ? median(/** @type {number[]} */ (reached)) : null;
}

/** The comparisons the report prints: ours (left) against a peer (right), same dimension where possible. */
export const COMPARISONS = [
  { ours: 'forcelab', peer: 'd3', note: '3D vs 3D' },
  { ours: 'forcelab', peer: 'ngraph', note: '3D vs 3D' },
  { ours: 'forcelab', peer: 'fa2', note: '3D vs 2D' },
  { ours: 'forcelab2d', peer: 'fa2', note: '2D vs 2D' },
];

/**
 * @typedef {{ ours: string, peer: string, note: string, perIteration: number, toTarget: number | null, comparableIterations: boolean }} Ratio
 */

/**
 * "x times faster" figures: peer time / our time.
 * @param {Record<string, EngineSummary>} engines
 * @returns {Ratio[]}
 */
export function ratios(engines) {
  /** @type {Ratio[]} */
  const out = [];
  for (const c of COMPARISONS) {
    const ours = engines[c.ours], peer = engines[c.peer];
    if (!ours || !peer || ours.error && !Number.isFinite(ours.msPerIter) || peer.error && !Number.isFinite(peer.msPerIter)) continue;
    out.push({
      ...c,
      perIteration: peer.msPerIter / ours.msPerIter,
      toTarget: ours.timeToTargetMs && peer.timeToTargetMs !== null ? peer.timeToTargetMs / ours.timeToTargetMs : null,
      comparableIterations: ours.iterations === peer.iterations,
    });
  }
  return out;
}

/**
 * @typedef {{ text: string, holds: boolean | null, detail: string }} TargetCheck  holds null: not measured in this run
 */

/**
 * The speed and quality targets, each with the measured figure.
 * @param {Record<string, { engines: Record<string, EngineSummary> }>} graphs by name
 * @returns {TargetCheck[]}
 */
export function checkTargets(graphs) {
  /** @type {TargetCheck[]} */
  const checks = [];
  const hep = graphs['ca-HepTh']?.engines;
  const speedup = (/** @type {string} */ ours, /** @type {string} */ peer, /** @type {number} */ factor, /** @type {string} */ text) => {
    const a = hep?.[ours], b = hep?.[peer];
    if (!a || !b || !Number.isFinite(a.msPerIter) || !Number.isFinite(b.msPerIter)) {
      checks.push({ text, holds: null, detail: 'not measured in this run' });
      return;
    }
    const r = b.msPerIter / a.msPerIter;
    checks.push({ text, holds: r >= factor, detail: `${fmtRatio(r)} (${a.msPerIter.toFixed(2)} vs ${b.msPerIter.toFixed(2)} ms/iteration)` });
  };
  speedup('forcelab', 'd3', 20, 'ca-HepTh: ForceLab >= 20x faster per iteration than d3-force-3d');
  speedup('forcelab', 'fa2', 8, 'ca-HepTh: ForceLab (3D) >= 8x faster per iteration than ForceAtlas2');
  speedup('forcelab2d', 'fa2', 8, 'ca-HepTh: ForceLab 2D >= 8x faster per iteration than ForceAtlas2');
  {
    const text = "ca-HepTh: ForceLab's quality >= d3-force-3d's after the same iterations (neighbourhood preservation)";
    const a = hep?.forcelab, b = hep?.d3;
    if (!a || !b || !Number.isFinite(a.quality.neighbourhoodPreservation) || !Number.isFinite(b.quality.neighbourhoodPreservation)) {
      checks.push({ text, holds: null, detail: 'not measured in this run' });
    } else if (a.iterations !== b.iterations) {
      // One side hit the time budget: compare neighbourhood preservation at the last snapshot both reached.
      const common = a.snapshots.filter((s) => s.iteration > 0 && b.snapshots.some((t) => t.iteration === s.iteration)).pop();
      const other = common && b.snapshots.find((t) => t.iteration === common.iteration);
      if (!common || !other) {
        checks.push({ text, holds: null, detail: `not comparable: ForceLab ran ${a.iterations}, d3 ${b.iterations} iterations, no common snapshot` });
      } else {
        checks.push({
          text,
          holds: common.np >= other.np,
          detail: `NP ${common.np.toFixed(3)} vs ${other.np.toFixed(3)} at iteration ${common.iteration}, the last snapshot both reached ` +
            `(ForceLab ran ${a.iterations}, d3 ${b.iterations} iterations within the time budget)`,
        });
      }
    } else {
      const qa = a.quality, qb = b.quality;
      checks.push({
        text,
        holds: qa.neighbourhoodPreservation >= qb.neighbourhoodPreservation,
        detail: `NP ${qa.neighbourhoodPreservation.toFixed(3)} vs ${qb.neighbourhoodPreservation.toFixed(3)}; stress ${qa.stress.toFixed(3)} vs ${qb.stress.toFixed(3)}; edge CV ${qa.edgeLengthCv.toFixed(3)} vs ${qb.edgeLengthCv.toFixed(3)} after ${a.iterations} iterations`,
      });
    }
  }
  {
    const text = 'dblp-2010: ForceLab under 250 ms per iteration';
    const a = graphs['dblp-2010']?.engines.forcelab;
    if (!a || !Number.isFinite(a.msPerIter)) checks.push({ text, holds: null, detail: 'not measured in this run' });
    else checks.push({ text, holds: a.msPerIter < 250, detail: `${a.msPerIter.toFixed(1)} ms/iteration (${a.figures.backend ?? 'backend unknown'})` });
  }
  return checks;
}

/** @param {number} r */
export function fmtRatio(r) {
  if (!Number.isFinite(r)) return 'n/a';
  if (r >= 10) return `${r.toFixed(0)}x`;
  return r >= 1 ? `${r.toFixed(1)}x` : `${r.toPrecision(2)}x`;
}
