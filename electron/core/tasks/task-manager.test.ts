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

describe('TaskManager timeouts, cancelAll and shutdown', () => {
  const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const obeys = (signal: AbortSignal) => new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));

  it('keeps a progress message, the start time and the signal of each task', async () => {
    const tm = new TaskManager();
    let release!: () => void;
    const h = tm.run('import', 'big.mtx', (_s, progress) => {
      progress(0.25, 'line 40,000');
      return new Promise<void>((r) => (release = r));
    }, { timeoutMs: 5000 });
    const [d] = tm.details();
    expect(d).toMatchObject({ taskId: h.taskId, kind: 'import', label: 'big.mtx', state: 'running', progress: 0.25, message: 'line 40,000', timeoutMs: 5000 });
    expect(d.signal).toBe(h.signal);
    expect(Math.abs(d.startedAt - Date.now())).toBeLessThan(1000);
    release();
    await h.result;
    expect(tm.details()).toEqual([]);
  });

  it('aborts a task that runs past its timeout and marks it failed with a clear error', async () => {
    const tm = new TaskManager();
    const seen: TaskInfo[] = [];
    tm.onChange((t) => seen.push(t));
    const before = timeouts();
    const h = tm.run('fetch', 'MCP fetch', obeys, { timeoutMs: 30 });
    await expect(h.result).rejects.toMatchObject({ name: 'TimeoutError', message: 'MCP fetch: timed out after 30 ms' });
    expect(h.signal.aborted).toBe(true);
    expect(seen.at(-1)).toMatchObject({ state: 'failed', error: 'MCP fetch: timed out after 30 ms' });
    // A task that ends in time leaves its timer cleared.
    const quick = tm.run('x', 'quick', async () => 1, { timeoutMs: 60_000 });
    expect(await quick.result).toBe(1);
    expect(timeouts()).toBeLessThanOrEqual(before);
    expect(() => tm.run('x', 'bad', async () => 1, { timeoutMs: -1 })).toThrow(/timeoutMs/);
  });

  it('cancelAll cancels every running task', async () => {
    const tm = new TaskManager();
    const hs = [1, 2, 3].map((k) => tm.run('x', `t${k}`, obeys, { timeoutMs: 60_000 }));
    expect(tm.cancelAll()).toBe(3);
    for (const h of hs) await expect(h.result).rejects.toMatchObject({ name: 'AbortError' });
    expect(tm.runningCount).toBe(0);
    expect(tm.cancelAll()).toBe(0);
    expect(tm.run('x', 'after', async () => 2).result).resolves.toBe(2); // cancelAll does not close the manager
  });

  it('shutdown stops the tasks that obey at once and leaves no timer', async () => {
    const tm = new TaskManager();
    const before = timeouts();
    const hs = [1, 2].map((k) => tm.run('x', `obedient ${k}`, obeys, { timeoutMs: 60_000 }));
    const t0 = performance.now();
    const report = await tm.shutdown(5000);
    expect(performance.now() - t0).toBeLessThan(1000); // did not wait out the grace period
    expect(report).toEqual({ stopped: hs.map((h, k) => ({ taskId: h.taskId, kind: 'x', label: `obedient ${k + 1}` })), notStopped: [] });
    for (const h of hs) await expect(h.result).rejects.toMatchObject({ name: 'AbortError' });
    expect(timeouts()).toBeLessThanOrEqual(before);
    expect(() => tm.run('x', 'late', async () => 1)).toThrow(/disposed/);
  });

  it('shutdown reports a task that ignores its signal as not stopped after the grace period', async () => {
    const tm = new TaskManager();
    const before = timeouts();
    let release!: () => void;
    const stubborn = tm.run('cluster', 'Finding clusters', () => new Promise<void>((r) => (release = r)), { timeoutMs: 60_000 });
    const obedient = tm.run('import', 'Opening x', obeys);
    const t0 = performance.now();
    const report = await tm.shutdown(80);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(70);
    expect(report.notStopped).toEqual([{ taskId: stubborn.taskId, kind: 'cluster', label: 'Finding clusters' }]);
    expect(report.stopped).toEqual([{ taskId: obedient.taskId, kind: 'import', label: 'Opening x' }]);
    expect(timeouts()).toBeLessThanOrEqual(before); // its timeout timer and the grace timer are both gone
    release();
    await expect(stubborn.result).rejects.toMatchObject({ name: 'AbortError' });
  });
});
