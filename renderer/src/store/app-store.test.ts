import { describe, expect, it } from 'vitest';
import type { ServerMessage, TaskInfo } from '../../../protocol/messages.js';
import { applyServerMessage, createAppStore, dismissError, MEMORY_HISTORY, pushError, taskElapsedMs, upsertTask } from './app-store.js';
import { formatDuration } from '../panels/format.js';

const stats = (allocations: number, liveBytes: number, settled = false): ServerMessage => ({
  type: 'stats',
  engine: { backend: 'cpu', iterations: 1, stepsPerSecond: 60, msPerStep: 2, energy: 1, temperature: 1, settled },
  memory: { liveBytes, peakBytes: 1000, allocations, frees: 0, buffers: {} },
  transport: { bytesPerFrame: 100, framesInFlight: 1, framesDropped: 0 },
  figures: {},
});
const graph = (graphId: number): ServerMessage => ({ type: 'graph', graph: { graphId, name: `g${graphId}`, nodeCount: 3, edgeCount: 2, source: 'test' } });

const task = (taskId: number, state: TaskInfo['state']): TaskInfo => ({ taskId, kind: 'import', label: `t${taskId}`, state, progress: 0.5 });

describe('app store', () => {
  it('keeps a bounded memory history', () => {
    const store = createAppStore();
    for (let i = 0; i < MEMORY_HISTORY + 20; i++) applyServerMessage(store, stats(60, i), 500 + i);
    const h = store.getState().memoryHistory;
    expect(h).toHaveLength(MEMORY_HISTORY);
    expect(h.at(-1)?.liveBytes).toBe(MEMORY_HISTORY + 19);
  });

  it("does not carry the old graph's settled state over to a new graph", () => {
    const store = createAppStore();
    applyServerMessage(store, graph(1), 0);
    applyServerMessage(store, stats(1, 1, true), 10);
    expect(store.getState().stats?.engine.settled).toBe(true);
    applyServerMessage(store, graph(1), 20); // the same graph again (a reconnect): its state stands
    expect(store.getState().stats?.engine.settled).toBe(true);
    applyServerMessage(store, graph(2), 30);
    expect(store.getState().stats?.engine.settled).toBe(false);
  });

  it('shows a failed task as an error and dismisses errors one by one', () => {
    const store = createAppStore();
    applyServerMessage(store, { type: 'task', task: { ...task(1, 'failed'), label: 'import bad.csv', error: 'line 3: expected two columns' } }, 0);
    applyServerMessage(store, { type: 'error', message: 'another' }, 0);
    const errors = store.getState().errors;
    expect(errors.map((e) => e.message)).toEqual(['import bad.csv: line 3: expected two columns', 'another']);
    dismissError(store, errors[0].id);
    expect(store.getState().errors.map((e) => e.message)).toEqual(['another']);
    pushError(store, 'another');
    expect(store.getState().errors).toHaveLength(1);
  });

  it('shows a failed task and the host error about it as one note, whichever comes first', () => {
    const store = createAppStore();
    applyServerMessage(store, { type: 'error', message: 'x.mtx: line 4: bad index' }, 0);
    applyServerMessage(store, { type: 'task', task: { ...task(3, 'failed'), label: 'Opening x.mtx', error: 'x.mtx: line 4: bad index' } }, 0);
    expect(store.getState().errors.map((e) => e.message)).toEqual(['x.mtx: line 4: bad index']);
    const other = createAppStore();
    applyServerMessage(other, { type: 'task', task: { ...task(3, 'failed'), label: 'Opening x.mtx', error: 'x.mtx: line 4: bad index' } }, 0);
    applyServerMessage(other, { type: 'error', message: 'x.mtx: line 4: bad index' }, 0);
    expect(other.getState().errors.map((e) => e.message)).toEqual(['Opening x.mtx: x.mtx: line 4: bad index']);
  });

  it('keeps running tasks and the newest finished ones, newest first', () => {
    let tasks: TaskInfo[] = [];
    for (let i = 1; i <= 10; i++) tasks = upsertTask(tasks, task(i, i === 2 ? 'running' : 'done'));
    expect(tasks.map((t) => t.taskId)).toEqual([10, 9, 8, 7, 6, 5, 2]);
    tasks = upsertTask(tasks, task(2, 'cancelled'));
    expect(tasks.find((t) => t.taskId === 2)).toBeUndefined(); // now older than the six kept
  });

  it('keeps a failed task (and its error) in the list after newer tasks finish', () => {
    let tasks: TaskInfo[] = [{ ...task(1, 'failed'), error: 'bad.csv: line 3' }];
    for (let i = 2; i <= 12; i++) tasks = upsertTask(tasks, task(i, 'done'));
    expect(tasks.map((t) => t.taskId)).toEqual([12, 11, 10, 9, 8, 7, 1]);
    expect(tasks.at(-1)!.error).toBe('bad.csv: line 3');
  });

  it('ticks a running task from the elapsed time the host sent, and keeps an ended one at its duration', () => {
    const store = createAppStore();
    applyServerMessage(store, { type: 'task', task: { ...task(1, 'running'), elapsedMs: 1500 } }, 10_000);
    const running = store.getState().tasks[0]!;
    expect(taskElapsedMs(running, 10_000)).toBe(1500);
    expect(taskElapsedMs(running, 12_250)).toBe(3750);
    applyServerMessage(store, { type: 'task', task: { ...task(1, 'done'), elapsedMs: 4200 } }, 13_000);
    expect(taskElapsedMs(store.getState().tasks[0]!, 99_000)).toBe(4200);
    expect(taskElapsedMs({ ...task(2, 'running'), receivedAt: 0 }, 5)).toBeNull();
    expect([350, 4200, 42_000, 65_000, 7_380_000].map(formatDuration)).toEqual(['350 ms', '4.2 s', '42 s', '1 min 05 s', '2 h 03 min']);
  });
});
