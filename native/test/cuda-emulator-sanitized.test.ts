// The CUDA backend on the CUDA emulator built with AddressSanitizer and UBSan
// (scripts/build-cuda-emulator.mjs --sanitize): scripts/gpu-check.mjs, which drives every kernel, every
// switch and both frame paths, must run without one out-of-bounds access, use after free or undefined
// behaviour in the CUDA host code, the kernels or the engine.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { findPackageRoot } from '../../electron/core/engine/engine.js';
import { sanitizerRuntimes } from './sanitizers.js';

const root = findPackageRoot();
const runtimes = sanitizerRuntimes();
if (!runtimes) console.log('sanitized CUDA emulator test skipped: gcc has no libasan.so/libubsan.so here');

// cuda-emulator.setup.ts built build-cuda-emu-asan/ before any test started.
describe.runIf(runtimes !== undefined)('CUDA backend on the sanitized CUDA emulator', () => {
  it('scripts/gpu-check.mjs runs clean under AddressSanitizer and UBSan', () => {
    const r = spawnSync(
      process.execPath,
      [path.join(root, 'scripts/gpu-check.mjs'), '--iterations', '3', '--warmup-ms', '0', '--graphs', 'karate.mtx,netscience.mtx,ca-GrQc.csv'],
      {
        cwd: root,
        encoding: 'utf8',
        env: {
          ...process.env,
          FORCELAB_ADDON: path.join(root, 'build-cuda-emu-asan/build/Release/forcelab.node'),
          LD_PRELOAD: `${runtimes!.asan} ${runtimes!.ubsan}`,
          // Node itself is not instrumented and keeps memory until exit: leaks are not this test's subject.
          ASAN_OPTIONS: 'detect_leaks=0:halt_on_error=1',
          UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1',
        },
      },
    );
    const report = `${r.stdout}\n${r.stderr}`;
    expect(report).not.toMatch(/AddressSanitizer|runtime error:/);
    expect(r.status, report).toBe(0);
    expect(r.stdout).toContain('gpu-check: parity OK');
  });
});
