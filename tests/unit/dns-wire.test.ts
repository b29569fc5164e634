// RFC 8484 wire format: the query dohWireResolver sends, and response messages (built with
// dns-packet the way servers send them) parsed by parseWireAnswer.
import * as packet from '@leichtgewicht/dns-packet';
import { describe, expect, it } from 'vitest';
import { dohWireResolver, parseWireAnswer } from '../../src/lib/index.ts';

const R = 'https://doh.test/dns-query';
const enc = new TextEncoder();

function response(p: Partial<packet.Packet>, rcode = 0, ad = false): Uint8Array {
  return packet.encode({
    type: 'response',
    id: 0,
    flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | (ad ? packet.AUTHENTIC_DATA : 0) | rcode,
    questions: [{ type: 'TXT', name: 'example.com', class: 'IN' }],
    ...p,
  });
}

describe('RFC 8484 query (RFC 8484 §4.1)', () => {
  it('GET ?dns=<base64url, no padding>, Accept: application/dns-message, id 0, RD set (RFC 8484 §4.1.1)', async () => {
    const seen: Array<{ url: URL; headers: Headers }> = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push({ url: new URL(String(input)), headers: new Headers(init?.headers) });
      return new Response(new Uint8Array(response({ answers: [] })), {
        headers: { 'content-type': 'application/dns-message' },
      });
    }) as typeof globalThis.fetch;
    await dohWireResolver({ endpoint: 'https://doh.pub/dns-query', fetch }).resolve('Example.COM.', 'TXT');
    expect(seen).toHaveLength(1);
    const dns = seen[0].url.searchParams.get('dns')!;
    expect(dns).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(seen[0].headers.get('accept')).toBe('application/dns-message');
    const query = packet.decode(
      Uint8Array.from(atob(dns.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)),
    );
    expect(query.id).toBe(0);
    expect(query.flag_rd).toBe(true);
    expect(query.questions).toEqual([{ name: 'example.com', type: 'TXT', class: 'IN' }]);
  });
});

describe('RFC 8484 responses', () => {
  it('TXT character-strings arrive as octets: decoded as UTF-8, kept apart per record (RFC 1035 §3.3.14)', () => {
    const bytes = response({
      answers: [
        { type: 'TXT', name: 'example.com', ttl: 300, data: [enc.encode('v=DKIM1; p='), enc.encode('MIGf')] },
        { type: 'TXT', name: 'example.com', ttl: 300, data: [enc.encode('café "x" \\ 邮件')] },
      ],
    });
    const r = parseWireAnswer(bytes, 'example.com', 'TXT', R);
    expect(r.answers.map((a) => a.data)).toEqual([['v=DKIM1; p=', 'MIGf'], ['café "x" \\ 邮件']]);
  });

  it('MX, CNAME chain and AD bit (RFC 1034 §3.6.2, RFC 4035 §3.2.3)', () => {
    const bytes = response(
      {
        questions: [{ type: 'MX', name: 'www.example.com' }],
        answers: [
          { type: 'CNAME', name: 'WWW.example.com', ttl: 10, data: 'Example.com' },
          { type: 'MX', name: 'example.com', ttl: 20, data: { preference: 5, exchange: 'MX.example.com' } },
        ],
      },
      0,
      true,
    );
    const r = parseWireAnswer(bytes, 'www.example.com', 'MX', R);
    expect(r.authenticated).toBe(true);
    expect(r.answers.map((a) => [a.name, a.type, a.data, a.ttl])).toEqual([
      ['www.example.com', 'CNAME', 'example.com', 10],
      ['example.com', 'MX', { preference: 5, exchange: 'mx.example.com' }, 20],
    ]);
  });

  it('NXDOMAIN with SOA in the authority section (RFC 2308 §2.1)', () => {
    const bytes = response(
      {
        authorities: [
          {
            type: 'SOA',
            name: 'example.com',
            ttl: 900,
            data: {
              mname: 'ns1.example.com',
              rname: 'dns.example.com',
              serial: 1,
              refresh: 2,
              retry: 3,
              expire: 4,
              minimum: 60,
            },
          },
        ],
      },
      3,
    );
    const r = parseWireAnswer(bytes, 'example.com', 'TXT', R);
    expect(r.status).toBe('NXDOMAIN');
    expect(r.authority).toEqual([
      { name: 'example.com', type: 'SOA', ttl: 900, data: 'ns1.example.com dns.example.com 1 2 3 4 60' },
    ]);
  });

  it('CAA and TLSA RDATA (RFC 8659 §4.1, RFC 6698 §2.1)', () => {
    const caa = response({
      questions: [{ type: 'CAA', name: 'example.com' }],
      answers: [
        {
          type: 'CAA',
          name: 'example.com',
          ttl: 1,
          data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' },
        },
      ],
    });
    expect(parseWireAnswer(caa, 'example.com', 'CAA', R).answers[0].data).toBe('0 issue "letsencrypt.org"');
    const tlsa = response({
      questions: [{ type: 'TLSA', name: '_25._tcp.example.com' }],
      answers: [
        { type: 'TLSA', name: '_25._tcp.example.com', ttl: 1, data: new Uint8Array([3, 1, 1, 0xab, 0xcd]) },
      ],
    });
    expect(parseWireAnswer(tlsa, '_25._tcp.example.com', 'TLSA', R).answers[0].data).toBe('3 1 1 abcd');
  });

  const bad: Array<[string, string, Uint8Array]> = [
    ['shorter than a header', 'RFC 1035 §4.1.1', new Uint8Array([0, 0, 0x81])],
    [
      'cut in the middle of a record',
      'RFC 1035 §4.1',
      response({ answers: [{ type: 'A', name: 'example.com', ttl: 1, data: '192.0.2.1' }] }).subarray(0, 40),
    ],
    [
      'a query, not a response (QR clear)',
      'RFC 1035 §4.1.1',
      packet.encode({ type: 'query', id: 0, questions: [{ type: 'TXT', name: 'example.com' }] }),
    ],
    [
      'an answer to another question',
      'RFC 1035 §7.3',
      response({ questions: [{ type: 'TXT', name: 'evil.example' }] }),
    ],
  ];
  for (const [title, spec, bytes] of bad) {
    it(`malformed: ${title} is ERROR dns/bad-response (${spec})`, () => {
      const r = parseWireAnswer(bytes, 'example.com', 'TXT', R);
      expect(r).toMatchObject({ status: 'ERROR', problem: { code: 'dns/bad-response' }, answers: [] });
    });
  }

  it('rcodes: SERVFAIL and REFUSED are statuses, NOTIMP an ERROR (RFC 1035 §4.1.1)', () => {
    expect(parseWireAnswer(response({}, 2), 'example.com', 'TXT', R).status).toBe('SERVFAIL');
    expect(parseWireAnswer(response({}, 5), 'example.com', 'TXT', R).status).toBe('REFUSED');
    const notimp = parseWireAnswer(response({}, 4), 'example.com', 'TXT', R);
    expect([notimp.status, notimp.problem?.code]).toEqual(['ERROR', 'dns/unexpected-rcode']);
  });
});
