// zoneResolver follows conformance/spf/FORMAT.md §6.
import { describe, expect, it } from 'vitest';
import { zoneResolver } from '../../src/lib/index.ts';

const zone = {
  'Example.com': [
    { TXT: 'v=spf1 -all' },
    { MX: [10, 'mx.example.com.'] as [number, string] },
    { A: '192.0.2.1' },
  ],
  'spfonly.example.com': [{ SPF: 'v=spf1 +all' }],
  'both.example.com': [{ SPF: 'v=spf1 +all' }, { TXT: 'NONE' }, 'TIMEOUT' as const],
  'multi.example.com': [{ TXT: ['v=spf1 ip4:', '192.0.2.5 -all'] }, { TXT: 'other' }],
  'alias.example.com': [{ CNAME: 'example.com.' }],
  'loop1.example.com': [{ CNAME: 'loop2.example.com' }],
  'loop2.example.com': [{ CNAME: 'loop1.example.com' }],
  'broken.example.com': ['SERVFAIL' as const],
};

describe('zoneResolver (FORMAT.md §6)', () => {
  const r = zoneResolver(zone);
  const cases: Array<[string, string, string, unknown[]]> = [
    ['§6.1 names are case-insensitive, trailing dot dropped', 'EXAMPLE.COM.', 'TXT', [['v=spf1 -all']]],
    ['§6.2 SPF mirrored as TXT', 'spfonly.example.com', 'TXT', [['v=spf1 +all']]],
    [
      '§5 multi-string TXT kept apart, RRs separate',
      'multi.example.com',
      'TXT',
      [['v=spf1 ip4:', '192.0.2.5 -all'], ['other']],
    ],
    ['MX data parsed', 'example.com', 'MX', [{ preference: 10, exchange: 'mx.example.com' }]],
  ];
  for (const [title, name, type, data] of cases) {
    it(title, async () => {
      const res = await r.resolve(name, type as 'TXT');
      expect(res.status).toBe('NOERROR');
      expect(res.answers.filter((a) => a.type === type).map((a) => a.data)).toEqual(data);
    });
  }
  it('§6.4 absent name is NXDOMAIN, §6.6 present without the type is NODATA', async () => {
    expect((await r.resolve('nope.example.com', 'A')).status).toBe('NXDOMAIN');
    const nodata = await r.resolve('example.com', 'AAAA');
    expect([nodata.status, nodata.answers.length]).toEqual(['NOERROR', 0]);
  });
  it('§6.5 TIMEOUT item times out a type with no data; TXT: NONE creates nothing', async () => {
    expect((await r.resolve('both.example.com', 'TXT')).status).toBe('TIMEOUT');
  });
  it('§6.3 CNAME chased, loops are SERVFAIL', async () => {
    const res = await r.resolve('alias.example.com', 'A');
    expect(res.answers.map((a) => [a.name, a.type, a.data])).toEqual([
      ['alias.example.com', 'CNAME', 'example.com'],
      ['example.com', 'A', '192.0.2.1'],
    ]);
    expect((await r.resolve('loop1.example.com', 'A')).status).toBe('SERVFAIL');
    expect((await r.resolve('broken.example.com', 'TXT')).status).toBe('SERVFAIL');
  });
  it('refuses invalid names without an answer (§6.1) and logs every query', async () => {
    const log = zoneResolver(zone);
    expect((await log.resolve(`${'a'.repeat(64)}.example.com`, 'A')).status).toBe('ERROR');
    expect((await log.resolve('a..example.com', 'A')).status).toBe('ERROR');
    await log.resolve('example.com', 'MX');
    expect(log.log.map((q) => q.type)).toEqual(['A', 'A', 'MX']);
  });
});
