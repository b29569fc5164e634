// Inputs and results of the record builders (SPF, DMARC, DKIM) and the provider setup. Types only.
// A builder never emits a record its own parser rejects: either `content` is a record with no
// error diagnostic, or `content` is null and `fieldDiagnostics` holds at least one error saying
// which field is wrong and why.

import type { Diagnostic } from '../diagnostics/model.ts';
import type { DmarcAlignmentMode, DmarcFailureOption, DmarcPolicy } from '../dmarc/model.ts';
import type { ExportRecord, RecordSuggestion } from '../export/model.ts';
import type { Provider } from '../providers/model.ts';
import type { SpfQualifier } from '../spf/model.ts';

// The record kinds' own types, re-exported under the builders' names.
export type { DmarcFailureOption, DmarcPolicy, SpfQualifier };
export type DmarcAlignment = DmarcAlignmentMode;

/** An i18n message of messages/composer (key) and its parameters. */
export interface MessageRef {
  key: string;
  params?: Record<string, string | number>;
}

/** A diagnostic about one input field (`field`), and which entry of a list field (`index`). */
export interface FieldDiagnostic extends Diagnostic {
  field: string;
  index?: number;
}

/** Common to every builder result. */
export interface BuiltRecord {
  /** FQDN without trailing dot, when the builder knows the domain. */
  name?: string;
  /** The record, or null when an error in `fieldDiagnostics` prevents a correct one. */
  content: string | null;
  /** `content` as ≤255-octet character-strings (RFC 1035 §3.3.14); empty when content is null. */
  strings: string[];
  /** The record built from the valid fields only, for a live preview while some are wrong. */
  draft: string;
  /** Problems and notes per input field; any of severity error means `content` is null. */
  fieldDiagnostics: FieldDiagnostic[];
  /** The record parser's diagnostics for `draft`; none is of severity error when `content` is set. */
  diagnostics: Diagnostic[];
  /** `{type: 'TXT', name, content}` when both name and content are known. */
  suggestion: RecordSuggestion | null;
}

// ── SPF (RFC 7208) ──────────────────────────────────────────────────────────
//   record    = version terms *SP          version = "v=spf1"
//   terms     = *( 1*SP ( directive / modifier ) )
//   directive = [ qualifier ] mechanism    qualifier = "+" / "-" / "?" / "~"
//   ip4       = "ip4" ":" ip4-network   [ ip4-cidr-length ]
//   ip6       = "ip6" ":" ip6-network   [ ip6-cidr-length ]
//   include   = "include" ":" domain-spec
//   a / mx    = "a" / "mx" [ ":" domain-spec ] [ dual-cidr-length ]

export interface SpfBuilderInput {
  /** The domain the record is published at (gives `name`); optional for a bare record. */
  domain?: string;
  /** Provider ids (providers.json); each adds `include:<spfInclude>`. */
  providers?: readonly string[];
  /** Custom include domains (`include:` prefix tolerated). */
  includes?: readonly string[];
  /** `a.b.c.d` or `a.b.c.d/len`. */
  ip4?: readonly string[];
  /** RFC 4291 §2.2 text form, optionally `/len`. */
  ip6?: readonly string[];
  /** Add `a` (the domain's own A/AAAA). */
  a?: boolean;
  /** Add `mx` (the domain's MX hosts). */
  mx?: boolean;
  /** Qualifier of the final `all`; `~` when absent (merge: the existing record's). */
  all?: SpfQualifier;
  /**
   * Nested lookups per include domain measured online by the SPF tree analysis; overrides the
   * provider data. Offline, only the data's known costs are used.
   */
  lookupCosts?: Readonly<Record<string, number>>;
}

/** RFC 7208 §4.6.4 lookup count as far as it can be known without evaluating the record. */
export interface SpfLookupCount {
  /** DNS-querying terms written in the record itself (a, mx, ptr, exists, include, redirect). */
  direct: number;
  /** Sum of the known nested costs of its includes (and redirect). */
  nested: number;
  /** `direct + nested`: exact when `unknown` is empty, otherwise a lower bound. */
  total: number;
  /** Include/redirect domains whose nested cost is not known. */
  unknown: string[];
}

export interface SpfBuilt extends BuiltRecord {
  lookups: SpfLookupCount;
}

/** One line of a record diff: the record's terms one per line. */
export interface DiffLine {
  op: 'same' | 'add' | 'remove';
  text: string;
}

export interface SpfMerged extends SpfBuilt {
  /** Existing terms → merged terms (RFC 7208 §4.5: one record, never a second one). */
  diff: DiffLine[];
  /** How many existing `v=spf1` records the merged record replaces. */
  replaces: number;
}

