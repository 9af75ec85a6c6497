// End-to-end specs: Debian's Chromium (software WebGL through SwiftShader) against the real browser
// host, plus Electron specs that run where an Electron binary is installed.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1400, height: 850 },
    launchOptions: {
      executablePath: process.env.FORCELAB_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--use-gl=angle', '--ignore-gpu-blocklist'],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
