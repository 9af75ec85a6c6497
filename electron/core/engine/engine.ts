// The native engine (build/Release/forcelab.node) behind the Engine interface. The addon does the work on
// its own stepping thread; this wrapper keeps the TypeScript contract: option checks, AbortSignal wiring,
// typed arrays allocated by V8, and the parameter values exactly as the caller gave them.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  DEFAULT_PARAMS,
  ENGINE_SWITCHES,
  type EngineSwitchName,
  type LayoutParams,
} from '../../../protocol/switches.js';
import { abortError } from '../lifecycle.js';
import type {
  Backend,
  CsrGraph,
  Engine,
  EngineGraphDelta,
  EngineMemory,
  EngineOptions,
  EngineStats,
  LabelSnapshot,
  StepResult,
} from './engine-api.js';

interface NativeJob<T> {
  id: number;
  promise: Promise<T>;
}

/** The addon's class, as binding/addon.cc defines it. */
interface NativeEngine {
  backend(): Backend;
  fallbackReason(): string | undefined;
  setGraph(nodeCount: number, offsets: Uint32Array, targets: Uint32Array, weights?: Float32Array | null, positions?: Float32Array | null): void;
  nodeCount(): number;
  setParams(params: Partial<LayoutParams>): void;
  getParams(): LayoutParams;
  setSwitch(name: EngineSwitchName, on: boolean): void;
  getSwitches(): Record<EngineSwitchName, boolean>;
  step(iterations: number): NativeJob<StepResult>;
  stepBlocking(iterations: number): StepResult;
  cancel(id: number): void;
  cluster(): NativeJob<{ cancelled: boolean; version: number }>;
  readLabels(into: Uint32Array): { version: number; clusters: number } | null;
  readPositions(into: Float32Array): number;
  setPositions(positions: Float32Array): void;
  pin(node: number, x?: number, y?: number, z?: number): void;
  unpin(node: number): void;
  reheat(): void;
  editGraph(removeEdges: Uint32Array, removeNodes: Uint32Array, addCount: number, addPositions: Float32Array, addEdges: Uint32Array, addWeights: Float32Array): void;
  computeForces(into: Float32Array, params?: Partial<LayoutParams>): void;
  stats(): EngineStats;
  memory(): EngineMemory;
  dispose(): void;
}

/** The engine's half of the switch table (native/src/switch_table.def), as the addon declares it. */
export interface NativeSwitchTable {
  switches: Array<{ id: string; figures: string[] }>;
  general: string[];
}

interface Addon {
  NativeEngine: new (options: { backend?: string; seed?: number; threads?: number; background?: boolean }) => NativeEngine;
  switchTable(): NativeSwitchTable;
}

/** The package root: the nearest folder above this module with forcelab's package.json (works from the
 *  TypeScript sources and from dist/). */
export function findPackageRoot(start = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'forcelab') return dir;
      } catch {
        // not ours; keep walking up
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`cannot find the forcelab package root above ${start}`);
  }
}

/** The addon file the engine loads. FORCELAB_ADDON names another build of it: the tests point it at the CUDA
 *  emulator build (scripts/build-cuda-emulator.mjs) to run the CUDA backend without a GPU. */
export function addonFile(): string {
  return process.env.FORCELAB_ADDON
    ? path.resolve(process.env.FORCELAB_ADDON)
    : path.join(findPackageRoot(), 'build', 'Release', 'forcelab.node');
}

let addon: Addon | undefined;
function loadAddon(): Addon {
  if (addon) return addon;
  const file = addonFile();
  if (!existsSync(file)) {
    throw new Error(
      process.env.FORCELAB_ADDON
        ? `FORCELAB_ADDON names ${file}, which does not exist`
        : `native engine not built: ${file} is missing (run npm run build:native)`,
    );
  }
  addon = createRequire(import.meta.url)(file) as Addon;
  return addon;
}


export class NativeEngineWrapper implements Engine {
  private readonly native: NativeEngine;
  private params: LayoutParams = { ...DEFAULT_PARAMS };
  private disposed = false;

