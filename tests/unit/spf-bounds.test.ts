// Resource bounds (RFC 7208 §4.6.4, §7.3, §11.1): hostile policies cannot make checkHost or
// analyzeSpf run away — loops, very deep chains, huge records, names grown by macros, a hard
// query cap, and AbortSignal.
import { describe, expect, it } from 'vitest';
import {
  analyzeSpf,
  checkHost,
  DEFAULT_MAX_QUERIES,
  DEFAULT_TREE_MAX_QUERIES,
  parseSpf,
  utf8Length,
  zoneResolver,
  type Resolver,
  type Zone,
} from '../../src/lib/index.ts';

const ip = '192.0.2.200';
const query = (domain: string, sender = `x@${domain}`) => ({ ip, domain, sender, helo: 'h.example' });

function chain(depth: number): Zone {
  const zone: Zone = {};
  for (let i = 0; i < depth; i++)
    zone[`d${i}.example`] = [
      { TXT: i + 1 < depth ? `v=spf1 include:d${i + 1}.example -all` : 'v=spf1 -all' },
    ];
  return zone;
}

describe('include and redirect loops (RFC 7208 §4.6.4)', () => {
  const zone: Zone = {
    'self.example': [{ TXT: 'v=spf1 include:self.example -all' }],
    'ping.example': [{ TXT: 'v=spf1 include:pong.example -all' }],
    'pong.example': [{ TXT: 'v=spf1 include:ping.example -all' }],
    'redir.example': [{ TXT: 'v=spf1 ip4:1.1.1.1 redirect=redir.example' }],
  };
  for (const domain of ['self.example', 'ping.example', 'redir.example']) {
    it(`${domain}: checkHost permerror, analyzeSpf shows the loop (§4.6.4)`, async () => {
      const resolver = zoneResolver(zone);
      const r = await checkHost(query(domain), resolver);
      expect(r.result).toBe('permerror');
      expect(r.lookups).toBeLessThanOrEqual(11);
      expect(resolver.log.length).toBeLessThanOrEqual(12);
      const t = await analyzeSpf(domain, zoneResolver(zone));
      expect(t.diagnostics.map((d) => d.code)).toContain('spf/include-loop');
    });
  }
});

describe('a 1,000-deep include chain (RFC 7208 §4.6.4)', () => {
  const zone = chain(1000);
  it('checkHost stops at the 11th lookup', async () => {
    const resolver = zoneResolver(zone);
    const r = await checkHost(query('d0.example'), resolver);
    expect([r.result, r.lookups]).toEqual(['permerror', 11]);
    expect(resolver.log.length).toBe(11);
  });
  it('analyzeSpf stops at its depth cap and says the tree is incomplete', async () => {
    const resolver = zoneResolver(zone);
    const t = await analyzeSpf('d0.example', resolver);
    expect(t.complete).toBe(false);
    expect(t.overLimit).toBe(true);
    expect(t.diagnostics.map((d) => d.code)).toEqual(
      expect.arrayContaining(['spf/too-many-lookups', 'spf/tree-truncated']),
    );
    expect(resolver.log.length).toBeLessThan(40);
  });
});

describe('records with thousands of terms', () => {
  const ip4s = Array.from({ length: 5000 }, (_, i) => `ip4:10.${(i >> 8) & 255}.${i & 255}.0/24`).join(' ');
  const as = Array.from({ length: 5000 }, (_, i) => `a:h${i}.example`).join(' ');
  const includes = Array.from({ length: 3000 }, (_, i) => `include:i${i}.example`).join(' ');
  const zone: Zone = {
    'ip4s.example': [{ TXT: `v=spf1 ${ip4s} -all` }],
    'as.example': [{ TXT: `v=spf1 ${as} -all` }],
    'includes.example': [{ TXT: `v=spf1 ${includes} -all` }],
  };
  for (let i = 0; i < 3000; i++) zone[`i${i}.example`] = [{ TXT: 'v=spf1 -all' }];
  for (let i = 0; i < 5000; i++) zone[`h${i}.example`] = [{ A: '198.51.100.1' }];
  it('5,000 ip4 terms: parsed and evaluated without a lookup', async () => {
    expect(parseSpf(`v=spf1 ${ip4s} -all`).record!.terms).toHaveLength(5001);
    const r = await checkHost(query('ip4s.example'), zoneResolver(zone));
    expect([r.result, r.lookups]).toEqual(['fail', 0]);
  });
  it('5,000 a terms: checkHost stops after 10 lookups; analyzeSpf stops at its query cap', async () => {
    const resolver = zoneResolver(zone);
    const r = await checkHost(query('as.example'), resolver);
    expect([r.result, r.lookups]).toEqual(['permerror', 11]);
    expect(resolver.log.length).toBeLessThanOrEqual(11);
    const treeResolver = zoneResolver(zone);
    const t = await analyzeSpf('as.example', treeResolver);
    expect(t.lookups).toBe(5000);
    expect(t.complete).toBe(false);
    expect(treeResolver.log.length).toBe(DEFAULT_TREE_MAX_QUERIES);
  });
  it('3,000 includes: analyzeSpf caps the records it fetches', async () => {
    const resolver = zoneResolver(zone);
    const t = await analyzeSpf('includes.example', resolver);
    expect(t.lookups).toBe(3000);
    expect(t.diagnostics.map((d) => d.code)).toContain('spf/tree-truncated');
    expect(resolver.log.length).toBeLessThanOrEqual(DEFAULT_TREE_MAX_QUERIES);
  });
  it('a diamond of includes 30 levels deep (2^30 paths) stays small', async () => {
    const z: Zone = {};
    for (let i = 0; i < 30; i++)
      z[`m${i}.example`] = [{ TXT: `v=spf1 include:m${i + 1}.example include:m${i + 1}.example -all` }];
    z['m30.example'] = [{ TXT: 'v=spf1 -all' }];
    const resolver = zoneResolver(z);
    const t = await analyzeSpf('m0.example', resolver);
    expect(t.complete).toBe(false);
    expect(resolver.log.length).toBeLessThanOrEqual(31);
    const r = await checkHost(query('m0.example'), zoneResolver(z));
    expect([r.result, r.lookups]).toEqual(['permerror', 11]);
  });
});

