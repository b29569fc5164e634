// DoH JSON answers in the shapes the real services send (docs/dns-over-https.md), parsed by parseJsonAnswer and
// by dohJsonResolver over a stub fetch: each dialect's quirks, one row per case.
import { describe, expect, it } from 'vitest';
import { decodeTxtData, dohJsonResolver, parseJsonAnswer, type RRType } from '../../src/lib/index.ts';

const R = 'https://doh.test/dns-query';

describe('TXT data decoding (RFC 1035 §5.1, docs/dns-over-https.md)', () => {
  const rows: Array<{ title: string; spec: string; data: string; strings: string[] }> = [
    {
      title: 'Cloudflare: quoted strings side by side, no blank',
      spec: 'RFC 1035 §3.3.14',
      data: '"v=DKIM1; k=rsa; ""p=MIGfMA0GCSq"',
      strings: ['v=DKIM1; k=rsa; ', 'p=MIGfMA0GCSq'],
    },
    {
      title: 'quoted strings with a blank between',
      spec: 'RFC 1035 §5.1',
      data: '"v=spf1 ip4:192.0.2.0/24" " -all"',
      strings: ['v=spf1 ip4:192.0.2.0/24', ' -all'],
    },
    { title: 'several blanks and a tab', spec: 'RFC 1035 §5.1', data: '"a"  \t "b"', strings: ['a', 'b'] },
    {
      title: 'Google: unquoted, blanks kept',
      spec: 'docs/dns-over-https.md (Google, 2025 report)',
      data: 'v=spf1 include:_spf.google.com ~all',
      strings: ['v=spf1 include:_spf.google.com ~all'],
    },
    {
      title: 'unquoted text keeps a backslash as it is',
      spec: 'docs/dns-over-https.md (unverified)',
      data: 'a\\b',
      strings: ['a\\b'],
    },
    {
      title: 'escaped quote and backslash',
      spec: 'RFC 1035 §5.1',
      data: '"say \\"hi\\" \\\\ ok"',
      strings: ['say "hi" \\ ok'],
    },
    { title: '\\DDD decimal octet', spec: 'RFC 1035 §5.1', data: '"a\\059b\\032c"', strings: ['a;b c'] },
    {
      title: '\\DDD octets form UTF-8 together',
      spec: 'RFC 1035 §5.1',
      data: '"caf\\195\\169 \\233\\130\\174"',
      strings: ['café 邮'],
    },
    { title: 'raw UTF-8 inside quotes', spec: 'RFC 1035 §5.1', data: '"café ✓"', strings: ['café ✓'] },
    { title: '\\X quotes any non-digit', spec: 'RFC 1035 §5.1', data: '"\\a\\;"', strings: ['a;'] },
    { title: 'empty string', spec: 'RFC 1035 §3.3.14', data: '""', strings: [''] },
    {
      title: 'empty string between others',
      spec: 'RFC 1035 §3.3.14',
      data: '"a""""b"',
      strings: ['a', '', 'b'],
    },
    {
      title: 'RFC 3597 generic form',
      spec: 'RFC 3597 §5',
      data: '\\# 6 02 68 69 02 6f 6b',
      strings: ['hi', 'ok'],
    },
    {
      title: 'unbalanced quote: taken as unquoted text, not lost',
      spec: 'RFC 1035 §5.1',
      data: '"v=spf1 -all',
      strings: ['"v=spf1 -all'],
    },
    {
      title: 'a quote inside unquoted text is text',
      spec: 'docs/dns-over-https.md (unverified)',
      data: 'v=DMARC1; p=none; x="y"',
      strings: ['v=DMARC1; p=none; x="y"'],
    },
    {
      title: '\\DDD above 255 is not an octet',
      spec: 'RFC 1035 §5.1',
      data: '"\\300"',
      strings: ['"\\300"'],
    },
  ];
  for (const row of rows) {
    it(`${row.title} (${row.spec})`, () => {
      expect(decodeTxtData(row.data)).toEqual(row.strings);
    });
  }
});

