// One line of numbers at the bottom of the canvas: backend, size, speed, frame rate.
import { useApp } from '../session/session-context.js';
import { formatBytes, formatNumber } from './format.js';

export function StatsLine() {
  const backend = useApp((s) => s.backend);
  const graph = useApp((s) => s.graph);
  const engine = useApp((s) => s.stats?.engine ?? null);
  const transport = useApp((s) => s.stats?.transport ?? null);
  const fps = useApp((s) => s.fps);
  const paused = useApp((s) => s.paused);
  const items: [string, string][] = [
    ['backend', backend ?? '–'],
    ['nodes', graph ? formatNumber(graph.nodeCount) : '–'],
    ['edges', graph ? formatNumber(graph.edgeCount) : '–'],
    ['steps/s', engine ? formatNumber(engine.stepsPerSecond) : '–'],
    ['ms/step', engine ? formatNumber(engine.msPerStep) : '–'],
    // No frame in the last second means nothing moved, not a broken renderer.
    ['fps', fps > 0 ? formatNumber(fps) : 'idle'],
    ['frame', transport ? formatBytes(transport.bytesPerFrame) : '–'],
  ];
  return (
    <div className="stats-line" data-testid="stats-line">
      {items.map(([k, v]) => (
        <span key={k}>
          <span className="k">{k}</span> <span className="v">{v}</span>
        </span>
      ))}
      {paused && <span className="badge">paused</span>}
      {engine?.settled && !paused && <span className="badge calm">settled</span>}
    </div>
  );
}
