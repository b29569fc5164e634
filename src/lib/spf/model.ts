// SPF record model (RFC 7208 §4.6.1, §5, §6, §7.1, §12): types only. Evaluation results and
// the include-tree analysis live at the end of this file.

import type { Diagnostic, Span } from '../diagnostics/model.ts';
import type { DnsStatus } from '../dns/model.ts';

// ── macros (RFC 7208 §7.1) ───────────────────────────────────────────────────
// domain-spec      = macro-string domain-end
// domain-end       = ( "." toplabel [ "." ] ) / macro-expand
// toplabel         = ( *alphanum ALPHA *alphanum ) /
//                    ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
// explain-string   = *( macro-string / SP )
// macro-string     = *( macro-expand / macro-literal )
// macro-expand     = ( "%{" macro-letter transformers *delimiter "}" )
//                    / "%%" / "%_" / "%-"
// macro-literal    = %x21-24 / %x26-7E   ; visible characters except "%"
// macro-letter     = "s" / "l" / "o" / "d" / "i" / "p" / "h" / "c" / "r" / "t" / "v"
// transformers     = *DIGIT [ "r" ]
// delimiter        = "." / "-" / "+" / "," / "/" / "_" / "="

export type MacroLetter = 's' | 'l' | 'o' | 'd' | 'i' | 'p' | 'h' | 'c' | 'r' | 't' | 'v';

export type MacroPart =
  /** Visible characters other than `%` (and, in explanation text, spaces). Never empty. */
  | { kind: 'literal'; text: string }
  /** `%%` → `%`, `%_` → space, `%-` → `%20` */
  | { kind: 'escape'; escape: '%%' | '%_' | '%-' }
  | {
      kind: 'macro';
      letter: MacroLetter;
      /** Written upper case: the expansion is URL-escaped (§7.3). */
      urlEscape: boolean;
      /** Keep this many right-hand parts (≥ 1). */
      digits?: number;
      reverse: boolean;
      /** Delimiters to split on, as written; '' means the default ".". */
      delimiters: string;
    };

/** A macro-string split into its parts; adjacent literal text is one part. */
export type MacroString = MacroPart[];

// ── terms (RFC 7208 §4.6.1, §5, §6) ──────────────────────────────────────────
// record           = version terms *SP
// version          = "v=spf1"
// terms            = *( 1*SP ( directive / modifier ) )
// directive        = [ qualifier ] mechanism
// qualifier        = "+" / "-" / "?" / "~"
// mechanism        = ( all / include / a / mx / ptr / ip4 / ip6 / exists )
// all              = "all"
// include          = "include"  ":" domain-spec
// a                = "a"      [ ":" domain-spec ] [ dual-cidr-length ]
// mx               = "mx"     [ ":" domain-spec ] [ dual-cidr-length ]
// ptr              = "ptr"    [ ":" domain-spec ]
// ip4              = "ip4"      ":" ip4-network   [ ip4-cidr-length ]
// ip6              = "ip6"      ":" ip6-network   [ ip6-cidr-length ]
// exists           = "exists"   ":" domain-spec
// ip4-cidr-length  = "/" ("0" / %x31-39 0*1DIGIT) ; value range 0-32
// ip6-cidr-length  = "/" ("0" / %x31-39 0*2DIGIT) ; value range 0-128
// dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ]
// ip4-network      = qnum "." qnum "." qnum "." qnum
// ip6-network      = <as per [RFC4291], section 2.2>
// modifier         = redirect / explanation / unknown-modifier
// redirect         = "redirect" "=" domain-spec
// explanation      = "exp" "=" domain-spec
// unknown-modifier = name "=" macro-string
// name             = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
//
// Names are case-insensitive (ABNF strings are): `V=SPF1 MX -ALL` is valid; the model stores
// them lower case.

export type SpfQualifier = '+' | '-' | '~' | '?';

/** Where a term sits in the record text: offsets of the whole term. Not part of the meaning. */
interface Positioned {
  span?: Span;
}

interface DirectiveBase extends Positioned {
  /** Absent: no qualifier written, which means "+" (§4.6.2). */
  qualifier?: SpfQualifier;
}

