// node-gyp for the native builds (scripts/build-native.mjs, scripts/build-cuda-emulator.mjs): found offline,
// run as configure + build in one folder.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);

export function findNodeGyp() {
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    // npm ships its own node-gyp; npm tells scripts where it is, else look beside the node binary.
    const candidates = [
      process.env.npm_config_node_gyp,
      path.join(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
      path.join(path.dirname(process.execPath), 'node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    ];
    const found = candidates.find((c) => c && existsSync(c));
    if (!found) throw new Error('node-gyp not found: install it (npm i -D node-gyp) or use an npm that bundles it');
    return found;
  }
}

/** node-gyp downloads headers unless told where they are; offline machines have them beside node. */
function nodedirArgs() {
  if (process.env.npm_config_nodedir || process.env.npm_config_target || process.env.npm_config_runtime) return [];
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

/**
 * configure (with gyp `defines`, e.g. ['--', '-Dwith_cuda=false']) then build, in `cwd`; exits the
 * process with node-gyp's status when a step fails.
 */
export function runNodeGyp(cwd, configureArgs) {
  const jobs = String(Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
  const run = (verb, extra) => {
    const result = spawnSync(process.execPath, [findNodeGyp(), verb, ...nodedirArgs(), ...extra], { cwd, stdio: 'inherit' });
    if (result.error) throw result.error;
    if (result.status !== 0) process.exit(result.status ?? 1);
  };
  run('configure', configureArgs);
  run('build', ['-j', jobs]);
}
