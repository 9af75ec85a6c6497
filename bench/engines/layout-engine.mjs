// The shape every engine adapter has (ForceLab and each peer), so the runner treats them alike.

/**
 * @typedef {object} LayoutRun
 * @property {(iterations: number) => Promise<void> | void} step  runs that many iterations
 * @property {() => Float32Array} positions  xyz per node (z = 0 in 2D); may be a live view, copy before keeping
 * @property {() => Record<string, number | string>} [figures]  engine-reported facts worth printing (memory, backend)
 * @property {() => void} dispose
 */

/**
 * @typedef {object} LayoutEngine
 * @property {string} id        name on the command line
 * @property {string} label     name in the report
 * @property {2 | 3} dims       the dimension it lays out in (and is scored in)
 * @property {boolean} peer     peers stop at the time budget; ForceLab (the subject) always runs every iteration
 * @property {number} startScale  its natural edge length: start positions are scaled by it
 * @property {string} settings  the settings used, stated in the report
 * @property {(graph: import('../bench-graph.mjs').BenchGraph, start: Float32Array, iterations: number) => Promise<LayoutRun>} create
 *   `iterations` is the planned count, for engines that cool on a schedule
 */

export {};
