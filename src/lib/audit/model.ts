// The domain audit's report (docs/public-api.md: auditDomain, Finding, AuditReport):
// every lookup made, each area's records and verdicts, the findings with their fixes, and the
// Gmail/Yahoo sender-requirements checklist. Types only.
//
// Where each record lives (the names the audit asks for):
//   MX        <domain>                        RFC 5321 §5.1
//   SPF       TXT <domain>                    RFC 7208 §3, §4.5
//   DMARC     TXT _dmarc.<domain>             RFC 9989 §4.10 (tree walk above it)
//   DKIM      TXT <selector>._domainkey.<domain>   RFC 6376 §3.6.2.1
//   MTA-STS   TXT _mta-sts.<domain>           RFC 8461 §3.1
//             https://mta-sts.<domain>/.well-known/mta-sts.txt   RFC 8461 §3.2
//   TLS-RPT   TXT _smtp._tls.<domain>         RFC 8460 §3
//   BIMI      TXT default._bimi.<domain>      draft-brand-indicators-for-message-identification §4.3
//   zone      SOA, NS, DNSKEY <domain>        RFC 1035 §3.3.11/§3.3.13, RFC 4034 §2
//   MX hosts  PTR <address reversed>.in-addr.arpa / .ip6.arpa, then A/AAAA of the PTR name
//                                             RFC 1035 §3.5, RFC 3596 §2.5, RFC 1912 §2.1
//             TLSA _25._tcp.<host>            RFC 7672 §2.2.3
//   reports   MX <report address's domain>    RFC 5321 §5.1

import type { TxtRecord } from '../dns/answer.ts';
import type { Diagnostic, Severity } from '../diagnostics/model.ts';
import type { DnsResponse, DnsStatus, Resolver, RRType } from '../dns/model.ts';
import type { RecordSuggestion } from '../export/model.ts';
import type { MxEntry } from '../mx/model.ts';
import type { TargetKind } from '../mx/target.ts';
import type { ProviderMatch } from '../providers/model.ts';
import type { SpfTree } from '../spf/model.ts';
import type { DmarcRecord } from '../dmarc/model.ts';
import type { MtaStsPolicy, MtaStsRecord } from '../mtasts/model.ts';
import type { TlsRptRecord } from '../tlsrpt/model.ts';
import type { BimiRecord } from '../bimi/model.ts';

export type AuditArea = 'mx' | 'spf' | 'dmarc' | 'dkim' | 'mta-sts' | 'tls-rpt' | 'bimi' | 'zone';

/** Findings about a DNS failure (timeout, SERVFAIL…) have area `dns`. */
export type FindingArea = AuditArea | 'dns';

export interface LookupKey {
  /** Lower case, no trailing dot. */
  name: string;
  type: RRType;
}

export interface Finding {
  /** Stable, public (diagnostics/codes.ts). */
  code: string;
  severity: Severity;
  area: FindingArea;
  spec?: string;
  params?: Record<string, string | number>;
  /** The corrected record(s), where the fix is mechanical. */
  fix?: RecordSuggestion[];
  /** Published records `fix` replaces: delete these and add `fix` (absent: add `fix` alongside). */
  replaces?: RecordSuggestion[];
  /** The corrected record for this finding is the one shown with the finding of this code
   *  (one corrected record per DNS record; audit/fixes.ts). */
  fixIn?: string;
  /** For a failed lookup (`dns/temporary`): which question to ask again. */
  lookup?: LookupKey;
  /** Repeated findings of one code collapsed into this one (audit/collapse.ts): how many. */
  count?: number;
  /** … and where: per occurrence (at most MAX_PLACES), the parameters that tell them apart. */
  places?: Array<Record<string, string | number>>;
}

/** One DNS question of the audit and the raw answer, as the resolver gave it. */
export interface AuditLookup extends LookupKey {
  /**
   * Dependency depth: 1 for questions asked at the start, n + 1 for a question asked because of
   * an answer of round n. The audit's critical path is the largest round.
   */
  round: number;
  /** ms since the audit started. */
  startedAt: number;
  doneAt?: number;
  /** Absent while the question is in flight. */
  response?: DnsResponse;
}

export type AreaStatus = 'loading' | 'done' | 'error';

interface AreaBase {
  /** `error`: the lookup the area rests on failed (a temporary DNS failure, never "missing"). */
  status: AreaStatus;
  /** With `error`: the DNS status of that lookup (TIMEOUT, SERVFAIL, ERROR, REFUSED). */
  dnsStatus?: DnsStatus;
  /** The lookups this area's verdict rests on, in the order asked. */
  lookups: AuditLookup[];
}

