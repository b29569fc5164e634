// The dry run the plan page shows (issue 14): the planned records checked one by one, the plan's
// own problems, the change list against the live zone, and the full audit run through a resolver
// that answers planned names from the plan and everything else from DNS. Keyed by the page's query
// (the plan lives in the URL): the same plan re-rendered for a language switch keeps its run.
import {
  checkPlan,
  checkPlannedRecords,
  planChanges,
  planResolver,
  plannedSelectors,
  type AuditReport,
  type Diagnostic,
  type PlanChange,
  type PlannedRecordCheck,
  type RecordSuggestion,
} from '../../lib/index.ts';
import { AuditRun, forgetFailedLookups } from './audit.svelte.ts';
import { resolverSettings } from './settings.svelte.ts';

export class PlanRun {
  key = $state('');
  checks = $state.raw<PlannedRecordCheck[]>([]);
  problems = $state.raw<Diagnostic[]>([]);
  changes = $state.raw<PlanChange[] | null>(null);
  changesFailed = $state(false);
  /** The audit of the domain as it will be: the report page's run, asking the plan overlay. */
  readonly audit = new AuditRun();
  #controller: AbortController | null = null;

  get report(): AuditReport | null {
    return this.audit.report;
  }

  get running(): boolean {
    return this.audit.running;
  }

  ensure(key: string, domain: string, records: readonly RecordSuggestion[]): void {
    if (key !== this.key) this.start(key, domain, records);
  }

  start(
    key: string,
    domain: string,
    records: readonly RecordSuggestion[],
    o: { keepReport?: boolean } = {},
  ): void {
    this.cancel();
    const controller = new AbortController();
    this.#controller = controller;
    this.key = key;
    this.checks = checkPlannedRecords(records);
    this.problems = checkPlan(records);
    this.changes = null;
    this.changesFailed = false;
    const usable = this.checks.filter((c) => c.usable).map((c) => c.record);
    const live = resolverSettings.resolver;
    planChanges(usable, live, { signal: controller.signal }).then(
      (changes) => {
        if (this.key === key) this.changes = changes;
      },
      () => {
        if (this.key === key) this.changesFailed = true;
      },
    );
    this.audit.start(
      { domain, selectors: plannedSelectors(domain, usable) },
      { ...o, resolver: planResolver(usable, live) },
    );
  }

  cancel(): void {
    this.#controller?.abort();
    this.#controller = null;
    this.audit.cancel();
  }

  /** Runs the same plan again (the live zone may have changed meanwhile). */
  retry(domain: string, records: readonly RecordSuggestion[]): void {
    forgetFailedLookups(this.report);
    this.start(this.key, domain, records, { keepReport: true });
  }
}

export const plan = new PlanRun();
