// The report on one received message (docs/public-api.md "Mail itself"): the shapes outside tests rely on,
// plus the parsed trace fields (RFC 5321 §4.4), receiver stamps (RFC 8601, RFC 7208 §9.1) and the
// bounce explanation. Types only.

import type { Diagnostic, Severity } from '../diagnostics/model.ts';
import type { Resolver } from '../dns/model.ts';
import type { DkimVerification } from './dkim-verify.ts';
import type { MessageInput } from './intake.ts';

// ── trace fields ───────────────────────────────────────────────────────────────────────────────

/**
 * RFC 5321 §4.4:
 *   Stamp          = From-domain By-domain Opt-info [CFWS] ";" FWS date-time
 *   From-domain    = "FROM" FWS Extended-Domain
 *   By-domain      = CFWS "BY" FWS Extended-Domain
 *   Extended-Domain = Domain / ( Domain FWS "(" TCP-info ")" ) / ( address-literal FWS "(" TCP-info ")" )
 *   TCP-info       = address-literal / ( Domain FWS address-literal )
 *   Opt-info       = [Via] [With] [ID] [For] [Additional-Registered-Clauses]
 * Every clause is optional here: real receivers leave out `from` (Google's internal hops), put
 * bare IPv6 addresses where a domain belongs, and write several words after `with`.
 */
export interface ReceivedField {
  /** Position among the message's header fields (0 = top). */
  headerIndex: number;
  /** The `from` domain as the client named itself (its HELO/EHLO argument). */
  from?: string;
  /** The name the receiving host found for the client (the domain in TCP-info), if any. */
  fromReverse?: string;
  /** The client's address as the receiving host saw it (TCP-info), normalised: IPv4-mapped
   *  IPv6 as IPv4, `IPv6:` prefix removed. */
  ip?: string;
  by?: string;
  via?: string;
  with?: string;
  id?: string;
  for?: string;
  /** The date-time after the last `;`, as written. */
  date?: string;
  /** The date as Unix milliseconds, when it parsed (RFC 5322 §3.3). */
  time?: number;
  /** The comments of the field, in order (TLS versions, "Google Transport Security", …). */
  comments: string[];
  diagnostics: Diagnostic[];
}

export interface Hop {
  from?: string;
  by?: string;
  ip?: string;
  with?: string;
  date?: string;
  /** Seconds since the previous hop (the Received field below this one). */
  delaySeconds?: number;
  /** Position of the Received field among the header fields (0 = top). */
  headerIndex: number;
  id?: string;
  for?: string;
  via?: string;
  fromReverse?: string;
}

// ── receiver stamps ────────────────────────────────────────────────────────────────────────────

/**
 * RFC 8601 §2.2:
 *   resinfo    = [CFWS] ";" methodspec [ CFWS reasonspec ] [ CFWS 1*propspec ]
 *   methodspec = [CFWS] method [CFWS] "=" [CFWS] result
 *   propspec   = ptype [CFWS] "." [CFWS] property [CFWS] "=" pvalue
 */
export interface AuthResult {
  method: string;
  version?: number;
  result: string;
  reason?: string;
  /** `ptype.property` → value (`smtp.mailfrom`, `header.d`, …); keys lower case. Microsoft's
   *  bare `action=none` and `compauth` extras are kept under their own names. */
  props: Record<string, string>;
  comments: string[];
}

/**
 * RFC 8601 §2.2:
 *   authres-header = "Authentication-Results:" [CFWS] authserv-id [ CFWS authres-version ]
 *                    ( no-result / 1*resinfo ) [CFWS] CRLF
 */
export interface AuthenticationResults {
  /** Empty when the field has none (Microsoft writes `spf=pass …` straight after the colon). */
  authservId: string;
  version?: number;
  /** ARC-Authentication-Results only (RFC 8617 §4.1.1): the `i=` instance. */
  instance?: number;
  results: AuthResult[];
  headerIndex: number;
  diagnostics: Diagnostic[];
}

export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

/**
 * RFC 7208 §9.1:
 *   header-field = "Received-SPF:" [CFWS] result FWS [comment FWS] [ key-value-list ] CRLF
 *   key          = "client-ip" / "envelope-from" / "helo" / "problem" / "receiver" / "identity" / mechanism / name
 */
export interface ReceivedSpf {
  /** Lower case; null when the first word is not one of the seven results. */
  result: SpfResult | null;
  comment?: string;
  /** key → value, keys lower case. */
  params: Record<string, string>;
  /** The client IP: `client-ip=`, or failing that the address in the comment ("designates … as"). */
  clientIp?: string;
  headerIndex: number;
  diagnostics: Diagnostic[];
}

// ── envelope ───────────────────────────────────────────────────────────────────────────────────

export type IpSource = 'option' | 'received' | 'received-spf' | 'authentication-results';

export interface IpCandidate {
  ip: string;
  source: IpSource;
  /** The header field it was read from (absent for the option). */
  headerIndex?: number;
  /** What in that field: `client-ip`, `smtp.remote-ip`, `sender-ip-comment`, `designates-comment`,
   *  `by-authserv-id` (the Received field added by the host that stamped A-R), `topmost-public`. */
  detail?: string;
  /** The authserv-id the candidate is tied to, when it is. */
  authservId?: string;
}

export interface Envelope {
  ip?: string;
  helo?: string;
  /** The MAIL FROM address; '' for the null reverse-path `<>` (a bounce). */
  mailFrom?: string;
  ipSource?: IpSource;
  candidates: IpCandidate[];
  heloSource?: 'option' | 'received-spf' | 'authentication-results' | 'received';
  mailFromSource?: 'option' | 'return-path' | 'authentication-results' | 'received-spf';
}

