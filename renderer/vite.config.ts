// Builds the window into dist/renderer. `base: './'` so Electron can load index.html from file://.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // three is big; one chunk is fine for a desktop app loaded from disk.
    chunkSizeWarningLimit: 2000,
  },
});
