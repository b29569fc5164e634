// DMARC aggregate reports (RFC 9990; RFC 7489 Appendix C), TLS-RPT reports (RFC 8460 §4) and
// what summarizeReports makes of them. Types only. The first three shapes are the contract of docs/public-api.md
// ("Mail itself"); optional fields added here never change what the contract promises.

import type { DmarcBuilderInput } from '../compose/model.ts';

// ── aggregate reports ────────────────────────────────────────────────────────
//   <feedback>
//     <version/>?                      RFC 9990 only
//     <report_metadata> org_name, email, report_id, date_range(begin, end), error* </report_metadata>
//     <policy_published> domain, p, sp?, np?, adkim?, aspf?, pct? (7489), testing? (9990) </policy_published>
//     <record>+ row(source_ip, count, policy_evaluated(disposition, dkim, spf, reason*)),
//               identifiers(header_from, envelope_from?, envelope_to?),
//               auth_results(dkim*(domain, selector?, result), spf+(domain, scope?, result)) </record>
//   </feedback>

/** One `<record>`: a source IP and the messages it sent in the period with one set of results. */
export interface AggregateRecord {
  sourceIp: string;
  count: number;
  disposition: string;
  /** policy_evaluated, lower-cased: the DMARC-aligned results. */
  dkim: 'pass' | 'fail';
  spf: 'pass' | 'fail';
  headerFrom: string;
  envelopeFrom?: string;
  /** auth_results: the raw results, aligned or not. */
  dkimResults: Array<{ domain: string; selector?: string; result: string }>;
  spfResults: Array<{ domain: string; scope?: string; result: string }>;
  /** policy_evaluated/reason: why the receiver overrode the policy (forwarded, local_policy, …). */
  reasons?: Array<{ type: string; comment?: string }>;
}

export interface AggregateReport {
  /** report_metadata/org_name, trimmed. */
  org: string;
  /** report_metadata/report_id, trimmed (never cut at '@'). */
  reportId: string;
  /** date_range, unix seconds. */
  begin: number;
  end: number;
  domain: string;
  policy: {
    p?: string;
    sp?: string;
    np?: string;
    adkim?: string;
    aspf?: string;
    /** RFC 7489 only; RFC 9989 removed it. */
    pct?: number;
    /** RFC 9990: `y` or `n`, the published `t=` tag. */
    testing?: string;
  };
  records: AggregateRecord[];
  /** report_metadata/email. */
  email?: string;
  /** report_metadata/error: what the reporter could not evaluate. */
  errors?: string[];
  /** The namespace of `<feedback>`, when it has one (RFC 9990: urn:ietf:params:xml:ns:dmarc-2.0). */
  namespace?: string;
}

// ── TLS-RPT (RFC 8460 §4.4) ──────────────────────────────────────────────────
export interface TlsReport {
  org: string;
  reportId: string;
  /** date-range, unix seconds. */
  begin: number;
  end: number;
  policies: Array<{
    domain: string;
    /** 'sts' | 'tlsa' | 'no-policy-found' */
    type: string;
    successful: number;
    failed: number;
    failures: Array<{ resultType: string; count: number; receivingMx?: string }>;
  }>;
}

// ── intake ───────────────────────────────────────────────────────────────────
export interface ReportFile {
  name: string;
  bytes: Uint8Array;
}

/** One file that could not be read (or was read as a duplicate); `code` is a `reports/…` catalog code. */
export interface ReportProblem {
  file: string;
  code: string;
  params?: Record<string, string | number>;
}

export interface ReadReportsOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface ReadReportsResult {
  aggregate: AggregateReport[];
  tls: TlsReport[];
  problems: ReportProblem[];
}

// ── summary ──────────────────────────────────────────────────────────────────

/** Message counts by result; every summary level (total, source, network, org, day) has them. */
export interface ResultCounts {
  messages: number;
  /** DMARC pass: aligned SPF or aligned DKIM passed (policy_evaluated, RFC 9989 §4.4). */
  dmarcPass: number;
  dmarcFail: number;
  /** policy_evaluated: aligned results. */
  dkimAligned: number;
  spfAligned: number;
  /** auth_results: some DKIM signature / the SPF check passed, aligned or not. */
  dkimPass: number;
  spfPass: number;
  /** Disposition the receiver applied: none / quarantine / reject (other values under their name). */
  dispositions: Record<string, number>;
}

