// Typed control messages. JSON text over the transport; binary payloads (frames, graph topology) travel
// separately (see frame.ts, graph-payload.ts). Each message is one zod schema: its TypeScript type and its
// check come from the same definition, and objects are strict, so an unknown key (`constructor`, a typo)
// is refused here, naming it, before anything acts on the message.
import { z } from 'zod';
import { SWITCH_NAMES, type SwitchName } from './switch-table.js';
import { PARAM_BOUNDS, type LayoutParams } from './switches.js';
import { graphCommandSchema } from './graph-edits.js';
import { EXPORT_FORMAT_IDS, type ExportFormat } from './export-formats.js';

export const PROTOCOL_VERSION = 2;

export class MessageError extends Error {
  constructor(message: string) {
    super(`bad message: ${message}`);
    this.name = 'MessageError';
  }
}

// ---- shared pieces ---------------------------------------------------------------------------------------

type NumberParam = Exclude<keyof LayoutParams, 'dimensions'>;
const paramNumber = (name: string, [lo, hi]: [number, number]) =>
  z.number({ error: `parameter ${name} must be a number in [${lo}, ${hi}]` }).min(lo, { error: `parameter ${name} must be a number in [${lo}, ${hi}]` }).max(hi, { error: `parameter ${name} must be a number in [${lo}, ${hi}]` });
const dimensions = z.union([z.literal(2), z.literal(3)], { error: 'parameter dimensions must be 2 or 3' });
const numberParams = Object.fromEntries(
  (Object.entries(PARAM_BOUNDS) as Array<[NumberParam, [number, number]]>).map(([k, b]) => [k, paramNumber(k, b)]),
) as { [K in NumberParam]: ReturnType<typeof paramNumber> };

const paramsPatch = z.strictObject({
  dimensions: dimensions.optional(),
  ...(Object.fromEntries(Object.entries(numberParams).map(([k, s]) => [k, s.optional()])) as {
    [K in NumberParam]: z.ZodOptional<ReturnType<typeof paramNumber>>;
  }),
});
const fullParams = z.strictObject({ dimensions, ...numberParams });

const switchName = z.enum(SWITCH_NAMES as [SwitchName, ...SwitchName[]], { error: 'unknown switch' });
const switches = z.record(switchName, z.boolean());
const count = z.number().int().nonnegative();
const exportFormat = z.enum(EXPORT_FORMAT_IDS as [ExportFormat, ...ExportFormat[]], { error: `format must be one of ${EXPORT_FORMAT_IDS.join(', ')}` });
const backend = z.enum(['cpu', 'cuda']);

/** An MCP server a person adds: a local command (stdio) or a Streamable HTTP endpoint. */
const mcpName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: 'server name: letters, digits, . _ - (up to 64), starting with a letter or digit' });
export const mcpServerSpecSchema = z.discriminatedUnion('transport', [
  z.strictObject({
    transport: z.literal('stdio'),
    name: mcpName,
    command: z.string().min(1, { error: 'command must not be empty' }),
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), z.string()).optional(),
    cwd: z.string().optional(),
  }),
  z.strictObject({
    transport: z.literal('http'),
    name: mcpName,
    url: z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL' }),
    headers: z.record(z.string(), z.string()).optional(),
  }),
]);
export type McpServerSpec = z.infer<typeof mcpServerSpecSchema>;

const mcpServerStatus = z.strictObject({
  name: z.string(),
  transport: z.enum(['stdio', 'http']),
  /** The command line or URL, as the list shows it. */
  target: z.string(),
  /** idle: defined, no session; connecting; live: a session answers; failed: the newest attempt failed (error). */
  status: z.enum(['idle', 'connecting', 'live', 'failed']),
  error: z.string().optional(),
  sessions: count,
  /** The graph on screen comes from this server. */
  open: z.boolean(),
  /** Shipped with the app (it can be disconnected, not removed). */
  builtIn: z.boolean(),
});
export type McpServerStatus = z.infer<typeof mcpServerStatus>;

// ---- renderer -> main ------------------------------------------------------------------------------------

