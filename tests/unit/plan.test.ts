// The dry run (src/lib/plan): the overlay resolver answers planned names from the plan laid over the
// live zone and everything else from DNS; the change list says what to add, change, delete or keep;
// checkPlan catches a second SPF/DMARC record or a CNAME beside other data before publishing.

import { describe, expect, it } from 'vitest';
import { txtRecords } from '../../src/lib/dns/answer.ts';
import { zoneResolver } from '../../src/lib/dns/zone-resolver.ts';
import type { RecordSuggestion } from '../../src/lib/export/model.ts';
import { checkPlan, planChanges } from '../../src/lib/plan/plan-changes.ts';
import { planResolver } from '../../src/lib/plan/plan-resolver.ts';
import { auditDomain } from '../../src/lib/audit/audit.ts';
import { CHIQIO, CHIQIO_BROKEN, CHIQIO_FIXED, CHIQIO_SELECTOR } from '../support/zones/chiqio.ts';
import { RSA_2048 } from '../support/zones/keys.ts';

const DMARC_FIXED = 'v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@chiqio.com';
const KEY_FIXED = `v=DKIM1; k=rsa; p=${RSA_2048}`;
const exmailPlan: RecordSuggestion[] = [
  { type: 'MX', name: 'chiqio.com', content: 'mxbiz1.qq.com', priority: 5 },
  { type: 'MX', name: 'chiqio.com', content: 'mxbiz2.qq.com', priority: 10 },
  { type: 'TXT', name: 'chiqio.com', content: 'v=spf1 include:spf.mail.qq.com ~all' },
  { type: 'TXT', name: '_dmarc.chiqio.com', content: DMARC_FIXED },
  { type: 'TXT', name: `${CHIQIO_SELECTOR}._domainkey.chiqio.com`, content: KEY_FIXED },
];

