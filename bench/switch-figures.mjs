// The switches table: each row is one switch and the figure that shows what it does, measured with
// the switch on and off. Rows are data: adding a switch's figure is adding one entry here.
import { median } from './summarise.mjs';
/**
 * @typedef {object} SwitchContext
 * @property {(switches: Record<string, boolean>, params?: object) => import('../electron/core/engine/engine-api.js').Engine} engine
 *   a fresh engine on the bench graph with these switches set (every other switch at its default)
 * @property {import('./bench-graph.mjs').BenchGraph} graph
 * @property {typeof import('../protocol/frame.js')} frame
 * @property {typeof import('../electron/core/stream/frame-streamer.js').FrameStreamer} FrameStreamer
 */

/**
 * @typedef {object} SwitchFigure
 * @property {string} switch  a name from protocol/switches.ts
 * @property {string} figure  what is measured, with its unit
 * @property {'lower' | 'higher'} better
 * @property {(ctx: SwitchContext, on: boolean) => Promise<number>} measure
 */

const WARMUP_STEPS = 5;

/**
 * Runs `fn` on a fresh engine and always disposes it.
 * @template T
 * @param {SwitchContext} ctx
 * @param {Record<string, boolean>} switches
 * @param {(engine: import('../electron/core/engine/engine-api.js').Engine) => Promise<T>} fn
 * @param {object} [params]
 * @returns {Promise<T>}
 */
async function withEngine(ctx, switches, fn, params) {
  const engine = ctx.engine(switches, params);
  try {
    return await fn(engine);
  } finally {
    engine.dispose();
  }
}

/**
 * Median over batches of the mean time per call of `fn`, in ms: a median shrugs off the odd batch
 * that met a garbage collection or a neighbour's burst of work on these shared cores.
 * @param {number} batches
 * @param {number} perBatch
 * @param {() => unknown} fn may return a promise
 */
async function medianMs(batches, perBatch, fn) {
  const times = [];
  for (let b = 0; b < batches; b++) {
    const t = performance.now();
    for (let i = 0; i < perBatch; i++) await fn();
    times.push((performance.now() - t) / perBatch);
  }
  return median(times);
}

/**
 * Calls `fn` for `ms` milliseconds: long enough for V8 to optimise the JavaScript under test
 * (a few dozen calls are not, and the first measurement would time the interpreter).
 * @param {() => unknown} fn
 * @param {number} [ms]
 */
function warmUp(fn, ms = 300) {
  const end = performance.now() + ms;
  while (performance.now() < end) fn();
}

/**
 * Wall time per step after a warm-up, in ms: the median of 5 calls of step(steps / 5).
 * @param {import('../electron/core/engine/engine-api.js').Engine} engine
 * @param {number} steps
 */
async function msPerStep(engine, steps) {
  await engine.step(WARMUP_STEPS);
  const perCall = Math.max(1, Math.round(steps / 5));
  return (await medianMs(5, 1, () => engine.step(perCall))) / perCall;
}

/**
 * Steps until the engine reports itself settled (or the cap), so gate figures are taken at rest.
 * @param {import('../electron/core/engine/engine-api.js').Engine} engine
 */
async function settle(engine) {
  for (let i = 0; i < 40 && !engine.stats().settled; i++) await engine.step(100);
  if (!engine.stats().settled) throw new Error('the layout did not settle within 4000 steps');
}

const SETTLE_PARAMS = { cooling: 0.95 };

/**
 * Steps until the stability gate skips whole batches: the layout is at rest and nothing moves any more.
 * @param {import('../electron/core/engine/engine-api.js').Engine} engine
 */
async function rest(engine) {
  for (let i = 0; i < 80; i++) if ((await engine.step(50)).skipped === 50) return;
  throw new Error('the layout did not come to rest within 4000 steps');
}

/**
 * Bytes per node per frame offered, streaming `frames` frames (one step each, after `prepare`) to a client
 * that decodes and acks every frame, with uint16 frames and the sparseFrames switch `on` or off.
 * @param {SwitchContext} ctx
 * @param {boolean} on
 * @param {(engine: import('../electron/core/engine/engine-api.js').Engine) => Promise<void>} prepare
 * @param {(engine: import('../electron/core/engine/engine-api.js').Engine, k: number) => void} [each] before each step
 */
