// readReportFiles: many report files at once — `.xml`, `.xml.gz`/`.gz`, `.zip`, `.eml`, `.mbox`,
// TLS-RPT `.json`/`.json.gz` — each recognised by its content, unpacked within the limits of
// limits.ts and parsed. A file that cannot be read is one problem (with a catalog code); the other
// files still count. The same report twice (same org and report id, RFC 9990 §2.1) counts once.
// Never throws. No DOM: runs in a Web Worker as well as in Node.

import type { Code } from '../diagnostics/codes.ts';
import type { Diagnostic } from '../diagnostics/model.ts';
import { gunzipBounded, newBudget, unzipBounded, type Budget } from './decompress.ts';
import { decodeText, detectContent } from './detect.ts';
import { MAX_REPORT_FILE_BYTES, MAX_NESTING } from './limits.ts';
import { messageParts, splitMbox } from './mime.ts';
import type {
  AggregateReport,
  ReadReportsOptions,
  ReadReportsResult,
  ReportFile,
  ReportProblem,
} from './model.ts';
import { parseAggregateReport } from './parse-aggregate.ts';
import { parseTlsReport } from './parse-tls.ts';

/** Between yields to the event loop, so an abort (and a Worker's messages) get through. */
const YIELD_EVERY_MS = 50;

type Params = Record<string, string | number>;

interface Context {
  out: ReadReportsResult;
  /** Duplicate key → the file that brought the report first. */
  seen: Map<string, string>;
  file: string;
  /** Where inside the file (zip entry, mbox message), for the problem's params. */
  part?: string;
}

function problem(ctx: Context, code: Code | string, params?: Params): void {
  const p: ReportProblem = { file: ctx.file, code };
  const all = { ...(ctx.part !== undefined && { part: ctx.part }), ...params };
  if (Object.keys(all).length > 0) p.params = all;
  ctx.out.problems.push(p);
}

/** The first error of a parse, as the file's problem. */
function firstError(diagnostics: Diagnostic[]): Diagnostic | undefined {
  return diagnostics.find((d) => d.severity === 'error');
}

/** The duplicate key: the reporting organisation and its report id, as the XML has them. */
export function reportKey(r: Pick<AggregateReport, 'org' | 'reportId'>): string {
  return `${r.org.toLowerCase()}\u0000${r.reportId}`;
}

function addAggregate(ctx: Context, report: AggregateReport): void {
  const key = reportKey(report);
  const first = ctx.seen.get(key);
  if (first !== undefined) {
    problem(ctx, 'reports/duplicate', { org: report.org, reportId: report.reportId, first });
    return;
  }
  ctx.seen.set(key, ctx.file);
  ctx.out.aggregate.push(report);
}

function readText(ctx: Context, bytes: Uint8Array, kind: 'xml' | 'json'): void {
  const { text, invalid } = decodeText(bytes);
  if (kind === 'json') {
    const { record, diagnostics } = parseTlsReport(text);
    if (record) ctx.out.tls.push(record);
    else
      problem(
        ctx,
        firstError(diagnostics)?.code ?? 'reports/tls-invalid-json',
        firstError(diagnostics)?.params,
      );
    return;
  }
  const { record, diagnostics } = parseAggregateReport(text);
  if (record) {
    addAggregate(ctx, record);
    return;
  }
  const error = firstError(diagnostics);
  problem(
    ctx,
    error?.code ?? (invalid ? 'reports/invalid-encoding' : 'reports/not-aggregate'),
    error?.params,
  );
}

