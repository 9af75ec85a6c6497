// `npm run bench`: ForceLab against the JavaScript layout peers on the same real graphs, side by side,
// with layout quality. Writes bench/results/latest.{json,md} and layouts.png; prints the Markdown.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions, USAGE, iterationsFor, roundsFor, budgetFor } from './cli-options.mjs';
import { DRAWN_GRAPHS, FULL_GRAPHS } from './graph-catalogue.mjs';
import { loadBenchGraph } from './bench-graph.mjs';
import { engineById, ENGINES } from './engines/index.mjs';
import { runInChild } from './child-job.mjs';
import { ProgressLine } from './progress-line.mjs';
import { summariseEngine, chooseNpTarget, applyNpTarget, ratios, checkTargets, NP_TARGET_RULE } from './summarise.mjs';
import { scoreLayout } from './quality/score-layout.mjs';
import { randomPositions } from './prng.mjs';
import { drawLayouts } from './draw-layouts.mjs';
import { renderMarkdown } from './report-markdown.mjs';
import { renderMcpPool } from './mcp-pool-runner.mjs';
import { renderImport } from './import-runner.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.join(HERE, 'results');
const LAYOUT_RUNNER = path.join(HERE, 'layout-runner.mjs');
const SWITCH_RUNNER = path.join(HERE, 'switch-runner.mjs');
const MAIN_PROCESS_RUNNER = path.join(HERE, 'main-process-runner.mjs');
const GRAPH_MESSAGES_RUNNER = path.join(HERE, 'graph-messages.mjs');
const MCP_POOL_RUNNER = path.join(HERE, 'mcp-pool-runner.mjs');
const IMPORT_RUNNER = path.join(HERE, 'import-runner.mjs');
const START_SEED = 42;
/** Graphs larger than this are not drawn: a picture of 300k nodes in 440 pixels says nothing. */
const MAX_DRAWN_NODES = 20_000;

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) { console.log(USAGE); return; }
  fs.mkdirSync(RESULTS, { recursive: true });
  const startedAt = new Date();
  const loadAtStart = os.loadavg()[0];
  const t0 = performance.now();
  const progress = new ProgressLine();
  const engines = options.engines.map(engineById);

  /** @type {Map<string, import('./bench-graph.mjs').BenchGraph>} */
  const loaded = new Map();
  const load = async (/** @type {string} */ name) => {
    progress.update(`loading ${name}`);
    const graph = loaded.get(name) ?? (await loadBenchGraph(name));
    loaded.set(name, graph);
    return graph;
  };

  // Which graph is drawn: the first preferred one in the run, else the largest one small enough.
  const preferred = DRAWN_GRAPHS.find((g) => options.graphs.includes(g));
  /** @type {{ graph: import('./bench-graph.mjs').BenchGraph, iterations: number, panels: import('./draw-layouts.mjs').Panel[] } | undefined} */
  let toDraw = undefined;

  const graphs = [];
  let drawing = undefined;
  for (const name of options.graphs) {
    const graph = await load(name);
    const { result, finalPositions } = await benchGraph(graph, engines, options, progress);
    graphs.push(result);
    const eligible = preferred ? name === preferred : graph.nodeCount <= MAX_DRAWN_NODES && graph.nodeCount > (toDraw?.graph.nodeCount ?? 0);
    if (eligible && Object.keys(finalPositions).length > 0) {
      const panels = engines.filter((e) => finalPositions[e.id]).map((e) => ({ title: /\dD$/.test(e.label) ? e.label : `${e.label} ${e.dims}D`, positions: finalPositions[e.id], dims: e.dims }));
      panels.push({ title: 'random', positions: randomPositions(graph.nodeCount, 2, 1, START_SEED), dims: /** @type {2} */ (2) });
      toDraw = { graph, iterations: result.iterations, panels };
    }
    // Keep only what the switches need; big graphs are re-read rather than held.
    if (name !== switchGraphName(options)) loaded.delete(name);
  }

  if (toDraw) {
    progress.update(`${toDraw.graph.name} | drawing layouts.png`);
    drawLayouts(toDraw.graph, toDraw.panels, path.join(RESULTS, 'layouts.png'));
    drawing = `bench/results/layouts.png shows ${toDraw.graph.name} after ${toDraw.iterations} iterations (round 1): ` +
      `${toDraw.panels.map((p) => p.title).join(', ')}; 3D layouts projected on their two principal axes, ` +
      'colour = hop distance from the highest-degree node.';
  }

  let switches = undefined;
  if (options.switches && options.engines.some((id) => id.startsWith('forcelab'))) {
    const name = switchGraphName(options);
    const graph = await load(name);
    const repeats = options.quick ? 1 : 3;
    try {
      /** @type {Awaited<ReturnType<typeof import('./switch-runner.mjs').runSwitchJob>>} */
      const result = await runInChild(SWITCH_RUNNER, { graph, repeats }, (m) => progress.update(`switches on ${name} | ${m.row}/${m.of} ${m.figure}`));
      switches = { ...result, repeats };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      switches = { graph: name, error: message };
      progress.log(`switch figures failed: ${message}`);
    }
  }

  let mainProcess = undefined;
  if (options.switches && options.engines.some((id) => id.startsWith('forcelab'))) {
    // Issue 9's figures are for dblp-2010 (300k nodes); --quick uses a graph that loads in a blink.
    const job = options.quick ? { graph: 'ca-HepTh', exactGraph: 'ca-HepTh', windows: 8, cliIterations: 100 } : { graph: 'dblp-2010', exactGraph: 'dblp-2010', windows: 20, cliIterations: 40 };
    progress.update(`main process on ${job.graph} and ${job.exactGraph}`);
    mainProcess = await section(MAIN_PROCESS_RUNNER, job, 'main-process figures', progress);
  }

  // The GraphStore's graphMessages switch: single-edge updates in place against a whole copy per update.
  let graphMessages = undefined;
  if (options.switches) {
    const job = options.quick ? { graph: 'ca-HepTh', updates: 2000, offUpdates: 50 } : { graph: 'dblp-2010', updates: 10_000, offUpdates: 100 };
    progress.update(`graph messages on ${job.graph}`);
    graphMessages = await section(GRAPH_MESSAGES_RUNNER, job, 'graph messages', progress);
  }

  // The "mcp pool" section: the MCP pool on and off against server-memory (no graph file, no engine).
  let mcpPool = undefined;
  if (options.switches) {
    progress.update('mcp pool: read_graph and search_nodes, pool on and off');
    const job = options.quick ? { calls: 200, offCalls: 20, trials: 3 } : { calls: 1000, offCalls: 50, trials: 5 };
    mcpPool = await section(MCP_POOL_RUNNER, job, 'mcp pool figures', progress);
  }

  // Import speed: the big graph as its own file and as written by the GEXF and GraphML exporters.
  let importFigures = undefined;
  if (options.switches) {
    const job = { graph: options.quick ? 'ca-HepTh' : 'dblp-2010' };
    progress.update(`import: ${job.graph} as MatrixMarket, GEXF and GraphML`);
    importFigures = await section(IMPORT_RUNNER, job, 'import figures', progress);
  }

  const byName = Object.fromEntries(graphs.map((g) => [g.name, g]));
  const forceLabFigures = graphs.flatMap((g) => Object.values(g.engines)).find((e) => e.id.startsWith('forcelab') && e.figures.backend !== undefined)?.figures;
  const forceLabBackend = forceLabFigures && `${forceLabFigures.backend}${forceLabFigures.fallbackReason ? ` (${forceLabFigures.fallbackReason})` : ''}`;
  const report = {
    mode: options.quick ? 'quick' : options.graphs.join() === FULL_GRAPHS.join() && options.engines.length === ENGINES.length ? 'full' : 'partial',
    startedAt: startedAt.toISOString(),
    elapsedMs: performance.now() - t0,
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, memoryBytes: os.totalmem(), node: process.version, platform: `${os.platform()} ${os.arch()}`,
      // Other processes on the same cores slow every engine; the report says how busy the machine was.
      loadAverageStart: loadAtStart, loadAverageEnd: os.loadavg()[0],
    },
    forceLabBackend,
    options,
    engineSettings: engines.map((e) => ({ id: e.id, label: e.label, dims: e.dims, settings: e.settings })),
    targets: checkTargets(byName),
    graphs,
    switches,
    mainProcess,
    graphMessages,
    mcpPool,
    import: importFigures,
    drawing,
  };
  const markdown = `${renderMarkdown(report)}\n${renderMcpPool(/** @type {any} */ (mcpPool)).join('\n')}\n${renderImport(/** @type {any} */ (importFigures)).join('\n')}\n`;
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(report, null, 2));
  fs.writeFileSync(path.join(RESULTS, 'latest.md'), markdown);
  progress.clear();
  process.stdout.write(`${markdown}\n`);
  process.stderr.write(`wrote ${path.relative(process.cwd(), path.join(RESULTS, 'latest.md'))}, latest.json${drawing ? ', layouts.png' : ''} in ${((performance.now() - t0) / 60000).toFixed(1)} min\n`);
}

