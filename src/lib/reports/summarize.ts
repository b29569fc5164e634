// summarizeReports: aggregate reports (RFC 9990) added up per source IP, per /24 and /48 network,
// per reporting organisation and per day; each source recognised where the rows allow; and the
// readiness to enforce: how much of the user's own mail passes DMARC aligned (RFC 9989 §4.4),
// what quarantine or reject would do to what fails, and the next record to publish.

import { clientAddress } from '../spf/ip.ts';
import type {
  AggregateRecord,
  AggregateReport,
  DaySummary,
  NetworkSummary,
  OrgSummary,
  PolicyImpact,
  Readiness,
  ReadinessVerdict,
  ReportNote,
  ReportSummary,
  ResultCounts,
  SourceSummary,
  SummarizeOptions,
} from './model.ts';
import { nextDmarcRecord } from './next-record.ts';
import { better, recognizeRecord } from './recognize-source.ts';

/** Share of legitimate mail passing aligned from which enforcement is the next step. */
export const READY_SHARE = 0.98;
/** From this share a testing step (t=y) is suggested; below it, fix sources first. */
export const ALMOST_SHARE = 0.9;

const SECONDS_PER_DAY = 86_400;

function emptyCounts(): ResultCounts {
  return {
    messages: 0,
    dmarcPass: 0,
    dmarcFail: 0,
    dkimAligned: 0,
    spfAligned: 0,
    dkimPass: 0,
    spfPass: 0,
    dispositions: {},
  };
}

function add(c: ResultCounts, r: AggregateRecord, dkimPass: boolean, spfPass: boolean): void {
  const n = r.count;
  c.messages += n;
  // RFC 9989 §4.4: DMARC passes when SPF or DKIM passes and is aligned.
  if (r.dkim === 'pass' || r.spf === 'pass') c.dmarcPass += n;
  else c.dmarcFail += n;
  if (r.dkim === 'pass') c.dkimAligned += n;
  if (r.spf === 'pass') c.spfAligned += n;
  if (dkimPass) c.dkimPass += n;
  if (spfPass) c.spfPass += n;
  c.dispositions[r.disposition] = (c.dispositions[r.disposition] ?? 0) + n;
}

/** `192.0.2.7` → `192.0.2.0/24`; IPv6 → its /48; an IPv4-mapped address counts as IPv4. */
export function networkOf(ip: string): { network: string; prefix: 24 | 48 } {
  const a = clientAddress(ip);
  if (!a) return { network: ip, prefix: 24 };
  if (a.version === 4) {
    const o = a.readable.split('.');
    return { network: `${o[0]}.${o[1]}.${o[2]}.0/24`, prefix: 24 };
  }
  const parts = a.readable.includes('::') ? expand(a.readable) : a.readable.split(':');
  return {
    network: `${parts
      .slice(0, 3)
      .map((p) => p.replace(/^0+(?=.)/, ''))
      .join(':')}::/48`,
    prefix: 48,
  };
}

