// The CUDA kernels are thin loops around the __host__ __device__ functions in native/cuda/*.cuh. This test
// compiles those functions with g++ (native/cuda/test/shared_logic_check.cc runs them serially in the
// kernels' order) and checks them against the CPU backend and exact sums, so the GPU path's logic is
// tested on machines without a GPU.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { findPackageRoot } from '../../electron/core/engine/engine.js';

interface ForceCase {
  case: string;
  n: number;
  dims: number;
  theta: number;
  cells: number;
  cpuCells: number;
  groups: number;
  cpuGroups: number;
  leaves: number;
  cpuLeaves: number;
  groupSizesEqual: boolean;
  everyNodeGrouped: boolean;
  groupsOverlap: boolean;
  forceErrVsCpu: number;
  forceErrVsExact: number;
  potential: number;
  cpuLayoutEnergy: number;
  kinetic: number;
  cpuKinetic: number;
  stepDiff: number;
  maxMove: number;
  pinnedKept: boolean;
}

const root = findPackageRoot();
let dir = '';
let results: Record<string, Record<string, unknown>> = {};

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'forcelab-cuda-logic-'));
  const exe = path.join(dir, 'shared_logic_check');
  const cpuSources = readdirSync(path.join(root, 'native/src/cpu'))
    .filter((f) => f.endsWith('.cc'))
    .map((f) => path.join(root, 'native/src/cpu', f));
  execFileSync(
    'g++',
    [
      '-std=c++17', '-O2', '-pthread',
      `-I${path.join(root, 'native/src')}`, `-I${path.join(root, 'native')}`, `-I${path.join(root, 'native/cuda')}`,
      path.join(root, 'native/cuda/test/shared_logic_check.cc'),
      ...cpuSources,
      path.join(root, 'native/src/engine/label_propagation.cc'),
      path.join(root, 'native/src/thread_priority.cc'), // the CPU workers' background class
      '-o', exe,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const out = execFileSync(exe, { encoding: 'utf8' });
  results = Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .map((r) => [String(r.case), r]),
  );
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const forceCases = ['tiny-3d', 'small-3d', 'mid-3d', 'mid-2d', 'exact-3d', 'exact-2d', 'wide-theta-3d'];

describe('CUDA shared logic (host build of the kernels\' functions)', () => {
  it.each(forceCases)('%s: the octree read off the radix tree is the CPU backend\'s octree', (name) => {
    const r = results[name] as unknown as ForceCase;
    expect(r, `case ${name} did not run`).toBeDefined();
    expect(r.cells).toBe(r.cpuCells);
    expect(r.leaves).toBe(r.cpuLeaves);
    expect(r.groups).toBe(r.cpuGroups);
    expect(r.groupSizesEqual).toBe(true);
    expect(r.everyNodeGrouped).toBe(true);
    expect(r.groupsOverlap).toBe(false);
  });

  it.each(forceCases)('%s: forces, energies and one step match the CPU backend within float tolerance', (name) => {
    const r = results[name] as unknown as ForceCase;
    expect(r.forceErrVsCpu).toBeLessThan(1e-4);
    expect(Math.abs(r.potential - r.cpuLayoutEnergy)).toBeLessThan(1e-5 * Math.abs(r.cpuLayoutEnergy) + 1e-6);
    expect(Math.abs(r.kinetic - r.cpuKinetic)).toBeLessThan(1e-5 * r.cpuKinetic + 1e-9);
    // The step moved nodes by up to maxMove; both backends agree far below that.
    expect(r.maxMove).toBeGreaterThan(0.1);
    expect(r.stepDiff).toBeLessThan(1e-3 * r.maxMove);
    expect(r.pinnedKept).toBe(true);
  });

  it.each(['exact-3d', 'exact-2d'])('%s: theta 0 equals the double-precision all-pairs sum', (name) => {
    const r = results[name] as unknown as ForceCase;
    expect(r.forceErrVsExact).toBeGreaterThanOrEqual(0);
    expect(r.forceErrVsExact).toBeLessThan(1e-4);
  });

  // [case, fewest nodes that must move]: about every other node of a stack moves. coincident-one-point puts
  // 3000 nodes on one point (a run far longer than a GPU block); coincident-far-out has one stack where
  // float rounding swallows every nudge (none moves there) and one at the origin (half of its 200 move).
  it.each([
    ['coincident-3d', 50],
    ['coincident-2d', 50],
    ['coincident-one-point', 1400],
    ['coincident-far-out', 90],
  ] as const)('%s: coincident nodes are nudged exactly as the CPU nudges them', (name, fewestMoved) => {
    const r = results[name] as { moved: number; mismatched: number; pinnedMoved: boolean };
    expect(r.moved).toBeGreaterThan(fewestMoved);
    expect(r.mismatched).toBe(0);
    expect(r.pinnedMoved).toBe(false);
  });

  it('label propagation rounds find two planted communities, labelled by member node ids', () => {
    const r = results.labels as { firstUniform: boolean; secondUniform: boolean; distinct: boolean; labelsAreMembers: boolean };
    expect(r.firstUniform).toBe(true);
    expect(r.secondUniform).toBe(true);
    expect(r.distinct).toBe(true);
    expect(r.labelsAreMembers).toBe(true);
  });
});
