// Mail providers and sending services as the composer uses them: MX hosts (RFC 5321 §5.1),
// the SPF include to add (RFC 7208 §5.2) and how they publish DKIM keys (RFC 6376 §3.6.2.1).
// Types only; the data is providers.json (see README.md in this folder).

/**
 * One MX host of a provider.
 *
 *   MX RDATA (RFC 1035 §3.3.9) = PREFERENCE EXCHANGE
 *
 * `host` may hold a per-customer placeholder in angle brackets (`<region>`) when the provider's
 * `mxPattern` is set.
 */
export interface ProviderMx {
  host: string;
  /** RFC 1035 §3.3.9 PREFERENCE: lower values are tried first. */
  priority: number;
}

/** How a provider publishes DKIM keys: a TXT record the customer pastes, or CNAMEs it hosts. */
export type DkimPublishing = 'txt' | 'cname';

export interface ProviderDkim {
  /** As the data states it: selector names, a placeholder, or where to find the selector. */
  selectorHint: string;
  kind: DkimPublishing;
  notes?: string;
  /** Concrete selector names read out of `selectorHint` (none when the hint names no selector). */
  selectors: string[];
}

/** A CNAME a provider documents for webmail, autodiscover and the like (`name` relative to the domain). */
export interface ProviderCname {
  name: string;
  target: string;
  purpose: 'webmail' | 'autodiscover' | 'other';
}

/**
 * A host name a provider asks for beside the mail records (`hostAliases` in providers.json): the
 * web-mail login (`mail`) or a name mail clients connect to (`smtp`, `imap`, `pop3`).
 *
 *   CNAME RDATA (RFC 1035 §3.3.1) = <domain-name>
 */
export interface ProviderHostAlias {
  /** Relative to the domain (`mail` → `mail.<domain>`). */
  name: string;
  type: 'CNAME';
  /** The target host, lower case, no trailing dot. */
  content: string;
  /**
   * `webmail`: HTTP(S) only, Cloudflare may proxy it; `mail-protocol`: SMTP/IMAP/POP, which
   * Cloudflare does not proxy, so it must stay DNS only (docs/cloudflare.md, Cloudflare mistake 1).
   */
  role: 'webmail' | 'mail-protocol';
  /** Cloudflare may proxy the name ("orange cloud"): true for web access only. */
  proxiable: boolean;
  /** The data's own words on proxying ("may be proxied (web access only)"). */
  proxyNote: string;
  notes?: string;
}

/** The DMARC record a provider's console suggests (`dmarcDefault`). */
export interface ProviderDmarcDefault {
  content: string;
  notes?: string;
}

/** The records a provider's facts feed, for saying which record an unverified fact touches. */
export type ProviderArea = 'mx' | 'spf' | 'dkim';

export interface Provider {
  id: string;
  name: string;
  nameZh?: string;
  /** Empty for send-only services. */
  mx: ProviderMx[];
  /** `mx` hosts contain `<placeholder>` parts that differ per customer. */
  mxPattern: boolean;
  /** Hosts older setups still use; recognised, never suggested. */
  mxLegacy: ProviderMx[];
  mxNotes?: string;
  /** MX and SPF belong on a custom MAIL FROM subdomain, not the apex (mail-from.ts). */
  mailFrom?: { suggestedSubdomain?: string };
  /** The domain after `include:`. */
  spfInclude: string;
  spfIncludeAlternatives: string[];
  spfIncludeLegacy?: string;
  /**
   * DNS-querying terms evaluated inside `include:<spfInclude>` (RFC 7208 §4.6.4), where the data
   * gives it; undefined when unknown (offline lookup counts then say they are incomplete).
   */
  spfLookupCost?: number;
  dkim: ProviderDkim;
  /** Webmail/autodiscover CNAMEs the provider documents (none unless the data lists them). */
  cnames: ProviderCname[];
  /** Web-mail and mail-protocol host names the provider asks for (none unless the data lists them). */
  hostAliases: ProviderHostAlias[];
  /** Where `hostAliases` come from, as the data says it. */
  hostAliasesSource?: string;
  dmarcDefault?: ProviderDmarcDefault;
  /** Facts confirmed by a working configuration rather than a page, as the data says it. */
  sources?: string;
  notes?: string;
  /** Some fact could not be confirmed from the vendor's own page, or sources disagreed. */
  unverified: boolean;
  /** What exactly is unverified, as the data says it. */
  unverifiedFields: string[];
  /** `unverifiedFields` sorted by the record they concern; a field naming none concerns all. */
  unverifiedAreas: Record<ProviderArea, string[]>;
  /** Main source. */
  docs: string;
  docsMore: string[];
}

/** A provider recognised from a domain's MX hosts. */
export interface ProviderMatch {
  provider: Provider;
  /** The exchanges (as given) that matched this provider. */
  exchanges: string[];
  /** How the best of them matched: a current host, a `<placeholder>` pattern, or a legacy host. */
  via: 'mx' | 'pattern' | 'legacy';
}
