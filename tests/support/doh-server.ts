// A DNS-over-HTTPS server for tests, the e2e suite and the benchmark: answers from zone data
// (the openspf `zonedata` shape, via zoneResolver) on 127.0.0.1 in the three dialects the app
// speaks, with CORS, injectable faults and added latency. Plain node:http, no system packages.
//
// URL grammar (segments in any order before the endpoint):
//   [/z/<zone-id>] [/fault/<kind>[x<n>]] [/latency/<ms>] [/nocors] [/cache] /dns-query | /resolve
//   GET  …/dns-query?name=&type=   Cloudflare JSON (needs `Accept: application/dns-json`, else 415)
//   GET  …/resolve?name=&type=     Google JSON (no header needed)
//   GET  …/dns-query?dns=<b64url>  RFC 8484 wire;  POST …/dns-query (application/dns-message)
//   `?fault=<kind>` and `?latency=<ms>` work as query parameters too.
// Faults: hang, reset, 400, 403, 404, 429, 500, 502, 503, badjson (garbage body), truncated
// (valid HTTP, body cut in half), empty (200, no body), servfail, refused, nxdomain, formerr.
// `500x2`: the first 2 requests with this fault (per zone id) fail, later ones are answered.
// `/cache`: behave like a recursive resolver's cache (RFC 1035 §3.2.1, RFC 2181 §8): the first answer
// for a (zone id, name, type) is kept and served again, its TTLs counting down, until its smallest
// TTL ends — a negative answer for the SOA's TTL, the zone's `negativeTtl` (RFC 2308 §5) — even
// when the zone was changed meanwhile; then the zone is asked again. Failures are not kept.
// Requests without `/cache` always see the zone as it is now.
// Control API (CORS-enabled, JSON):
//   POST   /_zone/<id>  body: a Zone, or { zone, faults?: {name: kind}, latencyMs?, blackLies?,
//                       authenticated?, signed?: [apex…], negativeTtl? }  → 204
//   DELETE /_zone/<id>;  GET /_stats/<id> → { hits, inFlight, maxInFlight, queries[] };
//   DELETE /_stats/<id> resets them;  GET /_health → "ok".
// Zone id `default` always exists (the `zone` option, else empty).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as packet from '@leichtgewicht/dns-packet';
import type { DnsRecord, DnsResponse, RRType, Zone } from '../../src/lib/dns/model.ts';
import { RR_TYPE_NUMBERS, rrTypeOf } from '../../src/lib/dns/rr-types.ts';
import { zoneResolver, type ZoneResolver } from '../../src/lib/dns/zone-resolver.ts';
import { cloudflareTxt, googleTxt } from './doh-presentation.ts';

export const FAULT_KINDS = [
  'hang',
  'reset',
  '400',
  '403',
  '404',
  '429',
  '500',
  '502',
  '503',
  'badjson',
  'truncated',
  'empty',
  'servfail',
  'refused',
  'nxdomain',
  'formerr',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface ZoneConfig {
  zone: Zone;
  /** Faults by query name (lower case, no trailing dot). */
  faults?: Record<string, FaultKind>;
  /** Added to every answer from this zone. */
  latencyMs?: number;
  /** Answer NODATA where the name does not exist, as Cloudflare-signed zones do. */
  blackLies?: boolean;
  /** Set the AD bit on every answer. */
  authenticated?: boolean;
  /** Signed zone apexes: answers for names at or below them carry the AD bit (zoneResolver `signed`). */
  signed?: string[];
  /** SOA MINIMUM and TTL of negative answers (default 60). */
  negativeTtl?: number;
  /** TTL of every record served (default: the zone resolver's ZONE_TTL, 300). */
  ttl?: number;
}

export interface ZoneStats {
  hits: number;
  inFlight: number;
  maxInFlight: number;
  queries: Array<{ name: string; type: string; dialect: Dialect; path: string }>;
}

export interface DohServerOptions {
  port?: number;
  host?: string;
  zone?: Zone | ZoneConfig;
  /** Added to every request. */
  latencyMs?: number;
  /** The clock of the `/cache` mode, in ms (default `Date.now`); tests move it by hand. */
  now?: () => number;
}

export interface DohServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
  setZone(id: string, zone: Zone | ZoneConfig): void;
  deleteZone(id: string): void;
  stats(id?: string): ZoneStats;
  resetStats(id?: string): void;
}

type Dialect = 'cloudflare' | 'google' | 'wire';

const DEFAULT_ZONE_ID = 'default';
const DEFAULT_NEGATIVE_TTL = 60;
const DNS_JSON = 'application/dns-json';
const DNS_MESSAGE = 'application/dns-message';
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Accept, Content-Type',
  'Access-Control-Max-Age': '600',
};