function streamedBytesPerNode(ctx, on, prepare, each, frames = 30) {
  return withEngine(ctx, {}, async (engine) => {
    await prepare(engine);
    let bytes = 0;
    let held = new Float32Array(engine.nodeCount * 3);
    const streamer = new ctx.FrameStreamer({ sendBinary: (b) => {
      bytes += b.byteLength;
      streamer.ack(ctx.frame.decodeFrame(b, held).seq);
    } }, true, on);
    const positions = new Float32Array(engine.nodeCount * 3);
    streamer.push(engine.readPositions(positions), engine.nodeCount); // the keyframe a new client gets
    bytes = 0;
    for (let k = 0; k < frames; k++) {
      each?.(engine, k);
      await engine.step(1);
      streamer.push(engine.readPositions(positions), engine.nodeCount);
    }
    return bytes / frames / engine.nodeCount;
  }, SETTLE_PARAMS);
}

const dragged = { start: [0, 0, 0] };
const hubs = new WeakMap();
/** @param {SwitchContext} ctx the bench graph's highest-degree node */
function hub(ctx) {
  if (!hubs.has(ctx.graph)) {
    const degree = new Uint32Array(ctx.graph.nodeCount);
    for (const v of ctx.graph.edges) degree[v]++;
    let best = 0;
    for (let i = 1; i < degree.length; i++) if (degree[i] > degree[best]) best = i;
    hubs.set(ctx.graph, best);
  }
  return hubs.get(ctx.graph);
}

