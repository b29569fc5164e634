// discoverDmarcPolicy: RFC 9989 §4.10 DNS Tree Walk, §4.10.1 policy discovery, §4.10.2 the
// Organizational Domain. The zone resolver logs every query, so the walk's order is asserted.
import { describe, expect, it } from 'vitest';
import { discoverDmarcPolicy, treeWalkTargets, zoneResolver, type Zone } from '../../src/lib/index.ts';

const names = (log: Array<{ name: string }>) => log.map((q) => q.name);

describe('treeWalkTargets (RFC 9989 §4.10 steps 4 and 7)', () => {
  const rows: Array<{ spec: string; domain: string; targets: string[] }> = [
    { spec: '§4.10.1', domain: 'chiqio.com', targets: ['com'] },
    { spec: '§4.10.1', domain: 'a.mail.example.com', targets: ['mail.example.com', 'example.com', 'com'] },
    {
      spec: '§4.10.1 ("eight or fewer labels": the parent)',
      domain: 'a.b.c.d.e.mail.example.com',
      targets: [
        'b.c.d.e.mail.example.com',
        'c.d.e.mail.example.com',
        'd.e.mail.example.com',
        'e.mail.example.com',
        'mail.example.com',
        'example.com',
        'com',
      ],
    },
    {
      spec: '§4.10 step 4 (x >= 8: shorten to 7 labels)',
      domain: 'a.b.c.d.e.f.g.h.i.j.mail.example.com',
      targets: [
        'g.h.i.j.mail.example.com',
        'h.i.j.mail.example.com',
        'i.j.mail.example.com',
        'j.mail.example.com',
        'mail.example.com',
        'example.com',
        'com',
      ],
    },
    { spec: '§4.10', domain: 'com', targets: [] },
  ];
  for (const row of rows) {
    it(`${row.domain} (RFC 9989 ${row.spec})`, () => {
      expect(treeWalkTargets(row.domain)).toEqual(row.targets);
      expect(treeWalkTargets(row.domain).length + 1).toBeLessThanOrEqual(8);
    });
  }
});