/**
 * Who a source is: the user's own provider, a provider of the catalog (src/lib/providers) whose
 * SPF include or DKIM `d=` it passes with, a forwarder (DKIM passes unaligned, or SPF fails for a
 * known forwarder), or unknown.
 */
export type SourceKind = 'own-provider' | 'provider' | 'forwarder' | 'unknown';

export interface SourceRecognition {
  kind: SourceKind;
  providerId?: string;
  providerName?: string;
  /** What it was recognised by: the DKIM `d=` domain or the SPF (MAIL FROM) domain. */
  via?: 'dkim' | 'spf';
  /** The domain that matched. */
  domain?: string;
}

/** A row of a report, for drill-down: indexes into the `reports` array given to summarizeReports. */
export interface RecordRef {
  report: number;
  record: number;
}

export interface SourceSummary extends ResultCounts {
  ip: string;
  /** The /24 (IPv4) or /48 (IPv6) network it belongs to, e.g. `192.0.2.0/24`. */
  network: string;
  recognized: SourceRecognition;
  /** Counted among the user's legitimate sources (see Readiness). */
  legitimate: boolean;
  headerFroms: string[];
  dkimDomains: string[];
  spfDomains: string[];
  orgs: string[];
  rows: RecordRef[];
  /** unix seconds: the earliest begin and latest end of the reports naming this source. */
  firstSeen: number;
  lastSeen: number;
}

export interface NetworkSummary extends ResultCounts {
  network: string;
  prefix: 24 | 48;
  ips: string[];
}

export interface OrgSummary extends ResultCounts {
  org: string;
  reports: number;
}

export interface DaySummary extends ResultCounts {
  /** `YYYY-MM-DD`, UTC: the day holding the middle of the report's date range. */
  day: string;
}

/** A source whose messages fail DMARC, and what a stricter policy would do to them. */
export interface PolicyImpact {
  ip: string;
  messages: number;
  legitimate: boolean;
  recognized: SourceRecognition;
  /** `p=quarantine`: these messages go to spam. */
  underQuarantine: 'junked';
  /** `p=reject`: these messages are refused. */
  underReject: 'refused';
}

export type ReadinessVerdict = 'ready' | 'almost' | 'not-ready' | 'no-data';

export type DmarcStage = 'none' | 'quarantine-testing' | 'quarantine' | 'reject-testing' | 'reject';

/** A note for the user, a `reports/…` catalog code with its parameters. */
export interface ReportNote {
  code: string;
  params?: Record<string, string | number>;
}

export interface NextDmarcRecord {
  /** The stage the published policy is at (from the latest report) and the one suggested. */
  from: DmarcStage;
  to: DmarcStage;
  /** The record text to publish at `_dmarc.<domain>` (null when the builder refused the input). */
  record: string | null;
  /** The DMARC builder's input, to open it prefilled. */
  input: DmarcBuilderInput;
  /** The builder's URL query (`#/build/dmarc?<query>`), keys as src/ui/state/composer-dmarc.svelte.ts reads them. */
  query: string;
  /** Why this step: a `reports/…` code. */
  reason: ReportNote;
}

export interface Readiness {
  verdict: ReadinessVerdict;
  /** Messages from the user's legitimate sources, and those of them passing DMARC aligned. */
  legitimateMessages: number;
  legitimateAligned: number;
  /** legitimateAligned / legitimateMessages; null without legitimate mail. */
  share: number | null;
  /** Sources with failing messages, most messages first. */
  failing: PolicyImpact[];
  next: NextDmarcRecord | null;
  /** RFC 9989 notes (pct removed, t=y testing mode) and others. */
  notes: ReportNote[];
}

export interface ReportSummary {
  reports: number;
  records: number;
  /** unix seconds over all reports; null without reports. */
  range: { begin: number; end: number } | null;
  /** policy_published/domain values seen, most messages first. */
  domains: string[];
  totals: ResultCounts;
  /** Most messages first. */
  sources: SourceSummary[];
  networks: NetworkSummary[];
  orgs: OrgSummary[];
  /** Oldest first. */
  days: DaySummary[];
  readiness: Readiness;
}

export interface SummarizeOptions {
  /** Catalog ids of the user's own providers (src/lib/providers); their sources are `own-provider`. */
  ownProviders?: readonly string[];
  /** The domain to suggest a record for; defaults to the domain with most messages. */
  domain?: string;
  /** Report addresses to keep in the suggested record (the reports came through them). */
  rua?: readonly string[];
}
