// UI state: everything a person sees in the panels. Changes a few times a second at most, so React
// components bind to slices of it directly.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { GraphInfo, McpServerStatus, ServerMessage, TaskInfo } from '../../../protocol/messages.js';
import type { LayoutParams, SwitchName, Switches } from '../../../protocol/switches.js';

export type ConnectionState =
  | { status: 'connecting' }
  | { status: 'open' }
  | { status: 'refused'; reason: string }
  | { status: 'closed'; reason: string };

export interface ErrorNote {
  id: number;
  message: string;
}

export interface MemorySample {
  /** ms since the page loaded */
  t: number;
  liveBytes: number;
  peakBytes: number;
}

type StatsMessage = Extract<ServerMessage, { type: 'stats' }>;

/** How many stats samples the memory chart keeps: ~60 s at the host's ~4 stats per second. */
export const MEMORY_HISTORY = 240;
/** Finished tasks kept in the list after they end; failed ones are kept beyond that, so their error stays. */
const FINISHED_TASKS_KEPT = 6;
const FAILED_TASKS_KEPT = 3;

/** A task as the window knows it: when its newest message arrived (the window's clock) lets it tick. */
export type TaskEntry = TaskInfo & { receivedAt: number };

/** How long the task has run (running: ticking with `now`) or ran (ended); null when the host did not say. */
export function taskElapsedMs(task: TaskEntry, now: number): number | null {
  if (task.elapsedMs === undefined) return null;
  return task.state === 'running' ? task.elapsedMs + Math.max(0, now - task.receivedAt) : task.elapsedMs;
}

/** How the graph is drawn; renderer-only, never sent to the host. */
export interface ViewSettings {
  /** Multiplies the automatic node size. */
  nodeScale: number;
  /** Multiplies the automatic edge opacity. */
  edgeOpacity: number;
  showEdges: boolean;
}

export const DEFAULT_VIEW: ViewSettings = { nodeScale: 1, edgeOpacity: 1, showEdges: true };

export interface AppState {
  connection: ConnectionState;
  backend: 'cpu' | 'cuda' | null;
  samples: string[];
  switches: Switches | null;
  /** Switches the host implements; the panel shows the others as not wired yet. */
  liveSwitches: SwitchName[];
  params: LayoutParams | null;
  paused: boolean;
  graph: GraphInfo | null;
  /** Newest first. */
  tasks: TaskEntry[];
  stats: StatsMessage | null;
  memoryHistory: MemorySample[];
  errors: ErrorNote[];
  fps: number;
  view: ViewSettings;
  /** The node shown in the inspector (index into the graph), or null. */
  selectedNode: number | null;
  /** The node under the pointer and where the pointer is (CSS px in the canvas), for the name tooltip. */
  hover: { node: number; x: number; y: number } | null;
  /** MCP servers the host knows (empty: none, or a host without a pool). */
  mcpServers: McpServerStatus[];
  /** The newest answer of the open MCP source's search. */
  mcpSearch: { requestId: number; query: string; ids: string[]; error?: string } | null;
}

export type AppStore = StoreApi<AppState>;

export function createAppStore(): AppStore {
  return createStore<AppState>(() => ({
    connection: { status: 'connecting' },
    backend: null,
    samples: [],
    switches: null,
    liveSwitches: [],
    params: null,
    paused: false,
    graph: null,
    tasks: [],
    stats: null,
    memoryHistory: [],
    errors: [],
    fps: 0,
    view: DEFAULT_VIEW,
    selectedNode: null,
    hover: null,
    mcpServers: [],
    mcpSearch: null,
  }));
}

let nextErrorId = 1;

export function pushError(store: AppStore, message: string): void {
  const errors = store.getState().errors;
  // One problem, one note: a failed task and the host's error about it often say the same thing, one
  // wrapped in the other ("Opening x: x: line 4 ..."). The banner is for reading, not counting.
  if (errors.some((e) => e.message.includes(message) || message.includes(e.message))) return;
  store.setState({ errors: [...errors.slice(-4), { id: nextErrorId++, message }] });
}

export function dismissError(store: AppStore, id: number): void {
  store.setState({ errors: store.getState().errors.filter((e) => e.id !== id) });
}

/** Applies a control message from main to the UI state. */
export function applyServerMessage(store: AppStore, message: ServerMessage, now: number): void {
  const s = store.getState();
  switch (message.type) {
    case 'welcome':
      store.setState({
        backend: message.backend,
        samples: message.samples,
        switches: message.switches,
        liveSwitches: message.liveSwitches,
        params: message.params,
        connection: { status: 'open' },
      });
      return;
    case 'graph':
      // A new graph has not settled, whatever the last graph's stats said: the badge waits for its own stats.
      if (s.graph?.graphId !== message.graph.graphId) {
        const stats = s.stats && { ...s.stats, engine: { ...s.stats.engine, settled: false } };
        store.setState({ graph: message.graph, selectedNode: null, hover: null, stats });
      }
      else store.setState({ graph: message.graph });
      return;
    case 'stats': {
      const sample: MemorySample = { t: now, liveBytes: message.memory.liveBytes, peakBytes: message.memory.peakBytes };
      store.setState({
        stats: message,
        backend: message.engine.backend,
        memoryHistory: [...s.memoryHistory.slice(-(MEMORY_HISTORY - 1)), sample],
      });
      return;
    }
    case 'switches':
      store.setState({ switches: message.switches });
      return;
    case 'params':
      store.setState({ params: message.params });
      return;
    case 'paused':
      store.setState({ paused: message.paused });
      return;
    case 'task':
      store.setState({ tasks: upsertTask(s.tasks, { ...message.task, receivedAt: now }) });
      if (message.task.state === 'failed' && message.task.error) pushError(store, `${message.task.label}: ${message.task.error}`);
      return;
    case 'error':
      pushError(store, message.message);
      return;
    case 'mcpServers':
      store.setState({ mcpServers: message.servers });
      return;
    case 'mcpSearchResult':
      // Answers arrive in order; one older than the newest shown is stale typing.
      if (!s.mcpSearch || message.requestId >= s.mcpSearch.requestId) store.setState({ mcpSearch: { requestId: message.requestId, query: message.query, ids: message.ids, error: message.error } });
      return;
  }
}

/** Keeps running tasks, the last few finished ones and the last few failures, newest first. */
export function upsertTask<T extends TaskInfo>(tasks: T[], task: T): T[] {
  const others = tasks.filter((t) => t.taskId !== task.taskId);
  const all = [task, ...others].sort((a, b) => b.taskId - a.taskId);
  const running = all.filter((t) => t.state === 'running');
  const finished = all.filter((t) => t.state !== 'running').slice(0, FINISHED_TASKS_KEPT);
  const failed = all.filter((t) => t.state === 'failed').slice(0, FAILED_TASKS_KEPT);
  return all.filter((t) => running.includes(t) || finished.includes(t) || failed.includes(t));
}
