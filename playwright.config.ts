// Whole flows against the built site (vite preview) and the test DoH server on 127.0.0.1.
import { defineConfig } from '@playwright/test';

const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
// Fixed ports, so the built app can be pointed at the test DoH server; MAILDNS_E2E_PORT and
// MAILDNS_E2E_DOH_PORT move them (two runs side by side, e.g. in two checkouts).
const port = process.env.MAILDNS_E2E_PORT ?? '4173';
const dohUrl = `http://127.0.0.1:${process.env.MAILDNS_E2E_DOH_PORT ?? '8053'}`;

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 30_000,
  fullyParallel: true,
  workers: 2,
  reporter: [['list']],
  globalSetup: './tests/support/playwright-global-setup.ts',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
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
    command: `npm run build && npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    // The built site's CSP must allow the local test DoH server (vite.config.ts).
    // VITE_MAILDNS_E2E_PRESETS: the e2e build alone may point a named service at the test server
    // (src/ui/state/e2e-presets.ts; resolver-unreachable.spec.ts uses it).
    env: { MAILDNS_CSP_CONNECT: dohUrl, VITE_MAILDNS_E2E_PRESETS: '1' },
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
