// detectRecordKind and checkRecord (the "Check a record" page): the kind from the content, zone-file
// quotes and splits undone (RFC 1035 §5.1) and reported, invisible characters flagged, spans into
// the text exactly as pasted, and a mechanically corrected record.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRecord, CODES, detectRecordKind, type RecordKind } from '../../src/lib/index.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const KEY_1024 =
  'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB';

describe('detectRecordKind', () => {
  const rows: Array<{ spec: string; text: string; kind: RecordKind }> = [
    { spec: 'RFC 7208 §4.5', text: 'v=spf1 include:spf.mail.qq.com ~all', kind: 'spf' },
    { spec: 'RFC 7208 §4.5', text: 'V=SPF1 -all', kind: 'spf' },
    { spec: 'RFC 9989 §4.7', text: 'v=DMARC1; p=none; rua=mailto:mailauth-reports@qq.com', kind: 'dmarc' },
    { spec: 'RFC 9989 §4.7', text: 'p=reject; v=DMARC1', kind: 'dmarc' },
    { spec: 'RFC 9989 §4.7', text: 'p=quarantine; rua=mailto:d@example.com', kind: 'dmarc' },
    { spec: 'RFC 6376 §3.6.1', text: `v=DKIM1; k=rsa; p=${KEY_1024}`, kind: 'dkim' },
    { spec: 'RFC 6376 §3.6.1', text: `k=rsa; p=${KEY_1024}`, kind: 'dkim' },
    { spec: 'RFC 6376 §3.6.1', text: KEY_1024, kind: 'dkim' },
    {
      spec: 'RFC 6376 §3.6.1',
      text: `-----BEGIN PUBLIC KEY-----\n${KEY_1024}\n-----END PUBLIC KEY-----`,
      kind: 'dkim',
    },
    { spec: 'RFC 6376 §3.6.1', text: 'p=', kind: 'dkim' },
    { spec: 'RFC 8461 §3.1', text: 'v=STSv1; id=20240101', kind: 'mta-sts' },
    {
      spec: 'RFC 8461 §3.2',
      text: 'version: STSv1\nmode: enforce\nmx: mxbiz1.qq.com\nmax_age: 604800\n',
      kind: 'mta-sts-policy',
    },
    { spec: 'RFC 8461 §3.2', text: 'mode: testing\r\nmax_age: 86400\r\n', kind: 'mta-sts-policy' },
    { spec: 'RFC 8460 §3', text: 'v=TLSRPTv1; rua=mailto:tls@example.com', kind: 'tls-rpt' },
    { spec: 'BIMI draft §4.3', text: 'v=BIMI1; l=https://example.com/logo.svg', kind: 'bimi' },
    { spec: 'RFC 1035 §3.3.9', text: '10 mxbiz2.qq.com', kind: 'mx' },
    { spec: 'RFC 1035 §5.1', text: 'chiqio.com. 3600 IN MX 5 mxbiz1.qq.com.', kind: 'mx' },
    { spec: 'RFC 7505 §3', text: '0 .', kind: 'mx' },
    { spec: 'RFC 1035 §5.1', text: '"v=spf1 include:spf.mail.qq.com " "~all"', kind: 'spf' },
    { spec: 'RFC 1035 §5.1', text: 'example.com. IN TXT "v=DMARC1; p=reject"', kind: 'dmarc' },
    { spec: 'invisible', text: '\u200bv=spf1 -all', kind: 'spf' },
    { spec: 'invisible', text: 'v＝DMARC1；p＝none', kind: 'dmarc' },
    { spec: 'general', text: 'v=spf2.0/pra -all', kind: 'unknown' },
    { spec: 'general', text: 'hello world', kind: 'unknown' },
    { spec: 'general', text: 'mx.example.com', kind: 'unknown' },
    { spec: 'general', text: '', kind: 'unknown' },
  ];
  for (const row of rows) {
    it(`${JSON.stringify(row.text).slice(0, 60)} is ${row.kind} (${row.spec})`, () => {
      expect(detectRecordKind(row.text)).toBe(row.kind);
    });
  }
});

