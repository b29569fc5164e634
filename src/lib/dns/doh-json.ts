// DNS over HTTPS, JSON API: Cloudflare (`/dns-query`, header `Accept: application/dns-json`)
// and Google (`/resolve`, no custom header, which AliDNS's `/resolve` also needs to allow CORS).
// Neither is standardised (RFC 8427 describes a similar JSON form); the facts relied on are in
// docs/dns-over-https.md. Answers are normalised into the shapes the zone resolver and wire client produce.

import { normalizeQueryName } from '../shared/domain-name.ts';
import { followChain } from './answer-chain.ts';
import { dohFetch, platformFetch, readBody, type FetchFunction } from './doh-fetch.ts';
import type { DnsRecord, DnsResponse, ResolveInit, Resolver, RRType } from './model.ts';
import { normalizeDataName, parsePresentationData } from './record-data.ts';
import { failure, invalidNameResponse, withRcodeProblem } from './response.ts';
import { rcodeName, RR_TYPE_NUMBERS, rrTypeOf, statusOfRcode } from './rr-types.ts';
import { withRetry } from './with-retry.ts';
import { withTimeout } from './with-timeout.ts';

export type JsonDialect = 'cloudflare' | 'google';

export interface DohJsonOptions {
  endpoint: string;
  /** `cloudflare` (default): sends `Accept: application/dns-json`; `google`: sends no header. */
  dialect?: JsonDialect;
  timeoutMs?: number;
  fetch?: FetchFunction;
  /** Retries after HTTP 429/5xx (default 2). */
  retries?: number;
  retryDelaysMs?: readonly number[];
  /** `resolver` in responses (default: the endpoint). */
  label?: string;
}

/** Cloudflare answers 400/415 without exactly this header (docs/dns-over-https.md). */
export const DNS_JSON_MEDIA_TYPE = 'application/dns-json';

interface JsonRecord {
  name?: unknown;
  type?: unknown;
  TTL?: unknown;
  data?: unknown;
}

function records(section: unknown): DnsRecord[] {
  if (!Array.isArray(section)) return [];
  const out: DnsRecord[] = [];
  for (const raw of section as JsonRecord[]) {
    if (raw === null || typeof raw !== 'object') continue;
    const type = rrTypeOf(raw.type);
    if (type === null || typeof raw.name !== 'string' || typeof raw.data !== 'string') continue;
    const data = parsePresentationData(type, raw.data);
    if (data === null) continue;
    const ttl = Number(raw.TTL);
    out.push({ name: normalizeDataName(raw.name), type, ttl: Number.isFinite(ttl) ? ttl : 0, data });
  }
  return out;
}

/** The JSON body of an answer → DnsResponse (exported for the recorded-fixture tests). */
export function parseJsonAnswer(body: unknown, qname: string, type: RRType, resolver: string): DnsResponse {
  const bad = (detail: string) => failure('ERROR', resolver, 'dns/bad-response', detail, { detail });
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return bad('not a JSON object');
  const json = body as Record<string, unknown>;
  if (typeof json.Status !== 'number') return bad('no numeric "Status"');
  const status = statusOfRcode(json.Status);
  if (status === null) {
    const rcode = rcodeName(json.Status);
    return failure('ERROR', resolver, 'dns/unexpected-rcode', `DNS response code ${rcode}`, { rcode });
  }
  // AliDNS has been seen sending `Question` as an object instead of a list: tolerated, unused.
  const response: DnsResponse = {
    status,
    // An NXDOMAIN at the end of a CNAME chain still lists the chain (RFC 6604 §3).
    answers: followChain(qname, type, records(json.Answer)),
    authenticated: json.AD === true,
    resolver,
  };
  const authority = records(json.Authority);
  if (authority.length > 0) response.authority = authority;
  // Google explains failures in `Comment` (e.g. a DNSSEC validation failure behind a SERVFAIL).
  if (status !== 'NOERROR' && typeof json.Comment === 'string') response.error = json.Comment;
  return withRcodeProblem(response);
}

function baseJsonResolver(o: DohJsonOptions, label: string): Resolver {
  const fetchFn = o.fetch ?? platformFetch;
  const dialect = o.dialect ?? 'cloudflare';
  return {
    async resolve(name: string, type: RRType, init: ResolveInit = {}): Promise<DnsResponse> {
      const normalized = normalizeQueryName(name);
      if (!normalized.ok) return invalidNameResponse(label, name, normalized.problem);
      const qname = normalized.name;
      let url: URL;
      try {
        url = new URL(o.endpoint);
      } catch {
        const detail = `endpoint is not a URL: ${o.endpoint}`;
        return failure('ERROR', label, 'dns/bad-response', detail, { detail });
      }
      url.searchParams.set('name', qname);
      // Google documents numeric types; AliDNS's examples use them too. Cloudflare takes either.
      url.searchParams.set('type', dialect === 'google' ? String(RR_TYPE_NUMBERS[type]) : type);
      // Google/AliDNS: no custom header, so the GET stays a CORS "simple request" (no preflight).
      const headers: Record<string, string> = dialect === 'cloudflare' ? { Accept: DNS_JSON_MEDIA_TYPE } : {};
      const fetched = await dohFetch(fetchFn, url.href, { headers, signal: init.signal }, label);
      if (!fetched.ok) return fetched.response;
      const text = await readBody(() => fetched.response.text(), init.signal, label);
      if (!text.ok) return text.response;
      let body: unknown;
      try {
        body = JSON.parse(text.body);
      } catch {
        const detail = `not JSON: ${JSON.stringify(text.body.slice(0, 60))}`;
        return failure('ERROR', label, 'dns/bad-response', detail, { detail });
      }
      return parseJsonAnswer(body, qname, type, label);
    },
  };
}

/** A Resolver over a DoH JSON endpoint, with a time budget per query and retries on 429/5xx. */
export function dohJsonResolver(o: DohJsonOptions): Resolver {
  const label = o.label ?? o.endpoint;
  const retried = withRetry(baseJsonResolver(o, label), {
    retries: o.retries,
    delaysMs: o.retryDelaysMs,
    label,
  });
  return withTimeout(retried, { timeoutMs: o.timeoutMs, label });
}