interface FixtureRow {
  title: string;
  spec: string;
  qname: string;
  type: RRType;
  body: unknown;
  expect: Record<string, unknown>;
  /** [name, type, data, ttl] */
  answers?: Array<[string, string, unknown, number]>;
}

const SOA = {
  name: 'example.com.',
  type: 6,
  TTL: 1800,
  data: 'ns1.example.com. dns.example.com. 2024010101 10000 2400 604800 300',
};

const FIXTURES: FixtureRow[] = [
  {
    title: 'Cloudflare DKIM answer, numeric type, two strings',
    spec: 'RFC 6376 §3.6.2.2',
    qname: 'sel._domainkey.example.com',
    type: 'TXT',
    body: {
      Status: 0,
      TC: false,
      RD: true,
      RA: true,
      AD: false,
      CD: false,
      Question: [{ name: 'sel._domainkey.example.com', type: 16 }],
      Answer: [
        { name: 'sel._domainkey.example.com', type: 16, TTL: 3600, data: '"v=DKIM1; k=rsa; ""p=MIIBIjAN"' },
      ],
    },
    expect: { status: 'NOERROR', authenticated: false },
    answers: [['sel._domainkey.example.com', 'TXT', ['v=DKIM1; k=rsa; ', 'p=MIIBIjAN'], 3600]],
  },
  {
    title: 'two TXT records are never joined',
    spec: 'RFC 7208 §4.5',
    qname: 'example.com',
    type: 'TXT',
    body: {
      Status: 0,
      Answer: [
        { name: 'example.com.', type: 16, TTL: 300, data: 'v=spf1 -all' },
        { name: 'example.com.', type: 16, TTL: 300, data: '"google-site-verification=abc"' },
      ],
    },
    expect: { status: 'NOERROR' },
    answers: [
      ['example.com', 'TXT', ['v=spf1 -all'], 300],
      ['example.com', 'TXT', ['google-site-verification=abc'], 300],
    ],
  },
  {
    title: 'MX data "10 mx.example.com." and a null MX',
    spec: 'RFC 7505 §3',
    qname: 'example.com',
    type: 'MX',
    body: {
      Status: 0,
      Answer: [
        { name: 'Example.COM.', type: 15, TTL: 60, data: '10 MX.Example.com.' },
        { name: 'example.com.', type: 15, TTL: 60, data: '0 .' },
      ],
    },
    expect: { status: 'NOERROR' },
    answers: [
      ['example.com', 'MX', { preference: 10, exchange: 'mx.example.com' }, 60],
      ['example.com', 'MX', { preference: 0, exchange: '' }, 60],
    ],
  },
  {
    title: 'type given as mnemonic string is understood too',
    spec: 'RFC 1035 §3.2.2',
    qname: 'example.com',
    type: 'A',
    body: { Status: 0, Answer: [{ name: 'example.com', type: 'A', TTL: 5, data: '192.0.2.1' }] },
    expect: { status: 'NOERROR' },
    answers: [['example.com', 'A', '192.0.2.1', 5]],
  },
  {
    title: 'AAAA normalised to RFC 5952',
    spec: 'RFC 5952 §4',
    qname: 'example.com',
    type: 'AAAA',
    body: {
      Status: 0,
      Answer: [{ name: 'example.com.', type: 28, TTL: 5, data: '2001:0DB8:0000:0000:0000:0000:0000:0001' }],
    },
    expect: { status: 'NOERROR' },
    answers: [['example.com', 'AAAA', '2001:db8::1', 5]],
  },
  {
    title: 'AliDNS: Question as an object, not a list',
    spec: 'docs/dns-over-https.md',
    qname: 'example.com',
    type: 'A',
    body: {
      Status: 0,
      TC: false,
      RD: true,
      RA: true,
      AD: false,
      CD: false,
      Question: { name: 'example.com.', type: 1 },
      Answer: [{ name: 'example.com.', TTL: 600, type: 1, data: '192.0.2.2' }],
    },
    expect: { status: 'NOERROR' },
    answers: [['example.com', 'A', '192.0.2.2', 600]],
  },
  {
    title: 'CNAME chain followed by name; a stray record off the chain is dropped',
    spec: 'RFC 1034 §3.6.2',
    qname: 'www.example.com',
    type: 'A',
    body: {
      Status: 0,
      Answer: [
        { name: 'www.example.com.', type: 5, TTL: 300, data: 'cdn.example.net.' },
        { name: 'unrelated.example.org.', type: 1, TTL: 300, data: '198.51.100.66' },
        { name: 'cdn.example.net.', type: 5, TTL: 60, data: 'edge.example.org.' },
        { name: 'edge.example.org.', type: 1, TTL: 20, data: '192.0.2.3' },
      ],
    },
    expect: { status: 'NOERROR' },
    answers: [
      ['www.example.com', 'CNAME', 'cdn.example.net', 300],
      ['cdn.example.net', 'CNAME', 'edge.example.org', 60],
      ['edge.example.org', 'A', '192.0.2.3', 20],
    ],
  },
  {
    title: 'NXDOMAIN with SOA in Authority',
    spec: 'RFC 2308 §2.1',
    qname: 'nope.example.com',
    type: 'TXT',
    body: { Status: 3, Authority: [SOA] },
    expect: {
      status: 'NXDOMAIN',
      authority: [
        {
          name: 'example.com',
          type: 'SOA',
          ttl: 1800,
          data: 'ns1.example.com dns.example.com 2024010101 10000 2400 604800 300',
        },
      ],
    },
    answers: [],
  },
  {
    title: 'Cloudflare black lie: NODATA (Status 0, no Answer) for a name that does not exist',
    spec: 'RFC 4470 §2',
    qname: 'nope.cf-signed.example',
    type: 'TXT',
    body: { Status: 0, AD: true, Authority: [{ ...SOA, name: 'cf-signed.example' }] },
    expect: { status: 'NOERROR', authenticated: true },
    answers: [],
  },
  {
    title: 'AD bit → authenticated',
    spec: 'RFC 4035 §3.2.3',
    qname: 'example.com',
    type: 'A',
    body: { Status: 0, AD: true, Answer: [{ name: 'example.com', type: 1, TTL: 1, data: '192.0.2.1' }] },
    expect: { status: 'NOERROR', authenticated: true },
  },
  {
    title: 'SERVFAIL with Google’s Comment as the error',
    spec: 'RFC 1035 §4.1.1',
    qname: 'dnssec-failed.org',
    type: 'A',
    body: {
      Status: 2,
      Comment: 'DNSSEC validation failure. Please check http://dnsviz.net/d/dnssec-failed.org/dnssec/.',
    },
    expect: { status: 'SERVFAIL', error: expect.stringContaining('DNSSEC validation failure') },
  },
  {
    title: 'REFUSED',
    spec: 'RFC 1035 §4.1.1',
    qname: 'example.com',
    type: 'A',
    body: { Status: 5 },
    expect: { status: 'REFUSED' },
  },
  {
    title: 'NOTIMP is an ERROR naming the rcode',
    spec: 'RFC 1035 §4.1.1',
    qname: 'example.com',
    type: 'A',
    body: { Status: 4 },
    expect: { status: 'ERROR', error: 'DNS response code NOTIMP' },
  },
  {
    title: 'RRSIG and other unmodelled types are left out',
    spec: 'RFC 4034 §3',
    qname: 'example.com',
    type: 'A',
    body: {
      Status: 0,
      Answer: [
        { name: 'example.com', type: 1, TTL: 1, data: '192.0.2.1' },
        {
          name: 'example.com',
          type: 46,
          TTL: 1,
          data: 'A 13 2 300 20250101000000 20240101000000 1234 example.com. abc=',
        },
      ],
    },
    expect: { status: 'NOERROR' },
    answers: [['example.com', 'A', '192.0.2.1', 1]],
  },
  {
    title: 'SOA answer normalised',
    spec: 'RFC 1035 §3.3.13',
    qname: 'example.com',
    type: 'SOA',
    body: { Status: 0, Answer: [SOA] },
    expect: { status: 'NOERROR' },
    answers: [
      ['example.com', 'SOA', 'ns1.example.com dns.example.com 2024010101 10000 2400 604800 300', 1800],
    ],
  },
  {
    title: 'CAA in presentation and in RFC 3597 generic form',
    spec: 'RFC 8659 §4.1',
    qname: 'example.com',
    type: 'CAA',
    body: {
      Status: 0,
      Answer: [
        { name: 'example.com', type: 257, TTL: 1, data: '0 issue "letsencrypt.org"' },
        // flags 0, tag length 5 "issue", value "pki.goog"
        {
          name: 'example.com',
          type: 257,
          TTL: 1,
          data: '\\# 15 00 05 69 73 73 75 65 70 6b 69 2e 67 6f 6f 67',
        },
      ],
    },
    expect: { status: 'NOERROR' },
    answers: [
      ['example.com', 'CAA', '0 issue "letsencrypt.org"', 1],
      ['example.com', 'CAA', '0 issue "pki.goog"', 1],
    ],
  },
  {
    title: 'TLSA in presentation and generic form',
    spec: 'RFC 6698 §2.2',
    qname: '_25._tcp.mx.example.com',
    type: 'TLSA',
    body: {
      Status: 0,
      Answer: [
        { name: '_25._tcp.mx.example.com', type: 52, TTL: 1, data: '3 1 1 ABCDEF0123' },
        { name: '_25._tcp.mx.example.com', type: 52, TTL: 1, data: '\\# 5 03 01 01 ab cd' },
      ],
    },
    expect: { status: 'NOERROR' },
    answers: [
      ['_25._tcp.mx.example.com', 'TLSA', '3 1 1 abcdef0123', 1],
      ['_25._tcp.mx.example.com', 'TLSA', '3 1 1 abcd', 1],
    ],
  },
  {
    title: 'malformed MX data is left out, not passed on',
    spec: 'RFC 1035 §3.3.9',
    qname: 'example.com',
    type: 'MX',
    body: { Status: 0, Answer: [{ name: 'example.com', type: 15, TTL: 1, data: 'mx.example.com' }] },
    expect: { status: 'NOERROR' },
    answers: [],
  },
  {
    title: 'no numeric Status: bad response',
    spec: 'RFC 8484 §4.2.1',
    qname: 'example.com',
    type: 'A',
    body: { Answer: [] },
    expect: { status: 'ERROR', problem: expect.objectContaining({ code: 'dns/bad-response' }) },
  },
  {
    title: 'a JSON list is not an answer',
    spec: 'RFC 8484 §4.2.1',
    qname: 'example.com',
    type: 'A',
    body: [],
    expect: { status: 'ERROR' },
  },
  {
    title: 'Answer that is not a list is treated as empty',
    spec: 'RFC 8484 §4.2.1',
    qname: 'example.com',
    type: 'A',
    body: { Status: 0, Answer: 'nonsense' },
    expect: { status: 'NOERROR' },
    answers: [],
  },
];

