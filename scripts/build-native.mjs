// Builds the native engine (build/Release/forcelab.node); the package's `install` script.
// With nvcc (PATH, CUDA_HOME, /usr/local/cuda/bin) and CUDA sources in native/cuda, the CUDA kernels are
// compiled and cudart is linked statically; FORCELAB_CPU_ONLY=1 or no nvcc gives a CPU-only build.
// FORCELAB_CUDA_ARCHS="80 90" overrides the SM list.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function findNodeGyp() {
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

function findNvcc() {
  const exe = process.platform === 'win32' ? 'nvcc.exe' : 'nvcc';
  const dirs = [
    ...(process.env.PATH ?? '').split(path.delimiter),
    process.env.CUDA_HOME && path.join(process.env.CUDA_HOME, 'bin'),
    process.env.CUDA_PATH && path.join(process.env.CUDA_PATH, 'bin'),
    '/usr/local/cuda/bin',
  ].filter(Boolean);
  for (const d of dirs) if (existsSync(path.join(d, exe))) return path.join(d, exe);
  return undefined;
}

/** The CUDA toolkit root holding include/cuda_runtime.h and the static cudart. */
function findCudaHome(nvcc) {
  const candidates = [process.env.CUDA_HOME, process.env.CUDA_PATH, path.resolve(path.dirname(nvcc), '..'), '/usr/local/cuda'];
  for (const home of candidates) {
    if (!home || !existsSync(path.join(home, 'include', 'cuda_runtime.h'))) continue;
    const libdir = ['lib64', 'lib', 'targets/x86_64-linux/lib', 'targets/sbsa-linux/lib']
      .map((l) => path.join(home, l))
      .find((l) => existsSync(path.join(l, 'libcudart_static.a')));
    if (libdir) return { home, libdir };
  }
  return undefined;
}

function cudaPlan() {
  if (process.env.FORCELAB_CPU_ONLY === '1') return { why: 'FORCELAB_CPU_ONLY=1' };
  const cudaDir = path.join(root, 'native', 'cuda');
  const sources = existsSync(cudaDir) ? readdirSync(cudaDir).filter((f) => f.endsWith('.cu')) : [];
  const nvcc = findNvcc();
  if (!nvcc) return { why: 'nvcc not found (PATH, CUDA_HOME, /usr/local/cuda/bin)' };
  if (sources.length === 0) return { why: `no CUDA sources in native/cuda (nvcc at ${nvcc})` };
  const toolkit = findCudaHome(nvcc);
  if (!toolkit) return { why: `nvcc at ${nvcc} but no CUDA toolkit with libcudart_static.a found (set CUDA_HOME)` };
  const archs = process.env.FORCELAB_CUDA_ARCHS ?? '80 90';
  return { nvcc, ...toolkit, archs, sources };
}

/** node-gyp downloads headers unless told where they are; offline machines have them beside node. */
function nodedirArgs() {
  if (process.env.npm_config_nodedir || process.env.npm_config_target || process.env.npm_config_runtime) return [];
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

const plan = cudaPlan();
const defines = plan.nvcc
  ? ['-Dwith_cuda=true', `-Dnvcc=${plan.nvcc}`, `-Dcuda_home=${plan.home}`, `-Dcuda_libdir=${plan.libdir}`, `-Dcuda_archs=${plan.archs}`]
  : ['-Dwith_cuda=false'];
console.log(
  plan.nvcc
    ? `forcelab native: building with CUDA (${plan.sources.length} .cu files, nvcc ${plan.nvcc}, sm ${plan.archs}, static cudart)`
    : `forcelab native: building CPU-only (${plan.why})`,
);

const jobs = String(Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
// configure + build rather than rebuild: no clean step, so a rebuild is incremental and the old addon stays
// loadable until the linker's new file replaces it (tests and hosts running meanwhile keep working).
const run = (verb, extra) => {
  const result = spawnSync(process.execPath, [findNodeGyp(), verb, ...nodedirArgs(), ...extra], { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run('configure', ['--', ...defines]);
run('build', ['-j', jobs]);
