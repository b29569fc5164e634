// auditDomain (docs/public-api.md): one domain in, every mail record out. All independent
// lookups start at once (MX, TXT at the domain, _dmarc, every DKIM selector, _mta-sts,
// _smtp._tls, default._bimi, the zone's SOA, NS and DNSKEY); each dependent lookup (exchange
// addresses and TLSA, their reverse DNS and its forward confirmation, SPF includes, report
// destination authorizations and MX, the MTA-STS policy) starts as soon as the answer it depends
// on arrives. A fresh snapshot of the report goes to `onUpdate` after every answer.

import type { Severity } from '../diagnostics/model.ts';
import { providerDkimSelectors } from '../providers/dkim-selectors.ts';
import { normalizeQueryName } from '../shared/domain-name.ts';
import { auditBimi, bimiFindings } from './bimi.ts';
import { collapseRepeated } from './collapse.ts';
import { initialState, type AuditContext, type AuditState } from './context.ts';
import { auditDkim, dkimFindings, isSelector } from './dkim.ts';
import { auditDmarc, dmarcFindings } from './dmarc.ts';
import { finding } from './finding.ts';
import { mergeFixes } from './fixes.ts';
import { hostAliasFindings } from './hosts.ts';
import { createJournal } from './journal.ts';
import type { AuditOptions, AuditReport, Finding } from './model.ts';
import { auditMtaSts, DEFAULT_POLICY_TIMEOUT_MS, mtaStsFindings } from './mta-sts.ts';
import { auditMx, mxFindings } from './mx.ts';
import { senderRequirements } from './requirements.ts';
import { auditSpf, spfFindings } from './spf.ts';
import { areaVerdicts } from './summary.ts';
import { auditTlsRpt, tlsRptFindings } from './tls-rpt.ts';
import { auditZone, zoneFindings } from './zone.ts';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function allFindings(state: AuditState, domain: string, notes: readonly Finding[]): Finding[] {
  const found = [
    ...notes,
    ...mxFindings(state, domain),
    ...hostAliasFindings(state, domain),
    ...spfFindings(state, domain),
    ...dmarcFindings(state, domain),
    ...dkimFindings(state),
    ...mtaStsFindings(state, domain),
    ...tlsRptFindings(state, domain),
    ...bimiFindings(state, domain),
    ...zoneFindings(state, domain),
  ];
  // One lookup that several areas rest on (the TXT at the domain) is one failure to retry.
  const seen = new Set<string>();
  const unique = found.filter((f) => {
    if (!f.lookup) return true;
    const key = `${f.code}|${f.lookup.name}|${f.lookup.type}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // Several findings fixing one record show that corrected record once (fixes.ts); a code
  // repeated across places is one finding with a count (collapse.ts).
  return collapseRepeated(
    mergeFixes(
      unique
        .map((f, i) => ({ f, i }))
        .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
        .map(({ f }) => f),
    ),
  );
}

function invalidReport(domain: string, problem: string): AuditReport {
  const state = initialState(domain, undefined);
  for (const area of [
    state.mx,
    state.spf,
    state.dmarc,
    state.dkim,
    state.mtaSts,
    state.tlsRpt,
    state.bimi,
    state.zone,
  ]) {
    area.status = 'error';
    area.dnsStatus = 'ERROR';
  }
  state.dmarc.discovery.status = 'error';
  const findings = [finding('audit/invalid-domain', 'dns', { params: { domain, problem } })];
  return {
    domain,
    done: true,
    findings,
    summary: areaVerdicts(state, findings),
    mx: state.mx,
    spf: state.spf,
    dmarc: state.dmarc,
    dkim: state.dkim,
    mtaSts: state.mtaSts,
    tlsRpt: state.tlsRpt,
    bimi: state.bimi,
    zone: state.zone,
    requirements: senderRequirements(state, findings),
    lookups: [],
    stats: { queries: 0, rounds: 0, fetches: 0, elapsedMs: 0 },
  };
}

/** The selectors to probe: the user's first (as given), then the common ones, each once. */
function selectorList(
  o: AuditOptions,
  notes: Finding[],
): Array<{ selector: string; source: 'user' | 'common' }> {
  const out: Array<{ selector: string; source: 'user' | 'common' }> = [];
  const seen = new Set<string>();
  for (const raw of o.selectors ?? []) {
    const selector = raw
      .trim()
      .toLowerCase()
      .replace(/\._domainkey.*$/, '');
    if (selector === '') continue;
    if (!isSelector(selector)) {
      notes.push(finding('audit/invalid-selector', 'dkim', { params: { selector: raw } }));
      continue;
    }
    if (!seen.has(selector)) out.push({ selector, source: 'user' });
    seen.add(selector);
  }
  if (o.commonSelectors !== false) {
    for (const selector of providerDkimSelectors()) {
      if (!seen.has(selector)) out.push({ selector, source: 'common' });
      seen.add(selector);
    }
  }
  return out;
}

export async function auditDomain(domain: string, o: AuditOptions): Promise<AuditReport> {
  const normalized = normalizeQueryName(domain);
  if (!normalized.ok) return invalidReport(domain, normalized.problem.kind);
  const name = normalized.name;
  const notes: Finding[] = [];

  let subdomain: string | undefined;
  if (o.subdomain !== undefined && o.subdomain.trim() !== '') {
    const sub = normalizeQueryName(o.subdomain);
    if (sub.ok && (sub.name === name || sub.name.endsWith(`.${name}`))) subdomain = sub.name;
    else
      notes.push(
        finding('audit/subdomain-outside-domain', 'dmarc', {
          params: { subdomain: o.subdomain, domain: name },
        }),
      );
  }

  const now = o.now ?? (() => (typeof performance !== 'undefined' ? performance.now() : Date.now()));
  const started = now();
  const clock = () => Math.round(now() - started);
  const state = initialState(name, subdomain);
  let finished = false;
  let scheduled = false;

  const snapshot = (done: boolean, aborted = false): AuditReport => {
    const copy = structuredClone(state);
    const findings = allFindings(copy, name, notes);
    const report: AuditReport = {
      domain: name,
      done,
      findings,
      summary: areaVerdicts(copy, findings),
      mx: copy.mx,
      spf: copy.spf,
      dmarc: copy.dmarc,
      dkim: copy.dkim,
      mtaSts: copy.mtaSts,
      tlsRpt: copy.tlsRpt,
      bimi: copy.bimi,
      zone: copy.zone,
      requirements: senderRequirements(copy, findings),
      lookups: structuredClone(journal.entries),
      stats: {
        queries: journal.entries.length,
        rounds: journal.rounds(),
        fetches: copy.fetches,
        elapsedMs: clock(),
      },
    };
    if (subdomain) report.subdomain = subdomain;
    if (aborted) report.aborted = true;
    return report;
  };

  // Several answers arriving in one tick become one update.
  const changed = () => {
    if (finished || scheduled || !o.onUpdate) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      if (!finished && !o.signal?.aborted) o.onUpdate?.(snapshot(false));
    });
  };

  const journal = createJournal(o.resolver, { signal: o.signal, now: clock, onAnswer: changed });
  const fetchFn =
    o.fetch === undefined
      ? typeof fetch === 'function'
        ? (i: RequestInfo | URL, init?: RequestInit) => fetch(i, init)
        : null
      : o.fetch;
  const ctx: AuditContext = {
    domain: name,
    subdomain,
    selectors: selectorList(o, notes),
    state,
    journal,
    signal: o.signal,
    fetch: fetchFn,
    policyTimeoutMs: o.policyTimeoutMs ?? DEFAULT_POLICY_TIMEOUT_MS,
    changed,
  };

  if (o.signal?.aborted) {
    finished = true;
    return snapshot(true, true);
  }
  const work = Promise.all([
    auditMx(ctx),
    auditSpf(ctx),
    auditDmarc(ctx),
    auditDkim(ctx),
    auditMtaSts(ctx),
    auditTlsRpt(ctx),
    auditBimi(ctx),
    auditZone(ctx),
  ]).then(() => 'done' as const);
  // Cancelling returns at once with what is known; the lookups in flight are aborted by the signal.
  const aborted = new Promise<'aborted'>((resolve) => {
    o.signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  const outcome = await Promise.race([work, aborted]);
  finished = true;
  const report = snapshot(true, outcome === 'aborted');
  if (outcome === 'done') o.onUpdate?.(report);
  return report;
}
