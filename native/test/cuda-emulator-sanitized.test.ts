// The CUDA backend on the CUDA emulator built with AddressSanitizer and UBSan
// (scripts/build-cuda-emulator.mjs --sanitize): scripts/gpu-check.mjs, which drives every kernel, every
// switch and both frame paths, must run without one out-of-bounds access, use after free or undefined
// behaviour in the CUDA host code, the kernels or the engine.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { findPackageRoot } from '../../electron/core/engine/engine.js';

const root = findPackageRoot();
const runtime = (lib: string) => {
  try {
    const file = execFileSync('gcc', [`-print-file-name=${lib}`], { encoding: 'utf8' }).trim();
    return path.isAbsolute(file) && existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
};
const asan = runtime('libasan.so');
const ubsan = runtime('libubsan.so');
if (!asan || !ubsan) console.log('sanitized CUDA emulator test skipped: gcc has no libasan.so/libubsan.so here');

describe.runIf(asan && ubsan)('CUDA backend on the sanitized CUDA emulator', () => {
  beforeAll(() => {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/build-cuda-emulator.mjs'), '--sanitize'], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`building the sanitized emulator failed:\n${r.stdout}\n${r.stderr}`);
  }, 600_000);

  it('scripts/gpu-check.mjs runs clean under AddressSanitizer and UBSan', () => {
    const r = spawnSync(
      process.execPath,
      [path.join(root, 'scripts/gpu-check.mjs'), '--iterations', '3', '--graphs', 'karate.mtx,netscience.mtx,ca-GrQc.csv'],
      {
        cwd: root,
        encoding: 'utf8',
        env: {
          ...process.env,
          FORCELAB_ADDON: path.join(root, 'build-cuda-emu-asan/build/Release/forcelab.node'),
          LD_PRELOAD: `${asan} ${ubsan}`,
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
