// Whole flows against the built site (vite preview) and the test DoH server on 127.0.0.1.
import { defineConfig } from '@playwright/test';

const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 30_000,
  fullyParallel: true,
  workers: 2,
  reporter: [['list']],
  globalSetup: './tests/support/playwright-global-setup.ts',
  use: {
    baseURL: 'http://127.0.0.1:4173',
    launchOptions: {
      executablePath: chromePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: 'npm run build && npm run preview',
    // The built site's CSP must allow the local test DoH server (vite.config.ts).
    env: { MAILDNS_CSP_CONNECT: 'http://127.0.0.1:8053' },
    url: 'http://127.0.0.1:4173',
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
