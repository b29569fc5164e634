// Vite builds the static site; Vitest runs the unit/conformance tests in Node and the
// component tests in a real Chromium (browser mode, Playwright provider).
import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';
import { VitePWA } from 'vite-plugin-pwa';

const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
/** Modules without side effects on import (see `build.rolldownOptions.treeshake`). */
const SIDE_EFFECT_FREE = /\/src\/(lib\/|paraglide\/messages(\/|\.js$))/;
export const chromeArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Content-Security-Policy for the built site (a meta tag; GitHub Pages sends no headers):
 * scripts only from the site itself; connections only over HTTPS, so any DoH resolver a user
 * picks keeps working. `MAILDNS_CSP_CONNECT` adds sources for tests (the local DoH server).
 */
function contentSecurityPolicy(): Plugin {
  const extra = process.env.MAILDNS_CSP_CONNECT ?? '';
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' https: ${extra}`.trim(),
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'self'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
  return {
    name: 'maildns-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: policy },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  // Relative asset paths: the site works under any sub-path (GitHub Pages project sites).
  base: './',
  plugins: [
    // i18n messages are compiled by `npm run i18n` (paraglide-js CLI) before dev, build and tests.
    svelte(),
    contentSecurityPolicy(),
    // Offline: a generated service worker precaches every built file (lazy route chunks too), so
    // the builders, the wizard and the check page work after one visit. Registered in main.ts.
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      injectRegister: false,
      // globPatterns below already precaches public/ (icons, robots.txt): list nothing twice.
      includeManifestIcons: false,
      manifest: {
        name: 'MailDNS',
        short_name: 'MailDNS',
        description: 'Look up, check and compose MX, SPF, DKIM and DMARC records in your browser.',
        lang: 'en',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#f8fafc',
        theme_color: '#1d4ed8',
        icons: [
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
          { src: 'pwa-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'pwa-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'pwa-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,txt}'],
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        // Take control of the page that installed it: a first visit that goes offline and then
        // opens another route (a lazy chunk) is served from the cache without a reload.
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      // src/lib (pure TypeScript) and the compiled messages do nothing when imported. Saying so
      // lets a page's chunk carry only what the page calls, instead of every module behind the
      // src/lib/index.ts barrel and every message: the home page loads ~27 KB gzipped, not ~140.
      treeshake: { moduleSideEffects: (id: string) => !SIDE_EFFECT_FREE.test(id) },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'tests/conformance/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 20000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: chromePath, args: chromeArgs } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
