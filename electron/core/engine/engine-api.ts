// The contract between the main-process core and the native engine (native/, wrapped by engine.ts).
// The core and the hosts depend on this interface only.
import type { MemoryInfo } from '../../../protocol/messages.js';
import type { EngineSwitchName, LayoutParams } from '../../../protocol/switches.js';

export type Backend = 'cpu' | 'cuda';

export interface EngineOptions {
  /** 'auto' picks CUDA when a device answers, else CPU. */
  backend?: 'auto' | Backend;
  /** Seed for deterministic starting positions. */
  seed?: number;
  /** CPU worker threads; defaults to the number of cores. */
  threads?: number;
  /** The engine's threads run in the OS's background class (Linux SCHED_IDLE): they take the cycles nothing
   *  else wants, so the host's event loop and the window never wait behind them. The app's hosts set it. */
  background?: boolean;
}

/** A graph in compressed sparse row form: neighbours of node i are targets[offsets[i]..offsets[i+1]). */
export interface CsrGraph {
  nodeCount: number;
  offsets: Uint32Array; // length nodeCount + 1
  targets: Uint32Array; // length offsets[nodeCount]
  weights?: Float32Array; // per entry of targets; 1 when absent
}

export interface StepResult {
  /** Iterations actually computed (the stability gate may skip some). */
  stepped: number;
  skipped: number;
  cancelled: boolean;
  energy: number;
  /** Sequence number of the newest positions snapshot. */
  seq: number;
}

export interface EngineStats {
  backend: Backend;
  iterations: number;
  msPerStep: number;
  energy: number;
  temperature: number;
  settled: boolean;
  /** Live figures of the engine switches, e.g. allocationsPerStep, gateSkipped, labelMapMs. */
  figures: Record<string, number>;
}

/** The memory tracker's readout travels to the renderer unchanged. */
export type EngineMemory = MemoryInfo;

/** Compact cluster labels of the newest clustering (Engine.readLabels). */
export interface LabelSnapshot {
  /** Bumped by every clustering and every graph change. */
  version: number;
  clusters: number;
  /** Compact label 0..clusters-1 per node, 0 = the largest cluster. */
  labels: Uint32Array;
}

/** A topology change for the engine: protocol/graph-edits.ts's GraphDelta without ids and labels, applied in
 *  the same order with the same swap-remove rule, so the engine's node indices stay the store's. */
export interface EngineGraphDelta {
  removeEdges: Uint32Array;
  removeNodes: Uint32Array;
  /** Nodes appended after the removals. */
  addCount: number;
  /** xyz per added node; NaN where the engine places the node near its neighbours. */
  addPositions: Float32Array;
  addEdges: Uint32Array;
  addWeights: Float32Array;
}

export interface Engine {
  readonly backend: Backend;
  /** Why the engine is on CPU when CUDA was possible (no device, CUDA error), else undefined. */
  readonly fallbackReason: string | undefined;
  setGraph(graph: CsrGraph, positions?: Float32Array): void;
  readonly nodeCount: number;
  setParams(params: Partial<LayoutParams>): void;
  getParams(): LayoutParams;
  setSwitch(name: EngineSwitchName, on: boolean): void;
  getSwitches(): Record<EngineSwitchName, boolean>;
  /** Runs n iterations on the engine's native thread; the signal cancels within one iteration. */
  step(iterations: number, signal?: AbortSignal): Promise<StepResult>;
  /** Copies the newest complete positions (xyz per node) into `into` (or a new array) and returns it. */
  readPositions(into?: Float32Array): Float32Array;
  setPositions(positions: Float32Array): void;
  /** Applies a topology change between steps without a re-upload; the layout continues where it was and
   *  only the nodes it touches (the new ones and their neighbours) are warmed. */
  editGraph?(delta: EngineGraphDelta): void;
  pin(node: number, position?: [number, number, number]): void;
  unpin(node: number): void;
  /** Restarts the cooling schedule, e.g. after a change a person made. */
  reheat(): void;
  /** Label propagation clusters; the compact mapping 0..k-1 is ordered by cluster size. */
  cluster(signal?: AbortSignal): Promise<Uint32Array>;
  /** The newest clustering's compact labels, for every frame (undefined before any cluster()). With the
   *  labelCache switch on the label -> compact mapping is computed once per label version, off on every
   *  call; figures labelMapMs, labelCacheHits, labelCacheMisses show it. Copies into `into` when given. */
  readLabels?(into?: Uint32Array): LabelSnapshot | undefined;
  stats(): EngineStats;
  memory(): EngineMemory;
  /** Frees every buffer; the memory tracker reads zero afterwards. Idempotent. */
  dispose(): void;
}
