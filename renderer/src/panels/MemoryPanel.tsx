// Engine memory: a live chart of live and peak bytes, the counters, and the biggest buffers.
import { useApp } from '../session/session-context.js';
import type { MemorySample } from '../store/app-store.js';
import { MEMORY_HISTORY } from '../store/app-store.js';
import { formatBytes, formatNumber } from './format.js';
import { Section } from './Section.js';

/** What the tracked bytes are on each backend: the same tracker counts different memory. */
const MEMORY_KIND = {
  cpu: 'host RAM held by the CPU backend',
  cuda: 'GPU device memory and pinned host buffers of the CUDA backend',
} as const;

const W = 280;
const H = 80;

export function MemoryPanel() {
  const memory = useApp((s) => s.stats?.memory ?? null);
  const history = useApp((s) => s.memoryHistory);
  const allocationsPerSecond = useApp((s) => s.stats?.figures.deviceMemory?.allocationsPerSecond ?? null);
  const backend = useApp((s) => s.backend);
  return (
    <Section title="Engine memory" testId="memory">
      {backend && <p className="muted" data-testid="memory-kind">{MEMORY_KIND[backend]}</p>}
      {!memory && <p className="muted">no measurements yet</p>}
      {memory && (
        <>
          <MemoryChart history={history} />
          <div className="legend">
            <span className="key live">live {formatBytes(memory.liveBytes)}</span>
            <span className="key peak" title="the most the engine held at once since this graph was opened">peak (this graph) {formatBytes(memory.peakBytes)}</span>
          </div>
          <dl className="figures">
            <div><dt>allocations</dt><dd>{formatNumber(memory.allocations)}</dd></div>
            <div><dt>frees</dt><dd>{formatNumber(memory.frees)}</dd></div>
            {allocationsPerSecond !== null && <div><dt>allocations / s</dt><dd>{formatNumber(allocationsPerSecond)}</dd></div>}
            {memory.deviceTotalBytes !== undefined && (
              <div><dt>device free</dt><dd>{formatBytes(memory.deviceFreeBytes ?? 0)} of {formatBytes(memory.deviceTotalBytes)}</dd></div>
            )}
          </dl>
          <BufferList buffers={memory.buffers} />
        </>
      )}
    </Section>
  );
}

function MemoryChart({ history }: { history: MemorySample[] }) {
  const top = Math.max(1, ...history.map((s) => s.peakBytes));
  // Fixed time axis: the newest sample sits at the right edge, older ones scroll left.
  const x = (i: number) => W - ((history.length - 1 - i) / (MEMORY_HISTORY - 1)) * W;
  const y = (bytes: number) => H - 4 - (bytes / top) * (H - 12);
  const line = (pick: (s: MemorySample) => number) => history.map((s, i) => `${x(i).toFixed(1)},${y(pick(s)).toFixed(1)}`).join(' ');
  const liveLine = line((s) => s.liveBytes);
  const area = history.length > 1 ? `${x(0).toFixed(1)},${H} ${liveLine} ${W},${H}` : '';
  return (
    <svg className="memory-chart" viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label="live and peak bytes over time">
      <text x="4" y="10" className="axis">{formatBytes(top)}</text>
      {area && <polygon points={area} className="live-area" />}
      <polyline points={line((s) => s.peakBytes)} className="peak-line" />
      <polyline points={liveLine} className="live-line" />
    </svg>
  );
}

function BufferList({ buffers }: { buffers: Record<string, number> }) {
  const rows = Object.entries(buffers).sort((a, b) => b[1] - a[1]).slice(0, 8);
  if (rows.length === 0) return null;
  return (
    <table className="buffers">
      <tbody>
        {rows.map(([name, bytes]) => (
          <tr key={name}>
            <td>{name}</td>
            <td className="num">{formatBytes(bytes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
