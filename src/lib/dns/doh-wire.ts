// DNS over HTTPS in the DNS wire format (RFC 8484): GET `?dns=<base64url query>` with
// `Accept: application/dns-message`, answered in the same format. Encoding and decoding by
// @leichtgewicht/dns-packet (ES module, no Buffer, so it runs in browsers).

import * as packet from '@leichtgewicht/dns-packet';
import { normalizeQueryName } from '../shared/domain-name.ts';
import { followChain } from './answer-chain.ts';
import { dohFetch, platformFetch, readBody, type FetchFunction } from './doh-fetch.ts';
import type { DnsRecord, DnsResponse, ResolveInit, Resolver, RRType } from './model.ts';
import {
  caaFromRdata,
  canonicalIpv6,
  dnskeyFromRdata,
  formatCaa,
  formatDnskey,
  normalizeDataName,
  tlsaFromRdata,
} from './record-data.ts';
import { failure, invalidNameResponse, withRcodeProblem } from './response.ts';
import { rrTypeOf } from './rr-types.ts';
import { decodeCharacterStrings } from './txt-decode.ts';
import { withRetry } from './with-retry.ts';
import { withTimeout } from './with-timeout.ts';

export interface DohWireOptions {
  endpoint: string;
  timeoutMs?: number;
  fetch?: FetchFunction;
  /** Retries after HTTP 429/5xx (default 2). */
  retries?: number;
  retryDelaysMs?: readonly number[];
  /** `resolver` in responses (default: the endpoint). */
  label?: string;
}

/** RFC 8484 §6: the media type of DNS messages over HTTP. */
export const DNS_MESSAGE_MEDIA_TYPE = 'application/dns-message';

/** RFC 8484 §4.1: "the DNS ID in every DNS request" SHOULD be 0, for HTTP cache friendliness. */
const DOH_QUERY_ID = 0;

/** RFC 8484 §4.1.1: base64url (RFC 4648 §5) "with padding characters omitted". */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The query message: id 0, RD set (RFC 1035 §4.1.1), and AD set to ask for the AD bit (RFC 6840 §5.7). */
export function encodeQuery(qname: string, type: RRType): Uint8Array {
  return packet.encode({
    type: 'query',
    id: DOH_QUERY_ID,
    flags: packet.RECURSION_DESIRED | packet.AUTHENTIC_DATA,
    questions: [{ type, name: qname, class: 'IN' }],
  });
}

function dataOf(type: RRType, answer: packet.Answer): DnsRecord['data'] | null {
  const data: unknown = answer.data;
  switch (type) {
    case 'TXT': {
      const parts = Array.isArray(data) ? data : [data];
      return decodeCharacterStrings(
        parts.filter((p): p is Uint8Array | string => typeof p === 'string' || p instanceof Uint8Array),
      );
    }
    case 'MX': {
      const mx = data as { preference?: number; exchange?: string };
      return typeof mx?.exchange === 'string'
        ? { preference: mx.preference ?? 0, exchange: normalizeDataName(mx.exchange) }
        : null;
    }
    case 'A':
      return typeof data === 'string' ? data : null;
    case 'AAAA':
      return typeof data === 'string' ? canonicalIpv6(data) : null;
    case 'CNAME':
    case 'PTR':
    case 'NS':
      return typeof data === 'string' ? normalizeDataName(data) : null;
    case 'SOA': {
      const soa = data as packet.SoaData;
      if (typeof soa?.mname !== 'string') return null;
      const n = [soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum].map((v) => v ?? 0);
      return [normalizeDataName(soa.mname), normalizeDataName(soa.rname), ...n].join(' ');
    }
    case 'CAA': {
      if (data instanceof Uint8Array) return caaFromRdata(data);
      const caa = data as packet.CaaData;
      return typeof caa?.tag === 'string' ? formatCaa(caa.flags ?? 0, caa.tag, caa.value) : null;
    }
    case 'TLSA':
      return data instanceof Uint8Array ? tlsaFromRdata(data) : null;
    case 'DNSKEY': {
      if (data instanceof Uint8Array) return dnskeyFromRdata(data);
      // dns-packet reads the protocol octet itself (it rejects any but 3, RFC 4034 §2.1.2).
      const key = data as { flags?: number; algorithm?: number; key?: unknown };
      return key?.key instanceof Uint8Array
        ? formatDnskey(key.flags ?? 0, 3, key.algorithm ?? 0, key.key)
        : null;
    }
  }
}

function records(section: packet.Answer[] | undefined): DnsRecord[] {
  const out: DnsRecord[] = [];
  for (const answer of section ?? []) {
    const type = rrTypeOf(answer.type);
    if (type === null) continue;
    const data = dataOf(type, answer);
    if (data === null) continue;
    out.push({ name: normalizeDataName(answer.name), type, ttl: answer.ttl ?? 0, data });
  }
  return out;
}

/** A DNS response message → DnsResponse (exported for the fixture tests). */
export function parseWireAnswer(
  bytes: Uint8Array,
  qname: string,
  type: RRType,
  resolver: string,
): DnsResponse {
  const bad = (detail: string) => failure('ERROR', resolver, 'dns/bad-response', detail, { detail });
  let message: packet.Packet;
  try {
    message = packet.decode(bytes);
  } catch (e) {
    return bad(`not a DNS message: ${e instanceof Error ? e.message : String(e)}`);
  }
  // dns-packet reads past the end of a cut message without complaint (as zeros); the length it
  // consumed tells: RFC 1035 §4.1 sections must be complete.
  const used = (packet.decode as { bytes?: number }).bytes;
  if (typeof used !== 'number' || !Number.isFinite(used) || used > bytes.length) {
    return bad('DNS message cut short');
  }
  if (message.type !== 'response') return bad('not a DNS response (QR bit clear)');
  const question = message.questions?.[0];
  if (question && normalizeDataName(question.name) !== qname) {
    return bad(`answers another question (${question.name})`);
  }
  const rcode = String(message.rcode ?? 'NOERROR');
  if (!['NOERROR', 'SERVFAIL', 'NXDOMAIN', 'REFUSED'].includes(rcode)) {
    return failure('ERROR', resolver, 'dns/unexpected-rcode', `DNS response code ${rcode}`, { rcode });
  }
  const response: DnsResponse = {
    status: rcode as DnsResponse['status'],
    answers: followChain(qname, type, records(message.answers)),
    authenticated: message.flag_ad === true,
    resolver,
  };
  const authority = records(message.authorities);
  if (authority.length > 0) response.authority = authority;
  return withRcodeProblem(response);
}

function baseWireResolver(o: DohWireOptions, label: string): Resolver {
  const fetchFn = o.fetch ?? platformFetch;
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
      url.searchParams.set('dns', base64url(encodeQuery(qname, type)));
      const headers = { Accept: DNS_MESSAGE_MEDIA_TYPE };
      const fetched = await dohFetch(fetchFn, url.href, { headers, signal: init.signal }, label);
      if (!fetched.ok) return fetched.response;
      const body = await readBody(() => fetched.response.arrayBuffer(), init.signal, label);
      if (!body.ok) return body.response;
      return parseWireAnswer(new Uint8Array(body.body), qname, type, label);
    },
  };
}

/** A Resolver over an RFC 8484 endpoint, with a time budget per query and retries on 429/5xx. */
export function dohWireResolver(o: DohWireOptions): Resolver {
  const label = o.label ?? o.endpoint;
  const retried = withRetry(baseWireResolver(o, label), {
    retries: o.retries,
    delaysMs: o.retryDelaysMs,
    label,
  });
  return withTimeout(retried, { timeoutMs: o.timeoutMs, label });
}
