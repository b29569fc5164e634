// Report intake throughput (issue 13): the aggregate samples of ../shared/conformance/dmarc-reports
// (xml, gz, zip, eml) read one file per readReportFiles call — as the page's worker does — repeated
// until at least 10,000 reports, side by side with the floor of any parser on the same bytes: only
// unpacking them (gzip, zip, MIME) and tokenising the XML into tags and text. Alternating rounds of
// each, so the machine's load falls on both alike. Then the same reading once more with every report
// kept, as the page keeps them, summarised at the end, RSS sampled throughout.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, unzipSync } from 'fflate';
import PostalMime from 'postal-mime';
import {
  readReportFiles,
  summarizeReports,
  type AggregateReport,
  type ReportFile,
} from '../../src/lib/index.ts';

const ROOT = new URL('../../../shared/conformance/dmarc-reports/', import.meta.url).pathname;
const MiB = 1024 * 1024;

export interface ReportsBench {
  files: number;
  rounds: number;
  reports: number;
  records: number;
  reportsPerSecond: number;
  recordsPerSecond: number;
  floorReportsPerSecond: number;
  ratioToFloor: number;
  /** Reading with every report kept in memory (the page's case): the GC then walks them all. */
  keptReportsPerSecond: number;
  summaryMs: number;
  peakRssMb: number;
  baselineRssMb: number;
}

function samples(): ReportFile[] {
  const expected = JSON.parse(readFileSync(join(ROOT, 'expected.json'), 'utf8')) as {
    aggregate: Record<string, unknown>;
  };
  return Object.keys(expected.aggregate).map((name) => ({
    name,
    bytes: new Uint8Array(readFileSync(join(ROOT, name))),
  }));
}

const decoder = new TextDecoder();
/** A tag (with its attributes) or the text between tags: what any XML parser must at least find. */
const TOKEN = /<[^>]*>|[^<]+/g;

function tokenise(bytes: Uint8Array): number {
  const text = decoder.decode(bytes);
  let n = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.exec(text) !== null) n++;
  return n;
}

/** Unpacks like intake does (gzip, zip, a mail's attachments), without any checks or limits. */
async function floorOf(bytes: Uint8Array): Promise<number> {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return floorOf(gunzipSync(bytes));
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    let n = 0;
    for (const entry of Object.values(unzipSync(bytes))) n += await floorOf(entry);
    return n;
  }
  const first = bytes.find(
    (b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0xef && b !== 0xbb && b !== 0xbf,
  );
  if (first === 0x3c) return tokenise(bytes);
  const mail = await PostalMime.parse(bytes);
  let n = 0;
  for (const a of mail.attachments) n += await floorOf(new Uint8Array(a.content as ArrayBuffer));
  return n;
}

export async function benchReports(o: { minReports?: number } = {}): Promise<ReportsBench> {
  const minReports = o.minReports ?? 10_000;
  const files = samples();
  const rounds = Math.ceil(minReports / files.length);
  let tokens = 0;

  // One warm-up round of each (JIT), not timed.
  for (const f of files) {
    await readReportFiles([f]);
    tokens += await floorOf(f.bytes);
  }

  // Throughput against the floor: alternating rounds, results dropped after each file.
  let reports = 0;
  let records = 0;
  let readMs = 0;
  let floorMs = 0;
  for (let round = 0; round < rounds; round++) {
    let t = performance.now();
    for (const f of files) {
      const r = await readReportFiles([f]);
      reports += r.aggregate.length;
      for (const a of r.aggregate) records += a.records.length;
    }
    readMs += performance.now() - t;
    t = performance.now();
    for (const f of files) tokens += await floorOf(f.bytes);
    floorMs += performance.now() - t;
  }
  if (tokens === 0) throw new Error('the floor tokenised nothing');

  // Memory as the page holds it: all reports kept, then summarised; RSS sampled per round.
  const kept: AggregateReport[] = [];
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  let keptMs = 0;
  for (let round = 0; round < rounds; round++) {
    const t = performance.now();
    for (const f of files) kept.push(...(await readReportFiles([f])).aggregate);
    keptMs += performance.now() - t;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const t = performance.now();
  const summary = summarizeReports(kept);
  const summaryMs = performance.now() - t;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (summary.reports !== reports) throw new Error('the kept run read a different number of reports');

  return {
    files: files.length,
    rounds,
    reports,
    records,
    reportsPerSecond: reports / (readMs / 1000),
    recordsPerSecond: records / (readMs / 1000),
    floorReportsPerSecond: reports / (floorMs / 1000),
    ratioToFloor: readMs / floorMs,
    keptReportsPerSecond: reports / (keptMs / 1000),
    summaryMs,
    peakRssMb: peakRss / MiB,
    baselineRssMb: baselineRss / MiB,
  };
}
