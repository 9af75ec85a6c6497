import { describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../../protocol/messages.js';
import { TaskManager } from './task-manager.js';

describe('TaskManager', () => {
  it('reports running, progress and done, and returns the result', async () => {
    const tm = new TaskManager();
    const seen: TaskInfo[] = [];
    tm.onChange((t) => seen.push(t));
    const h = tm.run('import', 'Opening x', async (_signal, progress) => {
      progress(0.5);
      return 42;
    });
    expect(await h.result).toBe(42);
    expect(seen[0]).toMatchObject({ taskId: h.taskId, kind: 'import', state: 'running', progress: 0 });
    expect(seen.at(-1)).toMatchObject({ state: 'done', progress: 1 });
    expect(tm.runningCount).toBe(0);
  });

  it('says how long a task has run while it runs, and its whole duration once it ended', async () => {
    const tm = new TaskManager();
    const seen: TaskInfo[] = [];
    tm.onChange((t) => seen.push(t));
    let release!: () => void;
    const h = tm.run('import', 'slow', () => new Promise<void>((r) => (release = r)));
    expect(seen[0]!.elapsedMs).toBeLessThan(20);
    await new Promise((r) => setTimeout(r, 60));
    expect(tm.list()[0]!.elapsedMs).toBeGreaterThanOrEqual(50);
    release();
    await h.result;
    const ended = seen.at(-1)!;
    expect(ended.state).toBe('done');
    expect(ended.elapsedMs).toBeGreaterThanOrEqual(50);
    expect(ended.elapsedMs).toBeLessThan(1000);
  });

  it('cancels through the AbortSignal and reports cancelled, not failed', async () => {
    const tm = new TaskManager();
    const seen: TaskInfo[] = [];
    tm.onChange((t) => seen.push(t));
    const h = tm.run('import', 'slow', (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))));
    expect(tm.cancel(h.taskId)).toBe(true);
    await expect(h.result).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen.at(-1)).toMatchObject({ state: 'cancelled' });
    expect(tm.cancel(h.taskId)).toBe(false);
  });

  it('reports a failure with its message', async () => {
    const tm = new TaskManager();
    const seen: TaskInfo[] = [];
    tm.onChange((t) => seen.push(t));
    const h = tm.run('import', 'bad', async () => {
      throw new Error('bad.csv: line 3: oops');
    });
    await expect(h.result).rejects.toThrow('line 3');
    expect(seen.at(-1)).toMatchObject({ state: 'failed', error: 'bad.csv: line 3: oops' });
  });

  it('dispose cancels every running task', async () => {
    const tm = new TaskManager();
    const hs = [1, 2, 3].map(() => tm.run('x', 'wait', (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))));
    tm.dispose();
    for (const h of hs) await expect(h.result).rejects.toMatchObject({ name: 'AbortError' });
    expect(tm.runningCount).toBe(0);
    expect(() => tm.run('x', 'late', async () => 1)).toThrow(/disposed/);
  });
});
