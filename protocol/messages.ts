// Typed control messages. JSON text over the transport; binary payloads (frames, graph topology) travel
// separately (see frame.ts, graph-payload.ts). Every message from the other side is validated here.
import { SWITCH_NAMES, PARAM_BOUNDS, type LayoutParams, type SwitchName, type Switches } from './switches.js';

export const PROTOCOL_VERSION = 1;

/** Renderer -> main. */
export type ClientMessage =
  | { type: 'hello'; protocol: number }
  | { type: 'ack'; seq: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'setParams'; params: Partial<LayoutParams> }
  | { type: 'setSwitch'; name: SwitchName; on: boolean }
  | { type: 'openSample'; name: string }
  | { type: 'openFile'; name: string; text: string }
  | { type: 'cancelTask'; taskId: number }
  | { type: 'reheat' };

export interface GraphInfo {
  graphId: number;
  name: string;
  nodeCount: number;
  edgeCount: number;
  source: string;
}

export interface TaskInfo {
  taskId: number;
  kind: string;
  label: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  /** 0..1, or null when unknown. */
  progress: number | null;
  error?: string;
}

export interface EngineStatsInfo {
  backend: 'cpu' | 'cuda';
  iterations: number;
  stepsPerSecond: number;
  msPerStep: number;
  energy: number;
  temperature: number;
  settled: boolean;
  /** Per-switch live figures, keyed by what they measure. */
  figures: Record<string, number>;
}

export interface MemoryInfo {
  liveBytes: number;
  peakBytes: number;
  allocations: number;
  frees: number;
  buffers: Record<string, number>;
  deviceFreeBytes?: number;
  deviceTotalBytes?: number;
}

/** Main -> renderer. */
export type ServerMessage =
  | {
      type: 'welcome';
      protocol: number;
      backend: 'cpu' | 'cuda';
      samples: string[];
      switches: Switches;
      /** The switches this host actually implements; the others exist in the protocol but change nothing yet. */
      liveSwitches: SwitchName[];
      params: LayoutParams;
    }
  | { type: 'graph'; graph: GraphInfo }
  | { type: 'stats'; engine: EngineStatsInfo; memory: MemoryInfo; transport: { bytesPerFrame: number; framesInFlight: number; framesDropped: number } }
  | { type: 'switches'; switches: Switches }
  | { type: 'params'; params: LayoutParams }
  | { type: 'paused'; paused: boolean }
  | { type: 'task'; task: TaskInfo }
  | { type: 'error'; message: string }
  /** Node ids as written in the source (index = node index), and display labels where the source has them
   *  (GEXF/GraphML/JSON `label`); sent once per graph, right after its binary payload. */
  | { type: 'nodeNames'; graphId: number; ids: string[]; labels?: Array<string | null> };

export class MessageError extends Error {
  constructor(message: string) {
    super(`bad message: ${message}`);
    this.name = 'MessageError';
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

/** Parses and validates a renderer message; throws MessageError naming what was wrong. */
export function parseClientMessage(raw: string | unknown): ClientMessage {
  let m: unknown = raw;
  if (typeof raw === 'string') {
    try {
      m = JSON.parse(raw);
    } catch {
      throw new MessageError(`not JSON: ${raw.slice(0, 60)}`);
    }
  }
  if (!isObj(m)) throw new MessageError('expected an object');
  const t = m.type;
  switch (t) {
    case 'hello':
      if (!isNum(m.protocol)) throw new MessageError('hello.protocol must be a number');
      return { type: 'hello', protocol: m.protocol };
    case 'ack':
      if (!isNum(m.seq) || m.seq < 0 || !Number.isInteger(m.seq)) throw new MessageError('ack.seq must be a non-negative integer');
      return { type: 'ack', seq: m.seq };
    case 'pause':
    case 'resume':
    case 'reheat':
      return { type: t };
    case 'setParams': {
      if (!isObj(m.params)) throw new MessageError('setParams.params must be an object');
      const params: Partial<LayoutParams> = {};
      for (const [k, v] of Object.entries(m.params)) {
        if (k === 'dimensions') {
          if (v !== 2 && v !== 3) throw new MessageError(`parameter dimensions must be 2 or 3, got ${JSON.stringify(v)}`);
          params.dimensions = v;
          continue;
        }
        const bounds = (PARAM_BOUNDS as Record<string, [number, number]>)[k];
        if (!bounds) throw new MessageError(`unknown parameter ${k}`);
        if (!isNum(v) || v < bounds[0] || v > bounds[1]) {
          throw new MessageError(`parameter ${k} must be a number in [${bounds[0]}, ${bounds[1]}], got ${JSON.stringify(v)}`);
        }
        (params as Record<string, number>)[k] = v;
      }
      return { type: 'setParams', params };
    }
    case 'setSwitch':
      if (!isStr(m.name) || !(SWITCH_NAMES as readonly string[]).includes(m.name)) throw new MessageError(`unknown switch ${JSON.stringify(m.name)}`);
      if (typeof m.on !== 'boolean') throw new MessageError('setSwitch.on must be a boolean');
      return { type: 'setSwitch', name: m.name as SwitchName, on: m.on };
    case 'openSample':
      if (!isStr(m.name)) throw new MessageError('openSample.name must be a string');
      return { type: 'openSample', name: m.name };
    case 'openFile':
      if (!isStr(m.name) || !isStr(m.text)) throw new MessageError('openFile needs a name and text');
      return { type: 'openFile', name: m.name, text: m.text };
    case 'cancelTask':
      if (!isNum(m.taskId)) throw new MessageError('cancelTask.taskId must be a number');
      return { type: 'cancelTask', taskId: m.taskId };
    default:
      throw new MessageError(`unknown type ${JSON.stringify(t)}`);
  }
}

/** The renderer trusts main but still checks the shape, so a protocol mismatch fails loudly. */
export function parseServerMessage(raw: string): ServerMessage {
  let m: unknown;
  try {
    m = JSON.parse(raw);
  } catch {
    throw new MessageError(`not JSON: ${raw.slice(0, 60)}`);
  }
  if (!isObj(m) || !isStr(m.type)) throw new MessageError('expected an object with a type');
  const known = ['welcome', 'graph', 'stats', 'switches', 'params', 'paused', 'task', 'error', 'nodeNames'];
  if (!known.includes(m.type)) throw new MessageError(`unknown type ${JSON.stringify(m.type)}`);
  // The fields the renderer indexes into get checked; the rest is trusted as main's own output.
  if (m.type === 'welcome') {
    if (!Array.isArray(m.liveSwitches) || !m.liveSwitches.every((n) => (SWITCH_NAMES as readonly unknown[]).includes(n))) {
      throw new MessageError(`welcome.liveSwitches must list switch names, got ${JSON.stringify(m.liveSwitches)?.slice(0, 80)}`);
    }
  } else if (m.type === 'nodeNames') {
    if (!isNum(m.graphId)) throw new MessageError('nodeNames.graphId must be a number');
    if (!Array.isArray(m.ids) || !m.ids.every(isStr)) throw new MessageError('nodeNames.ids must be an array of strings');
    if (m.labels !== undefined) {
      if (!Array.isArray(m.labels) || m.labels.length !== m.ids.length || !m.labels.every((l) => l === null || isStr(l))) {
        throw new MessageError(`nodeNames.labels must be ${m.ids.length} strings or nulls, one per id`);
      }
    }
  }
  return m as unknown as ServerMessage;
}
