// One finding per problem (audit/collapse.ts): a hostile DMARC record of 1,000 strings carries 999
// unknown tags; the report says so once, with the count and the places.

import { describe, expect, it } from 'vitest';
import { auditDomain } from '../../src/lib/audit/audit.ts';
import { collapseRepeated, MAX_PLACES } from '../../src/lib/audit/collapse.ts';
import type { Finding } from '../../src/lib/audit/model.ts';
import { zoneResolver } from '../../src/lib/dns/zone-resolver.ts';

const f = (code: string, params: Record<string, string | number>, extra: Partial<Finding> = {}): Finding => ({
  code,
  severity: 'warning',
  area: 'dmarc',
  params,
  ...extra,
});

describe('collapseRepeated', () => {
  it('one finding per code with a count and the varying parameters as places, in first-seen order', () => {
    const out = collapseRepeated([
      f('dmarc/unknown-tag', { tag: 'a', domain: 'x.example' }),
      f('dmarc/policy-none', { domain: 'x.example' }),
      f('dmarc/unknown-tag', { tag: 'b', domain: 'x.example' }),
    ]);
    expect(out.map((x) => [x.code, x.count])).toEqual([
      ['dmarc/unknown-tag', 2],
      ['dmarc/policy-none', undefined],
    ]);
    expect(out[0].places).toEqual([{ tag: 'a' }, { tag: 'b' }]);
  });
  it('findings with a fix stay apart (each names its own record)', () => {
    const fix = [{ type: 'TXT' as const, name: 'example.com', content: 'v=spf1 -all' }];
    const out = collapseRepeated([f('spf/x', { n: 1 }, { fix }), f('spf/x', { n: 2 }, { fix })]);
    expect(out).toHaveLength(2);
  });
  it(`keeps at most ${MAX_PLACES} places, while the count says all`, () => {
    const many = Array.from({ length: MAX_PLACES + 20 }, (_, i) => f('dmarc/unknown-tag', { tag: `t${i}` }));
    const [one] = collapseRepeated(many);
    expect([one.count, one.places?.length]).toEqual([MAX_PLACES + 20, MAX_PLACES]);
  });
});

describe('the audit of a DMARC record of 1,000 strings (hostile DNS content)', () => {
  it('reports each code once', async () => {
    const strings = ['v=DMARC1; p=none;', ...Array.from({ length: 999 }, (_, i) => ` x${i}=y;`)];
    const zone = { 'example.com': [{ TXT: 'v=spf1 -all' }], '_dmarc.example.com': [{ TXT: strings }] };
    const report = await auditDomain('example.com', { resolver: zoneResolver(zone), fetch: null });
    const codes = report.findings.map((x) => x.code);
    expect(new Set(codes).size).toBe(codes.length);
    const unknown = report.findings.find((x) => x.code === 'dmarc/unknown-tag');
    expect(unknown?.count).toBe(999);
  });
});
