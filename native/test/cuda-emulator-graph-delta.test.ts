// Topology deltas on the CUDA backend of the emulator build (the cases: graph-delta-cases.ts). A small graph:
// the emulator runs every kernel thread on the CPU.
import { graphDeltaSuite } from './graph-delta-cases.js';

graphDeltaSuite({ backend: 'cuda', graph: 'dolphins.mtx', settleSteps: 800, afterSteps: 40 });
