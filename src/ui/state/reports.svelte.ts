// The #/reports page's state: the files dropped, what the worker made of them, the summary, the
// optional reverse-DNS names and the opt-in storage. Reading happens in reports.worker.ts; this
// class only keeps what it posts. Nothing is stored unless `keep` is switched on.
import {
  reverseNames,
  type AggregateReport,
  type ConfiguredResolver,
  type ReportSummary,
  type SummarizeOptions,
  type TlsReport,
} from '../../lib/index.ts';
import type { FileOutcome, WorkerEvent, WorkerRequest } from '../workers/reports-protocol.ts';
import {
  forgetStoredReports,
  hasStoredReports,
  loadStoredReports,
  saveStoredReports,
} from './reports-store.ts';
import { ReachabilityWatch } from './reachability.svelte.ts';

/** performance marks: a read's start and the first summary after it (scripts/bench/reports-page.ts reads them). */
export const MARK_READ_START = 'maildns:reports:read-start';
export const MEASURE_FIRST_SUMMARY = 'maildns:reports:first-summary';
export const MEASURE_ALL_READ = 'maildns:reports:all-read';

export type NamesStatus = 'idle' | 'running' | 'done' | 'failed';

export class ReportsState {
  files = $state.raw<FileOutcome[]>([]);
  aggregate = $state.raw<AggregateReport[]>([]);
  tls = $state.raw<TlsReport[]>([]);
  /** The file each aggregate report came from (parallel to `aggregate`). */
  sources = $state.raw<string[]>([]);
  summary = $state.raw<ReportSummary | null>(null);
  progress = $state<{ done: number; total: number } | null>(null);
  reading = $state(false);
  failed = $state('');
  /** The user opted in to keeping the reports in this browser (IndexedDB). */
  keep = $state(false);
  /** Restored from storage when the page opened. */
  restored = $state(false);
  /** Replaced whole, never changed in place: a plain Map behind raw state. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  names = $state.raw<ReadonlyMap<string, string>>(new Map());
  namesStatus = $state<NamesStatus>('idle');
  ownProvider = $state('');

  counts = $derived({
    read: this.files.filter((f) => f.status === 'read').length,
    duplicate: this.files.filter((f) => f.status === 'duplicate').length,
    problem: this.files.filter((f) => f.status === 'problem').length,
  });

  #worker: Worker | null = null;
  #job = 0;
  /** Files queued since reading started, and how many outcomes there were before. */
  #pendingFiles = 0;
  #readBase = 0;
  #awaitingFirstSummary = false;
  #namesAbort: AbortController | null = null;

  /** Restores stored reports, if the user kept some on an earlier visit. */
  async restore(): Promise<void> {
    if (!(await hasStoredReports())) return;
    const stored = await loadStoredReports();
    if (!stored || this.files.length > 0) return;
    this.files = stored.files;
    this.aggregate = stored.aggregate;
    this.tls = stored.tls;
    this.sources = stored.sources;
    this.keep = true;
    this.restored = true;
    this.#post({ kind: 'seed', aggregate: stored.aggregate, tls: stored.tls, sources: stored.sources });
  }

