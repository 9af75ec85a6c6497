// The Markdown report (bench/results/latest.md, also printed): targets, ratios, one table per graph,
// the switch figures, and the settings every engine ran with.
import { fmtRatio, COMPARISONS } from './summarise.mjs';
import { renderGraphMessages } from './graph-messages.mjs';
import { ENGINES } from './engines/index.mjs';
import { NP_SAMPLE } from './quality/score-layout.mjs';
import { MAX_K } from './quality/neighbourhood-preservation.mjs';
import { DEFAULT_PIVOTS } from './quality/stress.mjs';

/** @param {number} ms */
export function fmtMs(ms) {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(ms >= 1 ? 2 : 3)} ms`;
}

/** @param {number} bytes */
export function fmtBytes(bytes) {
  if (!Number.isFinite(bytes)) return 'n/a';
  if (Math.abs(bytes) >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (Math.abs(bytes) >= 1e6) return `${(bytes / 1e6).toFixed(0)} MB`;
  return `${(bytes / 1e3).toFixed(0)} kB`;
}

/** @param {number} v @param {number} [digits] */
const fmtNum = (v, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');

/** @param {number} v */
function fmtFigure(v) {
  if (!Number.isFinite(v)) return 'n/a';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2);
}

/** @param {string[][]} rows first row is the header */
function table(rows) {
  const [head, ...body] = rows;
  return [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/**
 * @param {any} report the object written to latest.json
 * @returns {string}
 */
export function renderMarkdown(report) {
  const out = [];
  out.push(`# ForceLab bench, ${report.mode} run, ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC`);
  out.push('');
  out.push(`Machine: ${report.machine.cpu}, ${report.machine.cores} cores, ${fmtBytes(report.machine.memoryBytes)} RAM, Node ${report.machine.node}. ` +
    `ForceLab backend: ${report.forceLabBackend ?? 'n/a'}. Took ${(report.elapsedMs / 60000).toFixed(1)} min. ` +
    `Load average (1 min) ${report.machine.loadAverageStart.toFixed(1)} at the start, ${report.machine.loadAverageEnd.toFixed(1)} at the end` +
    (Math.max(report.machine.loadAverageStart, report.machine.loadAverageEnd) > report.machine.cores
      ? ': other processes were competing for the cores, so absolute times are inflated; ratios are less affected (rounds alternate).'
      : '.'));
  out.push('');
  out.push('How to read it: every engine starts from the same seeded random positions (scaled to its own spring length) and runs the same ' +
    'number of iterations in its own process; rounds alternate the engine order so machine drift hits all alike, and times are medians ' +
    'over rounds. ms/iter counts step time only (not graph conversion). "To NP" is the step time until neighbourhood preservation first ' +
    'reached the graph\'s target (snapshots every ~5% of the run, interpolated). A peer slower than the graph\'s time budget ' +
    '(seconds of stepping, stated per graph) stops early: its iteration count is marked with "*".');
  out.push('');
  out.push(`Quality, computed by bench/quality for every layout in its own dimension: NP = neighbourhood preservation (share of each node's ` +
    `graph neighbours among its k = degree (max ${MAX_K}) nearest layout neighbours, ${NP_SAMPLE.toLocaleString('en-US')} sampled nodes; higher is better), ` +
    `edge CV = edge-length coefficient of variation (lower is better), stress = scale-normalised stress against BFS hop distances from ` +
    `${DEFAULT_PIVOTS} sampled pivots (0 = perfect, lower is better). "random" rows are the floor.`);
  out.push('');

  out.push('## Targets (issue 4)');
  out.push('');
  for (const t of report.targets) out.push(`- **${t.holds === null ? 'not measured' : t.holds ? 'holds' : 'MISSED'}**: ${t.text}: ${t.detail}`);
  out.push('');

  out.push('## Ratios (peer time / ForceLab time: above 1x ForceLab is faster)');
  out.push('');
  const head = ['graph', 'nodes', 'ForceLab ms/iter'];
  for (const c of COMPARISONS) head.push(`vs ${labelOf(report, c.peer)} (${c.note}) per iter`, 'to NP');
  const rows = [head];
  for (const g of report.graphs) {
    const row = [g.name, g.nodeCount.toLocaleString('en-US'), fmtMs(g.engines.forcelab?.msPerIter ?? NaN)];
    for (const c of COMPARISONS) {
      const r = g.ratios.find((/** @type {any} */ x) => x.ours === c.ours && x.peer === c.peer);
      row.push(r ? fmtRatio(r.perIteration) + (r.comparableIterations ? '' : '*') : '-', r?.toTarget != null ? fmtRatio(r.toTarget) : '-');
    }
    rows.push(row);
  }
  out.push(table(rows));
  out.push('');
  out.push('`*`: the two sides ran different iteration counts (one hit the time budget); per-iteration time is still comparable. ' +
    '"to NP" `-`: at least one side never reached the graph\'s NP target.');
  out.push('');

  for (const g of report.graphs) {
    out.push(`## ${g.name}: ${g.nodeCount.toLocaleString('en-US')} nodes, ${g.edgeCount.toLocaleString('en-US')} edges`);
    out.push('');
    out.push(`${g.iterations} iterations planned, ${g.rounds} round${g.rounds > 1 ? 's' : ''}, time budget ${g.budgetMs / 1000} s per run, ` +
      `NP target ${fmtNum(g.npTarget)} (${g.npTargetSource}).`);
    out.push('');
    const rows = [['engine', 'dim', 'iterations', 'ms/iter', `to NP ${fmtNum(g.npTarget, 2)}`, 'NP', 'edge CV', 'stress', 'peak RSS', 'RSS growth', 'setup']];
    for (const e of Object.values(g.engines)) {
      const s = /** @type {any} */ (e);
      if (!Number.isFinite(s.msPerIter)) {
        rows.push([s.label, `${s.dims}D`, 'failed', s.error ?? '', '', '', '', '', '', '', '']);
        continue;
      }
      rows.push([
        s.label, `${s.dims}D`, `${s.iterations}${s.stoppedByBudget ? '*' : ''}`, fmtMs(s.msPerIter),
        s.timeToTargetMs === null ? 'not reached' : fmtMs(s.timeToTargetMs),
        fmtNum(s.quality.neighbourhoodPreservation), fmtNum(s.quality.edgeLengthCv), fmtNum(s.quality.stress),
        fmtBytes(s.peakRssBytes), fmtBytes(s.layoutRssBytes), fmtMs(s.setupMs),
      ]);
    }
    for (const [dims, q] of Object.entries(g.random)) {
      const quality = /** @type {any} */ (q);
      rows.push([`random (floor)`, dims.toUpperCase(), '-', '-', '-', fmtNum(quality.neighbourhoodPreservation), fmtNum(quality.edgeLengthCv), fmtNum(quality.stress), '-', '-', '-']);
    }
    out.push(table(rows));
    const cut = Object.values(g.engines).filter((/** @type {any} */ e) => e.stoppedByBudget);
    for (const e of cut) {
      const s = /** @type {any} */ (e);
      out.push(`\n\\* ${s.label} stopped at ${s.iterations} of ${s.plannedIterations} iterations: the next ones would have passed the ${g.budgetMs / 1000} s budget.`);
    }
    const failures = Object.values(g.engines).filter((/** @type {any} */ e) => e.error && Number.isFinite(e.msPerIter));
    for (const f of failures) out.push(`\n${/** @type {any} */ (f).label}: ${/** @type {any} */ (f).error}`);
    const engineMemory = Object.values(g.engines).filter((/** @type {any} */ e) => Number.isFinite(e.figures?.enginePeakBytes));
    if (engineMemory.length) {
      out.push(`\nEngine memory tracker, peak bytes: ${engineMemory.map((/** @type {any} */ e) => `${e.label} ${fmtBytes(e.figures.enginePeakBytes)}`).join(', ')}.`);
    }
    out.push('');
  }

  out.push('## Switches (ForceLab engine, on vs off)');
  out.push('');
  if (!report.switches) {
    out.push('Not measured in this run.');
  } else if (report.switches.error) {
    out.push(`Not measured: ${report.switches.error}`);
  } else {
    out.push(`Graph ${report.switches.graph}, backend ${report.switches.backend}, median of ${report.switches.repeats} alternating on/off pairs.`);
    out.push('');
    const rows = [['switch', 'figure', 'on', 'off', 'off / on']];
    for (const r of report.switches.rows) {
      if (r.error) rows.push([r.switch, r.figure, 'n/a', 'n/a', r.error]);
      else rows.push([r.switch, r.figure, fmtFigure(r.on), fmtFigure(r.off), r.on === 0 ? (r.off === 0 ? '1x' : 'on is 0') : fmtRatio(r.off / r.on)]);
    }
    out.push(table(rows));
  }
  out.push('');

  out.push(...renderMainProcess(report.mainProcess));
  out.push(...renderGraphMessages(report.graphMessages));

  out.push('## Settings');
  out.push('');
  for (const e of report.engineSettings) out.push(`- ${e.label} (${e.dims}D): ${e.settings}`);
  out.push(`- Graphs are read with the app's loader and folded to undirected, simple, unweighted graphs; every engine gets the same one.`);
  if (report.drawing) out.push(`- Layout picture: ${report.drawing}`);
  out.push('');
  return out.join('\n');
}

