// The #/reports page's worker: reads dropped report files (decompressing, MIME, XML, JSON) and
// summarizes them off the main thread, so the page stays responsive while a year of reports loads.
// Files are read one at a time (each file's outcome is known, progress is exact); the summary of
// everything so far is posted while reading, at most every SUMMARY_INTERVAL_MS (longer as the
// summary grows: the page pays to receive and render each one).
/// <reference lib="webworker" />
import {
  MAX_REPORT_FILE_BYTES,
  readReportFiles,
  reportKey,
  summarizeReports,
  type AggregateReport,
  type ReportProblem,
  type SummarizeOptions,
  type TlsReport,
} from '../../lib/index.ts';
import type { FileOutcome, WorkerEvent, WorkerRequest } from './reports-protocol.ts';

/** Progress and new rows reach the page at most this often (each post is a structured clone). */
const FLUSH_INTERVAL_MS = 100;
/** A summary of a growing set costs O(reports); a few per second keeps the page current. */
const SUMMARY_INTERVAL_MS = 750;
/** …and at least this many times what the last summary took, so summaries never crowd out reading. */
const SUMMARY_COST_FACTOR = 8;

const scope = self as unknown as DedicatedWorkerGlobalScope;

let aggregate: AggregateReport[] = [];
let tls: TlsReport[] = [];
/** reportKey → the file it was first read from (duplicates name it). */
let firstFile = new Map<string, string>();
let options: SummarizeOptions = {};
/** Jobs up to this one are cancelled. */
let cancelledUpTo = 0;
let controller: AbortController | null = null;
/** Serialises read requests: a second drop waits for the first to finish. */
let queue: Promise<void> = Promise.resolve();

function post(event: WorkerEvent): void {
  scope.postMessage(event);
}

function postSummary(): void {
  post({ kind: 'summary', summary: summarizeReports(aggregate, options), reports: aggregate.length });
}

async function readOne(
  file: File,
  signal: AbortSignal,
): Promise<{ outcome: FileOutcome; agg: AggregateReport[]; tlsNew: TlsReport[] }> {
  const name = file.webkitRelativePath || file.name;
  const problems: ReportProblem[] = [];
  // Over the intake limit, the file is refused from its size alone: reading it whole first would
  // hold it in memory for nothing (keep the code and params in sync with src/lib/reports).
  const result =
    file.size > MAX_REPORT_FILE_BYTES
      ? {
          aggregate: [],
          tls: [],
          problems: [
            {
              file: name,
              code: 'reports/file-too-large',
              params: { bytes: file.size, max: MAX_REPORT_FILE_BYTES },
            },
          ],
        }
      : await readReportFiles([{ name, bytes: new Uint8Array(await file.arrayBuffer()) }], { signal });
  problems.push(...result.problems);
  const agg: AggregateReport[] = [];
  for (const r of result.aggregate) {
    const key = reportKey(r);
    const first = firstFile.get(key);
    if (first !== undefined) {
      problems.push({
        file: name,
        code: 'reports/duplicate',
        params: { org: r.org, reportId: r.reportId, first },
      });
      continue;
    }
    firstFile.set(key, name);
    agg.push(r);
  }
  const tlsNew = result.tls;
  const status: FileOutcome['status'] =
    agg.length + tlsNew.length > 0
      ? 'read'
      : problems.some((p) => p.code === 'reports/duplicate')
        ? 'duplicate'
        : 'problem';
  return {
    outcome: { name, size: file.size, status, aggregate: agg.length, tls: tlsNew.length, problems },
    agg,
    tlsNew,
  };
}

async function read(job: number, files: File[]): Promise<void> {
  controller = new AbortController();
  const { signal } = controller;
  let outcomes: FileOutcome[] = [];
  let newAgg: AggregateReport[] = [];
  let newTls: TlsReport[] = [];
  let lastFlush = performance.now();
  let lastSummary = -Infinity;
  let summaryGap = SUMMARY_INTERVAL_MS;
  let summarized = aggregate.length;
  let processed = 0;
  const flush = (done: number) => {
    post({ kind: 'files', job, outcomes, aggregate: newAgg, tls: newTls, done, total: files.length });
    outcomes = [];
    newAgg = [];
    newTls = [];
    lastFlush = performance.now();
  };
  try {
    for (let i = 0; i < files.length; i++) {
      if (job <= cancelledUpTo) break;
      const { outcome, agg, tlsNew } = await readOne(files[i], signal);
      processed = i + 1;
      aggregate.push(...agg);
      tls.push(...tlsNew);
      outcomes.push(outcome);
      newAgg.push(...agg);
      newTls.push(...tlsNew);
      const now = performance.now();
      if (now - lastFlush >= FLUSH_INTERVAL_MS) flush(i + 1);
      // The first report read gives a first summary at once; later ones are throttled.
      if (aggregate.length > summarized && now - lastSummary >= summaryGap) {
        if (outcomes.length > 0) flush(i + 1);
        postSummary();
        summarized = aggregate.length;
        lastSummary = performance.now();
        summaryGap = Math.max(SUMMARY_INTERVAL_MS, SUMMARY_COST_FACTOR * (lastSummary - now));
      }
    }
    flush(processed);
    postSummary();
    post({ kind: 'finished', job, cancelled: job <= cancelledUpTo });
  } catch (e) {
    // readReportFiles never throws on file contents; this is the worker itself failing.
    post({ kind: 'failed', job, message: e instanceof Error ? e.message : String(e) });
  } finally {
    controller = null;
  }
}

scope.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const msg = e.data;
  switch (msg.kind) {
    case 'read':
      queue = queue.then(() => read(msg.job, msg.files));
      break;
    case 'seed':
      aggregate = [...msg.aggregate];
      tls = [...msg.tls];
      firstFile = new Map(aggregate.map((r, i) => [reportKey(r), msg.sources[i] ?? '']));
      postSummary();
      break;
    case 'options':
      options = msg.options;
      queue = queue.then(postSummary);
      break;
    case 'cancel':
      cancelledUpTo = Math.max(cancelledUpTo, msg.upTo);
      controller?.abort();
      break;
    case 'reset':
      aggregate = [];
      tls = [];
      firstFile = new Map();
      controller?.abort();
      break;
  }
};