const clientSchemas = {
  hello: z.strictObject({ type: z.literal('hello'), protocol: z.number() }),
  ack: z.strictObject({ type: z.literal('ack'), seq: z.number({ error: 'must be a non-negative integer' }).int({ error: 'must be a non-negative integer' }).nonnegative({ error: 'must be a non-negative integer' }) }),
  pause: z.strictObject({ type: z.literal('pause') }),
  resume: z.strictObject({ type: z.literal('resume') }),
  reheat: z.strictObject({ type: z.literal('reheat') }),
  /** Run the layout to convergence as a task (progress, cancel); maxIterations bounds it, then it pauses. */
  runLayout: z.strictObject({
    type: z.literal('runLayout'),
    maxIterations: z.number().int().min(1).max(1e9).optional(),
    timeoutMs: z.number().min(1).max(86_400_000).optional(),
  }),
  setParams: z.strictObject({ type: z.literal('setParams'), params: paramsPatch }),
  setSwitch: z.strictObject({ type: z.literal('setSwitch'), name: switchName, on: z.boolean({ error: 'must be a boolean' }) }),
  openSample: z.strictObject({ type: z.literal('openSample'), name: z.string() }),
  openFile: z.strictObject({ type: z.literal('openFile'), name: z.string(), text: z.string() }),
  cancelTask: z.strictObject({ type: z.literal('cancelTask'), taskId: count }),
  /** Edits to the graph on screen (drag, pin, delete...), applied by the GraphStore in order as one batch. */
  edit: z.strictObject({ type: z.literal('edit'), graphId: count, commands: z.array(graphCommandSchema).min(1).max(100_000) }),
  /** MCP sources: define one, open its graph (it stays live), close it, forget it. */
  mcpAdd: z.strictObject({ type: z.literal('mcpAdd'), server: mcpServerSpecSchema }),
  mcpOpen: z.strictObject({ type: z.literal('mcpOpen'), name: mcpName }),
  mcpDisconnect: z.strictObject({ type: z.literal('mcpDisconnect'), name: mcpName }),
  mcpRemove: z.strictObject({ type: z.literal('mcpRemove'), name: mcpName }),
  /** Export the graph on screen; answered by exportData chunks and one exportDone with the same requestId. */
  exportGraph: z.strictObject({ type: z.literal('exportGraph'), requestId: count, format: exportFormat }),
  /** Search with the open MCP source's own search (search_nodes); answered by mcpSearchResult. */
  mcpSearch: z.strictObject({ type: z.literal('mcpSearch'), requestId: count, query: z.string().max(1024) }),
};
export type ClientMessage = { [K in keyof typeof clientSchemas]: z.infer<(typeof clientSchemas)[K]> }[keyof typeof clientSchemas];

// ---- main -> renderer ------------------------------------------------------------------------------------

const graphInfo = z.strictObject({
  graphId: count,
  name: z.string(),
  /** Nodes and layout edges now (distinct undirected pairs without self-loops, after any edits). */
  nodeCount: count,
  edgeCount: count,
  source: z.string(),
  /** The graph as its source gave it, counted once when it was read (graph-summary.ts). */
  read: z
    .strictObject({ edges: count, directed: z.boolean(), selfLoops: count, duplicateEdges: count, isolated: count, components: count })
    .optional(),
});
export type GraphInfo = z.infer<typeof graphInfo>;

const taskInfo = z.strictObject({
  taskId: count,
  kind: z.string(),
  label: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  /** 0..1, or null when unknown. */
  progress: z.number().min(0).max(1).nullable(),
  error: z.string().optional(),
  /** What it is doing now ("line 40,000", "iteration 120, temperature 0.3"), while running. */
  message: z.string().optional(),
  /** Time it has run when this message was sent (running), or its whole duration (ended), in ms. A duration,
   *  not a timestamp: main's and the window's clocks need not agree. */
  elapsedMs: z.number().nonnegative().optional(),
});
export type TaskInfo = z.infer<typeof taskInfo>;

const engineStats = z.strictObject({
  backend,
  iterations: count,
  stepsPerSecond: z.number(),
  msPerStep: z.number(),
  energy: z.number(),
  temperature: z.number(),
  /** True only while the layout is at rest: the stability gate skipped every step of the last stats window. */
  settled: z.boolean(),
});
export type EngineStatsInfo = z.infer<typeof engineStats>;

const memoryInfo = z.strictObject({
  liveBytes: z.number(),
  /** Since the current graph was set. */
  peakBytes: z.number(),
  allocations: z.number(),
  frees: z.number(),
  buffers: z.record(z.string(), z.number()),
  deviceFreeBytes: z.number().optional(),
  deviceTotalBytes: z.number().optional(),
});
export type MemoryInfo = z.infer<typeof memoryInfo>;

/** Live figures grouped as switch-table.ts declares them: one record per switch, plus `general`. */
const groupedFigures = z.partialRecord(z.union([switchName, z.literal('general')]), z.record(z.string(), z.number()));

