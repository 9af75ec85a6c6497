// Global setup of the cuda-emulator test project: builds the CUDA backend against the CUDA emulator
// (scripts/build-cuda-emulator.mjs, incremental: about a second when nothing changed).
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { findPackageRoot } from '../../electron/core/engine/engine.js';

export default function setup(): void {
  const root = findPackageRoot();
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build-cuda-emulator.mjs')], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`building the CUDA emulator addon failed (node scripts/build-cuda-emulator.mjs):\n${r.stdout}\n${r.stderr}`);
  }
}