/** A TXT record as published: its character-strings and their join (RFC 7208 §3.3). */
export type { TxtRecord } from '../dns/answer.ts';

// ── MX ───────────────────────────────────────────────────────────────────────

export interface MxHost extends MxEntry {
  kind: TargetKind;
  /** `skipped`: an IP literal, the null MX or an invalid name (nothing to look up). */
  status: 'loading' | 'done' | 'error' | 'skipped';
  dnsStatus?: DnsStatus;
  /** The exchange is an alias (RFC 2181 §10.3): the CNAME chain the resolver followed. */
  cnames: string[];
  /** A then AAAA addresses of the exchange (after any CNAME). */
  addresses: string[];
  /** Addresses inside Cloudflare's proxy ranges: the record is proxied ("orange cloud"). */
  proxied: Array<{ address: string; range: string }>;
  /** The resolver set the AD bit on the address answers: DNSSEC-validated (RFC 4035 §3.2.3). */
  authenticated: boolean;
  /** Each address looked up in reverse and forward-confirmed, in the order of `addresses`. */
  reverse: MxReverse[];
  /** The host's DANE TLSA records (RFC 7672 §2.2.3). */
  tlsa: MxTlsa;
}

/**
 * One address of an MX host in reverse DNS: its PTR names, and which of them lead back to the
 * address (forward-confirmed reverse DNS, RFC 1912 §2.1: "make sure your PTR and A records match").
 */
export interface MxReverse {
  address: string;
  /** The PTR query name (`31.2.0.192.in-addr.arpa`). */
  name: string;
  /** `error`: the PTR lookup or every forward lookup failed (temporary). */
  status: 'loading' | 'done' | 'error';
  dnsStatus?: DnsStatus;
  /** The PTR names, lower case, no trailing dot. */
  names: string[];
  /** Those PTR names whose A (or AAAA) records include the address. */
  confirmed: string[];
  /** `missing`: no PTR; `mismatch`: PTR names, none leading back to the address. */
  state?: 'confirmed' | 'missing' | 'mismatch';
}

/** TLSA records at `_25._tcp.<host>` (RFC 7672 §2.2.3), in presentation form (RFC 6698 §2.2). */
export interface MxTlsa {
  /** `_25._tcp.<host>` */
  name: string;
  status: 'loading' | 'done' | 'error' | 'skipped';
  dnsStatus?: DnsStatus;
  records: string[];
  /** The answer carried the AD bit: DANE senders use TLSA records only when it does (RFC 7672 §2.1). */
  authenticated: boolean;
}

/**
 * A host name the recognised provider asks for (providers.json `hostAliases`: `mail`, `smtp`,
 * `imap`, `pop3`), looked up as A: a DNS-only CNAME shows its chain, a proxied one ("orange
 * cloud") answers with Cloudflare's addresses only (src/lib/audit/hosts.ts).
 */
export interface HostAliasCheck {
  /** `<alias>.<domain>` */
  name: string;
  /** As in the provider data (`mail`). */
  label: string;
  role: 'webmail' | 'mail-protocol';
  /** The CNAME target the provider documents. */
  expected: string;
  status: 'loading' | 'done' | 'error';
  dnsStatus?: DnsStatus;
  /** `absent`: no such name or no address; `alias`: a CNAME to `expected`; `proxied`: answers
   *  inside Cloudflare's proxy ranges; `other`: points somewhere else. */
  state?: 'absent' | 'alias' | 'proxied' | 'other';
  cnames: string[];
  addresses: string[];
  proxied?: { address: string; range: string };
}

export interface MxArea extends AreaBase {
  /** `planned`: a dry run's planned record (src/lib/plan), not yet published. */
  records: Array<MxEntry & { ttl: number; planned?: true }>;
  hosts: MxHost[];
  /** RFC 7505: the only MX is `0 .` */
  nullMx: boolean;
  /** Providers recognised from the exchanges, best first. */
  providers: ProviderMatch[];
  /** Some exchange is Cloudflare Email Routing's. */
  emailRouting: boolean;
  /** The recognised provider's web-mail and mail-protocol host names, as found. */
  hostAliases: HostAliasCheck[];
}

// ── SPF ──────────────────────────────────────────────────────────────────────

