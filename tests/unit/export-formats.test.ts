// Export formats from RecordSuggestion[] + zone: Cloudflare form rows, BIND zone fragment (re-parsed
// here by a small zone-line parser), Cloudflare API bodies, curl, dnscontrol (evaluated with stub
// functions) and the Alibaba Cloud DNS / DNSPod host-record convention.
import { describe, expect, it } from 'vitest';
import {
  toBindZone,
  toCloudflareApi,
  toCloudflareRows,
  toCurl,
  toDnscontrol,
  toHostRecords,
  type ExportRecord,
} from '../../src/lib/index.ts';
import { recordsOutsideZone } from '../../src/lib/export/zone-scope.ts';
import { splitTxt, utf8Length } from '../../src/lib/shared/txt.ts';

// A 2048-bit RSA key's record is ~410 characters: more than one character-string.
const LONG_KEY = `v=DKIM1; k=rsa; p=${'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'}${'x'.repeat(330)}IDAQAB`;

const RECORDS: ExportRecord[] = [
  { type: 'MX', name: 'chiqio.com', content: 'mxbiz1.qq.com', priority: 5 },
  { type: 'MX', name: 'chiqio.com', content: 'mxbiz2.qq.com', priority: 10 },
  { type: 'TXT', name: 'chiqio.com', content: 'v=spf1 include:spf.mail.qq.com ~all' },
  { type: 'TXT', name: 'lokg123._domainkey.chiqio.com', content: LONG_KEY, unverified: ['dkim'] },
  { type: 'TXT', name: '_dmarc.chiqio.com', content: 'v=DMARC1; p=none; rua=mailto:dmarc@chiqio.com' },
  { type: 'CNAME', name: 'mail.chiqio.com', content: 'exmail.qq.com', ttl: 600 },
];

// ── a small zone-file line parser (RFC 1035 §5.1), only what the export writes ──────────────
interface ZoneLine {
  name: string;
  ttl: number;
  cls: string;
  type: string;
  rdata: string;
}

function parseZoneLines(text: string): ZoneLine[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith(';'))
    .map((l) => {
      const m = /^(\S+)\s+(\d+)\s+(IN)\s+(MX|TXT|CNAME)\s+(.*)$/.exec(l);
      if (!m) throw new Error(`not a zone line: ${l}`);
      return { name: m[1], ttl: Number(m[2]), cls: m[3], type: m[4], rdata: m[5] };
    });
}

/** `"a" "b\"c" "\228\184\173"` → the decoded character-strings (each as UTF-8 text and octets). */
function parseCharacterStrings(rdata: string): { text: string; octets: number }[] {
  const out: { text: string; octets: number }[] = [];
  let i = 0;
  while (i < rdata.length) {
    if (rdata[i] === ' ') {
      i++;
      continue;
    }
    if (rdata[i] !== '"') throw new Error(`unquoted data at ${i}: ${rdata}`);
    i++;
    const bytes: number[] = [];
    while (rdata[i] !== '"') {
      if (i >= rdata.length) throw new Error('unterminated string');
      if (rdata[i] === '\\') {
        const ddd = /^\d{3}/.exec(rdata.slice(i + 1));
        if (ddd) {
          bytes.push(Number(ddd[0]));
          i += 4;
        } else {
          bytes.push(rdata.charCodeAt(i + 1));
          i += 2;
        }
      } else {
        const code = rdata.charCodeAt(i);
        if (code < 0x20 || code > 0x7e) throw new Error('non-ASCII octet written raw');
        bytes.push(code);
        i++;
      }
    }
    i++;
    out.push({ text: new TextDecoder().decode(new Uint8Array(bytes)), octets: bytes.length });
  }
  return out;
}

