// One corrected record per DNS record (issue 10 item 2): over every fixture zone, every domain in
// it that has mail records is audited (with every selector the zone publishes), and no report may
// show two different corrected records for one record, nor the same one twice.
import { describe, expect, it } from 'vitest';
import { auditDomain, zoneResolver, type Finding, type Zone } from '../../src/lib/index.ts';
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
