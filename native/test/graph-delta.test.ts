// Topology deltas on the CPU backend (the cases: graph-delta-cases.ts; the CUDA backend runs them in
// cuda-emulator-graph-delta.test.ts).
import { graphDeltaSuite } from './graph-delta-cases.js';

graphDeltaSuite({ backend: 'cpu', graph: 'netscience.mtx', settleSteps: 800, afterSteps: 60 });
