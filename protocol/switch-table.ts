// The one declared table of performance switches (DESIGN.md): per switch its id, title, the layer that owns
// it, what on and off do, and the live figures that show it, each with a unit and a meaning. Everything else
// derives from it: the switch names, which layer a setSwitch goes to, the window's panel and its grouping of
// figures. The native engine mirrors its layer's rows in native/src/switch_table.def; a test checks both agree.

/** Who implements a switch: the native engine (both backends) or the main-process core. */
export type SwitchLayer = 'engine' | 'core';

export type FigureUnit = 'ms' | 'bytes' | 'count' | 'per second' | 'ratio' | 'flag';

export interface FigureSpec {
  /** Key in the stats message (unique across the table). */
  readonly key: string;
  /** Short label for the panel. */
  readonly label: string;
  readonly unit: FigureUnit;
  /** What the number is, in one line, as the panel's tooltip says it. */
  readonly meaning: string;
  /** Which layer measures it (a core switch can show an engine figure and the reverse). */
  readonly from: SwitchLayer;
}

export interface SwitchSpec {
  readonly id: string;
  readonly title: string;
  readonly layer: SwitchLayer;
  readonly on: string;
  readonly off: string;
  readonly figures: readonly FigureSpec[];
  /** Set while nothing is behind the switch yet: the feature that brings it. The window shows it as not wired,
   *  the session refuses to flip it and reports it as off. */
  readonly landsWith?: string;
}

const fig = (key: string, label: string, unit: FigureUnit, from: SwitchLayer, meaning: string): FigureSpec => ({
  key,
  label,
  unit,
  meaning,
  from,
});