/** The main process's own figures (bench/main-process-runner.mjs). @param {any} m */
function renderMainProcess(m) {
  const out = ['## Main process (the browser host, one client in another process acknowledging every frame)', ''];
  if (!m) return [...out, 'Not measured in this run.', ''];
  if (m.error) return [...out, `Not measured: ${m.error}`, ''];
  const ms = (/** @type {number} */ v) => `${fmtFigure(v)} ms`;
  out.push(`Event-loop delay beyond the 10 ms sampling interval, per 250 ms stats window, on ${m.graph} (${m.nodes.toLocaleString('en-US')} nodes), ${m.transport ?? 'in-process client'}:`);
  out.push('');
  const rows = [['state', 'steps/s', 'p50 (median window)', 'p99 (median window)', 'p99 (worst window)']];
  for (const [label, f] of /** @type {const} */ ([['idle (paused)', m.idle], ['stepping + streaming, async completion on', m.asyncOn], ['stepping + streaming, async completion off', m.asyncOff], ['stepping + streaming, async on, engine threads at normal priority', m.foreground]])) {
    if (!f) continue;
    rows.push([label, fmtFigure(f.stepsPerSecond), ms(f.p50Ms), ms(f.p99MedianMs), ms(f.p99WorstMs)]);
  }
  if (m.cli) rows.push([`the CLI's batch layout (forcelab layout, ${m.cli.iterations} iterations, no window)`, fmtFigure(m.cli.stepsPerSecond), '-', '-', '-']);
  out.push(table(rows));
  out.push('');
  out.push('The engine runs as the hosts run it, its threads in the background class (Linux SCHED_IDLE), except in the normal-priority row.');
  out.push('');
  for (const line of mainProcessTargets(m)) out.push(`- ${line}`);
  out.push('');
  out.push(`Cancel inside one exact step (theta 0) on ${m.exact.graph} (${m.exact.nodes.toLocaleString('en-US')} nodes): the step takes ${ms(m.exact.stepMs)}, a cancel is answered in ${ms(m.exact.cancelMs)}.`);
  out.push('');
  return out;
}