/**
 * One bench section in its own process: its result, or { error } (logged) when it failed, so one failing
 * section leaves the others' figures in the report.
 * @param {string} runner @param {unknown} job @param {string} what @param {ProgressLine} progress
 * @returns {Promise<any>}
 */
async function section(runner, job, what, progress) {
  try {
    return await runInChild(runner, job, () => {});
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    progress.log(`${what} failed: ${message}`);
    return { error: message };
  }
}

/**
 * Every engine on one graph, in alternating rounds, each run in its own process; then the random
 * floor, the summaries, the NP target and the ratios.
 * @param {import('./bench-graph.mjs').BenchGraph} graph
 * @param {import('./engines/layout-engine.mjs').LayoutEngine[]} engines
 * @param {import('./cli-options.mjs').BenchOptions} options
 * @param {ProgressLine} progress
 */
async function benchGraph(graph, engines, options, progress) {
  const name = graph.name;
  const iterations = iterationsFor(options, graph.nodeCount);
  const rounds = roundsFor(options, graph.nodeCount);
  const snapshotEvery = Math.max(1, Math.round(iterations / 20));
  const budgetMs = budgetFor(options, graph.nodeCount);
  /** @type {Record<string, import('./layout-runner.mjs').LayoutRunResult[]>} */
  const runs = Object.fromEntries(engines.map((e) => [e.id, []]));
  /** @type {Record<string, string[]>} */
  const errors = Object.fromEntries(engines.map((e) => [e.id, []]));
  /** @type {Record<string, Float32Array>} */
  const finalPositions = {};
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round so no engine always runs first (or last) on a drifting machine.
    const order = engines.map((_, k) => engines[(k + round) % engines.length]);
    for (const engine of order) {
      const label = `${name} (${graph.nodeCount.toLocaleString('en-US')} nodes) | round ${round + 1}/${rounds} | ${engine.label}`;
      progress.update(`${label} | starting`);
      try {
        /** @type {import('./layout-runner.mjs').LayoutRunResult} */
        const result = await runInChild(LAYOUT_RUNNER, {
          // ForceLab is the subject: it always runs every iteration; only peers stop at the budget.
          graph, engineId: engine.id, iterations, snapshotEvery, budgetMs: engine.peer ? budgetMs : Infinity, seed: START_SEED,
          wantPositions: round === 0 && graph.nodeCount <= MAX_DRAWN_NODES,
        }, (m) => progress.update(`${label} | iteration ${m.iteration}/${iterations} | NP ${m.np.toFixed(3)}`));
        if (result.positions) finalPositions[engine.id] = result.positions;
        delete result.positions;
        runs[engine.id].push(result);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        errors[engine.id].push(message);
        progress.log(`${name}: ${engine.label} failed: ${message}`);
      }
    }
  }
  progress.update(`${name} | scoring random layouts`);
  const random = {
    '3d': scoreLayout(graph, randomPositions(graph.nodeCount, 3, 1, START_SEED), 3),
    '2d': scoreLayout(graph, randomPositions(graph.nodeCount, 2, 1, START_SEED), 2),
  };
  const summaries = Object.fromEntries(engines.map((e) => [e.id, summariseEngine(e, runs[e.id], errors[e.id])]));
  const npTarget = chooseNpTarget(Object.values(summaries), options.npTarget);
  for (const e of engines) applyNpTarget(summaries[e.id], runs[e.id], npTarget);
  const result = {
    name, nodeCount: graph.nodeCount, edgeCount: graph.edges.length >> 1, iterations, rounds, snapshotEvery, budgetMs, npTarget,
    npTargetSource: options.npTarget !== undefined ? 'given' : NP_TARGET_RULE,
    engines: summaries, random, ratios: ratios(summaries),
  };
  return { result, finalPositions };
}

/** The switch figures run on ca-HepTh (the issue's reference graph), or email-Eu-core in quick mode. */
function switchGraphName(/** @type {import('./cli-options.mjs').BenchOptions} */ options) {
  return options.quick ? 'email-Eu-core' : 'ca-HepTh';
}

main().catch((error) => {
  process.stderr.write(`\nbench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
