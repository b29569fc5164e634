// The propagation watch of #/watch (issue 14): the link's planned records asked at each chosen
// resolver until every one serves them, streamed into `report`. The link holds everything
// (`r=` records, `via=` resolvers, `t=` start), so a reload or a shared link resumes the same
// watch, and the time since `t` counts against the 30-minute limit (WATCH_MAX_DURATION_MS).
import {
  emptyWatchReport,
  endpointResolver,
  parseWatchQuery,
  resolverPreset,
  watchPropagation,
  watchQuery,
  WATCH_MAX_DURATION_MS,
  WATCH_MAX_QUERIES_PER_SECOND,
  type ResolverPresetId,
  type WatchReport,
  type WatchResolver,
  type WatchTarget,
} from '../../lib/index.ts';
import { parseRoute } from './router.svelte.ts';
import { presetEndpoint } from './settings.svelte.ts';

type PresetId = Exclude<ResolverPresetId, 'custom'>;

/** The services a watch can ask, in the order of the columns. */
export const WATCH_PRESETS: readonly PresetId[] = ['cloudflare', 'google', 'alidns', 'alidns-wire', 'dnspod'];
/** What receivers use, mainland China included (AliDNS and DNSPod), when the link names none. */
export const DEFAULT_WATCH_PRESETS: readonly PresetId[] = ['cloudflare', 'google', 'alidns', 'dnspod'];

const PATH = '/watch';
const TICK_MS = 1000;
/** Between an aborted run's last query and the next run's first: the rate bound holds across runs. */
const RESTART_SPACING_MS = 1000 / WATCH_MAX_QUERIES_PER_SECOND;

const isPreset = (id: string): id is PresetId => (WATCH_PRESETS as readonly string[]).includes(id);

/**
 * The uncached resolver of one service: no answer cache and no browser HTTP cache (a DoH GET comes
 * with `Cache-Control: max-age` = the TTL, RFC 8484 §5.1, so the browser would answer in the
 * resolver's place), and no retries, so each query of the watch is one request and the rate bound
 * counts requests.
 */
function watchResolver(id: PresetId): WatchResolver | null {
  const settings = presetEndpoint(id);
  if (!settings) return null;
  const resolver = endpointResolver(settings, {
    retries: 0,
    fetch: (input, init) => globalThis.fetch(input, { ...init, cache: 'no-store' }),
  });
  return { id, label: resolverPreset(id)?.name ?? id, resolver };
}

/** A report before (or without) any query: every cell waiting. */
function idleReport(targets: WatchTarget[], resolvers: WatchResolver[], stoppedBy?: 'time'): WatchReport {
  const report = emptyWatchReport(targets, resolvers);
  return stoppedBy ? { ...report, done: true, stoppedBy } : report;
}

export class WatchRun {
  targets = $state.raw<WatchTarget[]>([]);
  /** `r=` values that did not read as a record. */
  dropped = $state(0);
  presets = $state.raw<PresetId[]>([...DEFAULT_WATCH_PRESETS]);
  /** ms since the epoch (`t=`). */
  startedAt = $state(0);
  report = $state.raw<WatchReport | null>(null);
  /** Wall-clock ms when the current run's clock read 0 (its cells' times are relative to it). */
  runStartedAt = $state(0);
  /** Queries of earlier runs of this visit (before a change of resolvers). */
  earlierQueries = $state(0);
  /** Ticks every second while a run is on, for the count-downs. */
  now = $state(Date.now());
  /** The address of this watch, for the copy-link button. */
  href = $state('');
  notification = $state<'off' | 'on' | 'denied' | 'unsupported'>(
    typeof Notification === 'undefined' ? 'unsupported' : 'off',
  );

  running = $derived(this.report !== null && !this.report.done);
  queries = $derived(this.earlierQueries + (this.report?.queries ?? 0));
  live = $derived(this.report?.cells.filter((c) => c.state === 'new').length ?? 0);
  total = $derived(this.report?.cells.length ?? 0);
  failing = $derived(this.report?.cells.filter((c) => c.state === 'error').length ?? 0);
  /** Answers seen old or absent: a failed or never-asked one is no "not live" verdict. */
  notLive = $derived(this.report?.cells.filter((c) => c.state === 'old' || c.state === 'absent').length ?? 0);
  allLive = $derived(this.report?.allLive === true && this.total > 0);
  elapsedMs = $derived(Math.max(0, this.now - this.startedAt));

  #key = '';
  #controller: AbortController | null = null;
  #ticker: ReturnType<typeof setInterval> | null = null;
  #notified = false;

