import { defineConfig } from 'vitest/config';

// Unit, core and native tests. End-to-end specs live in e2e/ and run under Playwright.
// Two projects: `unit` runs everything against the app's addon (build/Release); `cuda-emulator` runs the CUDA
// backend's tests and the engine's test files again against the addon built with the CUDA emulator
// (native/cuda/emu), where the CUDA backend is active without a GPU, so its host code and kernels are tested
// on every machine.
const shared = { testTimeout: 60_000, hookTimeout: 60_000, pool: 'forks' as const };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['{electron,protocol,renderer,native,bench,test}/**/*.test.ts'],
          exclude: ['native/test/cuda-emulator*.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          ...shared,
          name: 'cuda-emulator',
          include: [
            'native/test/cuda-backend.test.ts',
            'native/test/cuda-emulator*.test.ts',
            // The engine's own test files, again, on the CUDA backend (FORCELAB_TEST_BACKEND below).
            'native/test/{engine-basics,switches,memory-cancel,forces,layout-quality,step-interrupt,switch-table,engine-teardown}.test.ts',
          ],
          globalSetup: ['native/test/cuda-emulator.setup.ts'],
          env: {
            FORCELAB_ADDON: 'build-cuda-emu/build/Release/forcelab.node',
            FORCELAB_REQUIRE_CUDA: '1',
            FORCELAB_TEST_BACKEND: 'cuda',
            // Kernels run their blocks and threads in a seeded random order, as a GPU runs them in no fixed
            // one: the exact-equality tests (switches change how, not what) then also prove order independence.
            FORCELAB_EMU_SHUFFLE: '1',
          },
        },
      },
    ],
  },
});
