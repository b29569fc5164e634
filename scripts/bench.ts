// `npm run bench`: the figures of docs/decisions.md "Tests", one `name: value` line each
// (lines starting with `#` explain a figure). Sections: the audit against the test DoH server with
// added latency, the RFC 7208 suite (ours and mailauth's), parser throughput on the shared
// vectors, and the built bundle's gzipped size. A section that cannot run says why and makes the
// script exit non-zero; the others still run.

import { loadavg } from 'node:os';
import { benchAudit } from './bench/audit.ts';
import { benchBundle } from './bench/bundle.ts';
import { figure, note, round } from './bench/measure.ts';
import { benchMessage } from './bench/message.ts';
import { benchParsers } from './bench/parse.ts';
import { benchReports } from './bench/reports.ts';
import { benchReportsPage } from './bench/reports-page.ts';
import { benchSpfSuite } from './bench/spf-suite.ts';
import { benchUnreachable } from './bench/unreachable.ts';

/** The audit goals of issue 7. */
const MAX_RATIO_TO_CRITICAL_PATH = 1.3;
const MIN_SPEEDUP_VS_SEQUENTIAL = 8;

let failed = false;

async function section(name: string, run: () => Promise<void> | void): Promise<void> {
  try {
    await run();
  } catch (e) {
    failed = true;
    note(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

const started = performance.now();
// Timings on a shared machine move with its load: say what it was.
note(
  `load average at start: ${loadavg()
    .map((l) => round(l, 1))
    .join(' ')}`,
);

await section('audit', async () => {
  const a = await benchAudit({ runs: 7, latencyMs: 50 });
  figure('audit.added_latency_ms', a.latencyMs);
  figure('audit.rtt_ms', a.rttMs);
  figure('audit.critical_path_rounds', a.criticalPathRounds);
  figure('audit.rounds_in_report', a.reportedRounds);
  figure('audit.queries', a.queries);
  figure('audit.max_in_flight', a.maxInFlight);
  figure('audit.wall_ms', a.wallMs);
  note(`audit runs (ms): ${a.walls.map((w) => round(w, 0)).join(', ')}; ${a.summary}`);
  figure('audit.ratio_to_critical_path', a.ratioToCriticalPath);
  figure('audit.sequential_wall_ms', a.sequentialWallMs);
  figure('audit.speedup_vs_sequential', a.speedupVsSequential);
  const ratioOk = a.ratioToCriticalPath <= MAX_RATIO_TO_CRITICAL_PATH;
  const speedupOk = a.speedupVsSequential >= MIN_SPEEDUP_VS_SEQUENTIAL;
  note(
    `goals: ratio ≤ ${MAX_RATIO_TO_CRITICAL_PATH} ${ratioOk ? 'met' : 'NOT met'}, ` +
      `speed-up ≥ ${MIN_SPEEDUP_VS_SEQUENTIAL} ${speedupOk ? 'met' : 'NOT met'}`,
  );
});

await section('spf_suite', async () => {
  const s = await benchSpfSuite();
  figure('spf_suite.tests', s.tests);
  figure('spf_suite.passed', s.passed);
  figure('spf_suite.tests_per_s', s.testsPerSecond);
  figure('spf_suite.mailauth_passed', s.mailauthPassed);
  figure('spf_suite.mailauth_tests_per_s', s.mailauthTestsPerSecond);
  if (s.failures.length) note(`ours failed: ${s.failures.join('; ')}`);
  if (s.mailauthFailures.length) note(`mailauth failed: ${s.mailauthFailures.join('; ')}`);
});

await section('parse', async () => {
  const p = await benchParsers();
  note(`vectors: ${p.spf.records} SPF, ${p.dmarc.records} DMARC, ${p.dkim.records} DKIM records`);
  figure('parse.spf_records_per_s', Math.round(p.spf.perSecond));
  figure('parse.dmarc_records_per_s', Math.round(p.dmarc.perSecond));
  figure('parse.dkim_records_per_s', Math.round(p.dkim.perSecond));
});

await section('message', async () => {
  const m = await benchMessage();
  note(
    `${m.messages} conformance messages, ${m.signatures} signatures: ${m.oursPassed} pass here, ` +
      `${m.mailauthPassed} in mailauth; cold = imported-key cache emptied per message; medians of 5 interleaved rounds`,
  );
  figure('message.verified_per_s', Math.round(m.verifiedPerSecond));
  figure('message.verified_per_s_cold', Math.round(m.coldVerifiedPerSecond));
  figure('message.mailauth_verified_per_s', Math.round(m.mailauthVerifiedPerSecond));
  figure('message.speedup_vs_mailauth', m.speedup);
  figure('message.speedup_vs_mailauth_cold', m.coldSpeedup);
  note(`${m.large.octets} octets, ${m.large.signatures} signatures: ${m.large.results.join(', ')}`);
  figure('message.large_10mb_ms', Math.round(m.large.ms));
  figure('message.large_10mb_longest_stall_ms', Math.round(m.large.longestStallMs));
});

await section('reports', async () => {
  const r = await benchReports({ minReports: 10_000 });
  note(
    `${r.files} aggregate samples × ${r.rounds} rounds, one readReportFiles call per file; floor = unpack ` +
      `(gzip, zip, MIME) + tokenise into tags and text; then all ${r.reports} kept and summarised ` +
      `(peak RSS of the process, ${Math.round(r.baselineRssMb)} MB before)`,
  );
  figure('reports.reports', r.reports);
  figure('reports.records', r.records);
  figure('reports.reports_per_s', Math.round(r.reportsPerSecond));
  figure('reports.records_per_s', Math.round(r.recordsPerSecond));
  figure('reports.floor_reports_per_s', Math.round(r.floorReportsPerSecond));
  figure('reports.ratio_to_floor', r.ratioToFloor);
  figure('reports.reports_per_s_all_kept', Math.round(r.keptReportsPerSecond));
  figure('reports.summary_ms', Math.round(r.summaryMs));
  figure('reports.peak_rss_mb', Math.round(r.peakRssMb));
  note(`goal: ratio ≤ 2 ${r.ratioToFloor <= 2 ? 'met' : 'NOT met'}`);
});

await section('bundle', () => {
  const b = benchBundle();
  note(`dist ${b.build === 'built' ? 'rebuilt' : 'up to date'}; up front: ${b.initialFiles.join(', ')}`);
  figure('bundle.initial_gz_kb', b.initialGzKb);
  figure('bundle.home_route_gz_kb', b.homeGzKb);
  figure('bundle.total_gz_kb', b.totalGzKb);
});

// The #/reports page in Chromium against the built site (issue 13): only with BENCH_REPORTS_PAGE=1,
// as it needs dist/ (rebuilt when stale), a preview server and a browser.
if (process.env.BENCH_REPORTS_PAGE === '1') {
  await section('reports_page', async () => {
    const r = await benchReportsPage({ files: 1000 });
    note(
      `${r.files} files, ${r.reports} reports counted by the page; ${r.longTasks} main-thread tasks ≥ 50 ms`,
    );
    figure('reports.page_first_summary_ms_1000_files', Math.round(r.firstSummaryMs));
    figure('reports.page_all_read_ms_1000_files', Math.round(r.allReadMs));
    figure('reports.page_longest_main_thread_task_ms', Math.round(r.longestTaskMs));
  });
} else {
  note(
    'reports_page skipped: set BENCH_REPORTS_PAGE=1 to time the #/reports page on 1,000 files (builds dist/)',
  );
}

// Check → the "resolvers cannot be reached" notice with Cloudflare and Google refused or hanging
// (issue 15, goal ≤ 5 s): only with BENCH_UNREACHABLE=1, as it needs dist/ (rebuilt when stale), a
// preview server and a browser.
if (process.env.BENCH_UNREACHABLE === '1') {
  await section('unreachable', async () => {
    const u = await benchUnreachable();
    const runs = (list: number[]) => list.map((r) => round(r, 0)).join(', ');
    note(`runs (ms): refused ${runs(u.refusedRuns)}; hang ${runs(u.hangRuns)}`);
    figure('unreachable.notice_ms', Math.round(u.refusedMs));
    figure('unreachable.notice_hang_ms', Math.round(u.hangMs));
  });
} else {
  note(
    'unreachable skipped: set BENCH_UNREACHABLE=1 to time Check → unreachable-resolver notice (builds dist/)',
  );
}

note(
  `load average at end: ${loadavg()
    .map((l) => round(l, 1))
    .join(' ')}`,
);
note(`bench took ${round((performance.now() - started) / 1000, 1)} s`);
process.exitCode = failed ? 1 : 0;