export interface SpfArea extends AreaBase {
  /** TXT records at the domain that start with `v=spf1` (RFC 7208 §4.5). */
  records: TxtRecord[];
  /** The other TXT records there (site verifications…), for the raw view. */
  otherTxt: TxtRecord[];
  /** Parse diagnostics of each record in `records`, same order. */
  diagnostics: Diagnostic[][];
  /** The include-tree analysis, once a single record was found. */
  tree?: SpfTree;
  treeStatus: 'idle' | 'loading' | 'done';
  /** `include:` targets anywhere in the tree (lower case). */
  includes: string[];
}

// ── DMARC ────────────────────────────────────────────────────────────────────

export interface DmarcDiscoveryResult {
  /** The domain policy discovery started from (the domain, or the subdomain asked about). */
  domain: string;
  status: 'loading' | 'done' | 'error';
  dnsStatus?: DnsStatus;
  /** Where the policy record was found (`_dmarc.<found>`), absent when none. */
  foundAt?: string;
  /** The selected record's text. */
  record?: string;
  parsed?: DmarcRecord;
  /** The policy that applies to `domain` (p for the domain itself, sp/np for subdomains). */
  policy?: 'none' | 'quarantine' | 'reject';
  /** The discovery's own diagnostics (multiple records, syntax). */
  diagnostics: Diagnostic[];
}

export interface DmarcDestination {
  tag: 'rua' | 'ruf';
  /** The URI as written (`mailto:mailauth-reports@qq.com`). */
  uri: string;
  /** The destination domain (`qq.com`). */
  host: string;
  /** Where the authorization record is looked for: `<domain>._report._dmarc.<host>`. */
  name: string;
  status: 'loading' | 'authorized' | 'unauthorized' | 'error';
  dnsStatus?: DnsStatus;
  /**
   * Whether the destination domain accepts mail (RFC 5321 §5.1): `mx` (an MX host), `address`
   * (no MX but an A/AAAA, the implicit MX), `null-mx` (RFC 7505), `none` (no MX and no address,
   * or no such domain), `error` (a lookup failed).
   */
  mail: 'loading' | 'mx' | 'address' | 'null-mx' | 'none' | 'error';
  mailDnsStatus?: DnsStatus;
}

export interface DmarcArea extends AreaBase {
  /** TXT records at `_dmarc.<domain>` that start with `v=DMARC1`. */
  records: TxtRecord[];
  otherTxt: TxtRecord[];
  /** `_dmarc.<domain>` is an alias: its CNAME target. */
  cname?: string;
  /** A CNAME and TXT records both at `_dmarc.<domain>` (RFC 1034 §3.6.2 forbids it). */
  cnameAndTxt: boolean;
  /** Policy discovery for the domain, and for the subdomain asked about. */
  discovery: DmarcDiscoveryResult;
  subdomain?: DmarcDiscoveryResult;
  /** Report destinations at other domains, each with its authorization lookup. */
  destinations: DmarcDestination[];
}

// ── DKIM ─────────────────────────────────────────────────────────────────────

export interface DkimKeyInfo {
  algorithm: string;
  bits?: number;
  revoked: boolean;
  /** `t=y`: the domain is testing DKIM (RFC 6376 §3.6.1). */
  testing: boolean;
  diagnostics: Diagnostic[];
}

export interface DkimSelectorResult {
  selector: string;
  /** `<selector>._domainkey.<domain>` */
  name: string;
  /** Named by the user, or one of the common names probed. */
  source: 'user' | 'common';
  status: 'loading' | 'found' | 'none' | 'error';
  dnsStatus?: DnsStatus;
  /** CNAME chain the key was reached through (delegated keys), first hop first. */
  cnames: string[];
  /** TXT records at the end of the chain (each joined without separator, RFC 6376 §3.6.2.2). */
  records: TxtRecord[];
  /** The key inspected, once done. */
  key?: DkimKeyInfo;
  /** The selector name answers with addresses in Cloudflare's proxy ranges and no TXT:
   *  a proxied CNAME (docs/cloudflare.md, Cloudflare mistake 2). */
  proxied?: { address: string; range: string };
}

export interface DkimArea extends AreaBase {
  selectors: DkimSelectorResult[];
}

// ── MTA-STS, TLS-RPT, BIMI ───────────────────────────────────────────────────

export interface MtaStsPolicyFetch {
  /** `skipped`: no MTA-STS record (or fetching turned off); `blocked`: the browser may not read
   *  it (CORS or network: fetch rejects with a TypeError and says nothing more). */
  status: 'idle' | 'loading' | 'done' | 'blocked' | 'http-error' | 'timeout' | 'skipped';
  url: string;
  httpStatus?: number;
  text?: string;
  policy?: MtaStsPolicy;
  diagnostics: Diagnostic[];
  error?: string;
}