describe('names built by macros (RFC 7208 §7.3)', () => {
  const label = 'l'.repeat(60);
  const zone: Zone = {
    'grow.example': [{ TXT: 'v=spf1 exists:%{l}.%{l}.%{l}.%{l}.%{l}.%{l}.x.example -all' }],
    'escape.example': [{ TXT: 'v=spf1 exists:%{L}.%{L}.%{L}.%{L}.x.example -all' }],
    'long.example': [{ TXT: 'v=spf1 a:%{l}.example include:%{l}.example -all' }],
  };
  it('an expansion over 253 octets loses labels from the left before it is queried (§7.3)', async () => {
    const resolver = zoneResolver(zone);
    const r = await checkHost({ ip, domain: 'grow.example', sender: `${label}@grow.example` }, resolver);
    expect(r.result).toBe('fail');
    const asked = resolver.log.find((q) => q.type === 'A')!.name;
    expect(utf8Length(asked)).toBeLessThanOrEqual(253);
    expect(asked.endsWith(`${label}.x.example`)).toBe(true);
  });
  it('URL escaping triples the length; the result is still cut to 253 (§7.3)', async () => {
    const resolver = zoneResolver(zone);
    await checkHost({ ip, domain: 'escape.example', sender: `${'&'.repeat(20)}@escape.example` }, resolver);
    const asked = resolver.log.find((q) => q.type === 'A')!.name;
    expect(asked).toContain('%26');
    expect(utf8Length(asked)).toBeLessThanOrEqual(253);
  });
  it('a label over 63 octets is never queried: no match for a, permerror for include (§4.3, §5.2)', async () => {
    const resolver = zoneResolver(zone);
    const r = await checkHost(
      { ip, domain: 'long.example', sender: `${'x'.repeat(70)}@long.example` },
      resolver,
    );
    expect(r.result).toBe('permerror');
    expect(r.trace.filter((s) => s.kind === 'invalid-name')).toHaveLength(2);
    expect(resolver.log.map((q) => q.name)).toEqual(['long.example']);
  });
});

describe('hard caps and AbortSignal', () => {
  it('checkHost never asks more than its query cap', async () => {
    expect(DEFAULT_MAX_QUERIES).toBeGreaterThanOrEqual(1 + 10 * 11);
    const zone: Zone = {
      'mx.example': [{ TXT: `v=spf1 ${'mx:m.example '.repeat(10)}-all` }],
      'm.example': [],
    };
    for (let i = 0; i < 10; i++) zone['m.example'].push({ MX: [i, `x${i}.example`] });
    const resolver = zoneResolver(zone);
    const r = await checkHost(query('mx.example'), resolver, { maxQueries: 25 });
    expect(r.result).toBe('permerror');
    expect(resolver.log.length).toBeLessThanOrEqual(25);
  });
  it('analyzeSpf honours its query cap', async () => {
    const resolver = zoneResolver(chain(50));
    const t = await analyzeSpf('d0.example', resolver, { maxQueries: 5 });
    expect(resolver.log.length).toBe(5);
    expect(t.complete).toBe(false);
  });
  it('analyzeSpf returns promptly when aborted, even if the resolver never answers', async () => {
    const hanging: Resolver = { resolve: () => new Promise(() => {}) };
    const controller = new AbortController();
    const pending = analyzeSpf('example.com', hanging, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const t = await pending;
    expect(t.root.status).toBe('truncated');
    expect(t.complete).toBe(false);
  });
  it('analyzeSpf asks nothing more after an abort', async () => {
    const resolver = zoneResolver(chain(20), { delayMs: 30 });
    const controller = new AbortController();
    const pending = analyzeSpf('d0.example', resolver, { signal: controller.signal });
    setTimeout(() => controller.abort(), 75);
    await pending;
    const asked = resolver.log.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(resolver.log.length).toBe(asked);
    expect(asked).toBeLessThanOrEqual(4);
  });
});