const serverSchemas = {
  welcome: z.strictObject({
    type: z.literal('welcome'),
    protocol: z.number(),
    backend,
    samples: z.array(z.string()),
    switches,
    /** The switches this host implements; the others exist in the table but change nothing yet. */
    liveSwitches: z.array(switchName),
    params: fullParams,
  }),
  graph: z.strictObject({ type: z.literal('graph'), graph: graphInfo }),
  stats: z.strictObject({
    type: z.literal('stats'),
    engine: engineStats,
    memory: memoryInfo,
    transport: z.strictObject({ bytesPerFrame: z.number(), framesInFlight: count, framesDropped: count }),
    figures: groupedFigures,
  }),
  switches: z.strictObject({ type: z.literal('switches'), switches }),
  params: z.strictObject({ type: z.literal('params'), params: fullParams }),
  paused: z.strictObject({ type: z.literal('paused'), paused: z.boolean() }),
  task: z.strictObject({ type: z.literal('task'), task: taskInfo }),
  error: z.strictObject({ type: z.literal('error'), message: z.string() }),
  /** One applied edit batch (protocol/graph-edits.ts GraphDelta with plain arrays), so the window updates its
   *  geometry in place instead of receiving the graph again. */
  graphDelta: z.strictObject({
    type: z.literal('graphDelta'),
    graphId: count,
    version: count,
    removeEdges: z.array(count),
    removeNodes: z.array(count),
    addNodes: z.strictObject({ ids: z.array(z.string()), labels: z.array(z.string().nullable()) }),
    addPositions: z.array(z.number().nullable()),
    addEdges: z.array(count),
    addWeights: z.array(z.number()),
    pins: z.array(z.strictObject({ node: count, pinned: z.boolean(), position: z.tuple([z.number(), z.number(), z.number()]).optional() })),
  }),
  /** Every MCP server the host knows, with its status; sent on hello and whenever one changes. */
  mcpServers: z.strictObject({ type: z.literal('mcpServers'), servers: z.array(mcpServerStatus) }),
  /** One piece of an export's text, in order. */
  exportData: z.strictObject({ type: z.literal('exportData'), requestId: count, chunk: z.string() }),
  /** The export is complete (save the chunks as fileName), or failed / was cancelled (error; drop the chunks). */
  exportDone: z.strictObject({ type: z.literal('exportDone'), requestId: count, fileName: z.string(), mime: z.string(), chars: count, error: z.string().optional() }),
  /** Node ids (entity names) the open MCP source's search found, or why it could not search. */
  mcpSearchResult: z.strictObject({ type: z.literal('mcpSearchResult'), requestId: count, query: z.string(), ids: z.array(z.string()), error: z.string().optional() }),
  /** Node ids as written in the source (index = node index), and display labels where the source has them
   *  (GEXF/GraphML/JSON `label`); sent once per graph, right after its binary payload. */
  nodeNames: z
    .strictObject({
      type: z.literal('nodeNames'),
      graphId: count,
      ids: z.array(z.string()),
      labels: z.array(z.string().nullable()).optional(),
    })
    .refine((m) => !m.labels || m.labels.length === m.ids.length, { error: 'labels must hold one string or null per id', path: ['labels'] }),
};
export type ServerMessage = { [K in keyof typeof serverSchemas]: z.infer<(typeof serverSchemas)[K]> }[keyof typeof serverSchemas];

// ---- parsing ---------------------------------------------------------------------------------------------

function parseWith<M>(schemas: Record<string, z.ZodType>, raw: string | unknown): M {
  let m: unknown = raw;
  if (typeof raw === 'string') {
    try {
      m = JSON.parse(raw);
    } catch {
      throw new MessageError(`not JSON: ${raw.slice(0, 60)}`);
    }
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) throw new MessageError('expected an object');
  const type = (m as { type?: unknown }).type;
  // Object.hasOwn, not `in`: a type such as "constructor" must not find Object.prototype's members.
  if (typeof type !== 'string' || !Object.hasOwn(schemas, type)) throw new MessageError(`unknown type ${JSON.stringify(type)}`);
  const result = schemas[type]!.safeParse(m, { reportInput: true });
  if (!result.success) throw new MessageError(describeIssues(type, result.error));
  return result.data as M;
}

/** "setParams.params.theta: parameter theta must be a number in [0, 2], got 99" */
function describeIssues(type: string, error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const where = [type, ...issue.path.map(String)].join('.');
      if (issue.code === 'unrecognized_keys') return `${where}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
      const shown = issue.code !== 'custom' && !issue.message.includes('received') && 'input' in issue && issue.input !== undefined;
      const got = shown ? `, got ${JSON.stringify(issue.input)?.slice(0, 40)}` : '';
      return `${where}: ${issue.message}${got}`;
    })
    .join('; ');
}

/** Parses and validates a renderer message; throws MessageError naming what was wrong. */
export function parseClientMessage(raw: string | unknown): ClientMessage {
  return parseWith<ClientMessage>(clientSchemas, raw);
}

/** The renderer checks main's messages with the same schemas, so a protocol mismatch fails loudly. */
export function parseServerMessage(raw: string | unknown): ServerMessage {
  return parseWith<ServerMessage>(serverSchemas, raw);
}
