// One corrected record per DNS record (issue 10 item 2): over every fixture zone, every domain in
// it that has mail records is audited (with every selector the zone publishes), and no report may
// show two different corrected records for one record, nor the same one twice.
import { describe, expect, it } from 'vitest';
import { auditDomain, parseSpf, zoneResolver, type Finding, type Zone } from '../../src/lib/index.ts';
import { fixConflicts, mergeFixes, recordKey } from '../../src/lib/audit/fixes.ts';
import * as fixtureZones from '../support/fixture-zones.ts';
import * as zones from '../support/zones/index.ts';

function isZone(value: unknown): value is Zone {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).length > 0 &&
    Object.values(value).every((v) => Array.isArray(v))
  );
}

/** The domains of a zone worth auditing: names with an MX RRset or a `_dmarc` record. */
function mailDomains(zone: Zone): string[] {
  return Object.keys(zone).filter(
    (name) =>
      !name.startsWith('_') &&
      (zone[name].some((e) => typeof e === 'object' && 'MX' in e) || `_dmarc.${name}` in zone),
  );
}

function selectorsOf(zone: Zone, domain: string): string[] {
  const suffix = `._domainkey.${domain}`;
  return Object.keys(zone)
    .filter((n) => n.endsWith(suffix))
    .map((n) => n.slice(0, -suffix.length));
}

const ZONES = Object.entries({ ...zones, ...fixtureZones }).filter((e): e is [string, Zone] => isZone(e[1]));

describe('one corrected record per DNS record (every fixture zone)', () => {
  it('covers the zones of the tests, the e2e suite and the benchmark', () => {
    const names = ZONES.map(([n]) => n);
    for (const n of ['CHIQIO_BROKEN', 'CHIQIO_FIXED', 'CHIQIO_ZONE', 'MISTAKES_ZONE', 'REALISTIC_ZONE'])
      expect(names).toContain(n);
  });

  for (const [zoneName, zone] of ZONES) {
    for (const domain of mailDomains(zone)) {
      it(`${zoneName}: ${domain} shows each corrected record once (RFC 7208 §4.5, RFC 9989 §4.10)`, async () => {
        const report = await auditDomain(domain, {
          resolver: zoneResolver(zone),
          selectors: selectorsOf(zone, domain),
          fetch: null,
        });
        expect(fixConflicts(report.findings)).toEqual([]);
        const shown = report.findings.flatMap((f) => (f.fix ?? []).map((r) => recordKey(r, f.replaces)));
        expect(shown.length, shown.join('\n')).toBe(new Set(shown).size);
        // A finding whose record is shown elsewhere names a finding of this report that shows it.
        for (const f of report.findings.filter((x) => x.fixIn)) {
          expect(report.findings.some((x) => x.code === f.fixIn && x.fix)).toBe(true);
        }
      });
    }
  }
});

