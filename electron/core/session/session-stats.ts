// The figures every client sees four times a second: the engine's (as the switch table groups them), the core's
// (loop delay, steps per second, allocations per second, tasks) and each client's own transport figures.
// "Settled" is decided here from what the loop did, not from the engine's temperature: a layout is settled only
// while the stability gate skips every step, so the badge never shows on a layout that still moves.
import type { EngineStatsInfo, MemoryInfo } from '../../../protocol/messages.js';
import { figureSpec, groupFigures, type GroupedFigures } from '../../../protocol/switch-table.js';
import type { Engine } from '../engine/engine-api.js';
import type { Disposable } from '../lifecycle.js';
import type { TaskManager } from '../tasks/task-manager.js';
import type { Client, ClientHub } from './client-hub.js';
import { EventLoopDelay } from './event-loop-delay.js';
import type { LayoutLoop } from './layout-loop.js';

export const STATS_INTERVAL_MS = 250;

export interface SessionStatsParts {
  engine: Engine;
  loop: LayoutLoop;
  tasks: TaskManager;
  hub: ClientHub;
  /** Figures of other core parts (the graph store's, the MCP pool's), keyed as the switch table declares. */
  extra?: () => Record<string, number>;
}

interface Window {
  at: number;
  iterations: number;
  skipped: number;
  allocations: number;
}

/** Engine figures the table declares as the engine's; anything else the addon reports is not shown. */
function declaredEngineFigures(figures: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(figures)) if (figureSpec(k)?.spec.from === 'engine' && Number.isFinite(v)) out[k] = v;
  return out;
}

export class SessionStats implements Disposable {
  private readonly loopDelay = new EventLoopDelay();
  private readonly timer: NodeJS.Timeout;
  private window: Window;
  private settled = false;

  constructor(private readonly p: SessionStatsParts) {
    this.window = this.mark();
    this.timer = setInterval(() => this.send(), STATS_INTERVAL_MS);
  }

  /** A new graph: nothing measured on the old one says anything about this one. */
  restart(): void {
    this.window = this.mark();
    this.settled = false;
  }

  /** Engine numbers and the core's figures over the window since the previous call; starts a new window. */
  take(): { engine: EngineStatsInfo; memory: MemoryInfo; figures: GroupedFigures } {
    const { engine, loop, tasks } = this.p;
    const s = engine.stats();
    const memory = engine.memory();
    const now = this.mark(memory.allocations);
    const dt = (now.at - this.window.at) / 1000;
    const stepped = now.iterations - this.window.iterations;
    const skipped = now.skipped - this.window.skipped;
    const perSecond = (n: number) => (dt > 0 ? n / dt : 0);
    this.settled = engine.nodeCount > 0 && !loop.isPaused && stepped === 0 && (skipped > 0 || this.settled);
    const allocationsPerSecond = Math.max(0, perSecond(now.allocations - this.window.allocations));
    this.window = now;
    const delay = this.loopDelay.take();
    const core: Record<string, number> = {
      allocationsPerSecond,
      eventLoopDelayP50Ms: delay.p50Ms,
      eventLoopDelayP99Ms: delay.p99Ms,
      stepsPerSecond: perSecond(stepped),
      tasksRunning: tasks.runningCount,
    };
    if (tasks.lastCancelLatencyMs !== undefined) core.cancelLatencyMs = tasks.lastCancelLatencyMs;
    Object.assign(core, this.p.extra?.());
    const stepsPerSecond = core.stepsPerSecond!;
    return {
      engine: { backend: s.backend, iterations: s.iterations, stepsPerSecond, msPerStep: s.msPerStep, energy: s.energy, temperature: s.temperature, settled: this.settled },
      memory,
      figures: groupFigures(core, groupFigures(declaredEngineFigures(s.figures))),
    };
  }

  private send(): void {
    const ready = [...this.p.hub.ready()];
    if (!ready.length) return;
    const { engine, memory, figures } = this.take();
    for (const c of ready) this.p.hub.sendTo(c, { type: 'stats', engine, memory, ...clientFigures(c, figures) });
  }

  private mark(allocations = this.p.engine.memory().allocations): Window {
    return { at: performance.now(), iterations: this.p.loop.iterations, skipped: this.p.loop.skipped, allocations };
  }

  dispose(): void {
    clearInterval(this.timer);
    this.loopDelay.dispose();
  }
}

/** Adds one client's transport figures to the shared ones. */
function clientFigures(c: Client, shared: GroupedFigures): { transport: { bytesPerFrame: number; framesInFlight: number; framesDropped: number }; figures: GroupedFigures } {
  const t = c.streamer.stats();
  const figures: GroupedFigures = Object.fromEntries(Object.entries(shared).map(([g, f]) => [g, { ...f }]));
  groupFigures({ bytesPerFrame: t.bytesPerFrame, frameEncodeMs: t.encodeMs, framesDropped: t.framesDropped, framesDeferred: t.framesDeferred, bytesPerNode: t.bytesPerNode, nodesPerFrame: t.nodesPerFrame, framesStill: t.framesStill, transportBufferedBytes: c.transport.bufferedBytes }, figures);
  return { transport: { bytesPerFrame: t.bytesPerFrame, framesInFlight: t.framesInFlight, framesDropped: t.framesDropped }, figures };
}