interface ZoneState {
  config: ZoneConfig;
  resolver: ZoneResolver;
  stats: ZoneStats;
  faultCounts: Map<string, number>;
  /** `/cache` mode: answers kept by `name type`, kept across a change of the zone. */
  cache: Map<string, CachedAnswer>;
}

interface CachedAnswer {
  answer: Answer;
  /** When it was stored (ms, the server's clock) and how many seconds it lives. */
  storedAt: number;
  ttl: number;
}

export function isZoneConfig(body: unknown): body is ZoneConfig {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const zone = (body as { zone?: unknown }).zone;
  // A Zone maps names to arrays, so `zone` holding an object means the wrapped form.
  return zone !== null && typeof zone === 'object' && !Array.isArray(zone);
}

function emptyStats(): ZoneStats {
  return { hits: 0, inFlight: 0, maxInFlight: 0, queries: [] };
}

interface Route {
  zoneId: string;
  fault?: string;
  latencyMs: number;
  cors: boolean;
  cache: boolean;
  endpoint: string;
}

function parseRoute(pathname: string, params: URLSearchParams): Route | null {
  const seg = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const route: Route = { zoneId: DEFAULT_ZONE_ID, latencyMs: 0, cors: true, cache: false, endpoint: '' };
  let i = 0;
  while (i < seg.length - 1) {
    const [key, value] = [seg[i], seg[i + 1]];
    if (key === 'z') route.zoneId = value;
    else if (key === 'fault') route.fault = value;
    else if (key === 'latency') route.latencyMs += Number(value) || 0;
    else if (key === 'nocors' || key === 'cache') {
      if (key === 'nocors') route.cors = false;
      else route.cache = true;
      i += 1;
      continue;
    } else return null;
    i += 2;
  }
  if (i !== seg.length - 1) return null;
  route.endpoint = seg[i];
  if (params.has('fault')) route.fault = params.get('fault') ?? undefined;
  if (params.has('latency')) route.latencyMs += Number(params.get('latency')) || 0;
  return route;
}