  add(files: readonly File[]): void {
    if (files.length === 0) return;
    const job = ++this.#job;
    if (!this.reading) {
      this.#readBase = this.files.length;
      this.#pendingFiles = 0;
    }
    this.#pendingFiles += files.length;
    this.progress = { done: this.files.length - this.#readBase, total: this.#pendingFiles };
    this.reading = true;
    this.failed = '';
    performance.clearMarks(MARK_READ_START);
    performance.mark(MARK_READ_START);
    this.#awaitingFirstSummary = true;
    this.#post({ kind: 'read', job, files: [...files] });
  }

  cancel(): void {
    this.#post({ kind: 'cancel', upTo: this.#job });
  }

  /** The user's own provider (a catalog id, '' for none): its sources count as the user's. */
  setOwnProvider(id: string): void {
    this.ownProvider = id;
    const options: SummarizeOptions = id ? { ownProviders: [id] } : {};
    this.#post({ kind: 'options', options });
  }

  /** Switches storage on (saves what is shown) or off (deletes what was stored). */
  async setKeep(keep: boolean): Promise<void> {
    this.keep = keep;
    if (keep) await this.#save();
    else await forgetStoredReports();
  }

  /** "Forget everything": the stored copy, the page's data and the worker's. */
  async forget(): Promise<void> {
    this.cancel();
    this.#namesAbort?.abort();
    this.#post({ kind: 'reset' });
    this.#worker?.terminate();
    this.#worker = null;
    this.files = [];
    this.aggregate = [];
    this.tls = [];
    this.sources = [];
    this.summary = null;
    this.progress = null;
    this.reading = false;
    this.#pendingFiles = 0;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    this.names = new Map();
    this.namesStatus = 'idle';
    this.keep = false;
    this.restored = false;
    await forgetStoredReports();
  }

  /** Whether the chosen resolver can be reached while names are looked up (issue 15 notice). */
  readonly reachability = new ReachabilityWatch();

  /** Reverse DNS names of the sources, on request only, through the chosen resolver. */
  async lookUpNames(resolver: ConfiguredResolver): Promise<void> {
    if (!this.summary || this.namesStatus === 'running') return;
    this.reachability.follow(resolver);
    const controller = new AbortController();
    this.#namesAbort = controller;
    this.namesStatus = 'running';
    try {
      const found = await reverseNames(
        this.summary.sources.map((s) => s.ip),
        resolver,
        { signal: controller.signal },
      );
      // A newer lookup (another resolver picked) took over: its answers count, not these.
      if (this.#namesAbort !== controller) return;
      // Filled here, then handed over whole (see `names`).
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      const names = new Map<string, string>();
      for (const [ip, list] of found) if (list.length > 0) names.set(ip, list.join(', '));
      this.names = names;
      this.namesStatus = 'done';
    } catch {
      if (this.#namesAbort === controller) this.namesStatus = 'failed';
    }
  }

  /** The user picked another resolver in the unreachable notice: stop waiting, ask it instead. */
  retryNames(resolver: ConfiguredResolver): void {
    this.#namesAbort?.abort();
    this.namesStatus = 'idle';
    void this.lookUpNames(resolver);
  }

  #post(request: WorkerRequest): void {
    if (!this.#worker) {
      if (request.kind === 'cancel' || request.kind === 'reset') return;
      // Vite bundles the worker from this exact `new Worker(new URL(…, import.meta.url))` form.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      this.#worker = new Worker(new URL('../workers/reports.worker.ts', import.meta.url), { type: 'module' });
      this.#worker.onmessage = (e: MessageEvent<WorkerEvent>) => this.#receive(e.data);
      this.#worker.onerror = (e) => {
        this.failed = e.message || 'worker error';
        this.reading = false;
      };
    }
    this.#worker.postMessage(request);
  }

  #receive(event: WorkerEvent): void {
    switch (event.kind) {
      case 'files': {
        this.files = [...this.files, ...event.outcomes];
        if (event.aggregate.length > 0) this.aggregate = [...this.aggregate, ...event.aggregate];
        if (event.tls.length > 0) this.tls = [...this.tls, ...event.tls];
        const sources: string[] = [];
        for (const o of event.outcomes) for (let i = 0; i < o.aggregate; i++) sources.push(o.name);
        if (sources.length > 0) this.sources = [...this.sources, ...sources];
        this.progress = { done: this.files.length - this.#readBase, total: this.#pendingFiles };
        break;
      }
      case 'summary':
        // A summary indexes rows by position: use it only once those reports are here.
        if (event.reports !== this.aggregate.length) return;
        this.summary = event.summary;
        if (this.#awaitingFirstSummary && event.reports > 0) {
          this.#awaitingFirstSummary = false;
          performance.clearMeasures(MEASURE_FIRST_SUMMARY);
          performance.measure(MEASURE_FIRST_SUMMARY, MARK_READ_START);
        }
        break;
      case 'finished':
        if (event.job !== this.#job) return;
        this.reading = false;
        performance.clearMeasures(MEASURE_ALL_READ);
        performance.measure(MEASURE_ALL_READ, MARK_READ_START);
        if (this.keep) void this.#save();
        break;
      case 'failed':
        this.failed = event.message;
        this.reading = false;
        break;
    }
  }

  async #save(): Promise<void> {
    await saveStoredReports({
      files: this.files,
      aggregate: this.aggregate,
      tls: this.tls,
      sources: this.sources,
    });
  }
}

export const reports = new ReportsState();