// ── DKIM: DkimVerification is dkim-verify.ts's (docs/public-api.md shape plus extras) ─────────────────

export type { DkimResult, DkimVerification } from './dkim-verify.ts';

// ── SPF and DMARC ──────────────────────────────────────────────────────────────────────────────

export interface MessageSpf {
  result: SpfResult;
  /** The domain checked: the MAIL FROM domain, or the HELO name for the null reverse-path. */
  domain: string;
  ip: string;
  /** `mailfrom` or `helo` (RFC 7208 §2.3, §2.4). */
  identity: 'mailfrom' | 'helo';
  explanation?: string;
  lookups: number;
  /** The HELO identity checked on its own (RFC 7208 §2.3), when a HELO name is known. */
  helo?: { result: SpfResult; domain: string };
}

export type DmarcDisposition = 'none' | 'quarantine' | 'reject';

export interface MessageDmarc {
  result: 'pass' | 'fail' | 'none' | 'temperror' | 'permerror';
  policyDomain?: string;
  policy?: DmarcDisposition;
  spfAligned: boolean;
  dkimAligned: boolean;
  /** The From domain evaluated (RFC 9989 §5.3.1). */
  fromDomain?: string;
  /** Its Organizational Domain (RFC 9989 §4.10.2). */
  organizationalDomain?: string;
  /** Which tag applied: `p` for the domain's own record, `sp` for a subdomain, `np` for a
   *  non-existent subdomain (RFC 9989 §4.10.1, §4.7). */
  policyTag?: 'p' | 'sp' | 'np';
  /** `t=y`: the domain owner is testing; receivers apply one level less (RFC 9989 §4.7). */
  testing?: boolean;
  /** What a receiver following the record would do with this message. */
  disposition?: DmarcDisposition;
  adkim?: 'r' | 's';
  aspf?: 'r' | 's';
  /** The identifiers that aligned, for the explanation. */
  alignedDkimDomain?: string;
  /** The record applied. */
  record?: string;
  code?: string;
}

export interface MessageArc {
  result: 'pass' | 'fail' | 'none';
  instances: number;
  failedInstance?: number;
  code?: string;
}

// ── findings, verdict, bounce ──────────────────────────────────────────────────────────────────

export type MessageArea = 'spf' | 'dkim' | 'dmarc' | 'arc' | 'dns' | 'message';

export interface MessageFinding {
  code: string;
  severity: Severity;
  area: MessageArea;
  spec?: string;
  params?: Record<string, string | number>;
}

/** Would Gmail have delivered this, put it in spam, or refused it — and why (a catalog code). */
export interface Verdict {
  receiver: 'gmail';
  outcome: 'deliver' | 'junk' | 'refuse' | 'unknown';
  code: string;
  params?: Record<string, string | number>;
}

export type BounceArea = 'spf' | 'dkim' | 'dmarc' | 'ptr' | 'tls' | 'rate' | 'other';

export interface BounceExplanation {
  /** RFC 5321 §4.2 basic reply code. */
  reply?: number;
  /** RFC 3463 enhanced status code, e.g. `5.7.26`. */
  status?: string;
  provider?: string;
  code: string;
  areas: BounceArea[];
  /** The record or setting that fixes it: `spf`, `dkim`, `dmarc-record`, `alignment`, `ptr`,
   *  `tls`, `reputation`, `dns-reliability`, `from-domain`, `none`. */
  fix: string;
  /** True when no SPF/DKIM/DMARC record change fixes it (rate, PTR, TLS). */
  notDnsRecords: boolean;
  /** Permanent (5xx) or temporary (4xx: the sender retries, then bounces days later). */
  permanent?: boolean;
  /** The sending domain and IP the reply names, when it names them (the UI links `#/d/<domain>`). */
  domain?: string;
  ip?: string;
  /** The reply text, joined from its lines. */
  text: string;
  /** The rule that matched (bounce-codes.ts), and the page it was taken from. */
  rule?: string;
  source?: string;
}

export interface ReceiverResults {
  authservId: string;
  results: Array<{ method: string; result: string; props: Record<string, string> }>;
  headerIndex?: number;
}

export interface MessageReport {
  done: boolean;
  diagnostics: Diagnostic[];
  findings: MessageFinding[];
  from: { address: string; domain: string } | null;
  envelope: {
    ip?: string;
    helo?: string;
    mailFrom?: string;
    ipSource?: IpSource;
    candidates?: IpCandidate[];
  };
  hops: Hop[];
  dkim: DkimVerification[];
  spf: MessageSpf | null;
  dmarc: MessageDmarc;
  arc: MessageArc;
  receiverResults: ReceiverResults[];
  /** All From addresses found (RFC 5322 §3.6.2 allows a list; DMARC needs one domain). */
  fromAddresses?: string[];
  verdict?: Verdict;
  /** When the text was a bounce (or contained one): what it says. */
  bounce?: BounceExplanation[];
  receivedSpf?: ReceivedSpf[];
}

export interface AnalyzeMessageOptions {
  resolver: Resolver;
  now?: Date;
  ip?: string;
  helo?: string;
  mailFrom?: string;
  /** `raw` as readMessage (intake.ts) read it, when the caller has read it already (a page that
   *  also shows the header fields): the message is then not read a second time. */
  input?: MessageInput;
  signal?: AbortSignal;
  onUpdate?: (partial: MessageReport) => void;
}
