// checkExternalDestination: `<domain>._report._dmarc.<destination>` (RFC 9990 §4, formerly RFC 7489
// §7.1). Report receivers usually publish a wildcard; the zone resolver has no wildcards, so this
// file wraps it with RFC 4592-style synthesis (closest `*.` owner above the name).
import { describe, expect, it } from 'vitest';
import {
  checkExternalDestination,
  isExternalDestination,
  zoneResolver,
  type DnsResponse,
  type Resolver,
  type RRType,
  type Zone,
} from '../../src/lib/index.ts';

/** A resolver that answers from `zone`, synthesizing answers from `*.` owners for missing names.
 *  `showWildcardOwner` returns the `*.` owner name instead of the query name (some resolvers). */
function wildcardResolver(zone: Zone, o: { showWildcardOwner?: boolean } = {}): Resolver & { log: string[] } {
  const inner = zoneResolver(zone);
  const log: string[] = [];
  return {
    log,
    async resolve(name: string, type: RRType): Promise<DnsResponse> {
      log.push(name);
      const direct = await inner.resolve(name, type);
      if (direct.status !== 'NXDOMAIN') return direct;
      const labels = name.toLowerCase().split('.');
      for (let i = 1; i < labels.length; i++) {
        const owner = `*.${labels.slice(i).join('.')}`;
        if (!(owner in zone)) continue;
        const synthesized = await inner.resolve(owner, type);
        const answers = synthesized.answers.map((rr) => ({
          ...rr,
          name: o.showWildcardOwner ? owner : name,
        }));
        return { ...synthesized, answers };
      }
      return direct;
    },
  };
}