describe('planResolver (docs/public-api.md "Planned records")', () => {
  it('answers a planned DMARC name from the plan, replacing the live DMARC record', async () => {
    const r = await planResolver(exmailPlan, zoneResolver(CHIQIO_BROKEN)).resolve('_dmarc.chiqio.com', 'TXT');
    expect(r.status).toBe('NOERROR');
    expect(txtRecords(r).map((t) => t.text)).toEqual([DMARC_FIXED]);
    expect(r.answers.every((a) => a.planned)).toBe(true);
  });
  it('keeps the other records at a planned name: a planned SPF replaces only the SPF TXT', async () => {
    const live = zoneResolver({
      'example.com': [{ TXT: 'v=spf1 -all' }, { TXT: 'google-site-verification=x' }, { A: '192.0.2.1' }],
    });
    const plan: RecordSuggestion[] = [{ type: 'TXT', name: 'example.com', content: 'v=spf1 mx -all' }];
    const resolver = planResolver(plan, live);
    const txt = await resolver.resolve('example.com', 'TXT');
    expect(
      txtRecords(txt)
        .map((t) => t.text)
        .sort(),
    ).toEqual(['google-site-verification=x', 'v=spf1 mx -all']);
    const a = await resolver.resolve('example.com', 'A');
    expect(a.answers.map((x) => x.data)).toEqual(['192.0.2.1']);
  });
  it('a planned MX set replaces the live set whole (RFC 5321 §5.1)', async () => {
    const live = zoneResolver({
      'example.com': [{ MX: [10, 'old1.example.net'] }, { MX: [20, 'old2.example.net'] }],
    });
    const plan: RecordSuggestion[] = [
      { type: 'MX', name: 'example.com', content: 'mx.example.org', priority: 5 },
    ];
    const r = await planResolver(plan, live).resolve('example.com', 'MX');
    expect(r.answers.map((x) => x.data)).toEqual([{ preference: 5, exchange: 'mx.example.org' }]);
  });
  it('a name that did not exist answers NOERROR once planned (NODATA for other types)', async () => {
    const plan: RecordSuggestion[] = [
      { type: 'TXT', name: '_dmarc.new.example', content: 'v=DMARC1; p=none' },
    ];
    const resolver = planResolver(plan, zoneResolver({}));
    expect((await resolver.resolve('_dmarc.new.example', 'TXT')).status).toBe('NOERROR');
    const other = await resolver.resolve('_dmarc.new.example', 'A');
    expect([other.status, other.answers.length]).toEqual(['NOERROR', 0]);
  });
  it('names outside the plan come from the live zone (include targets, provider keys)', async () => {
    const live = zoneResolver(CHIQIO_BROKEN);
    const r = await planResolver(exmailPlan, live).resolve('spf.mail.qq.com', 'TXT');
    expect(txtRecords(r)[0].text).toMatch(/^v=spf1 /);
    expect(r.answers.some((a) => a.planned)).toBe(false);
  });
  it('a planned CNAME is followed through the plan and the live zone', async () => {
    const plan: RecordSuggestion[] = [
      { type: 'CNAME', name: 'sel._domainkey.example.com', content: 'sel.dkim.example.net' },
    ];
    const live = zoneResolver({ 'sel.dkim.example.net': [{ TXT: 'v=DKIM1; p=' }] });
    const r = await planResolver(plan, live).resolve('sel._domainkey.example.com', 'TXT');
    expect(r.answers.map((a) => a.type)).toEqual(['CNAME', 'TXT']);
  });
  it('a temporary failure of the live zone passes through for planned TXT, never "no record"', async () => {
    const live = zoneResolver({ 'example.com': ['SERVFAIL'] });
    const plan: RecordSuggestion[] = [{ type: 'TXT', name: 'example.com', content: 'v=spf1 -all' }];
    expect((await planResolver(plan, live).resolve('example.com', 'TXT')).status).toBe('SERVFAIL');
  });
  it('the audit of the broken zone with the Exmail plan laid over it finds what the corrected zone finds', async () => {
    const codes = async (resolver: Parameters<typeof auditDomain>[1]['resolver']) =>
      (await auditDomain(CHIQIO, { resolver, selectors: [CHIQIO_SELECTOR], fetch: null })).findings
        // The web-mail alias (hosts/*) is not in the plan and differs between the two zones.
        .filter((f) => ['spf', 'dmarc', 'dkim', 'mx'].includes(f.area) && !f.code.startsWith('hosts/'))
        .map((f) => f.code)
        .sort();
    const planned = await codes(planResolver(exmailPlan, zoneResolver(CHIQIO_BROKEN)));
    const fixed = await codes(zoneResolver(CHIQIO_FIXED));
    expect(planned).toEqual(fixed);
    expect(planned).not.toContain('dmarc/external-destination-unauthorized');
  });
});