describe('Cloudflare form rows', () => {
  const rows = toCloudflareRows(RECORDS, 'chiqio.com');
  it('names are relative to the zone, @ for the apex', () => {
    expect(rows.map((r) => r.name)).toEqual(['@', '@', '@', 'lokg123._domainkey', '_dmarc', 'mail']);
  });
  it('TXT content is whole and unquoted (the dashboard quotes it)', () => {
    expect(rows[3].content).toBe(LONG_KEY);
    expect(rows[2].content).toBe('v=spf1 include:spf.mail.qq.com ~all');
  });
  it('MX carries its priority; TTL Auto unless given; always DNS only', () => {
    expect(rows[0]).toMatchObject({ type: 'MX', content: 'mxbiz1.qq.com', priority: 5, ttl: 'Auto' });
    expect(rows[2].priority).toBeUndefined();
    expect(rows[5].ttl).toBe(600);
    expect(rows.every((r) => r.proxyStatus === 'DNS only')).toBe(true);
  });
  it('flags the never-proxy warning on CNAMEs and on MX hosts inside the zone', () => {
    expect(rows.map((r) => r.neverProxy)).toEqual([false, false, false, false, false, true]);
    const inZone = toCloudflareRows(
      [{ type: 'MX', name: 'example.com', content: 'mail.example.com', priority: 10 }],
      'example.com',
    );
    expect(inZone[0].neverProxy).toBe(true);
  });
  it('keeps the unverified mark', () => {
    expect(rows[3].unverified).toEqual(['dkim']);
    expect(rows[0].unverified).toEqual([]);
  });
});

describe('BIND zone fragment (RFC 1035 §5.1)', () => {
  const text = toBindZone(RECORDS, 'chiqio.com');
  const lines = parseZoneLines(text);

  it('writes one line per record: absolute names with the trailing dot, IN, a TTL', () => {
    expect(lines.map((l) => [l.name, l.type])).toEqual([
      ['chiqio.com.', 'MX'],
      ['chiqio.com.', 'MX'],
      ['chiqio.com.', 'TXT'],
      ['lokg123._domainkey.chiqio.com.', 'TXT'],
      ['_dmarc.chiqio.com.', 'TXT'],
      ['mail.chiqio.com.', 'CNAME'],
    ]);
    expect(lines.every((l) => l.cls === 'IN')).toBe(true);
    expect(lines.map((l) => l.ttl)).toEqual([3600, 3600, 3600, 3600, 3600, 600]);
  });

  it('MX: preference and absolute exchange (RFC 1035 §3.3.9)', () => {
    expect(lines[0].rdata).toBe('5 mxbiz1.qq.com.');
    expect(lines[1].rdata).toBe('10 mxbiz2.qq.com.');
    expect(lines[5].rdata).toBe('exmail.qq.com.');
  });

  it('TXT: ≤255-octet quoted strings that join back to the content (RFC 1035 §3.3.14)', () => {
    for (const [i, record] of [
      [2, RECORDS[2]],
      [3, RECORDS[3]],
      [4, RECORDS[4]],
    ] as const) {
      const strings = parseCharacterStrings(lines[i].rdata);
      expect(strings.map((s) => s.text).join('')).toBe(record.content);
      for (const s of strings) expect(s.octets).toBeLessThanOrEqual(255);
    }
    expect(parseCharacterStrings(lines[3].rdata).length).toBe(2);
  });

  it('escapes quotes, backslashes and non-ASCII octets, and they decode back', () => {
    const content = 'say "hi" \\ 中文 é';
    const text = toBindZone([{ type: 'TXT', name: 'x.example.com', content }], 'example.com');
    const [line] = parseZoneLines(text);
    expect(line.rdata).toBe('"say \\"hi\\" \\\\ \\228\\184\\173\\230\\150\\135 \\195\\169"');
    expect(
      parseCharacterStrings(line.rdata)
        .map((s) => s.text)
        .join(''),
    ).toBe(content);
    expect(/^[\x20-\x7e\n\t]*$/.test(text)).toBe(true);
  });

  it('splits multi-byte text by octets, never inside a character', () => {
    const content = 'é'.repeat(200); // 400 octets
    const [line] = parseZoneLines(toBindZone([{ type: 'TXT', name: 'example.com', content }], 'example.com'));
    const strings = parseCharacterStrings(line.rdata);
    expect(strings.map((s) => s.octets)).toEqual(splitTxt(content).map(utf8Length));
    expect(strings.map((s) => s.text).join('')).toBe(content);
  });

  it('marks unverified records with a comment and skips records outside the zone', () => {
    expect(text).toContain('; unverified provider data: dkim\nlokg123._domainkey.chiqio.com.');
    const skipped = toBindZone(
      [{ type: 'TXT', name: 'chiqio.com._report._dmarc.qq.com', content: 'v=DMARC1' }],
      'chiqio.com',
    );
    expect(parseZoneLines(skipped)).toEqual([]);
    expect(skipped).toContain('; skipped chiqio.com._report._dmarc.qq.com. TXT: not in zone chiqio.com.');
  });
});