/** The main-process targets of issues 8 and 9, each with the figure measured. @param {any} m @returns {string[]} */
export function mainProcessTargets(m) {
  const verdict = (/** @type {boolean} */ ok) => (ok ? 'holds' : 'MISSED');
  const on = m.asyncOn;
  const lines = [
    `loop delay p99 while stepping and streaming, async completion on, median window under 2 ms: ${verdict(on.p99MedianMs < 2)} (${fmtFigure(on.p99MedianMs)} ms; ${fmtFigure(m.asyncOff.p99MedianMs)} ms with it off)`,
    `the same, worst window under 5 ms: ${verdict(on.p99WorstMs < 5)} (${fmtFigure(on.p99WorstMs)} ms; ${fmtFigure(m.asyncOff.p99WorstMs)} ms with it off)`,
    `idle loop delay p99 near zero (under 1 ms): ${verdict(m.idle.p99MedianMs < 1)} (${fmtFigure(m.idle.p99MedianMs)} ms)`,
  ];
  if (m.cli) {
    const share = on.stepsPerSecond / m.cli.stepsPerSecond;
    lines.push(`steps/s in the host at least 90% of the CLI's: ${verdict(share >= 0.9)} (${fmtFigure(on.stepsPerSecond)} against ${fmtFigure(m.cli.stepsPerSecond)}, ${Math.round(share * 100)}%)`);
  }
  if (m.exact) lines.push(`a cancel inside an exact step answered within 250 ms: ${verdict(m.exact.cancelMs <= 250)} (${fmtFigure(m.exact.cancelMs)} ms)`);
  return lines;
}

/** @param {any} report @param {string} id */
function labelOf(report, id) {
  return report.engineSettings.find((/** @type {any} */ e) => e.id === id)?.label ?? ENGINES.find((e) => e.id === id)?.label ?? id;
}