  /** Reads the link and starts its watch, unless it is the one already on (a language switch
   *  re-renders the page: the running watch stays). A link never started gets `t` = now. */
  open(query: URLSearchParams): void {
    const link = parseWatchQuery(query);
    const now = Date.now();
    const presets = link.resolvers.filter(isPreset);
    // A start in the future (another clock, an edited link) would stretch the 30 minutes.
    const startedAt = link.startedAt !== undefined && link.startedAt <= now ? link.startedAt : now;
    const chosen =
      presets.length > 0 ? WATCH_PRESETS.filter((p) => presets.includes(p)) : [...DEFAULT_WATCH_PRESETS];
    const key = watchQuery({ targets: link.targets, resolvers: chosen, startedAt });
    this.dropped = link.dropped;
    if (key === this.#key && this.report) {
      this.#writeUrl();
      return;
    }
    // #writeUrl below sets #key to this same query.
    this.targets = link.targets;
    this.presets = chosen;
    this.startedAt = startedAt;
    this.earlierQueries = 0;
    this.#notified = false;
    this.#writeUrl();
    this.#start(0);
  }

  /** Ask these services (same start, same limit). */
  choose(presets: readonly string[]): void {
    const chosen = WATCH_PRESETS.filter((p) => presets.includes(p));
    if (chosen.length === 0) return;
    this.presets = chosen;
    this.earlierQueries = this.queries;
    this.#writeUrl();
    this.#start(RESTART_SPACING_MS);
  }

  stop(): void {
    this.#controller?.abort();
  }

  /** A new watch of the same records: a new `t`, a new 30 minutes. */
  again(): void {
    this.stop();
    this.startedAt = Date.now();
    this.earlierQueries = 0;
    this.#notified = false;
    this.#writeUrl();
    this.#start(RESTART_SPACING_MS);
  }

  /** Leaving the page: no question goes out for a page no one sees. */
  leave(): void {
    this.stop();
    this.#key = '';
  }

  /** Asks for the permission now (a click), so the browser may tell when everything is live. */
  async enableNotification(): Promise<void> {
    if (this.notification === 'unsupported') return;
    const permission =
      Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
    this.notification = permission === 'granted' ? 'on' : 'denied';
  }

  /** The one notification of this watch, once everything is live. */
  notifyOnce(title: string, body: string): void {
    if (this.notification !== 'on' || this.#notified || !this.allLive) return;
    this.#notified = true;
    try {
      new Notification(title, { body });
    } catch {
      // Some browsers allow notifications only from a service worker: the tab title says it too.
    }
  }

  #resolvers(): WatchResolver[] {
    return this.presets.map(watchResolver).filter((r): r is WatchResolver => r !== null);
  }

  #start(delayMs: number): void {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    const resolvers = this.#resolvers();
    const remaining = WATCH_MAX_DURATION_MS - (Date.now() - this.startedAt);
    this.now = Date.now();
    if (remaining <= 0 || this.targets.length === 0) {
      this.report = idleReport(this.targets, resolvers, remaining <= 0 ? 'time' : undefined);
      this.#tick(false);
      return;
    }
    this.report = idleReport(this.targets, resolvers);
    this.#tick(true);
    const current = () => this.#controller === controller;
    const run = () => {
      if (!current()) return;
      if (controller.signal.aborted) {
        // Stopped before its first query (during the restart spacing).
        if (this.report) this.report = { ...this.report, done: true, stoppedBy: 'aborted' };
        this.#tick(false);
        return;
      }
      this.runStartedAt = Date.now();
      void watchPropagation(this.targets, resolvers, {
        signal: controller.signal,
        maxDurationMs: WATCH_MAX_DURATION_MS - (this.runStartedAt - this.startedAt),
        onUpdate: (report) => {
          if (!current()) return;
          this.report = report;
          this.now = Date.now();
        },
      }).then((report) => {
        if (!current()) return;
        this.report = report;
        this.#tick(false);
      });
    };
    if (delayMs > 0) setTimeout(run, delayMs);
    else run();
  }

  #tick(on: boolean): void {
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = on ? setInterval(() => (this.now = Date.now()), TICK_MS) : null;
    this.now = Date.now();
  }

  /** The link of this watch in the address bar (history.replaceState: no new history entry). */
  #writeUrl(): void {
    const query = watchQuery({ targets: this.targets, resolvers: this.presets, startedAt: this.startedAt });
    this.#key = query;
    // A one-off value for replaceState, not state.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const url = new URL(location.href);
    if (parseRoute(url.hash).name === 'watch' && this.targets.length > 0) {
      url.hash = `${PATH}?${query}`;
      if (url.href !== location.href) history.replaceState(history.state, '', url.href);
    }
    this.href = location.href;
  }
}

export const watchRun = new WatchRun();
