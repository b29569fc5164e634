// Provider presets: the shipped copy of providers.json, the typed model, MX recognition and the
// DKIM selectors to probe.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PROVIDERS,
  providerById,
  providerDkimSelectors,
  recognizeProviderFromMx,
} from '../../src/lib/index.ts';
import { knownSpfLookupCost, selectorsFromHint } from '../../src/lib/providers/catalog.ts';

const SHARED = '../shared/providers.json';
const shipped = JSON.parse(readFileSync('src/lib/providers/providers.json', 'utf8')) as Array<
  Record<string, unknown>
>;

describe('providers.json copy', () => {
  // Read in place where the shared folder sits next to the project (it is not part of a clone).
  it.skipIf(!existsSync(SHARED))(
    'holds the same data as ../shared/providers.json (our data, shipped with the app)',
    () => {
      // Same JSON value; the copy is laid out by prettier like the rest of the project.
      expect(shipped).toEqual(JSON.parse(readFileSync(SHARED, 'utf8')));
    },
  );
  it('yields one Provider per entry, in order', () => {
    expect(PROVIDERS.map((p) => p.id)).toEqual(shipped.map((p) => p.id));
  });
});

describe('typed model', () => {
  it('keeps the unverified flag and fields of every entry', () => {
    for (const raw of shipped) {
      const p = providerById(raw.id as string)!;
      expect(p.unverified).toBe(raw.unverified === true);
      expect(p.unverifiedFields).toEqual(raw.unverifiedFields ?? []);
    }
    expect(PROVIDERS.filter((p) => p.unverified).length).toBeGreaterThan(10);
  });

  it('Tencent Exmail: MX mxbiz1/mxbiz2 5/10, include spf.mail.qq.com, confirmed by a working setup', () => {
    const p = providerById('tencent-exmail')!;
    expect(p.nameZh).toBe('腾讯企业邮箱');
    expect(p.mx).toEqual([
      { host: 'mxbiz1.qq.com', priority: 5 },
      { host: 'mxbiz2.qq.com', priority: 10 },
    ]);
    expect(p.spfInclude).toBe('spf.mail.qq.com');
    expect(p.dkim.kind).toBe('txt');
    expect(p.dkim.selectors).toEqual([]);
    expect(p.unverified).toBe(false);
    expect(p.unverifiedAreas).toEqual({ mx: [], spf: [], dkim: [] });
    expect(p.sources).toMatch(/working Exmail-on-Cloudflare configuration/);
    expect(p.dmarcDefault?.content).toBe('v=DMARC1; p=none; rua=mailto:mailauth-reports@qq.com');
  });

  // hostAliases: web access may be proxied by Cloudflare; SMTP/IMAP/POP names must stay DNS only.
  const aliasCases: Array<{ id: string; aliases: Array<[string, string, 'webmail' | 'mail-protocol']> }> = [
    { id: 'tencent-exmail', aliases: [['mail', 'exmail.qq.com', 'webmail']] },
    {
      id: 'alibaba-mail',
      aliases: [
        ['mail', 'qiye.aliyun.com', 'webmail'],
        ['smtp', 'smtp.qiye.aliyun.com', 'mail-protocol'],
        ['imap', 'imap.qiye.aliyun.com', 'mail-protocol'],
        ['pop3', 'pop.qiye.aliyun.com', 'mail-protocol'],
      ],
    },
    { id: 'google-workspace', aliases: [] },
  ];
  for (const c of aliasCases) {
    it(`reads the host aliases of ${c.id} with their proxy rule`, () => {
      const p = providerById(c.id)!;
      expect(p.hostAliases.map((a) => [a.name, a.content, a.role])).toEqual(c.aliases);
      for (const a of p.hostAliases) expect(a.proxiable).toBe(a.role === 'webmail');
    });
  }

  it('returns undefined for an unknown id', () => {
    expect(providerById('no-such-provider')).toBeUndefined();
  });

  // Which record each unverified fact concerns; facts naming none concern every record.
  const areaCases: Array<{ id: string; mx: number; spf: number; dkim: number }> = [
    { id: 'microsoft-365', mx: 1, spf: 1, dkim: 2 }, // "21Vianet host names" names no record
    { id: 'netease-qiye', mx: 1, spf: 1, dkim: 1 },
    { id: 'zoho-mail', mx: 1, spf: 1, dkim: 0 },
    { id: 'mailgun', mx: 1, spf: 0, dkim: 1 },
    { id: 'postmark', mx: 1, spf: 1, dkim: 1 }, // "all (from memory…)"
    { id: 'google-workspace', mx: 0, spf: 0, dkim: 0 },
  ];
  for (const c of areaCases) {
    it(`sorts the unverified facts of ${c.id} by record`, () => {
      const areas = providerById(c.id)!.unverifiedAreas;
      expect([areas.mx.length, areas.spf.length, areas.dkim.length]).toEqual([c.mx, c.spf, c.dkim]);
    });
  }

  // RFC 6376 §3.1: a selector is a sub-domain; prose and <placeholders> in hints are not selectors.
  const hintCases: Array<[string, string[]]> = [
    ['google', ['google']],
    ['selector1, selector2', ['selector1', 'selector2']],
    ['(shown in the Exmail admin console)', []],
    ['s1, s2 (automated security); m1 (manual TXT)', ['s1', 's2']],
    ['varies per domain (k1, mx, smtp, krs, pic seen; newer setups pdk1/pdk2)', []],
    ['brevo1, brevo2 (CNAME) or mail (older TXT)', ['brevo1', 'brevo2']],
    ['<token> (three Easy DKIM tokens)', []],
    ['<YYYYMMDDhhmmss>pm', []],
    ['admin-chosen selector + alternate selector', []],
    ['zmail (default; admin chooses the selector)', ['zmail']],
  ];
  for (const [hint, selectors] of hintCases) {
    it(`reads selectors ${JSON.stringify(selectors)} from the hint "${hint}" (RFC 6376 §3.1)`, () => {
      expect(selectorsFromHint(hint)).toEqual(selectors);
    });
  }

  it('knows no SPF lookup cost the data does not give (RFC 7208 §4.6.4)', () => {
    // providers.json carries no lookup costs today; offline counts must say they are incomplete.
    expect(PROVIDERS.every((p) => p.spfLookupCost === undefined)).toBe(true);
    expect(knownSpfLookupCost('spf.mail.qq.com')).toBeUndefined();
  });
});