async function readMessage(ctx: Context, bytes: Uint8Array, depth: number, budget: Budget): Promise<void> {
  let parsed;
  try {
    parsed = await messageParts(bytes);
  } catch {
    problem(ctx, 'reports/unknown-format');
    return;
  }
  const before = ctx.out.aggregate.length + ctx.out.tls.length + ctx.out.problems.length;
  for (const part of parsed.parts) {
    const kind = detectContent(part.bytes);
    // Attachments that cannot be reports (a logo, a text note) are passed over quietly.
    if (kind === 'unknown' || kind === 'empty' || kind === 'message' || kind === 'mbox') continue;
    await readBytes(ctx, part.bytes, depth + 1, budget);
  }
  if (ctx.out.aggregate.length + ctx.out.tls.length + ctx.out.problems.length === before)
    problem(ctx, parsed.failureReport ? 'reports/failure-report' : 'reports/no-report-in-message');
}

async function readBytes(ctx: Context, bytes: Uint8Array, depth: number, budget: Budget): Promise<void> {
  if (depth > MAX_NESTING) {
    problem(ctx, 'reports/nesting-too-deep', { max: MAX_NESTING });
    return;
  }
  const kind = detectContent(bytes);
  switch (kind) {
    case 'empty':
      problem(ctx, 'reports/empty-file');
      return;
    case 'unknown':
      problem(ctx, 'reports/unknown-format');
      return;
    case 'xml':
    case 'json':
      readText(ctx, bytes, kind);
      return;
    case 'gzip': {
      const r = gunzipBounded(bytes, budget);
      if (!r.ok) problem(ctx, r.code, r.params);
      else for (const e of r.entries) await readBytes(ctx, e.bytes, depth + 1, budget);
      return;
    }
    case 'zip': {
      const r = unzipBounded(bytes, budget);
      if (!r.ok) {
        problem(ctx, r.code, r.params);
        return;
      }
      const outer = ctx.part;
      for (const e of r.entries) {
        ctx.part = outer === undefined ? e.name : `${outer}/${e.name}`;
        await readBytes(ctx, e.bytes, depth + 1, budget);
      }
      ctx.part = outer;
      return;
    }
    case 'message':
      await readMessage(ctx, bytes, depth, budget);
      return;
    case 'mbox': {
      const { messages, truncated } = splitMbox(bytes);
      const outer = ctx.part;
      for (let i = 0; i < messages.length; i++) {
        ctx.part = `#${i + 1}`;
        await readMessage(ctx, messages[i], depth, budget);
      }
      ctx.part = outer;
      if (truncated)
        problem(ctx, 'reports/file-too-large', { bytes: bytes.length, max: MAX_REPORT_FILE_BYTES });
      return;
    }
  }
}

/** Reads report files; see the top of this file. Resolves (never rejects) once all are read or the signal aborts. */
export async function readReportFiles(
  files: ReadonlyArray<ReportFile>,
  o: ReadReportsOptions = {},
): Promise<ReadReportsResult> {
  const out: ReadReportsResult = { aggregate: [], tls: [], problems: [] };
  const seen = new Map<string, string>();
  const list = Array.isArray(files) ? files : [];
  let lastYield = Date.now();
  for (let i = 0; i < list.length; i++) {
    const file = list[i];
    const name = typeof file?.name === 'string' ? file.name : `#${i + 1}`;
    const ctx: Context = { out, seen, file: name };
    if (o.signal?.aborted) {
      problem(ctx, 'reports/aborted');
      continue;
    }
    try {
      const bytes = file?.bytes;
      if (!(bytes instanceof Uint8Array)) problem(ctx, 'reports/empty-file');
      else if (bytes.length > MAX_REPORT_FILE_BYTES)
        problem(ctx, 'reports/file-too-large', { bytes: bytes.length, max: MAX_REPORT_FILE_BYTES });
      else await readBytes(ctx, bytes, 0, newBudget());
    } catch {
      // Defensive: a library failing in a way not foreseen is this file's problem, not the batch's.
      ctx.part = undefined;
      problem(ctx, 'reports/unknown-format');
    }
    try {
      o.onProgress?.(i + 1, list.length);
    } catch {
      // the caller's progress handler failing does not stop the reading
    }
    if (Date.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = Date.now();
    }
  }
  return out;
}
