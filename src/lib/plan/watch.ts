// The propagation watch (issue 14): after publishing, ask each chosen resolver for each planned record
// until every one serves the planned content — with back-off, a bounded request rate and a time
// limit — and say per resolver and record what it serves now: the old record (and how long its
// cached copy may live: the answer's TTL, RFC 1035 §3.2.1 / RFC 2181 §8), nothing yet (and the
// negative-cache time from the SOA, RFC 2308 §5), or the new one. A failing resolver is a status,
// never a "not live" verdict.

import { isTemporaryFailure, resolveSafely, txtRecords } from '../dns/answer.ts';
import type { DnsResponse, DnsStatus, Resolver } from '../dns/model.ts';
import { negativeTtlOf } from '../dns/record-data.ts';
import type { RecordSuggestion } from '../export/model.ts';
import type { PlanChange } from './plan-changes.ts';
import { planName, recordKind, txtKind } from './record-kind.ts';

/** The watch stops after this long whatever it sees (a record that never arrives is a finding). */
export const WATCH_MAX_DURATION_MS = 30 * 60_000;
/** All resolvers together: "never more than a few queries per second in total". */
export const WATCH_MAX_QUERIES_PER_SECOND = 2;
/** The first re-check of a cell, doubled after each check up to the maximum. */
export const WATCH_MIN_INTERVAL_MS = 5_000;
export const WATCH_MAX_INTERVAL_MS = 60_000;

export interface WatchTarget {
  /** Stable within a watch: `TYPE name content [priority]`. */
  id: string;
  record: RecordSuggestion;
  /** `absent`: a record the change list deletes; live once no resolver serves it. */
  expect: 'present' | 'absent';
}

export interface WatchResolver {
  id: string;
  label: string;
  resolver: Resolver;
}

/** `old`: the resolver still serves the record being replaced (or, for a deletion, the record);
 *  `absent`: nothing of the kind yet; `new`: the planned content; `error`: no answer. */
export type WatchState = 'pending' | 'old' | 'absent' | 'new' | 'error';

export interface WatchCell {
  target: string;
  resolver: string;
  state: WatchState;
  checks: number;
  /** Seconds the cached old answer may still be served (its TTL as this resolver gave it). */
  ttl?: number;
  /** Seconds a negative answer may be cached (RFC 2308 §5: min of the SOA's TTL and MINIMUM). */
  negativeTtl?: number;
  /** The DNS status of the last answer, and its reason when it was a failure. */
  status?: DnsStatus;
  error?: string;
  /** ms since the watch started: the last check, the next one, and when it turned new. */
  checkedAt?: number;
  nextAt?: number;
  liveAt?: number;
}

export interface WatchReport {
  targets: WatchTarget[];
  resolvers: Array<{ id: string; label: string }>;
  cells: WatchCell[];
  queries: number;
  elapsedMs: number;
  done: boolean;
  /** Every cell is new. */
  allLive: boolean;
  stoppedBy?: 'all-live' | 'time' | 'aborted';
}

