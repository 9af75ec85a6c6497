// `npm start`: the Electron app when its binary is installed, else the same app in the browser host.
// We do not call require('electron') to find the binary: when the binary is missing, that call starts a
// download (electron/index.js), which cannot succeed offline. We read the same path.txt it reads instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

function electronBinary() {
  try {
    const pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return { missing: 'it was never downloaded: node_modules/electron/path.txt is absent' };
    const rel = readFileSync(pathFile, 'utf8').trim();
    const bin = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel) : join(pkgDir, 'dist', rel);
    if (!existsSync(bin)) return { missing: `${bin} does not exist` };
    const probe = spawnSync(bin, ['--version'], { timeout: 15000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    if (probe.status !== 0) return { missing: `${bin} does not run (${probe.error?.message ?? `exit ${probe.status}`})` };
    return { bin };
  } catch (err) {
    return { missing: `the electron package is not installed (${err.message})` };
  }
}

const main = join(root, 'dist', 'electron', 'shell', 'main.js');
if (!existsSync(main)) {
  console.error(`forcelab: ${main} is missing; run "npm run build" first`);
  process.exit(1);
}

const electron = electronBinary();
if (electron.bin) {
  const child = spawn(electron.bin, [main, ...args], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  // npm's `sh -c` wrapper dies on SIGTERM/SIGINT without passing it on: follow it, and take Electron along.
  const { watchParent } = await import(pathToFileURL(join(root, 'dist', 'electron', 'core', 'parent-watch.js')).href);
  watchParent(() => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  console.log(`Electron binary is missing (${electron.missing}); serving ForceLab in the browser instead.`);
  const { serveMain } = await import(pathToFileURL(join(root, 'dist', 'electron', 'host', 'serve.js')).href);
  try {
    await serveMain(args);
  } catch (err) {
    console.error(`forcelab serve: ${err.message}`);
    process.exit(1);
  }
}
