// The backend the engine test files run on: the CPU by default; the cuda-emulator project (vitest.config.ts)
// sets FORCELAB_TEST_BACKEND=cuda and runs the same files on the CUDA backend of the emulator build.
export const testBackend: 'cpu' | 'cuda' = process.env.FORCELAB_TEST_BACKEND === 'cuda' ? 'cuda' : 'cpu';
