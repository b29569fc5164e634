// The domain audit the report page shows: started for a domain, streamed into `report` as answers
// arrive, cancelled when another domain is asked for, re-run on "retry" (answers that came back
// are served from the resolver's cache; failed ones are never cached, so only they go out again).
// The request is keyed once, by its route path (`requestPath`): the page asks `ensure(request)` and
// reads `reportFor(request)`; no other comparison of requests exists.
import {
  auditDomain,
  requestPath,
  type AuditReport,
  type AuditRequest,
  type Resolver,
} from '../../lib/index.ts';
import { ReachabilityWatch } from './reachability.svelte.ts';
import { resolverSettings } from './settings.svelte.ts';

export type { AuditRequest };

/** Before a retry: the lookups that failed leave the resolver's cache, so only they go out again. */
export function forgetFailedLookups(report: AuditReport | null): void {
  for (const l of report?.lookups ?? []) {
    if (l.response && !['NOERROR', 'NXDOMAIN'].includes(l.response.status))
      resolverSettings.resolver.forget(l.name, l.type);
  }
}

export class AuditRun {
  report = $state.raw<AuditReport | null>(null);
  running = $state(false);
  request = $state.raw<AuditRequest | null>(null);
  /** `requestPath(request)`: the one key of the running (or last) audit. */
  key = $state('');
  /** The resolver the running (or last) audit asks. */
  resolverLabel = $state('');
  /** Whether the run's resolver endpoints can be reached (ResolverUnreachableNotice). */
  readonly reachability = new ReachabilityWatch();
  #controller: AbortController | null = null;

  /** `resolver`: ask this one instead of the configured resolver (the dry run's plan overlay). */
  start(request: AuditRequest, o: { keepReport?: boolean; resolver?: Resolver } = {}): void {
    this.cancel();
    const controller = new AbortController();
    this.#controller = controller;
    this.request = request;
    this.key = requestPath(request);
    if (!o.keepReport) this.report = null;
    this.running = true;
    this.resolverLabel = resolverSettings.label;
    this.reachability.follow(resolverSettings.resolver);
    const current = () => this.#controller === controller;
    void auditDomain(request.domain, {
      resolver: o.resolver ?? resolverSettings.resolver,
      selectors: request.selectors,
      subdomain: request.subdomain,
      signal: controller.signal,
      onUpdate: (partial) => {
        if (current()) this.report = partial;
      },
    }).then((report) => {
      if (!current()) return;
      this.report = report;
      this.running = false;
      this.#controller = null;
    });
  }

  /** Starts the audit of `request` unless it is the one already there (a language switch re-renders
   *  the page with the same request: the running audit stays). */
  ensure(request: AuditRequest): void {
    if (requestPath(request) !== this.key) this.start(request);
  }

  /** The report of `request`, or null while another request's report is held. */
  reportFor(request: AuditRequest | null): AuditReport | null {
    return request && requestPath(request) === this.key ? this.report : null;
  }

  /** Stops the running audit; what arrived so far stays on the page. */
  cancel(): void {
    if (!this.#controller) return;
    this.#controller.abort();
    this.#controller = null;
    this.running = false;
  }

  /** Asks again: failed lookups go out again; the rest come from the resolver's cache. */
  retry(): void {
    if (!this.request) return;
    forgetFailedLookups(this.report);
    this.start(this.request, { keepReport: true });
  }
}

export const audit = new AuditRun();