describe('recognizeProviderFromMx (RFC 5321 §5.1)', () => {
  const cases: Array<{ name: string; exchanges: string[]; first: string; via: string; count: number }> = [
    {
      name: 'Tencent Exmail',
      exchanges: ['mxbiz1.qq.com', 'mxbiz2.qq.com'],
      first: 'tencent-exmail',
      via: 'mx',
      count: 2,
    },
    {
      name: 'trailing dot and upper case',
      exchanges: ['MXBIZ1.QQ.COM.'],
      first: 'tencent-exmail',
      via: 'mx',
      count: 1,
    },
    {
      name: 'Microsoft 365 placeholder',
      exchanges: ['chiqio-com.mail.protection.outlook.com'],
      first: 'microsoft-365',
      via: 'pattern',
      count: 1,
    },
    {
      name: 'Google legacy ASPMX hosts',
      exchanges: ['aspmx.l.google.com', 'alt1.aspmx.l.google.com'],
      first: 'google-workspace',
      via: 'legacy',
      count: 2,
    },
    {
      name: 'Google current host',
      exchanges: ['smtp.google.com'],
      first: 'google-workspace',
      via: 'mx',
      count: 1,
    },
    {
      name: 'Alibaba legacy HiChina',
      exchanges: ['mxw.mxhichina.com'],
      first: 'alibaba-mail',
      via: 'legacy',
      count: 1,
    },
  ];
  for (const c of cases) {
    it(`recognises ${c.name}`, () => {
      const [best] = recognizeProviderFromMx(c.exchanges);
      expect(best.provider.id).toBe(c.first);
      expect(best.via).toBe(c.via);
      expect(best.exchanges.length).toBe(c.count);
    });
  }

  it('returns every provider sharing a pattern (SES and Resend)', () => {
    const ids = recognizeProviderFromMx(['feedback-smtp.us-east-1.amazonses.com']).map((m) => m.provider.id);
    expect(ids.sort()).toEqual(['amazon-ses', 'resend']);
  });

  it('a placeholder stands for one label only', () => {
    expect(recognizeProviderFromMx(['a.b.mail.protection.outlook.com'])).toEqual([]);
    expect(recognizeProviderFromMx(['mail.protection.outlook.com'])).toEqual([]);
  });

  it('recognises nothing for unknown hosts or no hosts', () => {
    expect(recognizeProviderFromMx(['mx.example.net'])).toEqual([]);
    expect(recognizeProviderFromMx([])).toEqual([]);
  });

  it('ranks the provider matching more exchanges first', () => {
    const matches = recognizeProviderFromMx(['mx1.improvmx.com', 'smtp.google.com', 'mx2.improvmx.com']);
    expect(matches.map((m) => m.provider.id)).toEqual(['improvmx', 'google-workspace']);
  });
});

describe('providerDkimSelectors (RFC 6376 §3.6.2.1)', () => {
  const selectors = providerDkimSelectors();
  it('holds the widely used names', () => {
    for (const s of [
      'default',
      'google',
      'selector1',
      'selector2',
      'k1',
      'k2',
      's1',
      's2',
      'dkim',
      'mail',
      'smtp',
      'mxvault',
      'everlytickey1',
      'mandrill',
      'zoho',
    ]) {
      expect(selectors).toContain(s);
    }
  });
  it('adds provider selectors, one per numbered family', () => {
    for (const s of [
      'zmail',
      'resend',
      'mte1',
      'fm1',
      'protonmail',
      'sig1',
      'mailjet',
      'brevo1',
      'dkimprovmx1',
    ]) {
      expect(selectors).toContain(s);
    }
    expect(selectors).not.toContain('fm2');
    expect(selectors).not.toContain('protonmail2');
  });
  it('is about twenty lower-case, unique, valid selector names', () => {
    expect(new Set(selectors).size).toBe(selectors.length);
    expect(selectors.length).toBeGreaterThanOrEqual(18);
    expect(selectors.length).toBeLessThanOrEqual(30);
    for (const s of selectors) expect(s).toMatch(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/);
  });
});
