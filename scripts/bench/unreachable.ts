// Time from pressing Check to the "resolvers cannot be reached" notice (issue 15, goal ≤ 5 s),
// with both default resolvers (Cloudflare, then Google) unreachable: the built site (dist/,
// rebuilt when stale) served by `vite preview` on a free port, Debian's Chromium driven by
// Playwright, every request to cloudflare-dns.com and dns.google intercepted by page.route and
// either refused (as a blocked or closed port answers) or left hanging (as a blackholed address
// does). Everything else off this machine is refused too, so the run sends nothing out. The
// click and the notice's appearance are timed inside the page (performance.now), the median of
// RUNS runs per case. A measurement, not a test: nothing here passes or fails on a time.
//
// Run alone: `npx tsx scripts/bench/unreachable.ts`; in `npm run bench` with BENCH_UNREACHABLE=1.

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Page, type Route } from '@playwright/test';
import { ensureBuild } from './bundle.ts';
import { median } from './measure.ts';

const HOST = '127.0.0.1';
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const RUNS = 3;
/** Long enough for the slowest case to show the notice on a loaded machine. */
const NOTICE_TIMEOUT_MS = 60_000;
/** Keep in sync with the id in src/ui/components/ResolverUnreachableNotice.svelte. */
const NOTICE_HEADING_ID = 'resolver-unreachable-heading';
const DEFAULT_RESOLVER_HOSTS = ['cloudflare-dns.com', 'dns.google'];
const DOMAIN = 'example.com';

export type UnreachableMode = 'refused' | 'hang';

export interface UnreachableBench {
  refusedMs: number;
  hangMs: number;
  refusedRuns: number[];
  hangRuns: number[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
      .once('error', reject)
      .listen(0, HOST, () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Both default resolvers refused or hanging; nothing else leaves this machine either. */
async function blockOutside(page: Page, mode: UnreachableMode, held: Route[]): Promise<void> {
  await page.route(
    (url) => url.hostname !== HOST,
    (route) => {
      const host = new URL(route.request().url()).hostname;
      if (mode === 'hang' && DEFAULT_RESOLVER_HOSTS.includes(host)) held.push(route);
      else void route.abort('connectionrefused');
    },
  );
}

async function oneRun(base: string, mode: UnreachableMode): Promise<number> {
  const browser = await chromium.launch({ executablePath: CHROME_PATH, args: CHROME_ARGS });
  const held: Route[] = [];
  try {
    // A fresh context each run: default resolvers (no stored choice), nothing cached.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await blockOutside(page, mode, held);
    await page.addInitScript((headingId: string) => {
      const w = window as unknown as { __checkAt?: number; __noticeAt?: number };
      document.addEventListener('submit', () => (w.__checkAt ??= performance.now()), { capture: true });
      new MutationObserver(() => {
        if (w.__noticeAt === undefined && document.getElementById(headingId))
          w.__noticeAt = performance.now();
      }).observe(document, { childList: true, subtree: true });
    }, NOTICE_HEADING_ID);
    await page.goto(`${base}/?lang=en#/`);
    await page.locator('#domain-input').fill(DOMAIN);
    await page.locator('form[role=search] button[type=submit]').click();
    await page.locator(`#${NOTICE_HEADING_ID}`).waitFor({ timeout: NOTICE_TIMEOUT_MS });
    const { checkAt, noticeAt } = await page.evaluate(() => {
      const w = window as unknown as { __checkAt?: number; __noticeAt?: number };
      return { checkAt: w.__checkAt ?? Number.NaN, noticeAt: w.__noticeAt ?? Number.NaN };
    });
    return noticeAt - checkAt;
  } finally {
    await browser.close();
  }
}

export async function benchUnreachable(o: { runs?: number } = {}): Promise<UnreachableBench> {
  const runs = o.runs ?? RUNS;
  ensureBuild();
  const port = await freePort();
  const preview = spawn(
    'node_modules/.bin/vite',
    ['preview', '--host', HOST, '--port', String(port), '--strictPort'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  try {
    const base = `http://${HOST}:${port}`;
    await waitForHttp(`${base}/`, 30_000);
    const refusedRuns: number[] = [];
    const hangRuns: number[] = [];
    for (let i = 0; i < runs; i++) refusedRuns.push(await oneRun(base, 'refused'));
    for (let i = 0; i < runs; i++) hangRuns.push(await oneRun(base, 'hang'));
    return { refusedMs: median(refusedRuns), hangMs: median(hangRuns), refusedRuns, hangRuns };
  } finally {
    preview.kill('SIGTERM');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await benchUnreachable();
  console.log(
    `# runs (ms): refused ${r.refusedRuns.map(Math.round).join(', ')}; hang ${r.hangRuns.map(Math.round).join(', ')}`,
  );
  console.log(`unreachable.notice_ms: ${Math.round(r.refusedMs)}`);
  console.log(`unreachable.notice_hang_ms: ${Math.round(r.hangMs)}`);
}