export const SWITCH_TABLE = [
  {
    id: 'graphMessages',
    title: 'Graph messages',
    layer: 'core',
    on: 'batched commands applied in place',
    off: 'every mutation copies the whole graph',
    figures: [
      fig('bytesCopiedPerUpdate', 'bytes copied / update', 'bytes', 'core', 'graph bytes copied to apply one update'),
      fig('updateLatencyP50Ms', 'update latency p50', 'ms', 'core', 'time from a command to the graph changed, median'),
      fig('updateLatencyP95Ms', 'update latency p95', 'ms', 'core', 'time from a command to the graph changed, 95th percentile'),
    ],
  },
  {
    id: 'deviceMemory',
    title: 'Memory pool',
    layer: 'engine',
    on: 'buffers kept and reused across steps',
    off: 'allocate and free every step',
    figures: [
      fig('allocationsPerStep', 'allocations / step', 'count', 'engine', 'engine buffer allocations made by the newest step'),
      fig('allocationsPerSecond', 'allocations / s', 'per second', 'core', 'engine buffer allocations per second, from the memory tracker'),
    ],
  },
  {
    id: 'asyncCompletion',
    title: 'Async completion',
    layer: 'engine',
    on: 'step completion arrives by callback',
    off: 'the JS thread blocks until the step ends',
    figures: [
      fig('jsBlockedMs', 'JS blocked / step', 'ms', 'engine', 'time the JS thread waited for the newest step to finish'),
      fig('eventLoopDelayP50Ms', 'loop delay p50', 'ms', 'core', "main event loop's delay beyond the sampling interval, median of the last 250 ms"),
      fig('eventLoopDelayP99Ms', 'loop delay p99', 'ms', 'core', "main event loop's delay beyond the sampling interval, 99th percentile of the last 250 ms"),
    ],
  },
  {
    id: 'mcpPool',
    title: 'MCP pool',
    layer: 'core',
    on: 'long-lived sessions with health checks',
    off: 'connect per request',
    figures: [
      fig('mcpCallP50Ms', 'call latency p50', 'ms', 'core', 'MCP tool call latency, median'),
      fig('mcpCallP95Ms', 'call latency p95', 'ms', 'core', 'MCP tool call latency, 95th percentile'),
      fig('mcpSessionsOpen', 'sessions open', 'count', 'core', 'live MCP sessions in the pool'),
      fig('mcpConnects', 'connects', 'count', 'core', 'MCP sessions opened since start'),
      fig('mcpReconnects', 'reconnects', 'count', 'core', 'sessions that replaced one that crashed or stopped answering'),
      fig('mcpIdleEvictions', 'idle evictions', 'count', 'core', 'sessions closed after the idle timeout'),
    ],
  },
  {
    id: 'labelCache',
    title: 'Label cache',
    layer: 'engine',
    on: 'label mapping cached by version',
    off: 'recomputed on every read',
    figures: [
      fig('labelMapMs', 'mapping time', 'ms', 'engine', 'time of the newest cluster-label compaction'),
      fig('labelCacheHits', 'cache hits', 'count', 'engine', 'label reads answered from the cache'),
      fig('labelCacheMisses', 'cache misses', 'count', 'engine', 'label reads that recomputed the mapping'),
    ],
    // Labels are read once per clustering today, so the cache can never hit; per-frame recolouring brings it.
    landsWith: 'communities recoloured while the layout runs',
  },
  {
    id: 'overlappedCopy',
    title: 'Overlapped copy',
    layer: 'engine',
    on: 'positions copied while the next step runs',
    off: 'step, then copy',
    figures: [
      fig('copyMs', 'copy time', 'ms', 'engine', 'time to copy the newest positions off the backend'),
      fig('frameMs', 'frame time', 'ms', 'engine', 'step time plus the copy time not hidden behind a step'),
    ],
  },
  {
    id: 'launchSizing',
    title: 'Launch sizing',
    layer: 'engine',
    on: 'blocks sized by occupancy (CUDA), chunks by cores and N (CPU)',
    off: 'fixed 256-thread blocks (CUDA), fixed 256-node chunks (CPU)',
    figures: [
      fig('chunks', 'chunks / step', 'count', 'engine', 'work items the newest step dispatched: thread-pool chunks (CPU) or blocks (CUDA)'),
      fig('stepMs', 'step time', 'ms', 'engine', 'wall time of the newest step'),
    ],
  },
  {
    id: 'stabilityGate',
    title: 'Stability gate',
    layer: 'engine',
    on: 'skip steps while the layout is still',
    off: 'always step',
    figures: [
      fig('gateSkipped', 'steps skipped', 'count', 'engine', 'steps the gate skipped in the newest job'),
      fig('kineticEnergy', 'kinetic energy / node', 'ratio', 'engine', 'mean kinetic energy per node the gate compares with its threshold'),
      fig('stepsPerSecond', 'steps / s', 'per second', 'core', 'layout steps taken per second (skipped ones not counted)'),
    ],
  },
  {
    id: 'frameQuantisation',
    title: 'Frame quantisation',
    layer: 'core',
    on: 'positions as uint16 inside the box',
    off: 'positions as float32',
    figures: [
      fig('bytesPerFrame', 'bytes / frame', 'bytes', 'core', 'size of the newest frame sent to this window'),
      fig('frameEncodeMs', 'encode time', 'ms', 'core', 'time to encode the newest frame'),
    ],
  },
  {
    id: 'sparseFrames',
    title: 'Sparse frames',
    layer: 'core',
    on: 'send only nodes that moved beyond a quantum; nothing while still',
    off: 'every frame carries every node',
    figures: [
      fig('bytesPerNode', 'bytes / node', 'bytes', 'core', 'size of the newest frame sent to this window over the nodes in the graph'),
      fig('nodesPerFrame', 'nodes / frame', 'count', 'core', 'nodes the newest frame sent to this window carried'),
      fig('framesStill', 'frames not needed', 'count', 'core', 'times new positions moved no node beyond a quantum, so this window got no frame'),
    ],
  },
] as const satisfies readonly SwitchSpec[];