  constructor(options: EngineOptions = {}) {
    const { backend = 'auto', seed = 1, threads, background = false } = options;
    if (!['auto', 'cpu', 'cuda'].includes(backend)) throw new Error(`backend must be 'auto', 'cpu' or 'cuda', got '${String(backend)}'`);
    // The addon reads the seed as an int64: anything beyond a safe integer would not survive the conversion.
    if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer within ±2^53, got ${seed}`);
    if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new Error(`threads must be an integer >= 1, got ${threads}`);
    this.native = new (loadAddon().NativeEngine)({ backend, seed, threads, background });
    this.native.setParams(this.params);
    this.lastBackend = this.native.backend();
    this.lastFallbackReason = this.native.fallbackReason();
  }

  // Read live: a CUDA error mid-run moves the engine to the CPU. Kept after dispose for reports.
  private lastBackend: Backend;
  private lastFallbackReason: string | undefined;
  get backend(): Backend {
    if (!this.disposed) this.lastBackend = this.native.backend();
    return this.lastBackend;
  }
  get fallbackReason(): string | undefined {
    if (!this.disposed) this.lastFallbackReason = this.native.fallbackReason();
    return this.lastFallbackReason;
  }

  get nodeCount(): number {
    return this.disposed ? 0 : this.native.nodeCount();
  }

  setGraph(graph: CsrGraph, positions?: Float32Array): void {
    this.native.setGraph(graph.nodeCount, graph.offsets, graph.targets, graph.weights ?? null, positions ?? null);
  }

  setParams(params: Partial<LayoutParams>): void {
    const defined = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Partial<LayoutParams>;
    this.native.setParams(defined); // validates every value; throws naming the parameter
    this.params = { ...this.params, ...defined };
  }

  getParams(): LayoutParams {
    return { ...this.params };
  }

  setSwitch(name: EngineSwitchName, on: boolean): void {
    this.native.setSwitch(name, on);
  }

  getSwitches(): Record<EngineSwitchName, boolean> {
    return this.native.getSwitches();
  }

  async step(iterations: number, signal?: AbortSignal): Promise<StepResult> {
    if (!Number.isInteger(iterations) || iterations < 0) throw new Error(`iterations must be an integer >= 0, got ${iterations}`);
    if (this.disposed) throw new Error('the engine was disposed');
    if (signal?.aborted) return { stepped: 0, skipped: 0, cancelled: true, energy: this.native.stats().energy, seq: 0 };
    if (!this.native.getSwitches().asyncCompletion) return this.native.stepBlocking(iterations);
    const job = this.native.step(iterations);
    const onAbort = () => this.native.cancel(job.id);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await job.promise;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  readPositions(into?: Float32Array): Float32Array {
    if (into) {
      this.native.readPositions(into);
      return into;
    }
    // A graph delta applied between steps may change the node count between the allocation and the read:
    // read again at the new size (the native side refuses a buffer too small for what it would copy).
    for (let attempt = 0; ; attempt++) {
      const n = this.nodeCount;
      const out = new Float32Array(n * 3);
      try {
        this.native.readPositions(out);
        if (this.nodeCount === n || attempt >= 3) return out;
      } catch (e) {
        if (attempt >= 3 || this.nodeCount === n) throw e;
      }
    }
  }

  setPositions(positions: Float32Array): void {
    this.native.setPositions(positions);
  }

  pin(node: number, position?: [number, number, number]): void {
    if (position) this.native.pin(node, position[0], position[1], position[2]);
    else this.native.pin(node);
  }

  unpin(node: number): void {
    this.native.unpin(node);
  }

  reheat(): void {
    this.native.reheat();
  }

  /** Queues a topology change (EngineGraphDelta, protocol/graph-edits.ts's order and swap-remove rule); the
   *  engine applies it between steps, at once when none runs. Checked here first, naming the bad field and
   *  index; a rejected delta changes nothing. Indices are those after any delta queued before. */
  editGraph(delta: EngineGraphDelta): void {
    if (this.disposed) throw new Error('the engine was disposed');
    if (typeof delta !== 'object' || delta === null) throw new TypeError('editGraph expects a delta object');
    const typed = (field: keyof EngineGraphDelta, type: typeof Uint32Array | typeof Float32Array) => {
      if (!(delta[field] instanceof type)) throw new TypeError(`delta.${field} must be a ${type.name}`);
    };
    typed('removeEdges', Uint32Array);
    typed('removeNodes', Uint32Array);
    typed('addPositions', Float32Array);
    typed('addEdges', Uint32Array);
    typed('addWeights', Float32Array);
    const { removeEdges, removeNodes, addCount, addPositions, addEdges, addWeights } = delta;
    if (!Number.isInteger(addCount) || addCount < 0) throw new RangeError(`delta.addCount must be an integer >= 0, got ${addCount}`);
    const pairs = (field: 'removeEdges' | 'addEdges', a: Uint32Array) => {
      if (a.length % 2) throw new RangeError(`delta.${field} must hold pairs (an even length), got ${a.length}`);
      for (let k = 0; k < a.length; k += 2) {
        if (a[k] === a[k + 1]) throw new RangeError(`delta.${field}[${k}] and [${k + 1}] are both ${a[k]}: a self-loop is not a layout edge`);
      }
    };
    if (addPositions.length !== 3 * addCount) {
      throw new RangeError(`delta.addPositions must hold 3 numbers per added node (${3 * addCount}), got ${addPositions.length}`);
    }
    for (let k = 0; k < addPositions.length; k++) {
      if (addPositions[k] === Infinity || addPositions[k] === -Infinity) throw new RangeError(`delta.addPositions[${k}] is infinite (NaN places the node)`);
    }
    if (addWeights.length * 2 !== addEdges.length) {
      throw new RangeError(`delta.addWeights must hold one weight per added edge (${addEdges.length >> 1}), got ${addWeights.length}`);
    }
    for (let k = 0; k < addWeights.length; k++) {
      if (!Number.isFinite(addWeights[k]) || addWeights[k] < 0) throw new RangeError(`delta.addWeights[${k}] must be a finite number >= 0, got ${addWeights[k]}`);
    }
    pairs('removeEdges', removeEdges);
    pairs('addEdges', addEdges);
    // Indices out of range are the native side's check: only it knows the count after the queued deltas.
    // It throws a RangeError naming the field and index too.
    this.native.editGraph(removeEdges, removeNodes, addCount, addPositions, addEdges, addWeights);
  }

  async cluster(signal?: AbortSignal): Promise<Uint32Array> {
    if (signal?.aborted) throw abortError(signal);
    const job = this.native.cluster();
    const onAbort = () => this.native.cancel(job.id);
    signal?.addEventListener('abort', onAbort, { once: true });
    let result: { cancelled: boolean };
    try {
      result = await job.promise;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    if (result.cancelled) throw signal ? abortError(signal) : new Error('clustering was cancelled');
    const labels = this.readLabels();
    if (!labels) throw new Error('clustering finished but the graph changed before its labels were read');
    return labels.labels;
  }

  /** Compact labels of the newest clustering, for every frame. With the labelCache switch on, the mapping
   *  is computed once per label version; off, it is recomputed on every call (see stats().figures). */
  readLabels(into?: Uint32Array): LabelSnapshot | undefined {
    const labels = into ?? new Uint32Array(this.nodeCount);
    const info = this.native.readLabels(labels);
    return info ? { version: info.version, clusters: info.clusters, labels } : undefined;
  }

  /** Debug readout: total force per node (xyz) at the current positions, with optional parameter overrides. */
  computeForces(params?: Partial<LayoutParams>): Float32Array {
    const out = new Float32Array(this.nodeCount * 3);
    this.native.computeForces(out, params);
    return out;
  }

  stats(): EngineStats {
    return this.native.stats();
  }

  /** Readable after dispose() too, so a caller can check that every buffer was freed. */
  memory(): EngineMemory {
    return this.native.memory();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.native.dispose();
  }
}

export type { LabelSnapshot } from './engine-api.js';

/** The switches and figures the native engine declares (native/src/switch_table.def). */
export function nativeSwitchTable(): NativeSwitchTable {
  return loadAddon().switchTable();
}

export function createEngine(options?: EngineOptions): NativeEngineWrapper {
  return new NativeEngineWrapper(options);
}

/** The engine switch names, re-exported for callers that iterate them. */
export const ENGINE_SWITCH_NAMES: readonly EngineSwitchName[] = ENGINE_SWITCHES;
