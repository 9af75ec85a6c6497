// d3-force-3d ships no types; the bench uses this much of it.
declare module 'd3-force-3d' {
  interface Simulation {
    alphaDecay(decay: number): Simulation;
    force(name: string, force: unknown): Simulation;
    stop(): Simulation;
    tick(iterations?: number): Simulation;
  }
  export function forceSimulation(nodes: object[], dimensions?: 1 | 2 | 3): Simulation;
  export function forceLink(links: object[]): unknown;
  export function forceManyBody(): unknown;
  export function forceCenter(): unknown;
}

// graphology-layout-forceatlas2's internals, used to iterate without re-converting the graph each step.
declare module 'graphology-layout-forceatlas2/iterate.js' {
  function iterate(settings: object, nodes: Float32Array, edges: Float32Array): unknown;
  export = iterate;
}
declare module 'graphology-layout-forceatlas2/helpers.js' {
  export function validateSettings(settings: object): { message: string } | null;
  export function graphToByteArrays(graph: unknown, getEdgeWeight: () => number): { nodes: Float32Array; edges: Float32Array };
}
declare module 'graphology-layout-forceatlas2/defaults.js' {
  const defaults: Record<string, unknown>;
  export = defaults;
}