/** @type {SwitchFigure[]} */
export const SWITCH_FIGURES = [
  {
    switch: 'deviceMemory',
    figure: 'buffer allocations per step',
    better: 'lower',
    measure: (ctx, on) => withEngine(ctx, { deviceMemory: on, stabilityGate: false }, async (engine) => {
      await engine.step(WARMUP_STEPS);
      const before = engine.memory().allocations;
      await engine.step(20);
      return (engine.memory().allocations - before) / 20;
    }),
  },
  {
    switch: 'deviceMemory',
    figure: 'live bytes after dispose (leak check)',
    better: 'lower',
    async measure(ctx, on) {
      const engine = ctx.engine({ deviceMemory: on, stabilityGate: false });
      await engine.step(WARMUP_STEPS);
      engine.dispose();
      return engine.memory().liveBytes;
    },
  },
  {
    switch: 'stabilityGate',
    figure: 'ms per requested step once settled',
    better: 'lower',
    measure: (ctx, on) => withEngine(ctx, { stabilityGate: on }, async (engine) => {
      await settle(engine);
      const t = performance.now();
      await engine.step(200);
      return (performance.now() - t) / 200;
    }, SETTLE_PARAMS),
  },
  {
    switch: 'stabilityGate',
    figure: 'steps computed per 100 requested once settled',
    better: 'lower',
    measure: (ctx, on) => withEngine(ctx, { stabilityGate: on }, async (engine) => {
      await settle(engine);
      const result = await engine.step(200);
      return (100 * result.stepped) / 200;
    }, SETTLE_PARAMS),
  },
  {
    switch: 'launchSizing',
    figure: 'ms per step',
    better: 'lower',
    measure: (ctx, on) => withEngine(ctx, { launchSizing: on, stabilityGate: false }, (engine) => msPerStep(engine, 30)),
  },
  {
    switch: 'asyncCompletion',
    figure: 'ms the JS thread is blocked per step(10) call',
    better: 'lower',
    measure: (ctx, on) => withEngine(ctx, { asyncCompletion: on, stabilityGate: false }, async (engine) => {
      await engine.step(WARMUP_STEPS);
      let blocked = 0;
      for (let i = 0; i < 10; i++) {
        // The synchronous part of step() is what the event loop cannot use: with async completion the
        // call returns at once and the work happens on the engine's thread; without, it returns when done.
        const t = performance.now();
        const pending = engine.step(10);
        blocked += performance.now() - t;
        await pending;
      }
      return blocked / 10;
    }),
  },
  {
    switch: 'overlappedCopy',
    figure: 'ms per frame (step + read positions)',
    better: 'lower',
    measure: (ctx, on) => withEngine(ctx, { overlappedCopy: on, stabilityGate: false }, async (engine) => {
      const into = new Float32Array(3 * engine.nodeCount);
      await engine.step(WARMUP_STEPS);
      return medianMs(5, 6, async () => {
        await engine.step(1);
        engine.readPositions(into);
      });
    }),
  },
  {
    switch: 'labelCache',
    figure: 'ms per frame reading cluster labels',
    better: 'lower',
    measure: (ctx, on) => withEngine(ctx, { labelCache: on, stabilityGate: false }, async (engine) => {
      await engine.cluster();
      const into = new Uint32Array(engine.nodeCount);
      // readLabels is the per-frame read of the native wrapper (engine.ts), beyond the Engine interface.
      const readLabels = /** @type {{ readLabels?: (into: Uint32Array) => unknown }} */ (/** @type {unknown} */ (engine)).readLabels?.bind(engine);
      if (!readLabels) throw new Error('the engine has no readLabels()');
      warmUp(() => readLabels(into), 50);
      return medianMs(7, 20, () => readLabels(into));
    }),
  },
  {
    switch: 'frameQuantisation',
    figure: 'bytes per frame',
    better: 'lower',
    measure: (ctx, on) => withEngine(ctx, { stabilityGate: false }, async (engine) => {
      await engine.step(20);
      const positions = engine.readPositions();
      const encoding = on ? ctx.frame.FrameEncoding.Uint16 : ctx.frame.FrameEncoding.Float32;
      return ctx.frame.encodeFrame({ seq: 1, positions, nodeCount: engine.nodeCount, encoding }).byteLength;
    }),
  },
  {
    switch: 'sparseFrames',
    figure: 'bytes per node per frame, layout at rest',
    better: 'lower',
    measure: (ctx, on) => streamedBytesPerNode(ctx, on, rest),
  },
  {
    switch: 'sparseFrames',
    figure: 'bytes per node per frame, one node dragged in a layout at rest',
    better: 'lower',
    measure: (ctx, on) => streamedBytesPerNode(ctx, on, rest, (engine, k) => {
      // A person drags the highest-degree node a little further each frame: its neighbourhood follows.
      if (k === 0) dragged.start = Array.from(engine.readPositions().subarray(3 * hub(ctx), 3 * hub(ctx) + 3));
      const [x, y, z] = dragged.start;
      engine.pin(hub(ctx), [x + k * 0.5, y, z]);
    }),
  },
  {
    switch: 'sparseFrames',
    figure: 'bytes per node per frame, 10 nodes added to a layout at rest',
    better: 'lower',
    measure: (ctx, on) => streamedBytesPerNode(ctx, on, async (engine) => {
      await rest(engine);
      // A live source adds ten nodes around the hub: they and their neighbourhood warm up, the rest stays.
      const n = engine.nodeCount;
      const addEdges = new Uint32Array(20);
      for (let k = 0; k < 10; k++) addEdges.set([hub(ctx), n + k], 2 * k);
      if (!engine.editGraph) throw new Error('this engine has no editGraph');
      engine.editGraph({
        removeEdges: new Uint32Array(0),
        removeNodes: new Uint32Array(0),
        addCount: 10,
        addPositions: new Float32Array(30).fill(NaN),
        addEdges,
        addWeights: new Float32Array(10).fill(1),
      });
    }),
  },
  {
    switch: 'sparseFrames',
    figure: 'bytes per node per frame, whole layout moving (from random)',
    better: 'lower',
    measure: (ctx, on) => streamedBytesPerNode(ctx, on, async (engine) => void (await engine.step(5))),
  },
  {
    switch: 'frameQuantisation',
    figure: 'ms to encode + decode a frame',
    better: 'lower',
    measure: (ctx, on) => withEngine(ctx, { stabilityGate: false }, async (engine) => {
      await engine.step(20);
      const positions = engine.readPositions();
      const encoding = on ? ctx.frame.FrameEncoding.Uint16 : ctx.frame.FrameEncoding.Float32;
      const into = new Float32Array(positions.length);
      const roundTrip = () => ctx.frame.decodeFrame(ctx.frame.encodeFrame({ seq: 1, positions, nodeCount: engine.nodeCount, encoding }), into);
      warmUp(roundTrip);
      return medianMs(7, 20, roundTrip);
    }),
  },
];
