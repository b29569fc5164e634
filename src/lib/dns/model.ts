// The Resolver seam (docs/public-api.md): one small interface; NXDOMAIN, SERVFAIL,
// timeouts and HTTP failures are data, never exceptions.

import type { Diagnostic } from '../diagnostics/model.ts';

export type RRType = 'A' | 'AAAA' | 'MX' | 'TXT' | 'CNAME' | 'PTR' | 'NS' | 'SOA' | 'CAA' | 'TLSA' | 'DNSKEY';

export interface MxData {
  preference: number;
  exchange: string;
}

export interface DnsRecord {
  /** Owner name, lower case, no trailing dot. */
  name: string;
  type: RRType;
  ttl: number;
  /** TXT: the record's character-strings, decoded and kept apart. MX: preference + exchange.
   *  Everything else: presentation text (names without trailing dot). */
  data: string | string[] | MxData;
  /** Set by the dry run's planResolver (src/lib/plan): this record is planned, not yet published. */
  planned?: boolean;
}

export type DnsStatus = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED' | 'TIMEOUT' | 'ERROR';

export interface DnsResponse {
  status: DnsStatus;
  /** In answer order: CNAMEs under their own names first, then the final records. */
  answers: DnsRecord[];
  /** The AD bit. */
  authenticated: boolean;
  /** Which resolver answered (endpoint or a label such as `zone`). */
  resolver: string;
  /** Readable reason for TIMEOUT / ERROR (and HTTP details). */
  error?: string;
  /** The same reason as a catalog diagnostic (`dns/timeout`, `dns/http-error`…), for the UI's
   *  localized message. Added by the DoH layer. */
  problem?: Diagnostic;
  /** HTTP status of the DoH response when it was not 200 (decides retries, shown to users). */
  httpStatus?: number;
  /** How long the server asked us to wait before asking again (`Retry-After` on a 429 or 503,
   *  RFC 9110 §10.2.3), in milliseconds. */
  retryAfterMs?: number;
  /** Authority section records we understand (the SOA of a negative answer: RFC 2308 §5
   *  caches NXDOMAIN/NODATA for min(SOA TTL, SOA MINIMUM)). */
  authority?: DnsRecord[];
  /** Resolvers tried before this one answered (fallbackResolver), with why each was passed over:
   *  the status, the HTTP status if there was one, and the reason (text and catalog diagnostic). */
  fallbackFrom?: Array<{
    resolver: string;
    status: DnsStatus;
    error?: string;
    httpStatus?: number;
    problem?: Diagnostic;
  }>;
}

export interface ResolveInit {
  signal?: AbortSignal;
}

export interface Resolver {
  resolve(name: string, type: RRType, init?: ResolveInit): Promise<DnsResponse>;
}

/** The `zonedata` shape of the openspf suite (conformance/spf/FORMAT.md §4). */
export type ZoneEntry =
  | { A: string }
  | { AAAA: string }
  | { TXT: string | string[] }
  | { SPF: string | string[] }
  | { MX: [number, string] }
  | { CNAME: string }
  | { PTR: string }
  | { NS: string }
  /** Presentation form: `mname rname serial refresh retry expire minimum`. */
  | { SOA: string }
  /** Presentation form: `usage selector matching-type hex` (RFC 6698 §2.2). */
  | { TLSA: string }
  /** Presentation form: `flags protocol algorithm base64` (RFC 4034 §2.2). */
  | { DNSKEY: string }
  | 'TIMEOUT'
  | 'SERVFAIL';

export type Zone = Record<string, ZoneEntry[]>;
