// Positions only: CSV `id,x,y,z` (what `forcelab layout --out` writes) and JSON {id: [x, y, z]}.
import { num, type ExportInput } from './export-input.js';

/** RFC 4180: quote a field holding a comma, quote or line break. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function* writePositionsCsv({ graph, positions: p }: ExportInput): Generator<string> {
  yield 'id,x,y,z\n';
  const ids = graph.nodeIds;
  for (let i = 0; i < ids.length; i++) yield `${csvField(ids[i]!)},${num(p[3 * i]!)},${num(p[3 * i + 1]!)},${num(p[3 * i + 2]!)}\n`;
}

export function* writePositionsJson({ graph, positions: p }: ExportInput): Generator<string> {
  yield '{';
  const ids = graph.nodeIds;
  for (let i = 0; i < ids.length; i++) yield `${i ? ',' : ''}\n  ${JSON.stringify(ids[i])}: [${num(p[3 * i]!)}, ${num(p[3 * i + 1]!)}, ${num(p[3 * i + 2]!)}]`;
  yield '\n}\n';
}
