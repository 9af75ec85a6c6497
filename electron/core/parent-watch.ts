// Ends a long-running command (the browser host, `npm start`) when the process that started it is gone.
// `npm run serve` runs us through `sh -c`; on SIGTERM or SIGINT npm signals that shell, which dies without
// passing the signal on (dash does not exec its last command), and we would live on, re-parented, holding the
// port. Nothing else tells us (stdin is the terminal, not a pipe), so we look: a changed parent pid means ours
// has exited. Polling is cheap and works on Linux and macOS; on Windows the parent pid does not change.
import { toDisposable, type Disposable } from './lifecycle.js';

/** How often the parent is checked: shutdown follows npm's within about this much. */
export const PARENT_POLL_MS = 250;

export function watchParent(onGone: () => void, intervalMs = PARENT_POLL_MS): Disposable {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref(); // the watch alone must not keep the process running
  return toDisposable(() => clearInterval(timer));
}