export interface WatchOptions {
  signal?: AbortSignal;
  maxDurationMs?: number;
  maxQueriesPerSecond?: number;
  minIntervalMs?: number;
  maxIntervalMs?: number;
  onUpdate?: (report: WatchReport) => void;
  /** Clock and timer, replaceable in tests. */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function watchTargetId(r: RecordSuggestion): string {
  return [r.type, planName(r.name), r.type === 'TXT' ? r.content : planName(r.content), r.priority ?? '']
    .join(' ')
    .trim();
}

/** The watch targets of `records`, each expected `present` (published) or `absent` (deleted). */
export function recordTargets(
  records: readonly RecordSuggestion[],
  expect: WatchTarget['expect'] = 'present',
): WatchTarget[] {
  return records.map((record) => ({ id: watchTargetId(record), record, expect }));
}

/** What to watch for a change list: every planned record present, every deleted one gone. */
export function watchTargets(changes: readonly PlanChange[]): WatchTarget[] {
  return changes.flatMap((c) => recordTargets([c.record], c.action === 'delete' ? 'absent' : 'present'));
}

/** A fix (docs/public-api.md `Finding.fix`): its records present, the ones it replaces gone. */
export function fixTargets(
  fix: readonly RecordSuggestion[],
  replaces: readonly RecordSuggestion[] = [],
): WatchTarget[] {
  const present = recordTargets(fix);
  const gone = recordTargets(replaces, 'absent').filter((t) => !present.some((p) => p.id === t.id));
  return [...gone, ...present];
}

/** The report before any answer: every cell pending (also what a watch that cannot start shows). */
export function emptyWatchReport(
  targets: readonly WatchTarget[],
  resolvers: ReadonlyArray<{ id: string; label: string }>,
): WatchReport {
  const cells = targets.flatMap((t) =>
    resolvers.map((r) => ({ target: t.id, resolver: r.id, state: 'pending' as const, checks: 0 })),
  );
  return {
    targets: [...targets],
    resolvers: resolvers.map((r) => ({ id: r.id, label: r.label })),
    cells,
    queries: 0,
    elapsedMs: 0,
    done: false,
    allLive: cells.length === 0,
  };
}

/** What `response` says about `target`: new, old (with the cached answer's TTL) or absent. */
export function judgeAnswer(
  target: WatchTarget,
  response: DnsResponse,
): Pick<WatchCell, 'state' | 'ttl' | 'negativeTtl' | 'status' | 'error'> {
  const status = response.status;
  if (isTemporaryFailure(status))
    return { state: 'error', status, ...(response.error ? { error: response.error } : {}) };
  const r = target.record;
  const name = planName(r.name);
  // TXT and MX answers may come through a CNAME chain the resolver followed (a delegated DKIM key).
  const own = response.answers;
  let found = false;
  const sameKind: number[] = [];
  if (r.type === 'TXT') {
    const kind = recordKind(r);
    for (const t of txtRecords({ ...response, answers: own })) {
      if (t.text === r.content) found = true;
      else if (kind !== 'txt' && txtKind(name, t.text) === kind) sameKind.push(t.ttl);
    }
  } else if (r.type === 'MX') {
    for (const a of own) {
      if (a.type !== 'MX' || typeof a.data !== 'object' || Array.isArray(a.data)) continue;
      if (planName(a.data.exchange) === planName(r.content) && a.data.preference === (r.priority ?? 0))
        found = true;
      else sameKind.push(a.ttl);
    }
  } else {
    for (const a of response.answers) {
      if (a.type !== 'CNAME' || planName(a.name) !== name) continue;
      if (planName(String(a.data)) === planName(r.content)) found = true;
      else sameKind.push(a.ttl);
    }
  }
  if (target.expect === 'absent') {
    if (!found) return { state: 'new', status };
    const ttl = own.find((a) => a.type === r.type)?.ttl;
    return { state: 'old', status, ...(ttl !== undefined ? { ttl } : {}) };
  }
  if (found) return { state: 'new', status };
  if (sameKind.length > 0) return { state: 'old', status, ttl: Math.min(...sameKind) };
  const negative = negativeTtlOf(response.authority);
  return { state: 'absent', status, ...(negative !== null ? { negativeTtl: negative } : {}) };
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Watches until every target is new at every resolver, the time limit passes, or the signal aborts.
 * One query at a time, at most `maxQueriesPerSecond` in total; each cell is asked again after a
 * doubling interval — never later than just after its cached old answer (or negative answer) expires.
 * Bound: queries ≤ 1 + elapsed seconds × maxQueriesPerSecond.
 */
export async function watchPropagation(
  targets: readonly WatchTarget[],
  resolvers: readonly WatchResolver[],
  o: WatchOptions = {},
): Promise<WatchReport> {
  const now = o.now ?? (() => performance.now());
  const sleep = o.sleep ?? defaultSleep;
  const maxDuration = o.maxDurationMs ?? WATCH_MAX_DURATION_MS;
  const spacing = 1000 / (o.maxQueriesPerSecond ?? WATCH_MAX_QUERIES_PER_SECOND);
  const minInterval = o.minIntervalMs ?? WATCH_MIN_INTERVAL_MS;
  const maxInterval = o.maxIntervalMs ?? WATCH_MAX_INTERVAL_MS;
  const start = now();
  const report = emptyWatchReport(targets, resolvers);
  const cells: WatchCell[] = report.cells;
  // Every cell is due at once.
  for (const c of cells) c.nextAt = 0;
  const emit = () => {
    report.elapsedMs = now() - start;
    o.onUpdate?.({ ...report, cells: cells.map((c) => ({ ...c })) });
  };
  const byId = new Map(targets.map((t) => [t.id, t]));
  const resolverById = new Map(resolvers.map((r) => [r.id, r.resolver]));
  let lastQueryAt = -Infinity;
  emit();
  for (;;) {
    const open = cells.filter((c) => c.state !== 'new');
    if (open.length === 0) {
      report.stoppedBy = 'all-live';
      break;
    }
    if (o.signal?.aborted) {
      report.stoppedBy = 'aborted';
      break;
    }
    const cell = open.reduce((a, b) => ((b.nextAt ?? 0) < (a.nextAt ?? 0) ? b : a));
    const at = Math.max(cell.nextAt ?? 0, lastQueryAt + spacing);
    if (at > maxDuration) {
      report.stoppedBy = 'time';
      break;
    }
    const wait = at - (now() - start);
    if (wait > 0) await sleep(wait, o.signal);
    if (o.signal?.aborted) {
      report.stoppedBy = 'aborted';
      break;
    }
    const target = byId.get(cell.target)!;
    lastQueryAt = now() - start;
    report.queries++;
    const response = await resolveSafely(
      resolverById.get(cell.resolver)!,
      target.record.name,
      target.record.type,
      o.signal,
    );
    const judged = judgeAnswer(target, response);
    const t = now() - start;
    cell.checks++;
    cell.checkedAt = t;
    delete cell.ttl;
    delete cell.negativeTtl;
    delete cell.error;
    Object.assign(cell, judged);
    if (cell.state === 'new') {
      cell.liveAt = t;
      delete cell.nextAt;
    } else {
      const backoff = Math.min(maxInterval, minInterval * 2 ** (cell.checks - 1));
      const expiry =
        (cell.ttl ?? cell.negativeTtl) !== undefined
          ? ((cell.ttl ?? cell.negativeTtl)! + 1) * 1000
          : Infinity;
      cell.nextAt = t + Math.max(minInterval, Math.min(backoff, expiry));
    }
    report.allLive = cells.every((c) => c.state === 'new');
    emit();
  }
  report.done = true;
  report.allLive = cells.every((c) => c.state === 'new');
  emit();
  return report;
}