describe('planChanges', () => {
  it('the Exmail plan over the broken zone: MX and SPF kept, DMARC and the DKIM key changed', async () => {
    const changes = await planChanges(exmailPlan, zoneResolver(CHIQIO_BROKEN));
    const rows = changes.map((c) => [c.action, c.record.type, c.record.name, c.record.priority ?? '']);
    expect(rows).toEqual([
      ['keep', 'MX', 'chiqio.com', 5],
      ['keep', 'MX', 'chiqio.com', 10],
      ['keep', 'TXT', 'chiqio.com', ''],
      ['change', 'TXT', '_dmarc.chiqio.com', ''],
      ['change', 'TXT', 'lokg123._domainkey.chiqio.com', ''],
    ]);
    expect(changes[3].current?.content).toBe('v=DMARC1; p=none; rua=mailto:mailauth-reports@qq.com');
  });
  it('adds to an empty zone', async () => {
    const changes = await planChanges(exmailPlan, zoneResolver({}));
    expect(changes.map((c) => c.action)).toEqual(['add', 'add', 'add', 'add', 'add']);
  });
  it('an MX with another priority is a change; a live MX not planned is deleted', async () => {
    const live = zoneResolver({
      'example.com': [{ MX: [10, 'a.example.net'] }, { MX: [20, 'b.example.net'] }],
    });
    const plan: RecordSuggestion[] = [
      { type: 'MX', name: 'example.com', content: 'a.example.net', priority: 5 },
    ];
    const changes = await planChanges(plan, live);
    expect(changes.map((c) => [c.action, c.record.content, c.current?.priority ?? ''])).toEqual([
      ['change', 'a.example.net', 10],
      ['delete', 'b.example.net', ''],
    ]);
  });
  it('two live SPF records and one planned: one changed, the other deleted (RFC 7208 §4.5)', async () => {
    const live = zoneResolver({
      'example.com': [
        { TXT: 'v=spf1 include:_spf.mx.cloudflare.net ~all' },
        { TXT: 'v=spf1 include:spf.mail.qq.com ~all' },
      ],
    });
    const plan: RecordSuggestion[] = [
      { type: 'TXT', name: 'example.com', content: 'v=spf1 include:spf.mail.qq.com ~all' },
    ];
    const changes = await planChanges(plan, live);
    expect(changes.map((c) => c.action)).toEqual(['keep', 'delete']);
    expect(changes[1].record.content).toContain('cloudflare');
  });
  it('a live CNAME at a name where the plan puts a TXT is deleted (RFC 1034 §3.6.2)', async () => {
    const live = zoneResolver({
      '_dmarc.example.com': [{ CNAME: 'dmarc.vendor.example' }],
      'dmarc.vendor.example': [{ TXT: 'v=DMARC1; p=none' }],
    });
    const plan: RecordSuggestion[] = [
      { type: 'TXT', name: '_dmarc.example.com', content: 'v=DMARC1; p=none; rua=mailto:d@example.com' },
    ];
    const changes = await planChanges(plan, live);
    expect(changes.map((c) => [c.action, c.record.type])).toEqual([
      ['delete', 'CNAME'],
      ['add', 'TXT'],
    ]);
  });
  it('a planned CNAME where the name answers with addresses (a proxied CNAME in Cloudflare) says so', async () => {
    const plan: RecordSuggestion[] = [{ type: 'CNAME', name: 'mail.chiqio.com', content: 'exmail.qq.com' }];
    const [proxied] = await planChanges(plan, zoneResolver(CHIQIO_BROKEN));
    expect([proxied.action, proxied.liveAddresses]).toEqual([
      'add',
      ['104.21.48.7', '2606:4700:3031::6815:3007'],
    ]);
    // The same CNAME live already (DNS only): kept, and its target's addresses are not the name's.
    const [kept] = await planChanges(plan, zoneResolver(CHIQIO_FIXED));
    expect([kept.action, kept.liveAddresses]).toEqual(['keep', undefined]);
  });
  it('a failed live lookup is said, not guessed', async () => {
    const plan: RecordSuggestion[] = [{ type: 'TXT', name: 'example.com', content: 'v=spf1 -all' }];
    const [change] = await planChanges(plan, zoneResolver({ 'example.com': ['TIMEOUT'] }));
    expect([change.action, change.liveStatus]).toEqual(['add', 'TIMEOUT']);
  });
});

describe('checkPlan', () => {
  const rows: Array<{ name: string; plan: RecordSuggestion[]; codes: string[] }> = [
    { name: 'the Exmail plan is clean', plan: exmailPlan, codes: [] },
    {
      name: 'two SPF records at one name (RFC 7208 §4.5)',
      plan: [
        { type: 'TXT', name: 'example.com', content: 'v=spf1 -all' },
        { type: 'TXT', name: 'example.com', content: 'v=spf1 mx -all' },
      ],
      codes: ['plan/second-spf'],
    },
    {
      name: 'two DMARC records (RFC 9989 §4.10)',
      plan: [
        { type: 'TXT', name: '_dmarc.example.com', content: 'v=DMARC1; p=none' },
        { type: 'TXT', name: '_dmarc.example.com', content: 'v=DMARC1; p=reject' },
      ],
      codes: ['plan/second-dmarc'],
    },
    {
      name: 'a CNAME beside a TXT (RFC 1034 §3.6.2)',
      plan: [
        { type: 'CNAME', name: 'mail.example.com', content: 'exmail.qq.com' },
        { type: 'TXT', name: 'mail.example.com', content: 'v=spf1 -all' },
      ],
      codes: ['plan/cname-collision'],
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      expect(checkPlan(row.plan).map((d) => d.code)).toEqual(row.codes);
    });
  }
});