// ── DMARC (RFC 9989 §4.7) ───────────────────────────────────────────────────
//   dmarc-record = dmarc-version *( dmarc-sep dmarc-tag ) [ dmarc-sep ]
//   dmarc-version = "v" *WSP "=" *WSP %s"DMARC1"
//   p / sp / np = "none" / "quarantine" / "reject"
//   adkim / aspf = "r" / "s"        t = "y" / "n"
//   rua / ruf = dmarc-uri *( *WSP "," *WSP dmarc-uri )
//   fo = ( "0" / "1" / "d" / "s" ) *( *WSP ":" *WSP ( "0" / "1" / "d" / "s" ) )

export interface DmarcBuilderInput {
  /** The Author Domain; gives `_dmarc.<domain>` and decides which destinations are external. */
  domain?: string;
  p: DmarcPolicy;
  sp?: DmarcPolicy;
  np?: DmarcPolicy;
  adkim?: DmarcAlignment;
  aspf?: DmarcAlignment;
  /** Aggregate report addresses: `user@host` or `mailto:user@host`. */
  rua?: readonly string[];
  /** Failure report addresses. */
  ruf?: readonly string[];
  fo?: readonly DmarcFailureOption[];
  /** `t=y`: test mode (RFC 9989 replaced `pct` with it). */
  t?: boolean;
}

/**
 * The record a report destination at another domain must publish before reports are sent there
 * (RFC 9990 §4, "Verifying External Destinations"): TXT `v=DMARC1` at
 * `<domain>._report._dmarc.<destination>`. The user usually cannot publish it themselves.
 */
export interface ExternalAuthorization {
  destination: string;
  /** The addresses at this destination, as written in the record. */
  uris: string[];
  record: RecordSuggestion;
}

export interface DmarcBuilt extends BuiltRecord {
  authorizations: ExternalAuthorization[];
}

// ── DKIM (RFC 6376 §3.6.1) ──────────────────────────────────────────────────
//   key-v-tag = %x76 [FWS] "=" [FWS] %x44.4B.49.4D.31      ; "DKIM1"
//   key-k-tag = %x76 [FWS] "=" [FWS] key-k-tag-type          ; "rsa" / "ed25519" (RFC 8463)
//   key-p-tag = %x70 [FWS] "=" [ [FWS] base64string ]
//   selector  = sub-domain *( "." sub-domain )               ; §3.1

export interface DkimBuilderInput {
  selector: string;
  domain: string;
  /** The key as pasted: a whole record, bare base64, or PEM; damage is repaired and listed. */
  key: string;
}

/** One repair applied to a pasted key or selector, as an i18n message. */
export interface DkimRepair {
  kind: string;
  message: MessageRef;
}

export interface DkimBuilt extends BuiltRecord {
  /** The selector as used in the name (repaired when the paste carried `._domainkey…`). */
  selector: string | null;
  repairs: DkimRepair[];
}

// ── Provider setup ──────────────────────────────────────────────────────────

export interface SetupInput {
  providerId: string;
  domain: string;
  /** From the provider's console (Tencent Exmail shows it next to the key). */
  dkimSelector?: string;
  /** TXT providers: the public key as shown (whole record, base64 or PEM). */
  dkimKey?: string;
  /** CNAME providers: the target the console shows for `<selector>._domainkey`. */
  dkimTarget?: string;
  /** The user's own address for aggregate reports (rua). */
  reportAddress?: string;
  /**
   * Services on Amazon SES (SES, Resend) put MX and SPF on a custom MAIL FROM subdomain: its
   * label(s), e.g. `send` (Resend's default when absent).
   */
  mailFromSubdomain?: string;
  /** Value for a `<placeholder>` in the provider's MX hosts other than the domain (e.g. `<region>`). */
  placeholders?: Readonly<Record<string, string>>;
  /** The provider's optional host aliases to include, by name (`mail`, `smtp`…; providers.json). */
  hostAliases?: readonly string[];
}

export type SetupPurpose = 'mx' | 'spf' | 'dkim' | 'dmarc' | 'cname';

/** One record of a provider setup: the suggestion, why it is there, and what is unverified. */
export interface ComposedRecord extends ExportRecord {
  purpose: SetupPurpose;
  reason: MessageRef;
  /** Unverified provider facts this record rests on (empty: none). */
  unverified: string[];
}

export interface SetupResult {
  provider: Provider | null;
  /** The normalized domain, or null when it is invalid. */
  domain: string | null;
  records: ComposedRecord[];
  /** Records other domains must publish for this set to work (external report destinations). */
  authorizations: ExternalAuthorization[];
  /** Problems with the inputs; a record whose inputs are wrong is left out, never guessed. */
  fieldDiagnostics: FieldDiagnostic[];
  /** What the user still has to do or supply (e.g. copy the DKIM key from the console). */
  todo: MessageRef[];
  /** The builders' full results, for their diagnostics and repairs. */
  spf: SpfBuilt | null;
  dmarc: DmarcBuilt | null;
  dkim: DkimBuilt | null;
}