// A domain moved to Tencent Exmail whose SPF record kept Cloudflare Email Routing's include, names
// Google's twice, ends in +all and, with Exmail's include, needs more than 10 lookups: the report
// shows ONE corrected record for the name, and that record fixes every one of these problems.
describe('several SPF problems at one name: one corrected record fixes them all', () => {
  const domain = 'spf-mess.example';
  const published =
    'v=spf1 mx include:_spf.mx.cloudflare.net include:_spf.google.com include:sendgrid.net include:_spf.google.com a +all';
  const zoneWith = (spf: string): Zone => ({
    ...zones.TENCENT,
    ...zones.GOOGLE,
    ...zones.SENDGRID,
    ...zones.CLOUDFLARE_EMAIL_ROUTING,
    [domain]: [
      { MX: [5, 'mxbiz1.qq.com'] },
      { MX: [10, 'mxbiz2.qq.com'] },
      { TXT: spf },
      { A: '192.0.2.10' },
    ],
    [`_dmarc.${domain}`]: [{ TXT: 'v=DMARC1; p=none' }],
  });
  const audit = (spf: string) => auditDomain(domain, { resolver: zoneResolver(zoneWith(spf)), fetch: null });
  const PROBLEMS = [
    'spf/provider-include-missing', // RFC 7208 §5.2, docs/cloudflare.md
    'spf/plus-all', // RFC 7208 §5.1
    'spf/too-many-lookups', // RFC 7208 §4.6.4
    'spf/duplicate-mechanism', // RFC 7208 §4.6.2
    'spf/email-routing-include', // docs/cloudflare.md, Cloudflare mistake 8
  ];

  it('the published record has every problem; exactly one SPF fix, the others point to it', async () => {
    const report = await audit(published);
    const spf = report.findings.filter((f) => f.area === 'spf');
    expect(spf.map((f) => f.code)).toEqual(expect.arrayContaining(PROBLEMS));
    const withFix = spf.filter((f) => f.fix);
    expect(withFix).toHaveLength(1);
    expect(withFix[0].fix).toHaveLength(1);
    const [fix] = withFix[0].fix!;
    expect(fix).toMatchObject({ type: 'TXT', name: domain });
    expect(withFix[0].replaces).toEqual([{ type: 'TXT', name: domain, content: published }]);
    // The findings the corrected record solves and the report can tell name the one that shows it.
    for (const code of [
      'spf/provider-include-missing',
      'spf/duplicate-mechanism',
      'spf/email-routing-include',
    ]) {
      const f = spf.find((x) => x.code === code)!;
      expect(f.fix ?? f.fixIn, code).toBe(f.fix ?? withFix[0].code);
    }
    // RFC 7208 §4.5: the corrected record parses without an error.
    expect(parseSpf(fix.content).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('the lookup limit points to the fix only when the corrected count is known (measured includes)', async () => {
    // Exmail's include is already there: every include's cost was measured by the tree.
    const report = await audit(
      'v=spf1 include:spf.mail.qq.com include:_spf.google.com include:_spf.google.com include:_spf.google.com +all',
    );
    const spf = report.findings.filter((f) => f.area === 'spf');
    const [holder] = spf.filter((f) => f.fix);
    expect(holder.code).toBe('spf/plus-all');
    expect(holder.fix).toEqual([
      { type: 'TXT', name: domain, content: 'v=spf1 include:spf.mail.qq.com include:_spf.google.com ~all' },
    ]);
    expect(spf.find((f) => f.code === 'spf/too-many-lookups')?.fixIn).toBe('spf/plus-all');
    // Exmail's include never looked up: its cost is unknown, so the limit does not claim the fix.
    const unknown = (await audit(published)).findings.find((f) => f.code === 'spf/too-many-lookups')!;
    expect(unknown.fix ?? unknown.fixIn).toBeUndefined();
  });

  it('published as corrected, none of those problems is left and nothing more is to fix', async () => {
    const before = await audit(published);
    const fix = before.findings.find((f) => f.area === 'spf' && f.fix)!.fix![0];
    const after = await audit(fix.content);
    const codes = after.findings.filter((f) => f.area === 'spf').map((f) => f.code);
    for (const code of PROBLEMS) expect(codes, code).not.toContain(code);
    expect(after.findings.filter((f) => f.area === 'spf' && (f.fix || f.fixIn))).toEqual([]);
    expect(after.spf.tree?.lookups).toBeLessThanOrEqual(10);
    expect(after.summary.spf).toBe('pass');
  });
});

describe('fixConflicts and mergeFixes', () => {
  const dmarc = (content: string) => ({ type: 'TXT' as const, name: '_dmarc.example.com', content });
  const f = (code: string, fix: Finding['fix']): Finding => ({ code, severity: 'info', area: 'dmarc', fix });
  const cases: Array<{
    name: string;
    findings: Finding[];
    conflicts: number;
    fixIn: Array<string | undefined>;
  }> = [
    {
      name: 'two fixes of _dmarc with different contents are a conflict',
      findings: [f('a/one', [dmarc('v=DMARC1; p=none')]), f('a/two', [dmarc('v=DMARC1; p=quarantine')])],
      conflicts: 1,
      fixIn: [undefined, undefined],
    },
    {
      name: 'the same corrected record twice is shown once, under the first finding',
      findings: [f('a/one', [dmarc('v=DMARC1; p=none')]), f('a/two', [dmarc('v=DMARC1; p=none')])],
      conflicts: 0,
      fixIn: [undefined, 'a/one'],
    },
    {
      name: 'SPF and a site verification at one name are different records',
      findings: [
        f('a/one', [{ type: 'TXT', name: 'example.com', content: 'v=spf1 -all' }]),
        f('a/two', [{ type: 'TXT', name: 'example.com', content: 'google-site-verification=x' }]),
      ],
      conflicts: 0,
      fixIn: [undefined, undefined],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(fixConflicts(c.findings)).toHaveLength(c.conflicts);
      expect(mergeFixes(c.findings).map((x) => x.fixIn)).toEqual(c.fixIn);
    });
  }
});
