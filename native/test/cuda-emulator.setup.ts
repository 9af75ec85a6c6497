// Global setup of the cuda-emulator test project: builds the CUDA backend against the CUDA emulator, and
// again with AddressSanitizer + UBSan where gcc has their runtimes (scripts/build-cuda-emulator.mjs;
// incremental: about a second each when nothing changed). Here rather than in a test, so no timed test
// runs beside a minute of compiling.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { findPackageRoot } from '../../electron/core/engine/engine.js';
import { sanitizerRuntimes } from './sanitizers.js';

export default function setup(): void {
  const root = findPackageRoot();
  const builds = sanitizerRuntimes() ? [[], ['--sanitize']] : [[]];
  for (const extra of builds) {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/build-cuda-emulator.mjs'), ...extra], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(`building the CUDA emulator addon failed (node scripts/build-cuda-emulator.mjs ${extra.join(' ')}):\n${r.stdout}\n${r.stderr}`);
    }
  }
}
