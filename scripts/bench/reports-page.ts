// Time to first summary on the #/reports page for 1,000 report files (issue 13, item 5): the built
// site (dist/, rebuilt when stale) served by `vite preview` on a free port, Debian's Chromium driven
// by Playwright, 1,000 distinct aggregate reports made from the XML samples in
// ../shared/conformance/dmarc-reports (report ids made unique; every other one gzipped, as receivers
// send them) handed to the page's file input at once. Reads the page's own performance measures
// (src/ui/state/reports.svelte.ts): read start → first summary shown, and → all files read; and the
// longest main-thread task meanwhile (the page must stay responsive: reading runs in a worker).
// A measurement, not a test: nothing here passes or fails on a time.
//
// Run alone: `npx tsx scripts/bench/reports-page.ts`; in `npm run bench` with BENCH_REPORTS_PAGE=1.

import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { readReportFiles } from '../../src/lib/index.ts';
import { ensureBuild } from './bundle.ts';

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
const SAMPLES = fileURLToPath(new URL('../../../shared/conformance/dmarc-reports/', import.meta.url));
/** Keep in sync with src/ui/state/reports.svelte.ts. */
const MARK_READ_START = 'maildns:reports:read-start';
const MEASURE_FIRST_SUMMARY = 'maildns:reports:first-summary';
const MEASURE_ALL_READ = 'maildns:reports:all-read';
const DEFAULT_FILES = 1000;
const TIMEOUT_MS = 300_000;

export interface ReportsPageBench {
  files: number;
  firstSummaryMs: number;
  allReadMs: number;
  longestTaskMs: number;
  longTasks: number;
  /** Reports the page counted (duplicates would lower it). */
  reports: number;
}

function xmlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...xmlFiles(path));
    else if (name.endsWith('.xml')) out.push(path);
  }
  return out;
}

/** The plain XML samples our reader takes as one aggregate report with one report id to vary. */
async function xmlSamples(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const path of xmlFiles(dir)) {
    const text = readFileSync(path, 'utf8');
    if ((text.match(/<report_id>/g) ?? []).length !== 1) continue;
    const { aggregate } = await readReportFiles([{ name: path, bytes: new TextEncoder().encode(text) }]);
    if (aggregate.length === 1) out.push(text);
  }
  return out;
}

/** `count` distinct report files from the samples (unique report ids), every other one gzipped. */
export async function makeFiles(
  count: number,
): Promise<Array<{ name: string; mimeType: string; buffer: Buffer }>> {
  const samples = await xmlSamples(SAMPLES);
  if (samples.length === 0) throw new Error(`no XML samples under ${SAMPLES}`);
  return Array.from({ length: count }, (_, i) => {
    const xml = samples[i % samples.length].replace(
      /<report_id>([^<]*)<\/report_id>/,
      `<report_id>$1-bench-${i}</report_id>`,
    );
    return i % 2 === 0
      ? { name: `report-${i}.xml`, mimeType: 'text/xml', buffer: Buffer.from(xml) }
      : { name: `report-${i}.xml.gz`, mimeType: 'application/gzip', buffer: gzipSync(xml) };
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

export async function benchReportsPage(o: { files?: number } = {}): Promise<ReportsPageBench> {
  const count = o.files ?? DEFAULT_FILES;
  ensureBuild();
  const port = await freePort();
  const preview = spawn(
    'node_modules/.bin/vite',
    ['preview', '--host', HOST, '--port', String(port), '--strictPort'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const browser = await chromium.launch({ executablePath: CHROME_PATH, args: CHROME_ARGS });
  try {
    await waitForHttp(`http://${HOST}:${port}/`, 30_000);
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(`http://${HOST}:${port}/?lang=en#/reports`);
    await page.locator('#reports-file-input').waitFor({ state: 'attached' });
    // Long tasks on the main thread while the files are read (Long Tasks API: ≥ 50 ms each). Those
    // before the read starts are Playwright handing 1,000 files to the input, not the page's work.
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: Array<[number, number]> };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask' });
    });
    const files = await makeFiles(count);
    await page.locator('#reports-file-input').setInputFiles(files);
    await page
      .locator('label[for="reports-progress"]')
      .filter({ hasText: `Files read: ${count.toLocaleString('en')}` })
      .waitFor({ timeout: TIMEOUT_MS });
    // A string, not a function: tsx's name-keeping helper (`__name`) does not exist in the page.
    const figures = (await page.evaluate(`(() => {
      const last = (name) => performance.getEntriesByName(name).at(-1)?.duration ?? Number.NaN;
      const start = performance.getEntriesByName(${JSON.stringify(MARK_READ_START)}).at(-1)?.startTime ?? 0;
      const tasks = window.__longTasks.filter(([at]) => at >= start).map(([, ms]) => ms);
      const reports = document.querySelector('[data-figure="reports"]')?.textContent ?? '';
      return {
        firstSummaryMs: last(${JSON.stringify(MEASURE_FIRST_SUMMARY)}),
        allReadMs: last(${JSON.stringify(MEASURE_ALL_READ)}),
        longestTaskMs: tasks.length > 0 ? Math.max(...tasks) : 0,
        longTasks: tasks.length,
        reports: Number(reports.replace(/[^0-9]/g, '')),
      };
    })()`)) as Omit<ReportsPageBench, 'files'>;
    return { files: count, ...figures };
  } finally {
    await browser.close();
    preview.kill('SIGTERM');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await benchReportsPage();
  console.log(`reports.page_files: ${r.files}`);
  console.log(`reports.page_reports_counted: ${r.reports}`);
  console.log(`reports.page_first_summary_ms_1000_files: ${Math.round(r.firstSummaryMs)}`);
  console.log(`reports.page_all_read_ms_1000_files: ${Math.round(r.allReadMs)}`);
  console.log(`reports.page_longest_main_thread_task_ms: ${Math.round(r.longestTaskMs)}`);
  console.log(`reports.page_long_tasks: ${r.longTasks}`);
}