describe('discoverDmarcPolicy (RFC 9989 §4.10.1)', () => {
  it("finds the author domain's own record with one query (§4.10.1)", async () => {
    const zone: Zone = {
      '_dmarc.chiqio.com': [{ TXT: 'v=DMARC1; p=none; rua=mailto:mailauth-reports@qq.com' }],
    };
    const resolver = zoneResolver(zone);
    const d = await discoverDmarcPolicy('chiqio.com', resolver);
    expect(d).toMatchObject({
      status: 'found',
      source: 'author',
      policyTag: 'p',
      policyDomain: 'chiqio.com',
    });
    expect(d.parsed?.record?.p).toBe('none');
    expect(d.effective?.p).toBe('none');
    expect(names(resolver.log)).toEqual(['_dmarc.chiqio.com']);
    expect(d.diagnostics).toEqual([]);
  });

  it('a subdomain without a record inherits the organizational record (§4.10.1, sp applies)', async () => {
    const zone: Zone = { '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=reject; sp=quarantine' }] };
    const resolver = zoneResolver(zone);
    const d = await discoverDmarcPolicy('mail.example.com', resolver);
    expect(d).toMatchObject({
      status: 'found',
      source: 'organizational',
      policyTag: 'sp',
      policyDomain: 'example.com',
      organizationalDomain: 'example.com',
    });
    expect(names(resolver.log)).toEqual(['_dmarc.mail.example.com', '_dmarc.example.com', '_dmarc.com']);
    expect(d.diagnostics.map((x) => x.code)).toEqual(['dmarc/policy-inherited']);
    expect(d.effective?.sp).toBe('quarantine');
  });

  it('makes at most eight queries for a long author domain, in the RFC example order (§4.10)', async () => {
    const zone: Zone = { '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=reject' }] };
    const resolver = zoneResolver(zone);
    const d = await discoverDmarcPolicy('a.b.c.d.e.f.g.h.i.j.mail.example.com', resolver);
    expect(names(resolver.log)).toEqual([
      '_dmarc.a.b.c.d.e.f.g.h.i.j.mail.example.com',
      '_dmarc.g.h.i.j.mail.example.com',
      '_dmarc.h.i.j.mail.example.com',
      '_dmarc.i.j.mail.example.com',
      '_dmarc.j.mail.example.com',
      '_dmarc.mail.example.com',
      '_dmarc.example.com',
      '_dmarc.com',
    ]);
    expect(d.policyDomain).toBe('example.com');
  });

  it('never finds a psd=n record the shortened walk skips (§5.1.8 example)', async () => {
    const zone: Zone = {
      '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=none' }],
      '_dmarc.b.c.d.e.f.g.example.com': [{ TXT: 'v=DMARC1; p=reject; psd=n' }],
    };
    const resolver = zoneResolver(zone);
    const d = await discoverDmarcPolicy('mail.a.b.c.d.e.f.g.example.com', resolver);
    expect(names(resolver.log)).toEqual([
      '_dmarc.mail.a.b.c.d.e.f.g.example.com',
      '_dmarc.c.d.e.f.g.example.com',
      '_dmarc.d.e.f.g.example.com',
      '_dmarc.e.f.g.example.com',
      '_dmarc.f.g.example.com',
      '_dmarc.g.example.com',
      '_dmarc.example.com',
      '_dmarc.com',
    ]);
    expect(d.policyDomain).toBe('example.com');
  });

  it('with records at two levels, the one with the fewest labels is the Organizational Domain (§4.10.2 step 3)', async () => {
    const zone: Zone = {
      '_dmarc.mail.example.com': [{ TXT: 'v=DMARC1; p=none' }],
      '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=reject' }],
    };
    const d = await discoverDmarcPolicy('a.mail.example.com', zoneResolver(zone));
    expect(d.walk.map((w) => w.domain)).toEqual(['mail.example.com', 'example.com']);
    expect(d).toMatchObject({
      organizationalDomain: 'example.com',
      policyDomain: 'example.com',
      source: 'organizational',
    });
  });

  it('stops at psd=n and makes that domain the Organizational Domain (§4.10 step 6, §4.10.2 step 1)', async () => {
    const zone: Zone = {
      '_dmarc.mail.example.com': [{ TXT: 'v=DMARC1; p=quarantine; psd=n' }],
      '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=reject' }],
    };
    const resolver = zoneResolver(zone);
    const d = await discoverDmarcPolicy('a.mail.example.com', resolver);
    expect(names(resolver.log)).toEqual(['_dmarc.a.mail.example.com', '_dmarc.mail.example.com']);
    expect(d).toMatchObject({ organizationalDomain: 'mail.example.com', policyDomain: 'mail.example.com' });
    expect(d.effective?.p).toBe('quarantine');
  });

  it('applies a PSD record when the Organizational Domain has none (§4.10.1, §4.10.2 step 2)', async () => {
    const zone: Zone = { '_dmarc.com': [{ TXT: 'v=DMARC1; p=reject; np=reject; psd=y' }] };
    const d = await discoverDmarcPolicy('a.mail.example.com', zoneResolver(zone));
    expect(d).toMatchObject({
      status: 'found',
      source: 'public-suffix',
      policyDomain: 'com',
      organizationalDomain: 'example.com',
      policyTag: 'sp',
    });
  });

  it('prefers the Organizational Domain record below a PSD record (§4.10.1 order of preference)', async () => {
    const zone: Zone = {
      '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=quarantine' }],
      '_dmarc.com': [{ TXT: 'v=DMARC1; p=reject; psd=y' }],
    };
    const d = await discoverDmarcPolicy('a.mail.example.com', zoneResolver(zone));
    expect(d).toMatchObject({
      source: 'organizational',
      policyDomain: 'example.com',
      organizationalDomain: 'example.com',
    });
  });

  it('a timeout is a temporary error, never "missing" (§4.10.1 DNS errors)', async () => {
    const zone: Zone = { '_dmarc.example.com': ['TIMEOUT'] };
    const d = await discoverDmarcPolicy('example.com', zoneResolver(zone));
    expect(d.status).toBe('temperror');
    expect(d.diagnostics.map((x) => x.code)).toEqual(['dmarc/lookup-failed']);
    expect(d.diagnostics[0].params).toEqual({ name: '_dmarc.example.com', status: 'TIMEOUT' });
    expect(d.record).toBeUndefined();
  });

  it('a SERVFAIL during the walk stops it as a temporary error (§4.10.1)', async () => {
    const zone: Zone = {
      '_dmarc.example.com': ['SERVFAIL'],
      '_dmarc.com': [{ TXT: 'v=DMARC1; p=reject; psd=y' }],
    };
    const resolver = zoneResolver(zone);
    const d = await discoverDmarcPolicy('mail.example.com', resolver);
    expect(d.status).toBe('temperror');
    expect(names(resolver.log)).toEqual(['_dmarc.mail.example.com', '_dmarc.example.com']);
    expect(d.diagnostics.some((x) => x.code === 'dmarc/missing')).toBe(false);
  });

  it('reports dmarc/missing when no record exists anywhere (§4.10.1)', async () => {
    const resolver = zoneResolver({});
    const d = await discoverDmarcPolicy('chiqio.com', resolver);
    expect(d.status).toBe('none');
    expect(d.diagnostics.map((x) => x.code)).toEqual(['dmarc/missing']);
    // Two policy queries, then two hint queries (apex, doubled name).
    expect(names(resolver.log)).toEqual([
      '_dmarc.chiqio.com',
      '_dmarc.com',
      'chiqio.com',
      '_dmarc.chiqio.com.chiqio.com',
    ]);
    expect(d.queries.map((q) => q.purpose)).toEqual(['policy', 'policy', 'hint', 'hint']);
  });

  it('points at a record published at the apex or at a doubled name (§4.10.1)', async () => {
    const zone: Zone = {
      'chiqio.com': [{ TXT: 'v=spf1 include:spf.mail.qq.com ~all' }, { TXT: 'v=DMARC1; p=none' }],
      '_dmarc.chiqio.com.chiqio.com': [{ TXT: 'v=DMARC1; p=reject' }],
    };
    const d = await discoverDmarcPolicy('chiqio.com', zoneResolver(zone));
    expect(d.status).toBe('none');
    const wrong = d.diagnostics.filter((x) => x.code === 'dmarc/record-at-wrong-name');
    expect(wrong.map((x) => x.params?.name)).toEqual(['chiqio.com', '_dmarc.chiqio.com.chiqio.com']);
    expect(wrong[0].params?.expected).toBe('_dmarc.chiqio.com');
  });

  it('multiple records at the author domain are discarded and the walk goes on (§4.10 step 2)', async () => {
    const zone: Zone = {
      '_dmarc.mail.example.com': [{ TXT: 'v=DMARC1; p=reject' }, { TXT: 'v=DMARC1; p=quarantine' }],
      '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=none' }],
    };
    const d = await discoverDmarcPolicy('mail.example.com', zoneResolver(zone));
    expect(d.diagnostics.map((x) => x.code)).toContain('dmarc/multiple-records');
    expect(d).toMatchObject({ status: 'found', policyDomain: 'example.com', source: 'organizational' });
  });

  it('follows a CNAME at _dmarc (delegated DMARC management)', async () => {
    const zone: Zone = {
      '_dmarc.example.com': [{ CNAME: 'example.com.dmarc.vendor.example' }],
      'example.com.dmarc.vendor.example': [{ TXT: 'v=DMARC1; p=quarantine; rua=mailto:r@vendor.example' }],
    };
    const d = await discoverDmarcPolicy('example.com', zoneResolver(zone));
    expect(d).toMatchObject({
      status: 'found',
      source: 'author',
      record: 'v=DMARC1; p=quarantine; rua=mailto:r@vendor.example',
    });
  });

  it('normalizes what users type (case, trailing dot, a pasted _dmarc. prefix)', async () => {
    const zone: Zone = { '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=reject' }] };
    for (const input of ['Example.COM.', '_dmarc.example.com']) {
      const d = await discoverDmarcPolicy(input, zoneResolver(zone));
      expect(d).toMatchObject({ domain: 'example.com', status: 'found' });
    }
  });

  it('refuses a name that cannot be queried', async () => {
    const resolver = zoneResolver({});
    const d = await discoverDmarcPolicy('exa\u200bmple.com', resolver);
    expect(d.status).toBe('invalid-domain');
    expect(d.diagnostics.map((x) => x.code)).toEqual(['dmarc/invalid-domain']);
    expect(resolver.log).toEqual([]);
  });

  it('an aborted lookup is a temporary error', async () => {
    const controller = new AbortController();
    controller.abort();
    const zone: Zone = { '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=reject' }] };
    const d = await discoverDmarcPolicy('example.com', zoneResolver(zone, { delayMs: 5 }), {
      signal: controller.signal,
    });
    expect(d.status).toBe('temperror');
  });
});
