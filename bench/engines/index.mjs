// Every engine the bench can run, by command-line id, in report order.
import { forceLab3d, forceLab2d } from './forcelab.mjs';
import { d3Force3d } from './d3-force-3d.mjs';
import { ngraph } from './ngraph.mjs';
import { forceAtlas2Engine } from './forceatlas2.mjs';

/** @type {import('./layout-engine.mjs').LayoutEngine[]} */
export const ENGINES = [forceLab3d, forceLab2d, d3Force3d, ngraph, forceAtlas2Engine];

/**
 * @param {string} id
 * @returns {import('./layout-engine.mjs').LayoutEngine}
 */
export function engineById(id) {
  const engine = ENGINES.find((e) => e.id === id);
  if (!engine) throw new Error(`unknown engine "${id}"; known: ${ENGINES.map((e) => e.id).join(', ')}`);
  return engine;
}