function parseFault(spec: string | undefined): { kind: FaultKind; times?: number } | null {
  if (!spec) return null;
  const m = /^([a-z0-9]+?)(?:x(\d+))?$/.exec(spec);
  if (!m || !(FAULT_KINDS as readonly string[]).includes(m[1])) return null;
  return { kind: m[1] as FaultKind, times: m[2] === undefined ? undefined : Number(m[2]) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function readRequestBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function fromBase64url(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

/** The apex a negative answer's SOA is owned by: the shortest zone name above the query name. */
function apexOf(zone: Zone, qname: string): string {
  const names = Object.keys(zone).map((n) => n.replace(/\.$/, '').toLowerCase());
  const above = names
    .filter((n) => qname === n || qname.endsWith(`.${n}`))
    .sort((a, b) => a.length - b.length);
  return above[0] ?? qname.split('.').slice(-2).join('.');
}

interface Answer {
  rcode: number;
  records: DnsRecord[];
  authority: DnsRecord[];
  ad: boolean;
}

const RCODE: Record<string, number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 };

function answerFrom(state: ZoneState, qname: string, response: DnsResponse): Answer {
  const { config } = state;
  let rcode = RCODE[response.status] ?? 2;
  if (rcode === RCODE.NXDOMAIN && config.blackLies) rcode = 0;
  const negative = rcode === RCODE.NXDOMAIN || (rcode === 0 && response.answers.length === 0);
  const authority: DnsRecord[] = [];
  if (negative) {
    const apex = apexOf(config.zone, qname);
    const ttl = config.negativeTtl ?? DEFAULT_NEGATIVE_TTL;
    const data = `ns1.${apex}. hostmaster.${apex}. 2024010101 7200 3600 1209600 ${ttl}`;
    authority.push({ name: apex, type: 'SOA', ttl, data });
  }
  const records =
    config.ttl === undefined ? response.answers : response.answers.map((r) => ({ ...r, ttl: config.ttl! }));
  return { rcode, records, authority, ad: config.authenticated === true || response.authenticated };
}

/** How long a resolver may keep `a`: its smallest TTL; a negative answer's from the SOA (RFC 2308 §5). */
function cacheTtlOf(a: Answer): number | null {
  if (a.rcode !== RCODE.NOERROR && a.rcode !== RCODE.NXDOMAIN) return null;
  const ttls = (a.records.length > 0 ? a.records : a.authority).map((r) => r.ttl);
  return ttls.length > 0 ? Math.min(...ttls) : null;
}

/** A kept answer `elapsed` seconds later: every TTL less by that much (RFC 1035 §3.2.1). */
function agedAnswer(a: Answer, elapsed: number): Answer {
  const age = (r: DnsRecord) => ({ ...r, ttl: Math.max(0, r.ttl - elapsed) });
  return { ...a, records: a.records.map(age), authority: a.authority.map(age) };
}

// ── JSON dialects ────────────────────────────────────────────────────────────

function presentData(r: DnsRecord, dialect: 'cloudflare' | 'google'): string {
  const d = r.data;
  if (Array.isArray(d)) return dialect === 'cloudflare' ? cloudflareTxt(d) : googleTxt(d);
  if (typeof d === 'object') return `${d.preference} ${d.exchange}.`;
  if (r.type === 'CNAME' || r.type === 'PTR' || r.type === 'NS') return `${d}.`;
  return d;
}

function jsonBody(qname: string, qtype: number, a: Answer, dialect: 'cloudflare' | 'google'): string {
  // Google writes owner names with the trailing dot, Cloudflare without.
  const owner = (n: string) => (dialect === 'google' ? `${n}.` : n);
  const rr = (r: DnsRecord) => ({
    name: owner(r.name),
    type: RR_TYPE_NUMBERS[r.type],
    TTL: r.ttl,
    data: presentData(r, dialect),
  });
  const body: Record<string, unknown> = {
    Status: a.rcode,
    TC: false,
    RD: true,
    RA: true,
    AD: a.ad,
    CD: false,
    Question: [{ name: owner(qname), type: qtype }],
  };
  if (a.records.length > 0) body.Answer = a.records.map(rr);
  if (a.authority.length > 0) body.Authority = a.authority.map(rr);
  return JSON.stringify(body);
}

// ── RFC 8484 wire ────────────────────────────────────────────────────────────

const encoder = new TextEncoder();

function wireRecord(r: DnsRecord): packet.Answer {
  const base = { name: r.name, ttl: r.ttl, class: 'IN' as const };
  const d = r.data;
  if (Array.isArray(d)) return { ...base, type: 'TXT', data: d.map((s) => encoder.encode(s)) };
  if (typeof d === 'object')
    return { ...base, type: 'MX', data: { preference: d.preference, exchange: d.exchange } };
  if (r.type === 'SOA') {
    const [mname, rname, serial, refresh, retry, expire, minimum] = d.split(' ');
    const n = (x: string) => Number(x);
    return {
      ...base,
      type: 'SOA',
      data: {
        mname,
        rname,
        serial: n(serial),
        refresh: n(refresh),
        retry: n(retry),
        expire: n(expire),
        minimum: n(minimum),
      },
    };
  }
  if (r.type === 'TLSA') {
    // dns-packet has no TLSA codec: the RDATA octets (RFC 6698 §2.1) go out as they are.
    const [usage, selector, matching, hex = ''] = d.split(' ');
    const bytes = [Number(usage), Number(selector), Number(matching), ...Buffer.from(hex, 'hex')];
    return { ...base, type: 'TLSA', data: new Uint8Array(bytes) } as unknown as packet.Answer;
  }
  if (r.type === 'DNSKEY') {
    const [flags, , algorithm, key = ''] = d.split(' ');
    const data = {
      flags: Number(flags),
      algorithm: Number(algorithm),
      key: new Uint8Array(Buffer.from(key, 'base64')),
    };
    // dns-packet's types say `string` for the key; its codec wants the octets.
    return { ...base, type: 'DNSKEY', data } as unknown as packet.Answer;
  }
  return { ...base, type: r.type as 'A', data: d };
}

function wireBody(query: packet.Packet, a: Answer): Uint8Array {
  const flags =
    packet.RECURSION_DESIRED |
    packet.RECURSION_AVAILABLE |
    (a.ad ? packet.AUTHENTIC_DATA : 0) |
    (a.rcode & 0xf);
  return packet.encode({
    type: 'response',
    id: query.id ?? 0,
    flags,
    questions: query.questions,
    answers: a.records.map(wireRecord),
    authorities: a.authority.map(wireRecord),
  });
}

// ── the server ───────────────────────────────────────────────────────────────

export async function startDohServer(o: DohServerOptions = {}): Promise<DohServer> {
  const zones = new Map<string, ZoneState>();
  const setZone = (id: string, zone: Zone | ZoneConfig) => {
    const config = isZoneConfig(zone) ? zone : { zone };
    zones.set(id, {
      config,
      resolver: zoneResolver(config.zone, { label: 'test-doh', signed: config.signed }),
      stats: zones.get(id)?.stats ?? emptyStats(),
      faultCounts: new Map(),
      // What a caching resolver saw before the change is what it keeps serving.
      cache: zones.get(id)?.cache ?? new Map(),
    });
  };
  const now = o.now ?? Date.now;
  setZone(DEFAULT_ZONE_ID, o.zone ?? {});
  const serverLatency = o.latencyMs ?? 0;

  const send = (
    res: ServerResponse,
    cors: boolean,
    status: number,
    body: string | Uint8Array = '',
    contentType = 'text/plain; charset=utf-8',
  ) => {
    if (res.headersSent || res.destroyed) return;
    const headers: Record<string, string | number> = {
      'Content-Type': contentType,
      'Content-Length': typeof body === 'string' ? Buffer.byteLength(body) : body.length,
      'Cache-Control': 'no-store',
    };
    res.writeHead(status, cors ? { ...headers, ...CORS_HEADERS } : headers);
    res.end(body);
  };

  const control = async (req: IncomingMessage, res: ServerResponse, seg: string[]) => {
    const [what, id = DEFAULT_ZONE_ID] = seg;
    if (what === '_health') return send(res, true, 200, 'ok');
    if (what === '_zone' && req.method === 'POST') {
      let body: unknown;
      try {
        body = JSON.parse((await readRequestBody(req)).toString('utf8'));
      } catch {
        return send(res, true, 400, 'body is not JSON');
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body))
        return send(res, true, 400, 'not a zone');
      setZone(id, body as Zone | ZoneConfig);
      return send(res, true, 204);
    }
    if (what === '_zone' && req.method === 'DELETE') {
      if (id !== DEFAULT_ZONE_ID) zones.delete(id);
      return send(res, true, 204);
    }
    const state = zones.get(id);
    if (what === '_stats' && req.method === 'GET') {
      return send(res, true, 200, JSON.stringify(state?.stats ?? emptyStats()), 'application/json');
    }
    if (what === '_stats' && req.method === 'DELETE') {
      if (state) state.stats = { ...emptyStats(), inFlight: state.stats.inFlight };
      return send(res, true, 204);
    }
    return send(res, true, 404, 'unknown control request');
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const seg = url.pathname.split('/').filter(Boolean);
    if (seg[0]?.startsWith('_')) {
      if (req.method === 'OPTIONS') return send(res, true, 204);
      return control(req, res, seg);
    }
    const route = parseRoute(url.pathname, url.searchParams);
    if (!route) return send(res, true, 404, 'unknown path');
    const cors = route.cors;
    // CORS preflight (RFC 8484 POST and Cloudflare's Accept header do not need one from a
    // browser for GET, but POST with application/dns-message does).
    if (req.method === 'OPTIONS') return send(res, cors, 204);
    const state = zones.get(route.zoneId);
    if (!state) return send(res, cors, 404, `unknown zone id ${route.zoneId}`);

    // Work out the dialect and the question.
    let dialect: Dialect;
    let query: packet.Packet | undefined;
    let qname: string;
    let qtypeName: string;
    let qtypeNumber: number;
    const accept = req.headers.accept ?? '';
    if (route.endpoint === 'resolve' || (route.endpoint === 'dns-query' && url.searchParams.has('name'))) {
      if (req.method !== 'GET') return send(res, cors, 405, 'GET only');
      dialect = route.endpoint === 'resolve' ? 'google' : 'cloudflare';
      // Cloudflare refuses a JSON query without the JSON media type (docs/dns-over-https.md).
      if (dialect === 'cloudflare' && !accept.includes(DNS_JSON) && url.searchParams.get('ct') !== DNS_JSON) {
        return send(res, cors, 415, 'Accept: application/dns-json required');
      }
      qname = (url.searchParams.get('name') ?? '').replace(/\.$/, '').toLowerCase();
      const rawType = url.searchParams.get('type') ?? 'A';
      const type = rrTypeOf(/^\d+$/.test(rawType) ? Number(rawType) : rawType);
      if (!qname || (type === null && !/^\d+$/.test(rawType)))
        return send(res, cors, 400, 'bad name or type');
      qtypeName = type ?? `TYPE${rawType}`;
      qtypeNumber = type ? RR_TYPE_NUMBERS[type] : Number(rawType);
    } else if (route.endpoint === 'dns-query') {
      dialect = 'wire';
      let bytes: Uint8Array;
      if (req.method === 'POST') {
        if (!(req.headers['content-type'] ?? '').includes(DNS_MESSAGE))
          return send(res, cors, 415, 'not a DNS message');
        bytes = new Uint8Array(await readRequestBody(req));
      } else {
        const dns = url.searchParams.get('dns');
        if (!dns) return send(res, cors, 400, 'missing dns or name parameter');
        bytes = fromBase64url(dns);
      }
      try {
        query = packet.decode(bytes);
      } catch {
        return send(res, cors, 400, 'malformed DNS query');
      }
      const q = query.questions?.[0];
      if (!q) return send(res, cors, 400, 'no question');
      qname = q.name.replace(/\.$/, '').toLowerCase();
      qtypeName = String(q.type);
      qtypeNumber = rrTypeOf(q.type) ? RR_TYPE_NUMBERS[rrTypeOf(q.type)!] : 0;
    } else {
      return send(res, cors, 404, 'unknown endpoint');
    }

    const { stats } = state;
    stats.hits++;
    stats.queries.push({ name: qname, type: qtypeName, dialect, path: url.pathname });
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    res.on('close', () => {
      const current = zones.get(route.zoneId)?.stats ?? stats;
      current.inFlight = Math.max(0, current.inFlight - 1);
    });

    const latency = serverLatency + (state.config.latencyMs ?? 0) + route.latencyMs;
    if (latency > 0) await sleep(latency);

    // Faults: by path or parameter, then by query name.
    let fault = parseFault(route.fault);
    if (route.fault && !fault) return send(res, cors, 400, `unknown fault ${route.fault}`);
    if (fault?.times !== undefined) {
      const key = route.fault!;
      const seen = state.faultCounts.get(key) ?? 0;
      state.faultCounts.set(key, seen + 1);
      if (seen >= fault.times) fault = null;
    }
    const byName = state.config.faults?.[qname];
    const kind: FaultKind | undefined = fault?.kind ?? byName;

    const contentType =
      dialect === 'wire' ? DNS_MESSAGE : dialect === 'google' ? 'application/json; charset=UTF-8' : DNS_JSON;
    if (kind === 'hang') return; // the client's timeout has to deal with it
    if (kind === 'reset') return req.socket.destroy();
    if (kind && /^\d{3}$/.test(kind)) return send(res, cors, Number(kind), `fault ${kind}`);
    if (kind === 'badjson') {
      return send(
        res,
        cors,
        200,
        dialect === 'wire' ? new Uint8Array([0xde, 0xad, 0xbe]) : '{"Status": 0, "Answer": [',
        contentType,
      );
    }
    if (kind === 'empty') return send(res, cors, 200, '', contentType);

    let answer: Answer;
    if (kind === 'servfail' || kind === 'refused' || kind === 'nxdomain' || kind === 'formerr') {
      const rcode = { servfail: 2, refused: 5, nxdomain: 3, formerr: 1 }[kind];
      answer = { rcode, records: [], authority: [], ad: false };
    } else {
      const key = `${qname} ${qtypeName}`;
      const kept = route.cache ? state.cache.get(key) : undefined;
      const elapsed = kept ? Math.floor((now() - kept.storedAt) / 1000) : 0;
      if (kept && elapsed < kept.ttl) {
        answer = agedAnswer(kept.answer, elapsed);
      } else {
        const response = await state.resolver.resolve(qname, qtypeName as RRType);
        if (response.status === 'TIMEOUT') return; // zone data says: no answer
        if (response.status === 'ERROR') return send(res, cors, 400, response.error ?? 'bad question');
        answer = answerFrom(state, qname, response);
        if (route.cache) {
          const ttl = cacheTtlOf(answer);
          if (ttl !== null && ttl > 0) state.cache.set(key, { answer, storedAt: now(), ttl });
          else state.cache.delete(key);
        }
      }
    }
    const body =
      dialect === 'wire' ? wireBody(query!, answer) : jsonBody(qname, qtypeNumber, answer, dialect);
    if (kind === 'truncated') {
      const cut =
        typeof body === 'string'
          ? body.slice(0, Math.floor(body.length / 2))
          : body.subarray(0, Math.floor(body.length / 2));
      return send(res, cors, 200, cut, contentType);
    }
    return send(res, cors, 200, body, contentType);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, true, 500, `test server bug: ${String(e)}`));
  });
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const stateOf = (id: string) => zones.get(id);

  return {
    url: `http://${host}:${port}`,
    port,
    setZone,
    deleteZone(id) {
      if (id !== DEFAULT_ZONE_ID) zones.delete(id);
    },
    stats(id = DEFAULT_ZONE_ID) {
      return structuredClone(stateOf(id)?.stats ?? emptyStats());
    },
    resetStats(id = DEFAULT_ZONE_ID) {
      const s = stateOf(id);
      if (s) s.stats = { ...emptyStats(), inFlight: s.stats.inFlight };
    },
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