describe('recorded DoH JSON answers (docs/dns-over-https.md)', () => {
  for (const row of FIXTURES) {
    it(`${row.title} (${row.spec})`, () => {
      const r = parseJsonAnswer(row.body, row.qname, row.type, R);
      expect(r).toMatchObject({ resolver: R, ...row.expect });
      if (row.answers) {
        expect(r.answers.map((a) => [a.name, a.type, a.data, a.ttl])).toEqual(row.answers);
      }
    });
  }
});

describe('dohJsonResolver requests (docs/dns-over-https.md "JSON API")', () => {
  function recorder(body: unknown = { Status: 0 }) {
    const calls: Array<{ url: URL; headers: Headers }> = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: new URL(String(input)), headers: new Headers(init?.headers) });
      return new Response(JSON.stringify(body), { status: 200 });
    }) as typeof globalThis.fetch;
    return { calls, fetch };
  }

  it('Cloudflare dialect: Accept: application/dns-json exactly, ?name=&type= mnemonic', async () => {
    const { calls, fetch } = recorder();
    await dohJsonResolver({ endpoint: 'https://cloudflare-dns.com/dns-query', fetch }).resolve(
      'Example.COM.',
      'TXT',
    );
    expect(calls).toHaveLength(1);
    expect(calls[0].headers.get('accept')).toBe('application/dns-json');
    expect([...calls[0].url.searchParams]).toEqual([
      ['name', 'example.com'],
      ['type', 'TXT'],
    ]);
  });

  it('Google dialect: no custom header at all (AliDNS allows CORS only then), numeric type', async () => {
    const { calls, fetch } = recorder();
    await dohJsonResolver({ endpoint: 'https://dns.alidns.com/resolve', dialect: 'google', fetch }).resolve(
      'example.com',
      'MX',
    );
    expect([...calls[0].headers.keys()]).toEqual([]);
    expect(calls[0].url.searchParams.get('type')).toBe('15');
  });

  it('an endpoint with its own query parameters keeps them', async () => {
    const { calls, fetch } = recorder();
    await dohJsonResolver({
      endpoint: 'https://doh.test/resolve?edns_client_subnet=0.0.0.0/0',
      dialect: 'google',
      fetch,
    }).resolve('example.com', 'A');
    expect(calls[0].url.searchParams.get('edns_client_subnet')).toBe('0.0.0.0/0');
    expect(calls[0].url.searchParams.get('name')).toBe('example.com');
  });

  const names: Array<[string, string, string]> = [
    ['trailing dot and case', 'Mail.Example.COM.', 'mail.example.com'],
    ['IDN to punycode', '例子.测试', 'xn--fsqu00a.xn--0zwm56d'],
  ];
  for (const [title, input, sent] of names) {
    it(`query name normalised: ${title} (RFC 5891 §4.4)`, async () => {
      const { calls, fetch } = recorder();
      await dohJsonResolver({ endpoint: R, fetch }).resolve(input, 'A');
      expect(calls[0].url.searchParams.get('name')).toBe(sent);
    });
  }

  const invalid: Array<[string, string, string]> = [
    ['zero-width space', 'exa\u200bmple.com', 'U+200B'],
    ['bidi control', '\u202eexample.com', 'U+202E'],
    ['empty label', 'a..example.com', 'empty label'],
    ['label over 63 octets', `${'a'.repeat(64)}.example.com`, '63 octets'],
    ['empty', '  ', 'empty'],
  ];
  for (const [title, input, mention] of invalid) {
    it(`invalid name refused without a request: ${title} (RFC 1035 §2.3.4)`, async () => {
      const { calls, fetch } = recorder();
      const r = await dohJsonResolver({ endpoint: R, fetch }).resolve(input, 'TXT');
      expect(calls).toHaveLength(0);
      expect(r).toMatchObject({ status: 'ERROR', problem: { code: 'dns/invalid-name', severity: 'error' } });
      expect(r.error).toContain(mention);
    });
  }

  it('a fetch that throws (network, CORS) is an ERROR, never a rejection', async () => {
    const fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof globalThis.fetch;
    const r = await dohJsonResolver({ endpoint: R, fetch }).resolve('example.com', 'A');
    expect(r).toMatchObject({ status: 'ERROR', problem: { code: 'dns/cors-or-network' } });
    expect(r.error).toContain('Failed to fetch');
  });

  it('an endpoint that is not a URL is an ERROR', async () => {
    const r = await dohJsonResolver({ endpoint: 'not a url' }).resolve('example.com', 'A');
    expect(r).toMatchObject({ status: 'ERROR', problem: { code: 'dns/bad-response' } });
  });
});