export type SpfMechanism =
  | (DirectiveBase & { kind: 'all' })
  | (DirectiveBase & { kind: 'include'; domain: MacroString })
  | (DirectiveBase & { kind: 'a'; domain?: MacroString; ip4Prefix?: number; ip6Prefix?: number })
  | (DirectiveBase & { kind: 'mx'; domain?: MacroString; ip4Prefix?: number; ip6Prefix?: number })
  | (DirectiveBase & { kind: 'ptr'; domain?: MacroString })
  /** `address` is kept as written, even when invalid (a diagnostic says so). */
  | (DirectiveBase & { kind: 'ip4'; address: string; prefix?: number })
  | (DirectiveBase & { kind: 'ip6'; address: string; prefix?: number })
  | (DirectiveBase & { kind: 'exists'; domain: MacroString });

export type SpfMechanismKind = SpfMechanism['kind'];

export type SpfModifier =
  | (Positioned & { kind: 'redirect'; domain: MacroString })
  | (Positioned & { kind: 'exp'; domain: MacroString })
  /** §6: unknown modifiers are kept and ignored by evaluation. `name` as written. */
  | (Positioned & { kind: 'modifier'; name: string; value: MacroString });

/** A term the parser could not read (its diagnostics say why); kept so nothing typed is lost. */
export type SpfInvalidTerm = Positioned & { kind: 'invalid'; text: string };

export type SpfTerm = SpfMechanism | SpfModifier | SpfInvalidTerm;

/** A `v=spf1` record: the version is implied, the terms are in record order. */
export interface SpfRecord {
  terms: SpfTerm[];
}

// ── evaluation (RFC 7208 §2.6, §4) ───────────────────────────────────────────

export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

export interface CheckHostQuery {
  /** The SMTP client's address; an IPv4-mapped IPv6 address counts as IPv4 (§5). */
  ip: string;
  /** The domain whose policy is checked (the MAIL FROM domain, or the HELO name). */
  domain: string;
  /** MAIL FROM; empty means the null reverse-path: `postmaster@<helo>` (§2.4). */
  sender: string;
  helo?: string;
}

export interface CheckHostOptions {
  /** Used when the result is fail and the policy gives no usable `exp=` (§6.2). */
  defaultExplanation?: string;
  signal?: AbortSignal;
  /** Hard cap on DNS queries of one evaluation, exp and %{p} included. */
  maxQueries?: number;
  /** `%{r}`: the name of the host doing the check (§7.3); default "unknown". */
  receiver?: string;
  /** `%{t}`: seconds since the epoch; default now. */
  timestamp?: number;
}

/** Which limit of §4.6.4 (or of this implementation) stopped an evaluation. */
export type SpfLimit = 'lookups' | 'void-lookups' | 'mx-names' | 'queries';

/**
 * One structured step of an evaluation, so the UI can render and localize it. `via` is the chain
 * of include/redirect terms that led to the record the step is about (empty at the top).
 */
export type SpfStep =
  | { kind: 'record'; domain: string; record: string; via: string[] }
  | { kind: 'no-record'; domain: string; reason: 'nxdomain' | 'no-spf' | 'invalid-name'; via: string[] }
  | { kind: 'multiple-records'; domain: string; count: number; via: string[] }
  | { kind: 'syntax-error'; domain: string; diagnostics: Diagnostic[]; via: string[] }
  | { kind: 'dns-error'; name: string; type: string; status: DnsStatus; term?: string; via: string[] }
  | { kind: 'void-lookup'; name: string; type: string; term: string; count: number; via: string[] }
  | { kind: 'invalid-name'; name: string; term: string; via: string[] }
  | { kind: 'match'; term: string; result: SpfResult; via: string[] }
  | { kind: 'no-match'; term: string; via: string[] }
  | { kind: 'include'; term: string; domain: string; result: SpfResult; via: string[] }
  | { kind: 'redirect'; term: string; domain: string; via: string[] }
  | { kind: 'default'; domain: string; result: 'neutral'; via: string[] }
  | { kind: 'loop'; term: string; domain: string; via: string[] }
  | { kind: 'limit'; limit: SpfLimit; count: number; max: number; term?: string; via: string[] }
  | {
      kind: 'explanation';
      domain?: string;
      text?: string;
      ignored?: 'dns' | 'syntax' | 'invalid-name' | 'records';
    }
  | { kind: 'aborted' }
  | { kind: 'invalid-input'; field: 'ip' };

