// The dry run's intake (src/lib/plan): each planned record checked by its own parser, the unusable
// ones left out of the overlay with their diagnostics; the plan link (`#/plan?d=…&r=…`) round-trips
// and never throws on a hand-edited or hostile query.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordSuggestion } from '../../src/lib/export/model.ts';
import { checkPlannedRecord, checkPlannedRecords } from '../../src/lib/plan/planned-record.ts';
import { parsePlanQuery, plannedSelectors, planQuery } from '../../src/lib/plan/plan-url.ts';
import { fixTargets } from '../../src/lib/plan/watch.ts';
import { RSA_2048 } from '../support/zones/keys.ts';

const codes = (r: RecordSuggestion) => checkPlannedRecord(r).diagnostics.map((d) => d.code);

describe('checkPlannedRecord', () => {
  it('accepts the Exmail plan for chiqio.com', () => {
    const plan: RecordSuggestion[] = [
      { type: 'MX', name: 'chiqio.com', content: 'mxbiz1.qq.com', priority: 5 },
      { type: 'TXT', name: 'chiqio.com', content: 'v=spf1 include:spf.mail.qq.com -all' },
      { type: 'TXT', name: '_dmarc.chiqio.com', content: 'v=DMARC1; p=none; rua=mailto:d@chiqio.com' },
      { type: 'TXT', name: 's1._domainkey.chiqio.com', content: `v=DKIM1; k=rsa; p=${RSA_2048}` },
      { type: 'CNAME', name: 'mail.chiqio.com', content: 'exmail.qq.com' },
    ];
    expect(checkPlannedRecords(plan).map((c) => c.usable)).toEqual([true, true, true, true, true]);
  });

  it('rejects an SPF record with leading white space (RFC 7208 §4.5) with the parser’s own code', () => {
    const check = checkPlannedRecord({ type: 'TXT', name: 'chiqio.com', content: ' v=spf1 -all' });
    expect(check.usable).toBe(false);
    expect(check.diagnostics.some((d) => d.severity === 'error' && d.code.startsWith('spf/'))).toBe(true);
  });

  it('rejects a DMARC record without p= and a DKIM key cut short', () => {
    expect(
      checkPlannedRecord({ type: 'TXT', name: '_dmarc.chiqio.com', content: 'v=DMARC1; rua=x' }).usable,
    ).toBe(false);
    const cut = `v=DKIM1; k=rsa; p=${RSA_2048.slice(0, 200)}`;
    expect(checkPlannedRecord({ type: 'TXT', name: 's1._domainkey.chiqio.com', content: cut }).usable).toBe(
      false,
    );
  });

  it('rejects an MX or CNAME whose target is not a host name, but takes the null MX', () => {
    expect(codes({ type: 'MX', name: 'chiqio.com', content: 'mx bad', priority: 5 })).toContain(
      'plan/record-invalid',
    );
    expect(codes({ type: 'CNAME', name: 'mail.chiqio.com', content: '' })).toContain('plan/record-invalid');
    expect(codes({ type: 'MX', name: 'chiqio.com', content: 'mx.qq.com', priority: 70000 })).toContain(
      'plan/record-invalid',
    );
    expect(checkPlannedRecord({ type: 'MX', name: 'chiqio.com', content: '.', priority: 0 }).usable).toBe(
      true,
    );
  });

  it('leaves any other TXT record alone', () => {
    expect(
      checkPlannedRecord({ type: 'TXT', name: 'chiqio.com', content: 'google-site-verification=x' }).usable,
    ).toBe(true);
  });

  it('never throws on any record', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<RecordSuggestion['type']>('MX', 'TXT', 'CNAME'),
        fc.string(),
        fc.string(),
        fc.option(fc.integer()),
        (type, name, content, priority) => {
          const r = checkPlannedRecord({ type, name, content, ...(priority !== null ? { priority } : {}) });
          expect(typeof r.usable).toBe('boolean');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('planQuery / parsePlanQuery', () => {
  it('round-trips a plan with a pipe and non-ASCII text in the content', () => {
    const records: RecordSuggestion[] = [
      { type: 'MX', name: 'chiqio.com', content: 'mxbiz1.qq.com', priority: 5 },
      { type: 'TXT', name: 'chiqio.com', content: 'note=a|b 中文' },
    ];
    const link = parsePlanQuery(new URLSearchParams(planQuery('chiqio.com', records)));
    expect(link).toEqual({ domain: 'chiqio.com', records, dropped: 0 });
  });

  it('reads the domain as DNS compares names', () => {
    expect(parsePlanQuery(new URLSearchParams('d=%20Chiqio.COM.')).domain).toBe('chiqio.com');
  });

  it('drops records that do not read and counts them, including "gone" records', () => {
    const link = parsePlanQuery(
      new URLSearchParams('d=chiqio.com&r=%2B|TXT|chiqio.com||x&r=junk&r=-|TXT|a.com||y'),
    );
    expect(link.records).toHaveLength(1);
    expect(link.dropped).toBe(2);
  });

  it('never throws on any query', () => {
    fc.assert(
      fc.property(fc.string(), (q) => {
        const link = parsePlanQuery(new URLSearchParams(q));
        expect(link.dropped).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('plannedSelectors / fixTargets', () => {
  it('reads the selectors a plan publishes keys for at the domain, and no others', () => {
    const records: RecordSuggestion[] = [
      { type: 'TXT', name: 'S1._domainkey.Chiqio.com.', content: 'v=DKIM1; p=x' },
      { type: 'CNAME', name: 'sel2._domainkey.chiqio.com', content: 'sel2.dkim.example' },
      { type: 'TXT', name: '_domainkey.chiqio.com', content: 'o=~' },
      { type: 'TXT', name: 's3._domainkey.other.example', content: 'v=DKIM1; p=x' },
    ];
    expect(plannedSelectors('chiqio.com', records)).toEqual(['s1', 'sel2']);
  });

  it('watches a fix’s records present and the ones it replaces gone, a record in both only present', () => {
    const old: RecordSuggestion = { type: 'TXT', name: '_dmarc.chiqio.com', content: 'v=DMARC1; p=none' };
    const fixed: RecordSuggestion = { ...old, content: 'v=DMARC1; p=none; rua=mailto:d@chiqio.com' };
    expect(fixTargets([fixed], [old, fixed]).map((t) => [t.expect, t.record.content])).toEqual([
      ['absent', old.content],
      ['present', fixed.content],
    ]);
  });
});
