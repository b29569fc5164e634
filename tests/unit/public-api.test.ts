// The public API of src/lib/index.ts is a contract (docs/public-api.md): outside tests
// rely on these names and shapes. One row per contract, on the docs/user.md chiqio.com scenario.
import { describe, expect, it } from 'vitest';
import * as lib from '../../src/lib/index.ts';

const chiqio: lib.Zone = {
  'chiqio.com': [
    { MX: [5, 'mxbiz1.qq.com'] },
    { MX: [10, 'mxbiz2.qq.com'] },
    { TXT: 'v=spf1 include:spf.mail.qq.com ~all' },
  ],
  '_dmarc.chiqio.com': [{ TXT: 'v=DMARC1; p=none; rua=mailto:mailauth-reports@qq.com' }],
  'spf.mail.qq.com': [{ TXT: 'v=spf1 ip4:183.3.224.0/19 ip4:113.108.0.0/16 -all' }],
  'mxbiz1.qq.com': [{ A: '183.3.225.42' }],
  'mxbiz2.qq.com': [{ A: '183.3.225.43' }],
};

describe('public API contract (docs/public-api.md)', () => {
  it('parseSpf / formatSpf: ParseResult shape and round trip', () => {
    const r = lib.parseSpf('V=SPF1 Include:spf.mail.qq.com ~ALL');
    expect(r.record).not.toBeNull();
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(lib.parseSpf(lib.formatSpf(r.record!)).record).toEqual(r.record);
  });

  it('parseDmarc / formatDmarc: p=none is an info nudge with its code and section', () => {
    const r = lib.parseDmarc('v=DMARC1; p=none; rua=mailto:mailauth-reports@qq.com');
    expect(r.record).not.toBeNull();
    const nudge = r.diagnostics.find((d) => d.code === 'dmarc/policy-none');
    expect(nudge?.severity).toBe('info');
    expect(nudge?.spec).toMatch(/^RFC 9989/);
    expect(lib.parseDmarc(lib.formatDmarc(r.record!)).record).toEqual(r.record);
  });

  it('generateDkimKey → parseDkimKey → inspectDkimKey: a 2048-bit RSA key, and 1024 is weak', async () => {
    const strong = await lib.generateDkimKey({ algorithm: 'rsa', bits: 2048 });
    expect(strong.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const parsed = lib.parseDkimKey(strong.record);
    expect(lib.formatDkimKey(parsed.record!)).toBe(strong.record);
    const info = await lib.inspectDkimKey(parsed.record!);
    expect([info.algorithm, info.bits, info.revoked]).toEqual(['rsa', 2048, false]);
    expect(info.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);

    const weak = await lib.generateDkimKey({ algorithm: 'rsa', bits: 1024 });
    const weakInfo = await lib.inspectDkimKey(lib.parseDkimKey(weak.record).record!);
    expect(weakInfo.diagnostics.map((d) => d.code)).toContain('dkim/key-weak');

    const ed = await lib.generateDkimKey({ algorithm: 'ed25519' });
    const edInfo = await lib.inspectDkimKey(lib.parseDkimKey(ed.record).record!);
    expect(edInfo.algorithm).toBe('ed25519');
  });

  it('inspectDkimKey: an empty p= is revoked (dkim/key-revoked)', async () => {
    const info = await lib.inspectDkimKey(lib.parseDkimKey('v=DKIM1; p=').record!);
    expect(info.revoked).toBe(true);
    expect(info.diagnostics.map((d) => d.code)).toContain('dkim/key-revoked');
  });

  it('splitTxt: ≤255-octet strings, never inside a UTF-8 character', () => {
    const value = `v=DKIM1; n=${'密'.repeat(200)}`;
    const parts = lib.splitTxt(value);
    expect(parts.join('')).toBe(value);
    for (const p of parts) expect(new TextEncoder().encode(p).length).toBeLessThanOrEqual(255);
  });

  it('zoneResolver + checkHost: a qq.com address passes, another softfails, counts reported', async () => {
    const resolver = lib.zoneResolver(chiqio);
    const pass = await lib.checkHost(
      { ip: '183.3.226.10', domain: 'chiqio.com', sender: 'boss@chiqio.com' },
      resolver,
    );
    expect(pass.result).toBe('pass');
    expect(pass.lookups).toBe(1);
    expect(pass.trace.length).toBeGreaterThan(0);
    const other = await lib.checkHost(
      { ip: '192.0.2.1', domain: 'chiqio.com', sender: 'boss@chiqio.com' },
      resolver,
    );
    expect(other.result).toBe('softfail');
  });

  it('auditDomain: the docs/user.md zone reports the external rua destination and the missing DKIM key', async () => {
    const updates: lib.AuditReport[] = [];
    const report = await lib.auditDomain('chiqio.com', {
      resolver: lib.zoneResolver(chiqio),
      selectors: ['lokg123'],
      onUpdate: (r) => updates.push(r),
    });
    expect(report.done).toBe(true);
    expect(report.domain).toBe('chiqio.com');
    const codes = report.findings.map((f) => f.code);
    expect(codes).toContain('dmarc/external-destination-unauthorized');
    expect(codes).toContain('dkim/not-found');
    expect(codes).toContain('dmarc/policy-none');
    expect(codes).not.toContain('spf/missing');
    expect(updates.length).toBeGreaterThan(1);
    for (const f of report.findings) expect(Object.keys(lib.CODES)).toContain(f.code);
  });

  it('resolvers never reject: a failing fetch becomes status ERROR with a readable reason', async () => {
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    for (const r of [
      lib.dohJsonResolver({ endpoint: 'https://doh.invalid/dns-query', fetch: failing }),
      lib.dohWireResolver({ endpoint: 'https://doh.invalid/dns-query', fetch: failing }),
    ]) {
      const res = await r.resolve('chiqio.com', 'TXT');
      expect(res.status).toBe('ERROR');
      expect(res.error).toContain('Failed to fetch');
      expect(res.problem?.code).toBe('dns/cors-or-network');
    }
  });
});
