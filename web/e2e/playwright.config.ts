import { defineConfig } from '@playwright/test';

/**
 * Browser tests of the console against the real API and worker (spawned from dist/ by the global setup, with
 * their own database and Redis prefix), in Debian's Chromium: Playwright's own browser download cannot run in CI.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.pw.ts',
  globalSetup: './global-setup.ts',
  // One API and worker serve every test; flows share its data, so they run one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: '../../test-results',
  use: {
    baseURL: process.env.CONSOLE_E2E_URL,
    viewport: { width: 1366, height: 768 },
    locale: 'en-US',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
