// `npm run lighthouse`: builds the site, serves it with `vite preview` on 127.0.0.1:4173 and runs
// Lighthouse 12 (default config: mobile, simulated throttling) in Debian's Chromium on the home
// page and the check page. Prints `lighthouse.<page>.<category>: <score>` for performance,
// accessibility, best practices and SEO, and below each page the audits that cost points.
// CHROME_PATH overrides /usr/bin/chromium; LIGHTHOUSE_PORT overrides 4173 (if that port is taken,
// say by another preview, a free port is used instead); `--no-build` serves dist/ as it is.
// Exits non-zero when a score is below 0.95.

import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const HOST = '127.0.0.1';
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const PAGES = [
  { name: 'home', path: '/' },
  { name: 'check', path: '/#/check' },
];
/** Issue 7: every category at least this. */
const MIN_SCORE = 0.95;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)))
      .listen(port, HOST);
  });
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

function startPreview(port: number): ChildProcess {
  const bin = 'node_modules/.bin/vite';
  return spawn(bin, ['preview', '--host', HOST, '--port', String(port), '--strictPort'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function main(): Promise<number> {
  if (!process.argv.includes('--no-build'))
    execSync('npm run build', { stdio: ['ignore', 'ignore', 'inherit'] });
  const wanted = Number(process.env.LIGHTHOUSE_PORT ?? 4173);
  const port = (await portIsFree(wanted)) ? wanted : await freePort();
  if (port !== wanted) console.log(`# port ${wanted} is in use: serving on ${port}`);
  const preview = startPreview(port);
  const origin = `http://${HOST}:${port}`;
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  let low = 0;
  try {
    await waitForHttp(`${origin}/`, 30_000);
    chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS });
    // Lighthouse's simulated throttling scales the CPU time it observes: a busy machine lowers
    // the performance score (long tasks show up as "Other"). Say how busy this one was.
    console.log(
      `# load average: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    for (const page of PAGES) {
      const result = await lighthouse(`${origin}${page.path}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: [...CATEGORIES],
      });
      if (!result) throw new Error(`lighthouse returned nothing for ${page.path}`);
      const { categories, audits } = result.lhr;
      for (const id of CATEGORIES) {
        const score = categories[id]?.score ?? null;
        console.log(`lighthouse.${page.name}.${id}: ${score === null ? 'n/a' : score.toFixed(2)}`);
        if (score === null || score < MIN_SCORE) low++;
        // What cost points: scored audits in this category below 1 (weight > 0).
        for (const ref of categories[id]?.auditRefs ?? []) {
          const audit = audits[ref.id];
          if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) {
            const value = audit.displayValue ? ` (${audit.displayValue})` : '';
            console.log(`#   ${id}: ${ref.id} ${audit.score.toFixed(2)}${value} — ${audit.title}`);
          }
        }
      }
    }
  } finally {
    chrome?.kill();
    preview.kill('SIGTERM');
  }
  return low === 0 ? 0 : 1;
}

process.exitCode = await main();