describe('checkExternalDestination (RFC 9990 §4)', () => {
  it("authorizes Tencent's mailauth-reports@qq.com through a wildcard record", async () => {
    const resolver = wildcardResolver({ '*._report._dmarc.qq.com': [{ TXT: 'v=DMARC1' }] });
    const c = await checkExternalDestination('chiqio.com', 'mailto:mailauth-reports@qq.com', resolver);
    expect(c).toMatchObject({
      status: 'authorized',
      destination: 'qq.com',
      name: 'chiqio.com._report._dmarc.qq.com',
      record: 'v=DMARC1',
    });
    expect(resolver.log).toEqual(['chiqio.com._report._dmarc.qq.com']);
    expect(c.diagnostics.map((d) => d.code)).toEqual(['dmarc/external-destination-authorized']);
  });

  it('says where a visible wildcard authorization came from (info)', async () => {
    const resolver = wildcardResolver(
      { '*._report._dmarc.qq.com': [{ TXT: 'v=DMARC1;' }] },
      { showWildcardOwner: true },
    );
    const c = await checkExternalDestination('chiqio.com', 'mailauth-reports@qq.com', resolver);
    expect(c.status).toBe('authorized');
    expect(c.diagnostics.map((d) => d.code)).toEqual([
      'dmarc/external-destination-wildcard',
      'dmarc/external-destination-authorized',
    ]);
  });

  it('authorizes through an exact record', async () => {
    const zone: Zone = { 'chiqio.com._report._dmarc.qq.com': [{ TXT: 'v=DMARC1;' }] };
    const c = await checkExternalDestination('chiqio.com', 'qq.com', zoneResolver(zone));
    expect(c.status).toBe('authorized');
  });

  it('is unauthorized when nothing is published (NXDOMAIN)', async () => {
    const c = await checkExternalDestination(
      'chiqio.com',
      'mailto:mailauth-reports@qq.com',
      zoneResolver({}),
    );
    expect(c.status).toBe('unauthorized');
    expect(c.diagnostics).toEqual([
      expect.objectContaining({
        code: 'dmarc/external-destination-unauthorized',
        severity: 'warning',
        params: { destination: 'qq.com', record: 'chiqio.com._report._dmarc.qq.com' },
      }),
    ]);
  });

  it('a wildcard TXT that is not DMARC (an SPF record) authorizes nothing (step 5)', async () => {
    const resolver = wildcardResolver({ '*.qq.com': [{ TXT: 'v=spf1 -all' }] });
    const c = await checkExternalDestination('chiqio.com', 'qq.com', resolver);
    expect(c.status).toBe('unauthorized');
    expect(c.txt).toEqual(['v=spf1 -all']);
  });

  it('follows a CNAME to the authorization record', async () => {
    const zone: Zone = {
      'example.com._report._dmarc.reports.example.net': [{ CNAME: 'auth.reports.example.net' }],
      'auth.reports.example.net': [{ TXT: ['v=DMAR', 'C1'] }],
    };
    const c = await checkExternalDestination('example.com', 'dmarc@reports.example.net', zoneResolver(zone));
    expect(c).toMatchObject({
      status: 'authorized',
      cnames: ['auth.reports.example.net'],
      record: 'v=DMARC1',
    });
  });

  it('a timeout is a temporary error, not "unauthorized" (step 4)', async () => {
    const zone: Zone = { 'chiqio.com._report._dmarc.qq.com': ['TIMEOUT'] };
    const c = await checkExternalDestination('chiqio.com', 'qq.com', zoneResolver(zone));
    expect(c.status).toBe('temperror');
    expect(c.diagnostics.map((d) => d.code)).toEqual(['dmarc/lookup-failed']);
  });

  it('needs no check for the same organization, and makes no query', async () => {
    const resolver = zoneResolver({});
    for (const host of ['example.com', 'reports.example.com']) {
      const c = await checkExternalDestination('example.com', host, resolver);
      expect(c.status).toBe('not-external');
    }
    const sub = await checkExternalDestination('mail.example.com', 'example.com', resolver);
    expect(sub.status).toBe('not-external');
    const org = await checkExternalDestination('a.example.com', 'b.example.com', resolver, {
      organizationalDomain: 'example.com',
    });
    expect(org.status).toBe('not-external');
    expect(resolver.log).toEqual([]);
  });

  it('an override rua= on the same host is kept (step 8)', async () => {
    const zone: Zone = {
      'example.com._report._dmarc.example.net': [{ TXT: 'v=DMARC1; rua=mailto:other@example.net' }],
    };
    const c = await checkExternalDestination('example.com', 'example.net', zoneResolver(zone));
    expect(c.status).toBe('authorized');
    expect(c.rua).toEqual([{ uri: 'mailto:other@example.net' }]);
  });

  it('an override rua= on another host cancels the reports (step 8)', async () => {
    const zone: Zone = {
      'example.com._report._dmarc.example.net': [{ TXT: 'v=DMARC1; rua=mailto:x@evil.example' }],
    };
    const c = await checkExternalDestination('example.com', 'example.net', zoneResolver(zone));
    expect(c.status).toBe('unauthorized');
    expect(c.diagnostics.map((d) => d.code)).toEqual([
      'dmarc/external-destination-override-elsewhere',
      'dmarc/external-destination-unauthorized',
    ]);
  });

  it('v=dmarc1 (lower case) does not authorize (step 5: "v=DMARC1" ... MUST appear first)', async () => {
    const zone: Zone = { 'example.com._report._dmarc.example.net': [{ TXT: 'v=dmarc1' }] };
    const c = await checkExternalDestination('example.com', 'example.net', zoneResolver(zone));
    expect(c.status).toBe('unauthorized');
  });

  it('a name too long for DNS cannot be authorized, and is not queried', async () => {
    const resolver = zoneResolver({});
    const long = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.example.com`;
    const c = await checkExternalDestination(long, `${'d'.repeat(50)}.example.net`, resolver);
    expect(c.status).toBe('unauthorized');
    expect(resolver.log).toEqual([]);
  });

  it('rejects input that is not a domain', async () => {
    const c = await checkExternalDestination('chiqio.com', 'not a host', zoneResolver({}));
    expect(c.status).toBe('invalid');
    expect(c.diagnostics.map((d) => d.code)).toEqual(['dmarc/invalid-domain']);
  });
});

describe('isExternalDestination', () => {
  const rows: Array<[string, string, string | undefined, boolean]> = [
    ['chiqio.com', 'qq.com', undefined, true],
    ['example.com', 'example.com', undefined, false],
    ['example.com', 'dmarc.example.com', undefined, false],
    ['mail.example.com', 'example.com', undefined, false],
    ['a.example.com', 'b.example.com', undefined, true],
    ['a.example.com', 'b.example.com', 'example.com', false],
    ['example.com', 'notexample.com', undefined, true],
  ];
  for (const [domain, destination, org, external] of rows) {
    it(`${domain} → ${destination}${org ? ` (org ${org})` : ''}: ${external ? 'external' : 'same organization'} (RFC 9990 §4)`, () => {
      expect(isExternalDestination(domain, destination, org)).toBe(external);
    });
  }
});
