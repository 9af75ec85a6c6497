// The specs run the built app (dist/). Build whatever part is missing so `npx playwright test` works on
// a fresh checkout; an existing build is used as it is (run `npm run build` after changing sources).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export default function globalSetup(): void {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  if (!existsSync(join(repoRoot, 'dist', 'electron', 'host', 'serve.js'))) {
    execFileSync(npx, ['tsc', '-p', 'tsconfig.main.json'], { cwd: repoRoot, stdio: 'inherit' });
  }
  if (!existsSync(join(repoRoot, 'dist', 'renderer', 'index.html'))) {
    execFileSync(npx, ['vite', 'build', '--config', 'renderer/vite.config.ts'], { cwd: repoRoot, stdio: 'inherit' });
  }
  // cuda-emulator.spec.ts runs the host on the CUDA emulator build (npm test's vitest run has built it).
  if (!existsSync(join(repoRoot, 'build-cuda-emu', 'build', 'Release', 'forcelab.node'))) {
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build-cuda-emulator.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  }
}
