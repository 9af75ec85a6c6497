// The line under the graph's name that says what its file held, as read (GraphInfo.read).
import type { GraphInfo } from '../../../protocol/messages.js';
import { formatNumber } from './format.js';

/** "as read: 362 edges, directed, 9 duplicates merged, 16 isolated, 17 components" (zero counts left out). */
export function readSummary(r: NonNullable<GraphInfo['read']>): string {
  const parts = [`${formatNumber(r.edges)} edge record${r.edges === 1 ? '' : 's'}`, r.directed ? 'directed' : 'undirected'];
  if (r.duplicateEdges) parts.push(`${formatNumber(r.duplicateEdges)} duplicates merged`);
  if (r.selfLoops) parts.push(`${formatNumber(r.selfLoops)} self-loops dropped`);
  if (r.isolated) parts.push(`${formatNumber(r.isolated)} isolated`);
  parts.push(`${formatNumber(r.components)} component${r.components === 1 ? '' : 's'}`);
  return `as read: ${parts.join(', ')}`;
}
