// The figures a stats message carries, in the order and with the labels the switch table declares
// (protocol/switch-table.ts): the host groups them by switch, so the panel only looks them up.
import type { ServerMessage } from '../../../protocol/messages.js';
import { GENERAL_FIGURES, switchSpec, type FigureGroup, type FigureSpec } from '../../../protocol/switch-table.js';
import { formatBytes, formatNumber } from './format.js';

type Stats = Extract<ServerMessage, { type: 'stats' }>;

export interface Figure {
  spec: FigureSpec;
  value: number;
}

/** The declared figures of one group that the stats carry, in the table's order. */
export function figuresOf(stats: Stats | null, group: FigureGroup): Figure[] {
  const values = stats?.figures[group];
  if (!values) return [];
  const specs = group === 'general' ? GENERAL_FIGURES : switchSpec(group).figures;
  return specs.filter((spec) => typeof values[spec.key] === 'number').map((spec) => ({ spec, value: values[spec.key]! }));
}

/** A figure's value in its declared unit. */
export function formatFigure(spec: FigureSpec, value: number): string {
  switch (spec.unit) {
    case 'bytes':
      return formatBytes(value);
    case 'ms':
      return `${formatNumber(value)} ms`;
    case 'per second':
      return `${formatNumber(value)} /s`;
    case 'ratio':
      return formatNumber(value);
    case 'flag':
      return value ? 'yes' : 'no';
    case 'count':
      return formatNumber(value);
  }
}