describe('Cloudflare API bodies (POST /zones/{zone_id}/dns_records)', () => {
  const requests = toCloudflareApi(RECORDS, 'chiqio.com');
  it('have exactly the documented fields: type, name (FQDN), content, ttl 1, proxied false, priority for MX', () => {
    for (const r of requests) {
      expect(r.method).toBe('POST');
      expect(r.path).toBe('/zones/{zone_id}/dns_records');
      const keys = Object.keys(r.body).sort();
      const allowed = ['comment', 'content', 'name', 'priority', 'proxied', 'ttl', 'type'];
      expect(keys.every((k) => allowed.includes(k))).toBe(true);
      expect(r.body.proxied).toBe(false);
      expect(JSON.parse(r.json)).toEqual(r.body);
    }
    expect(requests[0].body).toEqual({
      type: 'MX',
      name: 'chiqio.com',
      content: 'mxbiz1.qq.com',
      ttl: 1,
      proxied: false,
      priority: 5,
    });
    expect(requests[5].body).toEqual({
      type: 'CNAME',
      name: 'mail.chiqio.com',
      content: 'exmail.qq.com',
      ttl: 600,
      proxied: false,
    });
  });
  it('TXT content is quoted character-strings of ≤255 bytes', () => {
    expect(requests[2].body.content).toBe('"v=spf1 include:spf.mail.qq.com ~all"');
    const strings = parseCharacterStrings(requests[3].body.content);
    expect(strings.length).toBe(2);
    expect(strings.map((s) => s.text).join('')).toBe(LONG_KEY);
  });
  it('carries the unverified mark in the comment (≤100 characters)', () => {
    expect(requests[3].body.comment).toBe('unverified provider data: dkim');
    const long = toCloudflareApi([{ ...RECORDS[2], unverified: ['x'.repeat(200)] }], 'chiqio.com');
    expect(long[0].body.comment!.length).toBe(100);
  });
  it('leaves out records outside the zone', () => {
    expect(toCloudflareApi([{ type: 'TXT', name: 'a.qq.com', content: 'v=DMARC1' }], 'chiqio.com')).toEqual(
      [],
    );
  });
});

