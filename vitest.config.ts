import { defineConfig } from 'vitest/config';

// Unit, core and native tests. End-to-end specs live in e2e/ and run under Playwright.
export default defineConfig({
  test: {
    include: ['{electron,protocol,renderer,native,bench,test}/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
