// Command-line options of `npm run bench` (see USAGE), parsed strictly: a typo is an error, not a default.
import { FULL_GRAPHS, QUICK_GRAPHS, GRAPH_FILES } from './graph-catalogue.mjs';
import { ENGINES } from './engines/index.mjs';

export const USAGE = `usage: npm run bench -- [options]
  --graphs a,b          graphs to run (default: ${FULL_GRAPHS.join(',')}; known: ${Object.keys(GRAPH_FILES).join(',')})
  --engines a,b         engines to run (default: all: ${ENGINES.map((e) => e.id).join(',')})
  --iterations N        iterations per run, the same for every engine (default 300; 100 on graphs over 100k nodes)
  --rounds N            alternating rounds per graph (default 3 under 2k nodes, 2 under 100k, else 1)
  --budget S            seconds of stepping after which a slow peer stops early, stated in the report (ForceLab always finishes)
                        (default 90; 45 on graphs over 100k nodes, where the peers take seconds per iteration)
  --np-target X         neighbourhood preservation for "time to NP" (default: 0.9 x the median final NP of the engines that ran every iteration)
  --no-switches         skip the switch figures table
  --quick               small graphs, 100 iterations, 2 rounds, 10 s budget: about a minute
  --help`;

/**
 * @typedef {object} BenchOptions
 * @property {string[]} graphs
 * @property {string[]} engines
 * @property {number | undefined} iterations  undefined: per-graph default
 * @property {number | undefined} rounds
 * @property {number | undefined} budgetMs  undefined: per-graph default
 * @property {number | undefined} npTarget
 * @property {boolean} switches
 * @property {boolean} quick
 * @property {boolean} help
 */

/**
 * @param {string[]} argv arguments after the script name
 * @returns {BenchOptions}
 */
export function parseOptions(argv) {
  /** @type {Record<string, string | true>} */
  const raw = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"\n${USAGE}`);
    const [key, inline] = arg.slice(2).split('=', 2);
    if (['quick', 'help', 'no-switches'].includes(key)) { raw[key] = true; continue; }
    if (!['graphs', 'engines', 'iterations', 'rounds', 'budget', 'np-target'].includes(key)) throw new Error(`unknown option --${key}\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new Error(`--${key} needs a value`);
    raw[key] = value;
  }
  const quick = raw.quick === true;
  const list = (/** @type {string} */ key, /** @type {string[]} */ known, /** @type {string[]} */ fallback) => {
    if (typeof raw[key] !== 'string') return fallback;
    const items = /** @type {string} */ (raw[key]).split(',').map((s) => s.trim()).filter(Boolean);
    for (const item of items) if (!known.includes(item)) throw new Error(`--${key}: unknown "${item}"; known: ${known.join(', ')}`);
    if (items.length === 0) throw new Error(`--${key} is empty`);
    return items;
  };
  const number = (/** @type {string} */ key, /** @type {number} */ min, /** @type {number} */ max, integer = true) => {
    if (typeof raw[key] !== 'string') return undefined;
    const value = Number(raw[key]);
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      throw new Error(`--${key} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got "${raw[key]}"`);
    }
    return value;
  };
  return {
    graphs: list('graphs', Object.keys(GRAPH_FILES), quick ? QUICK_GRAPHS : FULL_GRAPHS),
    engines: list('engines', ENGINES.map((e) => e.id), ENGINES.map((e) => e.id)),
    iterations: number('iterations', 1, 100_000) ?? (quick ? 100 : undefined),
    rounds: number('rounds', 1, 20) ?? (quick ? 2 : undefined),
    budgetMs: secondsToMs(number('budget', 0.1, 3600, false) ?? (quick ? 10 : undefined)),
    npTarget: number('np-target', 0, 1, false),
    switches: raw['no-switches'] !== true,
    quick,
    help: raw.help === true,
  };
}

/**
 * Iterations for a graph: the same for every engine on it.
 * @param {BenchOptions} options
 * @param {number} nodeCount
 */
export function iterationsFor(options, nodeCount) {
  return options.iterations ?? (nodeCount > 100_000 ? 100 : 300);
}

/**
 * @param {BenchOptions} options
 * @param {number} nodeCount
 */
export function roundsFor(options, nodeCount) {
  return options.rounds ?? (nodeCount < 2000 ? 3 : nodeCount < 100_000 ? 2 : 1);
}

/**
 * Stepping time after which an engine stops early on this graph.
 * @param {BenchOptions} options
 * @param {number} nodeCount
 */
export function budgetFor(options, nodeCount) {
  return options.budgetMs ?? (nodeCount > 100_000 ? 45_000 : 90_000);
}

/** @param {number | undefined} s */
function secondsToMs(s) {
  return s === undefined ? undefined : 1000 * s;
}