describe('checkRecord', () => {
  it('the chiqio.com SPF record is valid, normalized to itself, with nothing to fix (RFC 7208)', async () => {
    const r = await checkRecord('v=spf1 include:spf.mail.qq.com ~all');
    expect([r.kind, r.valid, r.normalized, r.fixed]).toEqual([
      'spf',
      true,
      'v=spf1 include:spf.mail.qq.com ~all',
      undefined,
    ]);
  });

  it('each kind is handed to its parser', async () => {
    const rows: Array<[string, RecordKind, boolean]> = [
      ['v=DMARC1; p=reject; rua=mailto:d@example.com', 'dmarc', true],
      ['v=STSv1; id=20240101', 'mta-sts', true],
      ['v=STSv1; id=2024-01-01', 'mta-sts', false],
      ['version: STSv1\nmode: enforce\nmx: mxbiz1.qq.com\nmax_age: 604800\n', 'mta-sts-policy', true],
      ['v=TLSRPTv1; rua=mailto:tls@example.com', 'tls-rpt', true],
      ['v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem', 'bimi', true],
      ['v=BIMI1; l=http://example.com/logo.svg', 'bimi', false],
      ['10 mxbiz2.qq.com', 'mx', true],
      ['10 192.0.2.1', 'mx', false],
    ];
    for (const [text, kind, valid] of rows) {
      const r = await checkRecord(text);
      expect([r.kind, r.valid], text).toEqual([kind, valid]);
      if (valid) expect(r.record, text).not.toBeNull();
    }
  });

  it('zone-file quotes and splits are undone, reported, and spans point into the pasted text (RFC 1035 §5.1)', async () => {
    const pasted = '"v=spf1 include:spf.mail.qq.com " "~al"';
    const r = await checkRecord(pasted);
    expect(r.kind).toBe('spf');
    expect(r.normalized).toBe('v=spf1 include:spf.mail.qq.com ~al');
    const quotes = r.diagnostics.find((d) => d.code === 'record/zone-file-quotes')!;
    expect(quotes.params).toEqual({ strings: 2 });
    // "~al" is an unknown mechanism: its span covers exactly those characters of the pasted text.
    const bad = r.diagnostics.find((d) => d.severity === 'error' && d.span)!;
    expect(pasted.slice(bad.span!.start, bad.span!.end)).toBe('~al');
    expect(r.fixed).toBe('v=spf1 include:spf.mail.qq.com ~al');
  });

  it('escapes inside zone-file strings map back over the whole escape (RFC 1035 §5.1)', async () => {
    const pasted = 'TXT ( "v=STSv1; id=a\\045b" )';
    const r = await checkRecord(pasted);
    expect(r.kind).toBe('mta-sts');
    expect(r.normalized).toBe('v=STSv1; id=a-b');
    const d = r.diagnostics.find((x) => x.code === 'mta-sts/bad-id')!;
    expect(pasted.slice(d.span!.start, d.span!.end)).toBe('a\\045b');
  });

  it('invisible characters are flagged with span and code point, and fixed', async () => {
    const pasted = 'v=DMARC1;\u200b p=reject';
    const r = await checkRecord(pasted);
    const inv = r.diagnostics.filter((d) => d.code === 'record/invisible-character');
    expect(inv).toHaveLength(1);
    expect(inv[0].params).toEqual({ codePoint: 'U+200B' });
    expect(pasted.slice(inv[0].span!.start, inv[0].span!.end)).toBe('\u200b');
    expect(r.fixed).toBe('v=DMARC1; p=reject');
  });

  it('full-width punctuation from a CJK input method is flagged and fixed to ASCII', async () => {
    const pasted = 'v=TLSRPTv1；rua=mailto:tls@example.com';
    const r = await checkRecord(pasted);
    expect(r.kind).toBe('tls-rpt');
    expect(r.valid).toBe(false);
    expect(r.diagnostics.find((d) => d.code === 'record/invisible-character')?.params).toEqual({
      codePoint: 'U+FF1B',
    });
    expect(r.fixed).toBe('v=TLSRPTv1;rua=mailto:tls@example.com');
    expect((await checkRecord(r.fixed!)).valid).toBe(true);
  });

  it('DKIM: a key split by spaces and quotes is repaired; the key is inspected (RFC 6376 §3.6.1, RFC 8301 §3.2)', async () => {
    const pasted = `"v=DKIM1; k=rsa; p=${KEY_1024.slice(0, 100)}" "${KEY_1024.slice(100)}"`;
    const r = await checkRecord(pasted);
    expect(r.kind).toBe('dkim');
    expect(r.key?.bits).toBe(1024);
    expect(r.diagnostics.map((d) => d.code)).toContain('dkim/key-weak');
    expect(r.fixed).toBe(`v=DKIM1; k=rsa; p=${KEY_1024}`);
    const spaced = await checkRecord(`v=DKIM1; k=rsa; p=${KEY_1024.slice(0, 60)} ${KEY_1024.slice(60)}`);
    expect(spaced.fixed).toBe(`v=DKIM1; k=rsa; p=${KEY_1024}`);
  });

  // Blanks before the version: receivers discard the record, so the check page keeps the error
  // (pointing into the text as pasted) and offers the record without them.
  const leading: Array<{ spec: string; pasted: string; code: string }> = [
    { spec: 'RFC 7208 §4.5', pasted: '  v=spf1 include:spf.mail.qq.com ~all', code: 'spf/version' },
    { spec: 'RFC 7208 §4.5', pasted: '\tv=spf1 -all\n', code: 'spf/version' },
    {
      spec: 'RFC 9989 §4.8',
      pasted: ' v=DMARC1; p=none; rua=mailto:a@example.com',
      code: 'dmarc/leading-whitespace',
    },
  ];
  for (const row of leading) {
    it(`whitespace before the version is an error, with a fix (${row.spec}): ${JSON.stringify(row.pasted)}`, async () => {
      const r = await checkRecord(row.pasted);
      expect(r.valid).toBe(false);
      const d = r.diagnostics.filter((x) => x.code === row.code);
      expect(d).toHaveLength(1);
      expect(d[0].span!.start).toBe(0);
      expect(r.fixed).toBe(row.pasted.trim());
      expect((await checkRecord(r.fixed!)).valid).toBe(true);
    });
  }

  it('DKIM key findings: one per problem, each with a span on p= (RFC 6376 §3.6.1, RFC 8301 §3.2)', async () => {
    const revoked = await checkRecord('v=DKIM1; k=rsa; p=');
    const rev = revoked.diagnostics.filter((d) => d.code === 'dkim/key-revoked');
    expect(rev).toHaveLength(1);
    expect(rev[0].span).toBeDefined();
    const pasted = `v=DKIM1; k=rsa; p=${KEY_1024}`;
    const weak = await checkRecord(pasted);
    const codes = weak.diagnostics.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    const w = weak.diagnostics.find((d) => d.code === 'dkim/key-weak')!;
    expect(pasted.slice(w.span!.start, w.span!.end)).toBe(KEY_1024);
    const cut = await checkRecord(`v=DKIM1; k=rsa; p=${KEY_1024.slice(0, 150)}`);
    expect(cut.valid).toBe(false);
    const damaged = cut.diagnostics.filter((d) => d.code === 'dkim/key-damaged');
    expect(damaged).toHaveLength(1);
    expect(damaged[0].span).toBeDefined();
  });

  it('MTA-STS policy bodies are read as pasted; a tidy copy is offered (RFC 8461 §3.2)', async () => {
    const pasted = '  version: STSv1\n  mode: enforce\n\n  mx: mxbiz1.qq.com\n  max_age: 604800\n';
    const r = await checkRecord(pasted);
    expect(r.kind).toBe('mta-sts-policy');
    expect(r.valid).toBe(false);
    const malformed = r.diagnostics.find((d) => d.code === 'mta-sts/policy-malformed-line')!;
    expect(pasted.slice(malformed.span!.start, malformed.span!.end)).toBe('  version: STSv1');
    expect(r.fixed).toBe('version: STSv1\nmode: enforce\nmx: mxbiz1.qq.com\nmax_age: 604800\n');
  });

  it('unknown text and empty text', async () => {
    const unknown = await checkRecord('hello world');
    expect([unknown.kind, unknown.record, unknown.valid]).toEqual(['unknown', null, false]);
    expect(unknown.diagnostics.map((d) => d.code)).toEqual(['record/unknown-kind']);
    const empty = await checkRecord('  \n ');
    expect(empty.diagnostics.map((d) => d.code)).toEqual(['record/empty']);
  });

  it(
    'never throws on any string; every span lies inside the pasted text; codes are in the catalog (property)',
    async () => {
      const pieces = [
        '"',
        '" "',
        '\\',
        '\\0',
        '\\059',
        '(',
        ')',
        ';',
        'v=spf1',
        'v=DMARC1',
        'v=DKIM1',
        'v=STSv1',
        'v=TLSRPTv1',
        'v=BIMI1',
        'p=',
        'k=rsa',
        'id=1',
        'rua=mailto:a@b.c',
        'l=https://a.b/c.svg',
        'version: STSv1\n',
        'mode: none\n',
        'max_age: 1\n',
        '10 ',
        'mx.example.com',
        ' IN TXT ',
        ' MX ',
        KEY_1024.slice(0, 50),
        '\u200b',
        '\ufeff',
        '；',
        '＝',
        '中',
        '😀',
        '\ud800',
        '\n',
        '\t',
        ' ',
      ];
      const text = fc.oneof(
        fc.array(fc.constantFrom(...pieces), { maxLength: 25 }).map((p) => p.join('')),
        fc.string({ unit: 'binary', maxLength: 300 }),
      );
      const kinds = new Set<string>();
      await fc.assert(
        fc.asyncProperty(text, async (t) => {
          const r = await checkRecord(t);
          kinds.add(r.kind);
          for (const d of r.diagnostics) {
            if (!Object.hasOwn(CODES, d.code)) expect(d.code).toBe('a catalog code');
            if (d.span && !(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= t.length)) {
              expect({ span: d.span, length: t.length, code: d.code }).toBe('an in-range span');
            }
          }
        }),
        { numRuns: RUNS },
      );
      // The generator reached most kinds.
      expect(kinds.size).toBeGreaterThanOrEqual(7);
    },
    Math.max(20000, RUNS * 60),
  );
});