/** Reads the words of a POSIX shell line: '…' literal, "…" with $VAR kept as written. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      word += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      const end = line.indexOf('"', i + 1);
      word += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '\\') {
      word += line[++i];
      inWord = true;
    } else if (c === ' ') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

describe('curl commands', () => {
  const text = toCurl(RECORDS, 'chiqio.com');
  it('use the token and zone placeholders, never a secret', () => {
    expect(text).toContain('--header "Authorization: Bearer $CLOUDFLARE_API_TOKEN"');
    expect(text).toContain('"https://api.cloudflare.com/client/v4/zones/$CLOUDFLARE_ZONE_ID/dns_records"');
    expect(text.match(/^curl /gm)!.length).toBe(RECORDS.length);
  });
  it('send exactly the API body, shell-quoted (also with a single quote in the content)', () => {
    const records: ExportRecord[] = [
      ...RECORDS,
      { type: 'TXT', name: 'q.chiqio.com', content: "it's $HOME" },
    ];
    const commands = toCurl(records, 'chiqio.com')
      .replace(/\\\n/g, '')
      .split('\n')
      .filter((l) => l.startsWith('curl '));
    const bodies = toCloudflareApi(records, 'chiqio.com').map((r) => r.body);
    commands.forEach((command, i) => {
      const words = shellWords(command);
      expect(JSON.parse(words[words.indexOf('--data') + 1])).toEqual(bodies[i]);
    });
  });
});

describe('dnscontrol snippet', () => {
  /** Runs dnsconfig.js with stub functions and returns what D() received. */
  function evaluate(js: string) {
    const calls: unknown[] = [];
    const stubs = {
      NewRegistrar: (n: string) => `reg:${n}`,
      NewDnsProvider: (n: string) => `dsp:${n}`,
      DnsProvider: (d: string) => ({ provider: d }),
      MX: (name: string, prio: number, target: string, ...m: unknown[]) => ({
        type: 'MX',
        name,
        prio,
        target,
        m,
      }),
      TXT: (name: string, value: string, ...m: unknown[]) => ({ type: 'TXT', name, value, m }),
      CNAME: (name: string, target: string, ...m: unknown[]) => ({ type: 'CNAME', name, target, m }),
      TTL: (n: number) => ({ ttl: n }),
      CF_PROXY_OFF: 'CF_PROXY_OFF',
      D: (...args: unknown[]) => calls.push(args),
    };
    new Function(...Object.keys(stubs), js)(...Object.values(stubs));
    return calls as unknown[][];
  }

  it('is valid JavaScript declaring one D() with every record', () => {
    const text = toDnscontrol(RECORDS, 'chiqio.com');
    const [d] = evaluate(text);
    expect(d.slice(0, 3)).toEqual(['chiqio.com', 'reg:none', { provider: 'dsp:cloudflare' }]);
    expect(d.slice(3)).toEqual([
      { type: 'MX', name: '@', prio: 5, target: 'mxbiz1.qq.com.', m: [] },
      { type: 'MX', name: '@', prio: 10, target: 'mxbiz2.qq.com.', m: [] },
      { type: 'TXT', name: '@', value: 'v=spf1 include:spf.mail.qq.com ~all', m: [] },
      { type: 'TXT', name: 'lokg123._domainkey', value: LONG_KEY, m: [] },
      { type: 'TXT', name: '_dmarc', value: 'v=DMARC1; p=none; rua=mailto:dmarc@chiqio.com', m: [] },
      { type: 'CNAME', name: 'mail', target: 'exmail.qq.com.', m: ['CF_PROXY_OFF', { ttl: 600 }] },
    ]);
  });
  it('warns that dnscontrol owns the whole zone, marks unverified records', () => {
    const text = toDnscontrol(RECORDS, 'chiqio.com');
    expect(text).toContain('deletes every other record of the zone');
    expect(text).toContain('// unverified provider data: dkim\n    TXT("lokg123._domainkey"');
  });
  it('stays valid when the last record is skipped or quotes need escaping', () => {
    const text = toDnscontrol(
      [
        { type: 'TXT', name: 'example.com', content: 'a "quoted" \\ value' },
        { type: 'TXT', name: 'other.org', content: 'v=DMARC1' },
      ],
      'example.com',
    );
    const [d] = evaluate(text);
    expect(d.slice(3)).toEqual([{ type: 'TXT', name: '@', value: 'a "quoted" \\ value', m: [] }]);
  });
});

describe('host records (Alibaba Cloud DNS, DNSPod)', () => {
  const rows = toHostRecords(RECORDS, 'chiqio.com');
  it('主机记录 relative (@, _dmarc), 记录值 as is, MX 优先级, TTL 600', () => {
    expect(rows.map((r) => r.host)).toEqual(['@', '@', '@', 'lokg123._domainkey', '_dmarc', 'mail']);
    expect(rows[0]).toEqual({
      type: 'MX',
      host: '@',
      value: 'mxbiz1.qq.com',
      priority: 5,
      ttl: 600,
      unverified: [],
    });
    expect(rows[3].value).toBe(LONG_KEY);
    expect(rows[3].unverified).toEqual(['dkim']);
    expect(rows[5].ttl).toBe(600);
  });
  it('a full name is never written into the host field', () => {
    for (const r of rows) expect(r.host.endsWith('chiqio.com')).toBe(false);
  });
});

describe('zone scope', () => {
  it('IDN and trailing-dot zones match their records', () => {
    const records: ExportRecord[] = [{ type: 'TXT', name: '_dmarc.xn--fiqs8s', content: 'v=DMARC1; p=none' }];
    expect(toHostRecords(records, '中国.')[0].host).toBe('_dmarc');
    expect(recordsOutsideZone(records, 'xn--fiqs8s')).toEqual([]);
  });
  it('a name that only ends with the zone text is outside it', () => {
    expect(
      recordsOutsideZone([{ type: 'TXT', name: 'notchiqio.com', content: 'x' }], 'chiqio.com').length,
    ).toBe(1);
  });
});