export interface MtaStsArea extends AreaBase {
  records: TxtRecord[];
  record?: MtaStsRecord;
  diagnostics: Diagnostic[];
  policy: MtaStsPolicyFetch;
}

export interface TlsRptArea extends AreaBase {
  records: TxtRecord[];
  record?: TlsRptRecord;
  diagnostics: Diagnostic[];
}

export interface BimiArea extends AreaBase {
  records: TxtRecord[];
  record?: BimiRecord;
  diagnostics: Diagnostic[];
}

// ── the zone: existence, delegation, DNSSEC ────────────────────────────────

export interface ZoneArea extends AreaBase {
  /** `missing`: NXDOMAIN; `apex`: the domain has its own NS and SOA (a delegated zone);
   *  `inside`: the name exists in a zone above it (no NS of its own). */
  delegation?: 'apex' | 'inside' | 'missing';
  /** The NS names at the domain, lower case. */
  ns: string[];
  /** The SOA at the domain (presentation form: mname rname serial refresh retry expire minimum). */
  soa?: string;
  /** The zone the name lies in when it is not an apex: the owner of the SOA the resolver
   *  returned with the negative answer (RFC 2308 §3), when it did. */
  parentZone?: string;
  /** DNSKEY records at the domain: `flags algorithm` of each (RFC 4034 §2.1). */
  dnskeys: Array<{ flags: number; algorithm: number }>;
  /** The zone lookups' answers carried the AD bit: validated by the resolver (RFC 4035 §3.2.3). */
  authenticated: boolean;
}

// ── requirements (Gmail / Yahoo, since 2024; docs/cloudflare.md) ───────────────────────

export type RequirementId =
  'spf-or-dkim' | 'ptr' | 'tls' | 'spf-and-dkim' | 'dmarc' | 'alignment' | 'one-click-unsubscribe';

export interface RequirementLine {
  id: RequirementId;
  /** `all`: every sender; `bulk`: more than 5,000 messages a day to Gmail. */
  audience: 'all' | 'bulk';
  /** `unknown`: cannot be decided from DNS alone (it depends on the sending IPs or the messages). */
  status: 'loading' | 'pass' | 'fail' | 'unknown';
  /** Codes of this report's findings that decide the line (failing lines name at least one). */
  codes: string[];
  /** Codes that would fail the line, for linking to their explanations. */
  decidedBy: string[];
  /** Bounce replies receivers give when this requirement is not met. */
  bounces: string[];
}

// ── the report ───────────────────────────────────────────────────────────────

/** Per area: what the summary shows. `none`: an optional record that is not published. */
export type AreaVerdict = 'loading' | 'pass' | 'warn' | 'fail' | 'error' | 'none';

export interface AuditStats {
  /** DNS questions sent (each name+type once). */
  queries: number;
  /** Longest chain of dependent lookups (the critical path, in rounds). */
  rounds: number;
  /** HTTPS fetches (the MTA-STS policy). */
  fetches: number;
  elapsedMs: number;
}

export interface AuditReport {
  domain: string;
  /** The subdomain whose DMARC policy was also discovered. */
  subdomain?: string;
  /** True once every lookup has answered (or the audit was cancelled). */
  done: boolean;
  aborted?: boolean;
  findings: Finding[];
  summary: Record<AuditArea, AreaVerdict>;
  mx: MxArea;
  spf: SpfArea;
  dmarc: DmarcArea;
  dkim: DkimArea;
  mtaSts: MtaStsArea;
  tlsRpt: TlsRptArea;
  bimi: BimiArea;
  zone: ZoneArea;
  requirements: RequirementLine[];
  /** Every DNS question, in the order asked. */
  lookups: AuditLookup[];
  stats: AuditStats;
}

export type FetchFunction = typeof fetch;

export interface AuditOptions {
  resolver: Resolver;
  /** DKIM selectors to try besides the common ones. */
  selectors?: readonly string[];
  /** Also probe the widely used and provider selectors (default true). */
  commonSelectors?: boolean;
  /** A subdomain of `domain` whose DMARC policy to discover too (RFC 9989 tree walk). */
  subdomain?: string;
  signal?: AbortSignal;
  /** Called with a fresh snapshot after every answer. */
  onUpdate?: (partial: AuditReport) => void;
  /** For the MTA-STS policy; `null` turns the fetch off. Default: the platform fetch. */
  fetch?: FetchFunction | null;
  /** Time budget of the policy fetch (default 8 s). */
  policyTimeoutMs?: number;
  /** ms clock (tests). */
  now?: () => number;
}
