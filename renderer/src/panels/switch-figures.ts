// Which live figure belongs to which switch. The engine and core name figures by what they measure
// (EngineStatsInfo.figures); a figure goes under the first switch whose pattern matches its name,
// and anything unmatched is still shown, under "other figures".
import type { ServerMessage } from '../../../protocol/messages.js';
import { SWITCH_NAMES, type SwitchName } from '../../../protocol/switches.js';

type Stats = Extract<ServerMessage, { type: 'stats' }>;

export interface SwitchInfo {
  title: string;
  /** What "on" does / what "off" falls back to, in a line each. */
  on: string;
  off: string;
  figurePattern: RegExp;
  /** For a switch a host may not implement yet: the feature that brings it. */
  landsWith?: string;
}

export const SWITCH_INFO: Record<SwitchName, SwitchInfo> = {
  graphMessages: {
    title: 'Graph messages',
    on: 'batched commands applied in place',
    off: 'every mutation clones the graph',
    figurePattern: /graph|bytesCopied|copiedBytes|update/i,
    landsWith: 'graph editing',
  },
  deviceMemory: {
    title: 'Device memory pool',
    on: 'pooled buffers reused across steps',
    off: 'allocate and free every step',
    figurePattern: /alloc|pool|free/i,
  },
  asyncCompletion: {
    title: 'Async completion',
    on: 'step completion arrives by callback',
    off: 'the JS thread blocks until the step ends',
    figurePattern: /loop|lag|block|async/i,
  },
  mcpPool: {
    title: 'MCP pool',
    on: 'long-lived sessions with health checks',
    off: 'connect per request',
    figurePattern: /mcp|connection|call/i,
    landsWith: 'MCP sources',
  },
  labelCache: {
    title: 'Label cache',
    on: 'label mapping cached by version',
    off: 'recomputed every frame',
    figurePattern: /label|cache|hit/i,
  },
  overlappedCopy: {
    title: 'Overlapped copy',
    on: 'positions copied while the next step runs',
    off: 'step, then copy',
    figurePattern: /copy|frameMs|readback|overlap/i,
  },
  launchSizing: {
    title: 'Launch sizing',
    on: 'occupancy-sized blocks / core-sized chunks',
    off: 'fixed 256 / one chunk',
    figurePattern: /launch|block|grid|chunk|thread|occupancy/i,
  },
  stabilityGate: {
    title: 'Stability gate',
    on: 'skip steps while the layout is still',
    off: 'always step',
    figurePattern: /gate|skip|idle|settle/i,
  },
  frameQuantisation: {
    title: 'Frame quantisation',
    on: 'positions as uint16 inside the box',
    off: 'positions as float32',
    figurePattern: /quant|transfer|encode|frameBytes/i,
  },
};

export interface Figure {
  key: string;
  value: number;
}

/** Groups every live figure of a stats message under its switch; the fixed fields join the obvious ones.
 *  Only switches in `live` claim figures: one the host does not implement cannot be shown measuring anything. */
export function figuresBySwitch(
  stats: Stats | null,
  allocationsPerSecond: number | null,
  live: readonly SwitchName[] = SWITCH_NAMES,
): { bySwitch: Record<SwitchName, Figure[]>; other: Figure[] } {
  const bySwitch = Object.fromEntries(SWITCH_NAMES.map((n) => [n, [] as Figure[]])) as Record<SwitchName, Figure[]>;
  const other: Figure[] = [];
  if (!stats) return { bySwitch, other };
  for (const [key, value] of Object.entries(stats.engine.figures)) {
    if (typeof value !== 'number') continue;
    const name = SWITCH_NAMES.find((n) => live.includes(n) && SWITCH_INFO[n].figurePattern.test(key));
    (name ? bySwitch[name] : other).push({ key, value });
  }
  if (allocationsPerSecond !== null) bySwitch.deviceMemory.push({ key: 'allocationsPerSecond', value: allocationsPerSecond });
  bySwitch.deviceMemory.push({ key: 'liveBytes', value: stats.memory.liveBytes }, { key: 'peakBytes', value: stats.memory.peakBytes });
  bySwitch.launchSizing.push({ key: 'msPerStep', value: stats.engine.msPerStep });
  bySwitch.stabilityGate.push({ key: 'stepsPerSecond', value: stats.engine.stepsPerSecond });
  bySwitch.frameQuantisation.push(
    { key: 'bytesPerFrame', value: stats.transport.bytesPerFrame },
    { key: 'framesDropped', value: stats.transport.framesDropped },
  );
  return { bySwitch, other };
}