export interface CheckHostResult {
  result: SpfResult;
  explanation?: string;
  /** DNS-querying terms evaluated (§4.6.4): include, a, mx, ptr, exists, redirect. */
  lookups: number;
  /** Of those, lookups that found no name or no data (§4.6.4). */
  voidLookups: number;
  trace: SpfStep[];
}

// ── include-tree analysis (tree.ts) ──────────────────────────────────────────

export type SpfNodeStatus =
  /** one v=spf1 record, fetched and parsed */
  | 'ok'
  /** the name does not exist (NXDOMAIN) or has no v=spf1 record */
  | 'none'
  | 'multiple-records'
  /** a DNS failure (timeout, SERVFAIL, …): temporary, never "no record" */
  | 'temperror'
  /** the target is not a usable DNS name (empty or over-long label, …) */
  | 'invalid-name'
  /** the target contains macros that depend on the message; not followed */
  | 'macro'
  /** the domain is already being evaluated above this node */
  | 'loop'
  /** not fetched: the depth or query cap was reached */
  | 'truncated';

/** One address range the policy names: written (ip4/ip6) or resolved (a/mx). */
export interface SpfRange {
  /** CIDR text, e.g. `183.3.224.0/19` (network address, host bits cleared). */
  cidr: string;
  version: 4 | 6;
  /** The term that produced it, as formatted, and the record it sits in. */
  term: string;
  domain: string;
  /** For a/mx: the name whose address this is. */
  host?: string;
  /** Qualifier of the term, and whether the path to it passes (all `+`): then it authorizes. */
  qualifier: SpfQualifier;
  authorizes: boolean;
  via: string[];
}

export interface SpfRangeIssue {
  kind: 'duplicate' | 'overlap';
  /** The range that is (partly) covered, and the one covering it. */
  range: SpfRange;
  other: SpfRange;
}

/** A term of a node's record and what it costs, for the tree view. */
export interface SpfTermCost {
  term: string;
  /** 1 for include, a, mx, ptr, exists, redirect (§4.6.4), else 0. */
  lookups: number;
  /** Never evaluated: after `all`, or a redirect next to `all`. */
  ignored?: boolean;
  /** The term's own lookup found nothing (IPv4 client for `a`). */
  void?: boolean;
  /** mx: how many exchanges the MX lookup returned. */
  mxNames?: number;
}

export interface SpfTreeNode {
  domain: string;
  /** How this node was reached: the term in the parent ('' at the root). */
  term: string;
  relation: 'root' | 'include' | 'redirect';
  depth: number;
  status: SpfNodeStatus;
  /** Status of the TXT query, when one was made. */
  dnsStatus?: DnsStatus;
  record?: string;
  parsed?: SpfRecord;
  /** Parse diagnostics (spans into `record`) and problems found at this node. */
  diagnostics: Diagnostic[];
  terms: SpfTermCost[];
  /** DNS-querying terms of this record alone. */
  ownLookups: number;
  /** This record plus everything it includes or redirects to. */
  branchLookups: number;
  ownVoidLookups: number;
  branchVoidLookups: number;
  children: SpfTreeNode[];
}

export interface SpfIncludeImpact {
  term: string;
  domain: string;
  /** What the include costs (itself + its branch) and the total without it. */
  lookups: number;
  totalWithout: number;
  voidLookups: number;
}

export interface SpfTree {
  domain: string;
  root: SpfTreeNode;
  /** As RFC 7208 §4.6.4 counts them for a client address that matches nothing. */
  lookups: number;
  /** Void lookups for an IPv4 client (`a` queries A), and for an IPv6 client (AAAA). */
  voidLookups: number;
  voidLookupsIp6: number;
  overLimit: boolean;
  /** False when macros, DNS failures or the caps left parts unknown: `lookups` is then a minimum. */
  complete: boolean;
  /** Every range named anywhere in the tree, in tree order. */
  ranges: SpfRange[];
  /** The authorizing ranges merged into the fewest CIDR blocks, per family. */
  merged: string[];
  rangeIssues: SpfRangeIssue[];
  withoutInclude: SpfIncludeImpact[];
  diagnostics: Diagnostic[];
  /** DNS queries the analysis made. */
  queries: number;
}
