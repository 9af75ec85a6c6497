// The real graphs the bench runs on (../shared/data, see its SOURCES.md), smallest first.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DATA_DIR = path.resolve(REPO_ROOT, '../shared/data');

/** name -> file in DATA_DIR; the order is the order of the report. */
export const GRAPH_FILES = {
  karate: 'karate.mtx',
  dolphins: 'dolphins.mtx',
  'les-miserables': 'les-miserables.gexf',
  polbooks: 'polbooks.mtx',
  airlines: 'airlines.graphml',
  'email-Eu-core': 'email-Eu-core.csv',
  diseasome: 'diseasome.gexf',
  netscience: 'netscience.mtx',
  'ca-GrQc': 'ca-GrQc.csv',
  'ca-HepTh': 'ca-HepTh.csv',
  'dblp-2010': 'dblp-2010.mtx.gz',
};

/** A full run: a spread of sizes from 34 to 300k nodes that fits in 20 minutes on 2 cores. */
export const FULL_GRAPHS = ['karate', 'les-miserables', 'email-Eu-core', 'netscience', 'ca-GrQc', 'ca-HepTh', 'dblp-2010'];
/** --quick: small graphs only, about 2 minutes. */
export const QUICK_GRAPHS = ['karate', 'les-miserables', 'email-Eu-core'];
/** The graph drawn in layouts.png, when it is part of the run (else the largest graph under 20k nodes). */
export const DRAWN_GRAPHS = ['ca-GrQc', 'email-Eu-core'];

/**
 * @param {string} name
 * @returns {string} absolute path
 */
export function graphPath(name) {
  const file = GRAPH_FILES[/** @type {keyof typeof GRAPH_FILES} */ (name)];
  if (!file) throw new Error(`unknown graph "${name}"; known: ${Object.keys(GRAPH_FILES).join(', ')}`);
  return path.join(DATA_DIR, file);
}
