// SPF builder and merge mode (RFC 7208): per-field errors, record text, lookup counts, and one
// merged record with a diff instead of a second record.
import { describe, expect, it } from 'vitest';
import { buildSpf, mergeSpf, type SpfBuilderInput } from '../../src/lib/index.ts';
import { parseSpf } from '../../src/lib/spf/parse.ts';
import { joinTxt, utf8Length } from '../../src/lib/shared/txt.ts';

const errorCodes = (r: { fieldDiagnostics: { code: string; severity: string }[] }) =>
  r.fieldDiagnostics.filter((d) => d.severity === 'error').map((d) => d.code);

describe('buildSpf: records', () => {
  const cases: Array<{ spec: string; name: string; input: SpfBuilderInput; record: string }> = [
    {
      spec: '5.2',
      name: 'one provider include, ~all by default',
      input: { providers: ['tencent-exmail'] },
      record: 'v=spf1 include:spf.mail.qq.com ~all',
    },
    {
      spec: '5',
      name: 'ranges first, then a, mx, providers, custom includes, all last',
      input: {
        includes: ['mail.example.net'],
        providers: ['google-workspace'],
        mx: true,
        a: true,
        ip6: ['2001:db8::/32'],
        ip4: ['192.0.2.0/24', '198.51.100.7'],
        all: '-',
      },
      record:
        'v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.7 ip6:2001:db8::/32 a mx include:_spf.google.com include:mail.example.net -all',
    },
    {
      spec: '5.6',
      name: 'ip4:/ip6: prefixes typed into the fields are tolerated; IPv6 lower-cased',
      input: { ip4: ['ip4:192.0.2.1'], ip6: ['IP6:2001:DB8::1'], all: '?' },
      record: 'v=spf1 ip4:192.0.2.1 ip6:2001:db8::1 ?all',
    },
    {
      spec: '5.6',
      name: 'IPv4-embedded IPv6 and /0 and /128',
      input: { ip6: ['::ffff:192.0.2.1', '::/0', '2001:db8::1/128'] },
      record: 'v=spf1 ip6:::ffff:192.0.2.1 ip6:::/0 ip6:2001:db8::1/128 ~all',
    },
    {
      spec: '7.1',
      name: 'include: prefix, upper case, trailing dot and IDN normalized',
      input: { includes: ['include:Spf.Mail.QQ.com.', '例子.中国'] },
      record: 'v=spf1 include:spf.mail.qq.com include:xn--fsqu00a.xn--fiqs8s ~all',
    },
    {
      spec: '4.6.2',
      name: 'nothing selected: a domain that sends no mail',
      input: { all: '-' },
      record: 'v=spf1 -all',
    },
    {
      spec: '4.6',
      name: 'duplicates are dropped (provider include equal to a custom one)',
      input: {
        providers: ['amazon-ses', 'resend'],
        includes: ['amazonses.com'],
        ip4: ['192.0.2.1', '192.0.2.1'],
      },
      record: 'v=spf1 ip4:192.0.2.1 include:amazonses.com ~all',
    },
  ];
  for (const c of cases) {
    it(`${c.name} (RFC 7208 §${c.spec})`, () => {
      const built = buildSpf(c.input);
      expect(built.content).toBe(c.record);
      expect(errorCodes(built)).toEqual([]);
      expect(parseSpf(built.content!).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    });
  }

  it('reports duplicates as notes, not errors (RFC 7208 §4.6)', () => {
    const dup = buildSpf({ ip4: ['192.0.2.1', '192.0.2.1'] });
    expect(dup.fieldDiagnostics).toContainEqual(
      expect.objectContaining({ code: 'composer/duplicate-term', field: 'ip4', index: 1 }),
    );
  });

  it('gives the record its name and a suggestion when the domain is known', () => {
    const built = buildSpf({ domain: 'Chiqio.COM.', providers: ['tencent-exmail'] });
    expect(built.name).toBe('chiqio.com');
    expect(built.suggestion).toEqual({
      type: 'TXT',
      name: 'chiqio.com',
      content: 'v=spf1 include:spf.mail.qq.com ~all',
    });
  });

  it('splits a record over 255 octets into character-strings that join back (RFC 7208 §3.3)', () => {
    const ip4 = Array.from({ length: 16 }, (_, i) => `198.51.100.${i + 1}`);
    const built = buildSpf({ ip4 });
    expect(utf8Length(built.content!)).toBeGreaterThan(255);
    expect(built.strings.length).toBe(2);
    expect(joinTxt(built.strings)).toBe(built.content);
    for (const s of built.strings) expect(utf8Length(s)).toBeLessThanOrEqual(255);
  });
});

describe('buildSpf: per-field errors instead of a record', () => {
  const cases: Array<{
    spec: string;
    name: string;
    input: SpfBuilderInput;
    code: string;
    field: string;
    index?: number;
  }> = [
    {
      spec: '5.6',
      name: 'leading zero in an IPv4 address',
      input: { ip4: ['192.0.02.1'] },
      code: 'composer/invalid-ip4',
      field: 'ip4',
      index: 0,
    },
    {
      spec: '5.6',
      name: 'IPv4 octet over 255',
      input: { ip4: ['192.0.2.256'] },
      code: 'composer/invalid-ip4',
      field: 'ip4',
      index: 0,
    },
    {
      spec: '5.6',
      name: 'IPv4 prefix over 32',
      input: { ip4: ['ok', '192.0.2.0/33'] },
      code: 'composer/invalid-cidr',
      field: 'ip4',
      index: 1,
    },
    {
      spec: '5.6',
      name: 'prefix with a leading zero',
      input: { ip4: ['192.0.2.0/08'] },
      code: 'composer/invalid-cidr',
      field: 'ip4',
      index: 0,
    },
    {
      spec: '5.6',
      name: 'IPv6 prefix over 128',
      input: { ip6: ['2001:db8::/129'] },
      code: 'composer/invalid-cidr',
      field: 'ip6',
      index: 0,
    },
    {
      spec: '5.6',
      name: 'IPv6 zone index',
      input: { ip6: ['fe80::1%eth0'] },
      code: 'composer/invalid-ip6',
      field: 'ip6',
      index: 0,
    },
    {
      spec: '5.6',
      name: 'IPv4 address in the IPv6 field',
      input: { ip6: ['192.0.2.1'] },
      code: 'composer/invalid-ip6',
      field: 'ip6',
      index: 0,
    },
    {
      spec: '7.1',
      name: 'an IP address as include target (toplabel)',
      input: { includes: ['192.0.2.1'] },
      code: 'composer/invalid-domain',
      field: 'includes',
      index: 0,
    },
    {
      spec: '7.1',
      name: 'single-label include target',
      input: { includes: ['localhost'] },
      code: 'composer/invalid-domain',
      field: 'includes',
      index: 0,
    },
    {
      spec: '7.1',
      name: 'macros are not offered by the builder',
      input: { includes: ['%{d}.spf.example.com'] },
      code: 'composer/invalid-domain',
      field: 'includes',
      index: 0,
    },
    {
      spec: '7.1',
      name: 'zero-width space in an include',
      input: { includes: ['spf.mail.qq\u200b.com'] },
      code: 'composer/invalid-domain',
      field: 'includes',
      index: 0,
    },
    {
      spec: '7.1',
      name: 'space inside an include',
      input: { includes: ['spf mail.qq.com'] },
      code: 'composer/invalid-domain',
      field: 'includes',
      index: 0,
    },
    {
      spec: '5.2',
      name: 'unknown provider id',
      input: { providers: ['no-such'] },
      code: 'composer/unknown-provider',
      field: 'providers',
      index: 0,
    },
    {
      spec: '5.1',
      name: '+all lets anyone send as the domain',
      input: { a: true, all: '+' },
      code: 'composer/all-pass',
      field: 'all',
    },
    {
      spec: '5.1',
      name: 'unknown all qualifier',
      input: { all: 'x' as never },
      code: 'composer/invalid-value',
      field: 'all',
    },
    {
      spec: '7.1',
      name: 'invalid domain',
      input: { domain: 'not a domain' },
      code: 'composer/invalid-domain',
      field: 'domain',
    },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.code} (RFC 7208 §${c.spec})`, () => {
      const built = buildSpf(c.input);
      expect(built.content).toBeNull();
      expect(built.strings).toEqual([]);
      expect(built.suggestion).toBeNull();
      const d = built.fieldDiagnostics.find((x) => x.code === c.code)!;
      expect(d).toMatchObject({ field: c.field, severity: 'error' });
      if (c.index !== undefined) expect(d.index).toBe(c.index);
      // The draft keeps the valid entries and still parses.
      expect(parseSpf(built.draft).diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    });
  }

  it('blank entries are ignored, not errors', () => {
    expect(buildSpf({ ip4: ['', '  '], includes: [''] }).content).toBe('v=spf1 ~all');
  });
});

describe('buildSpf: lookup count (RFC 7208 §4.6.4)', () => {
  it('counts a, mx and includes; unknown include costs make it a lower bound', () => {
    const built = buildSpf({ a: true, mx: true, ip4: ['192.0.2.1'], providers: ['tencent-exmail'] });
    expect(built.lookups).toEqual({ direct: 3, nested: 0, total: 3, unknown: ['spf.mail.qq.com'] });
    expect(built.fieldDiagnostics).toContainEqual(
      expect.objectContaining({
        code: 'composer/lookup-count-incomplete',
        severity: 'info',
        field: 'lookups',
      }),
    );
  });
  it('uses costs measured online and is exact when all are known', () => {
    const built = buildSpf({
      providers: ['google-workspace', 'tencent-exmail'],
      lookupCosts: { '_spf.google.com': 3, 'spf.mail.qq.com': 0 },
    });
    expect(built.lookups).toEqual({ direct: 2, nested: 3, total: 5, unknown: [] });
    expect(built.fieldDiagnostics.map((d) => d.code)).not.toContain('composer/lookup-count-incomplete');
  });
  it('refuses a record known to need more than 10 lookups', () => {
    const includes = Array.from({ length: 11 }, (_, i) => `spf${i}.example.com`);
    const built = buildSpf({ includes });
    expect(built.content).toBeNull();
    expect(built.fieldDiagnostics).toContainEqual(
      expect.objectContaining({ code: 'spf/too-many-lookups', field: 'lookups', params: { count: 11 } }),
    );
    const measured = buildSpf({
      providers: ['google-workspace'],
      a: true,
      lookupCosts: { '_spf.google.com': 9 },
    });
    expect(measured.lookups.total).toBe(11);
    expect(measured.content).toBeNull();
  });
});

describe('mergeSpf: one record, never a second one (RFC 7208 §4.5)', () => {
  it('joins two published records (Exmail + Cloudflare Email Routing) and adds Google', () => {
    const merged = mergeSpf(
      'v=spf1 include:spf.mail.qq.com ~all\nv=spf1 include:_spf.mx.cloudflare.net ~all',
      {
        providers: ['google-workspace'],
      },
    );
    expect(merged.content).toBe(
      'v=spf1 include:spf.mail.qq.com include:_spf.mx.cloudflare.net include:_spf.google.com ~all',
    );
    expect(merged.replaces).toBe(2);
    expect(merged.fieldDiagnostics).toContainEqual(
      expect.objectContaining({ code: 'composer/merge-records-joined', params: { count: 2 } }),
    );
    expect(merged.diff).toEqual([
      { op: 'same', text: 'v=spf1' },
      { op: 'same', text: 'include:spf.mail.qq.com' },
      { op: 'remove', text: '~all' },
      { op: 'remove', text: 'v=spf1' },
      { op: 'same', text: 'include:_spf.mx.cloudflare.net' },
      { op: 'add', text: 'include:_spf.google.com' },
      { op: 'same', text: '~all' },
    ]);
  });

  it('keeps the existing all qualifier unless the input sets one (RFC 7208 §5.1)', () => {
    expect(mergeSpf('v=spf1 mx -all', { a: true }).content).toBe('v=spf1 mx a -all');
    expect(mergeSpf('v=spf1 mx -all', { a: true, all: '~' }).content).toBe('v=spf1 mx a ~all');
    expect(mergeSpf('v=spf1 mx', {}).content).toBe('v=spf1 mx ~all');
    // parseSpf refuses +all (spf/plus-all), so the merge drops it like any failing term.
    const plus = mergeSpf('v=spf1 mx +all', {});
    expect(plus.content).toBe('v=spf1 mx ~all');
    expect(plus.fieldDiagnostics).toContainEqual(
      expect.objectContaining({ code: 'composer/merge-dropped-term', params: { term: '+all' } }),
    );
    expect(mergeSpf('v=spf1 mx', { all: '+' }).content).toBeNull();
    expect(mergeSpf('v=spf1 mx +all', { all: '-' }).content).toBe('v=spf1 mx -all');
  });

  it('does not repeat a term already there, whatever its case or + qualifier (RFC 7208 §4.6.1)', () => {
    const merged = mergeSpf('V=SPF1 +INCLUDE:spf.mail.qq.com ~ALL', { providers: ['tencent-exmail'] });
    expect(merged.content).toBe('v=spf1 +INCLUDE:spf.mail.qq.com ~all');
    expect(merged.diff.filter((l) => l.op !== 'same')).toEqual([]);
  });

  it('turns a redirect into an include when there is no all (RFC 7208 §6.1)', () => {
    const merged = mergeSpf('v=spf1 ip4:192.0.2.1 redirect=_spf.example.com', {
      providers: ['tencent-exmail'],
    });
    expect(merged.content).toBe('v=spf1 ip4:192.0.2.1 include:_spf.example.com include:spf.mail.qq.com ~all');
    expect(merged.fieldDiagnostics.map((d) => d.code)).toContain('composer/merge-redirect-converted');
  });

  it('drops a redirect next to all, which has no effect (RFC 7208 §6.1)', () => {
    const merged = mergeSpf('v=spf1 mx redirect=_spf.example.com -all', {});
    expect(merged.content).toBe('v=spf1 mx -all');
    expect(merged.fieldDiagnostics).toContainEqual(
      expect.objectContaining({
        code: 'composer/merge-dropped-term',
        params: { term: 'redirect=_spf.example.com' },
      }),
    );
  });

  it('drops a term that does not parse, which would fail the whole record (RFC 7208 §4.6)', () => {
    const merged = mergeSpf('v=spf1 ip4:192.0.2.300 include:spf.mail.qq.com ~all', {});
    expect(merged.content).toBe('v=spf1 include:spf.mail.qq.com ~all');
    expect(merged.fieldDiagnostics).toContainEqual(
      expect.objectContaining({ code: 'composer/merge-dropped-term', params: { term: 'ip4:192.0.2.300' } }),
    );
  });

  it('keeps exp= at the end, once (RFC 7208 §6.2)', () => {
    const merged = mergeSpf('v=spf1 exp=explain.example.com mx -all', { a: true });
    expect(merged.content).toBe('v=spf1 mx a -all exp=explain.example.com');
  });

  it('reads quoted character-strings pasted from a zone file (RFC 7208 §3.3)', () => {
    const merged = mergeSpf('"v=spf1 include:spf.mail.qq.com " "~all"', {});
    expect(merged.content).toBe('v=spf1 include:spf.mail.qq.com ~all');
    expect(merged.replaces).toBe(1);
  });

  it('ignores other TXT records at the name, refuses text without any SPF record', () => {
    expect(mergeSpf('google-site-verification=abc\nv=spf1 mx ~all', {}).content).toBe('v=spf1 mx ~all');
    const none = mergeSpf('google-site-verification=abc', { a: true });
    expect(none.content).toBeNull();
    expect(none.fieldDiagnostics).toContainEqual(
      expect.objectContaining({ code: 'composer/merge-not-spf', field: 'existing' }),
    );
  });

  it('with nothing published, builds the record and shows every line as added', () => {
    const merged = mergeSpf('  ', { providers: ['tencent-exmail'] });
    expect(merged.content).toBe('v=spf1 include:spf.mail.qq.com ~all');
    expect(merged.replaces).toBe(0);
    expect(merged.diff.every((l) => l.op === 'add')).toBe(true);
  });

  it('counts lookups over the merged record and refuses more than 10 (RFC 7208 §4.6.4)', () => {
    const existing = `v=spf1 ${Array.from({ length: 9 }, (_, i) => `include:s${i}.example.com`).join(' ')} mx ~all`;
    const merged = mergeSpf(existing, { providers: ['tencent-exmail'] });
    expect(merged.lookups.direct).toBe(11);
    expect(merged.content).toBeNull();
    expect(merged.fieldDiagnostics.map((d) => d.code)).toContain('spf/too-many-lookups');
  });

  it('reports wrong input fields like the builder', () => {
    const merged = mergeSpf('v=spf1 mx ~all', { ip4: ['300.1.1.1'] });
    expect(merged.content).toBeNull();
    expect(merged.fieldDiagnostics).toContainEqual(
      expect.objectContaining({ code: 'composer/invalid-ip4', field: 'ip4', index: 0 }),
    );
  });
});
