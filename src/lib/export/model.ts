// What the composer hands to every export format (docs/public-api.md). Types only.
//
//   RR (RFC 1035 §3.2.1) = NAME TYPE CLASS TTL RDATA
//   MX RDATA (§3.3.9)    = PREFERENCE EXCHANGE
//   TXT RDATA (§3.3.14)  = 1*<character-string>   ; each ≤ 255 octets
//   CNAME RDATA (§3.3.1) = <domain-name>

/** One record to publish (docs/public-api.md: exactly this shape). */
export interface RecordSuggestion {
  type: 'MX' | 'TXT' | 'CNAME';
  /** Fully qualified owner name, lower case, without the trailing dot: `_dmarc.example.com`. */
  name: string;
  /**
   * MX: the exchange host; CNAME: the target host (both without trailing dot). TXT: the whole
   * value as SPF/DKIM/DMARC read it, unsplit and unquoted; each export splits and quotes it.
   */
  content: string;
  /** MX only: RFC 1035 §3.3.9 PREFERENCE. */
  priority?: number;
  /** Seconds; absent means "the DNS host's default" (Cloudflare: Auto). */
  ttl?: number;
}

/**
 * A suggestion with the notes exports carry along: the provider facts it rests on that could not
 * be verified (every export keeps this mark), and an optional free-text comment.
 */
export interface ExportRecord extends RecordSuggestion {
  /** Unverified provider facts this record rests on; empty or absent when none. */
  unverified?: readonly string[];
  comment?: string;
  /** Cloudflare may proxy this name (a web-mail alias: web access only). Exports still publish
   *  it DNS only, which always works; only the "never proxy" warning is left out. */
  proxiable?: boolean;
}