/** Figures that belong to no switch: the step's phases, tasks and the transport. Shown under "engine". */
export const GENERAL_FIGURES = [
  fig('phaseTreeMs', 'tree build', 'ms', 'engine', 'newest step: building the Barnes-Hut tree'),
  fig('phaseRepulsionMs', 'repulsion', 'ms', 'engine', 'newest step: repulsion over the tree'),
  fig('phaseIntegrateMs', 'integrate', 'ms', 'engine', 'newest step: springs, gravity and integration'),
  fig('tasksRunning', 'tasks running', 'count', 'core', 'long jobs running now'),
  fig('cancelLatencyMs', 'cancel latency', 'ms', 'core', 'time from the newest cancel to its task stopping'),
  fig('framesDropped', 'frames skipped', 'count', 'core', 'frames not sent because the window had two unacknowledged; it gets the newer one instead'),
  fig('framesDeferred', 'frames held back', 'count', 'core', 'times a frame waited because this window had not taken what was already sent (the send budget)'),
  fig('transportBufferedBytes', 'send buffer', 'bytes', 'core', 'bytes queued for this window and not yet taken by it'),
  fig('graphDeltaBytes', 'graph delta bytes', 'bytes', 'engine', 'bytes the newest graph delta moved to the backend'),
  fig('graphDeltas', 'graph deltas', 'count', 'engine', 'graph deltas applied since the graph was set'),
] as const satisfies readonly FigureSpec[];

export type SwitchName = (typeof SWITCH_TABLE)[number]['id'];
export type SwitchRow = (typeof SWITCH_TABLE)[number];
export type EngineSwitchName = Extract<SwitchRow, { layer: 'engine' }>['id'];
export type CoreSwitchName = Extract<SwitchRow, { layer: 'core' }>['id'];
export type Switches = Record<SwitchName, boolean>;

export const SWITCH_NAMES: readonly SwitchName[] = SWITCH_TABLE.map((s) => s.id);
export const ENGINE_SWITCHES = SWITCH_TABLE.filter((s) => s.layer === 'engine').map((s) => s.id) as readonly EngineSwitchName[];
export const CORE_SWITCHES = SWITCH_TABLE.filter((s) => s.layer === 'core').map((s) => s.id) as readonly CoreSwitchName[];

const byId = new Map<string, SwitchSpec>(SWITCH_TABLE.map((s) => [s.id, s]));
export function switchSpec(name: SwitchName): SwitchSpec {
  return byId.get(name)!;
}
export const isSwitchName = (name: unknown): name is SwitchName => typeof name === 'string' && byId.has(name);
export const isEngineSwitch = (name: SwitchName): name is EngineSwitchName => byId.get(name)?.layer === 'engine';
/** The switches with a mechanism behind them; the rest are shown as not wired. */
export const LIVE_SWITCHES: readonly SwitchName[] = SWITCH_TABLE.filter((s) => !('landsWith' in s)).map((s) => s.id);
export const isLiveSwitch = (name: SwitchName): boolean => LIVE_SWITCHES.includes(name);

/** Every optimisation starts on where it is wired; a switch not wired yet reads off (nothing behind it is on). */
export const DEFAULT_SWITCHES: Switches = Object.fromEntries(SWITCH_NAMES.map((n) => [n, isLiveSwitch(n)])) as Switches;

/** Figures grouped the way stats carry them: one group per switch, plus `general`. */
export type FigureGroup = SwitchName | 'general';
export type GroupedFigures = Partial<Record<FigureGroup, Record<string, number>>>;

const figureHome = new Map<string, { group: FigureGroup; spec: FigureSpec }>([
  ...SWITCH_TABLE.flatMap((s) => s.figures.map((f) => [f.key, { group: s.id as FigureGroup, spec: f }] as const)),
  ...GENERAL_FIGURES.map((f) => [f.key, { group: 'general' as FigureGroup, spec: f }] as const),
]);

/** The declared figure with this key, or undefined for one no row declares. */
export function figureSpec(key: string): { group: FigureGroup; spec: FigureSpec } | undefined {
  return figureHome.get(key);
}

/** Sorts flat figures into their declared groups; a key nobody declared is a programming error. */
export function groupFigures(flat: Record<string, number>, into: GroupedFigures = {}): GroupedFigures {
  for (const [key, value] of Object.entries(flat)) {
    const home = figureHome.get(key);
    if (!home) throw new Error(`figure ${key} is not declared in protocol/switch-table.ts`);
    (into[home.group] ??= {})[key] = value;
  }
  return into;
}
