// Builds the native engine (build/Release/forcelab.node); the package's `install` script.
// With nvcc (PATH, CUDA_HOME, /usr/local/cuda/bin) and CUDA sources in native/cuda, the CUDA kernels are
// compiled and cudart is linked statically; FORCELAB_CPU_ONLY=1 or no nvcc gives a CPU-only build.
// FORCELAB_CUDA_ARCHS="80 90" overrides the SM list.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { runNodeGyp } from './node-gyp.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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

const plan = cudaPlan();
const defines = plan.nvcc
  ? ['-Dwith_cuda=true', `-Dnvcc=${plan.nvcc}`, `-Dcuda_home=${plan.home}`, `-Dcuda_libdir=${plan.libdir}`, `-Dcuda_archs=${plan.archs}`]
  : ['-Dwith_cuda=false'];
console.log(
  plan.nvcc
    ? `forcelab native: building with CUDA (${plan.sources.length} .cu files, nvcc ${plan.nvcc}, sm ${plan.archs}, static cudart)`
    : `forcelab native: building CPU-only (${plan.why})`,
);

// configure + build rather than rebuild: no clean step, so a rebuild is incremental and the old addon stays
// loadable until the linker's new file replaces it (tests and hosts running meanwhile keep working).
runNodeGyp(root, ['--', ...defines]);
