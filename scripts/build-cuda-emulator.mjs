// Builds the CUDA backend against the CUDA emulator (native/cuda/emu) into build-cuda-emu/build/Release,
// so tests run the CUDA backend's code on machines without a GPU. It is a test build, never the app's:
// FORCELAB_ADDON points the engine at it. Incremental, like build-native.mjs.
import { copyFileSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { runNodeGyp } from './node-gyp.mjs';

// --sanitize: the same with AddressSanitizer and UBSan, into build-cuda-emu-asan/ (load it with libasan preloaded).
const sanitize = process.argv.includes('--sanitize');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, sanitize ? 'build-cuda-emu-asan' : 'build-cuda-emu');
mkdirSync(dir, { recursive: true });
// node-gyp builds beside binding.gyp; a folder of its own keeps build/ (the app's addon) untouched.
copyFileSync(path.join(root, 'binding.gyp'), path.join(dir, 'binding.gyp'));
if (!existsSync(path.join(dir, 'native'))) symlinkSync(path.join('..', 'native'), path.join(dir, 'native'), 'dir');

console.log(`forcelab native: building the CUDA backend against the CUDA emulator (${path.basename(dir)}/)`);
runNodeGyp(dir, ['--', '-Dwith_cuda=emulated', `-Demu_sanitize=${sanitize}`]);