function expand(v6: string): string[] {
  const [head, tail] = v6.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  return [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
}

/** The UTC day holding the middle of the report's period (a 00:00–23:59 report is that day). */
export function dayOf(report: Pick<AggregateReport, 'begin' | 'end'>): string {
  const mid = Math.floor((report.begin + report.end) / 2);
  return new Date(Math.floor(mid / SECONDS_PER_DAY) * SECONDS_PER_DAY * 1000).toISOString().slice(0, 10);
}

/** While counting: the counts in one object of one shape per entity, so `add` stays monomorphic. */
interface SourceAcc extends Omit<SourceSummary, keyof ResultCounts> {
  c: ResultCounts;
  froms: Set<string>;
  dkims: Set<string>;
  spfs: Set<string>;
  orgSet: Set<string>;
}

function newSource(ip: string, network: string): SourceAcc {
  return {
    c: emptyCounts(),
    ip,
    network,
    recognized: { kind: 'unknown' },
    legitimate: false,
    headerFroms: [],
    dkimDomains: [],
    spfDomains: [],
    orgs: [],
    rows: [],
    firstSeen: Number.POSITIVE_INFINITY,
    lastSeen: 0,
    froms: new Set(),
    dkims: new Set(),
    spfs: new Set(),
    orgSet: new Set(),
  };
}

function finishSource(s: SourceAcc): SourceSummary {
  const { c, froms, dkims, spfs, orgSet, ...rest } = s;
  return {
    ...c,
    ...rest,
    headerFroms: [...froms],
    dkimDomains: [...dkims],
    spfDomains: [...spfs],
    orgs: [...orgSet],
  };
}

function verdictOf(messages: number, share: number | null): ReadinessVerdict {
  if (messages === 0 || share === null) return 'no-data';
  if (share >= READY_SHARE) return 'ready';
  if (share >= ALMOST_SHARE) return 'almost';
  return 'not-ready';
}

/**
 * A source is the user's own when it is their provider or a catalog provider, or when any of its
 * mail passes aligned (only someone holding the domain's keys or SPF can make that happen).
 * Forwarders relay the user's mail but are not the user's sources.
 */
function isLegitimate(s: SourceSummary): boolean {
  if (s.recognized.kind === 'forwarder') return false;
  return s.recognized.kind === 'own-provider' || s.recognized.kind === 'provider' || s.dmarcPass > 0;
}

export function summarizeReports(
  reports: readonly AggregateReport[],
  o: SummarizeOptions = {},
): ReportSummary {
  const own = new Set(o.ownProviders ?? []);
  const totals = emptyCounts();
  const sources = new Map<string, SourceAcc>();
  const orgs = new Map<string, { c: ResultCounts; reports: number }>();
  const days = new Map<string, ResultCounts>();
  const domainMessages = new Map<string, number>();
  let records = 0;
  let begin = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const list: readonly AggregateReport[] = Array.isArray(reports) ? reports : [];

  list.forEach((report, ri) => {
    begin = Math.min(begin, report.begin);
    end = Math.max(end, report.end);
    let org = orgs.get(report.org);
    if (!org) orgs.set(report.org, (org = { c: emptyCounts(), reports: 0 }));
    org.reports++;
    const dayKey = dayOf(report);
    let day = days.get(dayKey);
    if (!day) days.set(dayKey, (day = emptyCounts()));

    report.records.forEach((r, i) => {
      records++;
      const dkimPass = r.dkimResults.some((d) => d.result === 'pass');
      const spfPass = r.spfResults.some((s) => s.result === 'pass');
      add(totals, r, dkimPass, spfPass);
      add(org.c, r, dkimPass, spfPass);
      add(day, r, dkimPass, spfPass);
      domainMessages.set(report.domain, (domainMessages.get(report.domain) ?? 0) + r.count);

      let s = sources.get(r.sourceIp);
      if (!s) sources.set(r.sourceIp, (s = newSource(r.sourceIp, networkOf(r.sourceIp).network)));
      add(s.c, r, dkimPass, spfPass);
      // Nothing says more than "own provider": later rows need not be looked at.
      if (s.recognized.kind !== 'own-provider') s.recognized = better(s.recognized, recognizeRecord(r, own));
      if (r.headerFrom !== '') s.froms.add(r.headerFrom);
      for (const d of r.dkimResults) if (d.domain !== '') s.dkims.add(d.domain);
      for (const x of r.spfResults) if (x.domain !== '') s.spfs.add(x.domain);
      s.orgSet.add(report.org);
      s.rows.push({ report: ri, record: i });
      s.firstSeen = Math.min(s.firstSeen, report.begin);
      s.lastSeen = Math.max(s.lastSeen, report.end);
    });
  });

  const sourceList = [...sources.values()]
    .map(finishSource)
    .sort((a, b) => b.messages - a.messages || (a.ip < b.ip ? -1 : 1));
  for (const s of sourceList) s.legitimate = isLegitimate(s);

  const networks = new Map<string, NetworkSummary>();
  for (const s of sourceList) {
    let n = networks.get(s.network);
    if (!n) {
      const prefix = s.network.endsWith('/48') ? 48 : 24;
      networks.set(s.network, (n = { ...emptyCounts(), network: s.network, prefix, ips: [] }));
    }
    n.ips.push(s.ip);
    for (const k of [
      'messages',
      'dmarcPass',
      'dmarcFail',
      'dkimAligned',
      'spfAligned',
      'dkimPass',
      'spfPass',
    ] as const)
      n[k] += s[k];
    for (const [d, c] of Object.entries(s.dispositions)) n.dispositions[d] = (n.dispositions[d] ?? 0) + c;
  }

  const domains = [...domainMessages.entries()].sort((a, b) => b[1] - a[1]).map(([d]) => d);
  return {
    reports: list.length,
    records,
    range: list.length > 0 ? { begin, end } : null,
    domains,
    totals,
    sources: sourceList,
    networks: [...networks.values()].sort((a, b) => b.messages - a.messages),
    orgs: [...orgs.entries()]
      .map(([org, a]): OrgSummary => ({ ...a.c, org, reports: a.reports }))
      .sort((a, b) => b.messages - a.messages),
    days: [...days.entries()]
      .map(([day, c]): DaySummary => ({ ...c, day }))
      .sort((a, b) => (a.day < b.day ? -1 : 1)),
    readiness: readiness(list, sourceList, domains, o),
  };
}

function readiness(
  reports: readonly AggregateReport[],
  sources: readonly SourceSummary[],
  domains: readonly string[],
  o: SummarizeOptions,
): Readiness {
  let legitimateMessages = 0;
  let legitimateAligned = 0;
  let forwardedMessages = 0;
  let forwarders = 0;
  const failing: PolicyImpact[] = [];
  for (const s of sources) {
    if (s.legitimate) {
      legitimateMessages += s.messages;
      legitimateAligned += s.dmarcPass;
    }
    if (s.recognized.kind === 'forwarder') {
      forwardedMessages += s.messages;
      forwarders++;
    }
    if (s.dmarcFail > 0)
      failing.push({
        ip: s.ip,
        messages: s.dmarcFail,
        legitimate: s.legitimate,
        recognized: s.recognized,
        underQuarantine: 'junked',
        underReject: 'refused',
      });
  }
  failing.sort((a, b) => Number(b.legitimate) - Number(a.legitimate) || b.messages - a.messages);
  const share = legitimateMessages > 0 ? legitimateAligned / legitimateMessages : null;
  const verdict = verdictOf(legitimateMessages, share);

  const notes: ReportNote[] = [];
  const domain = o.domain ?? domains[0] ?? '';
  // The policy as the latest report of that domain saw it published.
  let latest: AggregateReport | undefined;
  for (const r of reports) if (r.domain === domain && (!latest || r.end > latest.end)) latest = r;
  const published = latest?.policy ?? {};
  if (published.pct !== undefined && published.pct < 100)
    notes.push({ code: 'reports/pct-removed', params: { pct: published.pct } });
  if (published.testing === 'y')
    notes.push({ code: 'reports/testing-mode', params: { p: published.p ?? 'none' } });
  if (forwarders > 0)
    notes.push({
      code: 'reports/forwarded-mail',
      params: { messages: forwardedMessages, sources: forwarders },
    });
  if (domains.length > 1)
    notes.push({ code: 'reports/several-domains', params: { count: domains.length, domain } });

  const next =
    verdict === 'no-data' || latest === undefined
      ? null
      : nextDmarcRecord(domain, published, verdict, share ?? 0, o.rua ?? []);
  return { verdict, legitimateMessages, legitimateAligned, share, failing, next, notes };
}
