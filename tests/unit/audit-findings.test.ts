// What auditDomain reports for the zones of the user in docs/user.md and for the Cloudflare mistakes of
// docs/cloudflare.md: each finding with its code, RFC section and mechanical fix. One row per case, the
// section in the test name.
import { describe, expect, it } from 'vitest';
import {
  auditDomain,
  zoneResolver,
  type AuditOptions,
  type AuditReport,
  type Finding,
  type Resolver,
  type Zone,
} from '../../src/lib/index.ts';
import {
  CHIQIO,
  CHIQIO_BROKEN,
  CHIQIO_DAMAGED_SELECTOR,
  CHIQIO_FIXED,
  CHIQIO_FIXED_POLICY,
  CHIQIO_SELECTOR,
  CLOUDFLARE_EMAIL_ROUTING,
  GOOGLE,
  MISTAKES_DOMAIN,
  MISTAKES_ZONE,
  CHIQIO_WEBMAIL_PROXIED,
  RSA_1024,
  RSA_2048,
  TENCENT,
} from '../support/zones/index.ts';

function policyFetch(body: string, status = 200): typeof fetch {
  return async () => new Response(body, { status, headers: { 'Content-Type': 'text/plain' } });
}

async function run(
  zone: Zone | Resolver,
  domain: string,
  o: Partial<AuditOptions> = {},
): Promise<AuditReport> {
  const resolver = 'resolve' in zone ? (zone as Resolver) : zoneResolver(zone as Zone);
  return auditDomain(domain, { resolver, fetch: null, ...o });
}

const codes = (r: AuditReport) => r.findings.map((f) => f.code);
const one = (r: AuditReport, code: string, pick: (f: Finding) => boolean = () => true): Finding => {
  const found = r.findings.filter((f) => f.code === code && pick(f));
  expect(found, `${code} in ${codes(r).join(', ')}`).toHaveLength(1);
  return found[0];
};

interface Case {
  name: string;
  spec: string;
  zone: Zone | Resolver;
  domain: string;
  options?: Partial<AuditOptions>;
  check: (r: AuditReport) => void;
}

const CASES: Case[] = [
  {
    name: "Tencent's rua=mailto:mailauth-reports@qq.com without qq.com's authorization record",
    spec: 'RFC 9989 §3.3',
    zone: CHIQIO_BROKEN,
    domain: CHIQIO,
    check: (r) => {
      const f = one(r, 'dmarc/external-destination-unauthorized');
      expect(f.severity).toBe('warning');
      expect(f.params).toMatchObject({
        destination: 'qq.com',
        record: 'chiqio.com._report._dmarc.qq.com',
        tag: 'rua',
      });
      expect(f.fix).toEqual([
        {
          type: 'TXT',
          name: '_dmarc.chiqio.com',
          content: 'v=DMARC1; p=none; rua=mailto:dmarc-reports@chiqio.com',
        },
      ]);
      expect(f.replaces).toEqual([
        {
          type: 'TXT',
          name: '_dmarc.chiqio.com',
          content: 'v=DMARC1; p=none; rua=mailto:mailauth-reports@qq.com',
        },
      ]);
      expect(r.dmarc.destinations).toMatchObject([{ host: 'qq.com', status: 'unauthorized' }]);
    },
  },
  {
    name: 'p=none with reports going nowhere: step 1 only, the one corrected record sends them to the domain',
    spec: 'RFC 9989 §4.7',
    zone: CHIQIO_BROKEN,
    domain: CHIQIO,
    check: (r) => {
      const f = one(r, 'dmarc/policy-none');
      expect(f.severity).toBe('info');
      expect(f.fix).toBeUndefined();
      // The step-1 record is the unauthorized destination's fix, shown there once.
      const step = one(r, 'dmarc/next-step-reports');
      expect(step.params).toMatchObject({ policy: 'none', reports: '#/reports' });
      expect(step.fix).toBeUndefined();
      expect(step.fixIn).toBe('dmarc/external-destination-unauthorized');
      const fixes = r.findings.flatMap((x) => x.fix ?? []).filter((x) => x.name === '_dmarc.chiqio.com');
      expect(fixes.map((x) => x.content)).toEqual(['v=DMARC1; p=none; rua=mailto:dmarc-reports@chiqio.com']);
      expect(r.dmarc.discovery).toMatchObject({ status: 'done', foundAt: CHIQIO, policy: 'none' });
    },
  },
  {
    name: 'p=none, reports arriving, a working DKIM key: step 2 is quarantine, once reports show own mail aligned',
    spec: 'RFC 9989 §4.7',
    zone: {
      ...CHIQIO_FIXED,
      '_dmarc.chiqio.com': [{ TXT: 'v=DMARC1; p=none; rua=mailto:dmarc-reports@chiqio.com' }],
    },
    domain: CHIQIO,
    options: { selectors: [CHIQIO_SELECTOR] },
    check: (r) => {
      const f = one(r, 'dmarc/next-step-quarantine');
      expect(f.fix).toEqual([
        {
          type: 'TXT',
          name: '_dmarc.chiqio.com',
          content: 'v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@chiqio.com',
        },
      ]);
      expect(f.params?.reports).toBe('#/reports');
      expect(codes(r)).not.toContain('dmarc/enforcement-waits-for-dkim');
    },
  },
  {
    name: 'p=none, reports arriving, no DKIM key known: no stricter policy is suggested',
    spec: 'RFC 9989 §4.4',
    zone: {
      ...CHIQIO_FIXED,
      '_dmarc.chiqio.com': [{ TXT: 'v=DMARC1; p=none; rua=mailto:dmarc-reports@chiqio.com' }],
    },
    domain: CHIQIO,
    check: (r) => {
      expect(one(r, 'dmarc/enforcement-waits-for-dkim').fix).toBeUndefined();
      expect(
        r.findings.flatMap((x) => x.fix ?? []).some((x) => /p=(quarantine|reject)/.test(x.content)),
      ).toBe(false);
    },
  },
  {
    name: 'p=none, reports arriving, the only DKIM key damaged: no stricter policy is suggested',
    spec: 'RFC 9989 §4.4',
    zone: {
      ...CHIQIO_FIXED,
      '_dmarc.chiqio.com': [{ TXT: 'v=DMARC1; p=none; rua=mailto:dmarc-reports@chiqio.com' }],
      'lokg123._domainkey.chiqio.com': [{ TXT: `v=DKIM1; k=rsa; p=${RSA_1024}AB` }],
    },
    domain: CHIQIO,
    options: { selectors: [CHIQIO_SELECTOR] },
    check: (r) => {
      expect(codes(r)).toContain('dkim/key-damaged');
      expect(codes(r)).toContain('dmarc/enforcement-waits-for-dkim');
      expect(codes(r)).not.toContain('dmarc/next-step-quarantine');
    },
  },
  {
    name: 'p=quarantine, reports arriving, a working DKIM key: step 3 is reject',
    spec: 'RFC 9989 §4.7',
    zone: CHIQIO_FIXED,
    domain: CHIQIO,
    options: { selectors: [CHIQIO_SELECTOR] },
    check: (r) => {
      expect(one(r, 'dmarc/next-step-reject').fix?.[0].content).toBe(
        'v=DMARC1; p=reject; rua=mailto:dmarc-reports@chiqio.com',
      );
    },
  },
  {
    name: 'the Exmail web-mail CNAME proxied in Cloudflare is fine (web access only)',
    spec: 'RFC 1034 §3.6.2',
    zone: CHIQIO_BROKEN,
    domain: CHIQIO,
    check: (r) => {
      const f = one(r, 'hosts/webmail-proxied');
      expect(f).toMatchObject({ severity: 'info', area: 'mx' });
      expect(f.params).toMatchObject({
        name: 'mail.chiqio.com',
        target: 'exmail.qq.com',
        address: CHIQIO_WEBMAIL_PROXIED.A,
        range: '104.16.0.0/13',
      });
      expect(r.mx.hostAliases).toMatchObject([
        { name: 'mail.chiqio.com', role: 'webmail', state: 'proxied' },
      ]);
      expect(r.summary.mx).toBe('pass');
    },
  },
  {
    name: 'the Exmail web-mail CNAME DNS only points at exmail.qq.com',
    spec: 'RFC 1034 §3.6.2',
    zone: CHIQIO_FIXED,
    domain: CHIQIO,
    check: (r) => {
      expect(one(r, 'hosts/webmail-dns-only').params).toMatchObject({ name: 'mail.chiqio.com' });
      expect(r.mx.hostAliases[0]).toMatchObject({ state: 'alias', cnames: ['exmail.qq.com'] });
    },
  },
  {
    name: 'no web-mail CNAME: an optional record to add, not a problem',
    spec: 'RFC 1035 §3.3.1',
    zone: (() => {
      const { 'mail.chiqio.com': _mail, ...rest } = CHIQIO_FIXED;
      return rest;
    })(),
    domain: CHIQIO,
    check: (r) => {
      const f = one(r, 'hosts/alias-missing');
      expect(f.severity).toBe('info');
      expect(f.fix).toEqual([{ type: 'CNAME', name: 'mail.chiqio.com', content: 'exmail.qq.com' }]);
    },
  },
  {
    name: 'an SMTP/IMAP name proxied in Cloudflare takes no mail-client connections; POP DNS only is fine',
    spec: 'RFC 5321 §5.1',
    zone: {
      'ali.example': [
        { MX: [5, 'mx1.qiye.aliyun.com'] },
        { MX: [10, 'mx2.qiye.aliyun.com'] },
        { TXT: 'v=spf1 include:spf.qiye.aliyun.com -all' },
      ],
      'mx1.qiye.aliyun.com': [{ A: '192.0.2.41' }],
      'mx2.qiye.aliyun.com': [{ A: '192.0.2.42' }],
      'spf.qiye.aliyun.com': [{ TXT: 'v=spf1 ip4:192.0.2.0/24 -all' }],
      'mail.ali.example': [{ A: '172.67.10.1' }],
      'smtp.ali.example': [{ A: '104.16.0.9' }],
      'imap.ali.example': [{ CNAME: 'imap.qiye.aliyun.com' }],
      'imap.qiye.aliyun.com': [{ A: '192.0.2.43' }],
      'pop3.ali.example': [{ CNAME: 'elsewhere.example.net' }],
      'elsewhere.example.net': [{ A: '192.0.2.44' }],
    },
    domain: 'ali.example',
    check: (r) => {
      expect(one(r, 'hosts/webmail-proxied').params?.name).toBe('mail.ali.example');
      const smtp = one(r, 'hosts/mail-host-proxied');
      expect(smtp).toMatchObject({ severity: 'error', area: 'mx' });
      expect(smtp.params).toMatchObject({ name: 'smtp.ali.example', target: 'smtp.qiye.aliyun.com' });
      expect(one(r, 'hosts/mail-host-ok').params?.name).toBe('imap.ali.example');
      expect(one(r, 'hosts/alias-other-target').params).toMatchObject({
        name: 'pop3.ali.example',
        found: 'elsewhere.example.net',
      });
      expect(r.summary.mx).toBe('fail');
    },
  },
  {
    name: 'no key at any common selector is a warning with the s= hint, not an error',
    spec: 'RFC 6376 §3.6.2.2',
    zone: CHIQIO_BROKEN,
    domain: CHIQIO,
    check: (r) => {
      expect(one(r, 'dkim/not-found').severity).toBe('warning');
      expect(r.summary.dkim).toBe('warn');
      expect(r.requirements.find((l) => l.id === 'spf-or-dkim')?.status).toBe('pass');
      expect(r.requirements.find((l) => l.id === 'spf-and-dkim')?.status).toBe('unknown');
    },
  },
  {
    name: "Exmail's 1024-bit key at the user's selector is weak",
    spec: 'RFC 8301 §3.2',
    zone: CHIQIO_BROKEN,
    domain: CHIQIO,
    options: { selectors: [CHIQIO_SELECTOR, CHIQIO_DAMAGED_SELECTOR] },
    check: (r) => {
      const f = one(r, 'dkim/key-weak');
      expect(f.params).toMatchObject({ selector: CHIQIO_SELECTOR, bits: 1024 });
      expect(codes(r)).not.toContain('dkim/not-found');
      expect(r.dkim.selectors.slice(0, 2).map((s) => [s.selector, s.source])).toEqual([
        [CHIQIO_SELECTOR, 'user'],
        [CHIQIO_DAMAGED_SELECTOR, 'user'],
      ]);
    },
  },
  {
    name: 'a key pasted with quotes is damaged, and the fix is the key without them',
    spec: 'RFC 6376 §3.6.1',
    zone: CHIQIO_BROKEN,
    domain: CHIQIO,
    options: { selectors: [CHIQIO_DAMAGED_SELECTOR] },
    check: (r) => {
      const f = one(r, 'dkim/key-damaged');
      expect(f.params).toMatchObject({ selector: CHIQIO_DAMAGED_SELECTOR });
      expect(f.fix).toHaveLength(1);
      expect(f.fix?.[0].name).toBe('exmail._domainkey.chiqio.com');
      expect(f.fix?.[0].content).toContain(`p=${RSA_2048}`);
      expect(f.fix?.[0].content).not.toContain('"');
      // Precisely: the quote at character 200 of p= (where the paste was split).
      expect(f.params).toMatchObject({ reason: 'quotes-at', offset: 200, found: '"' });
      expect(one(r, 'dkim/key-recopy').params).toMatchObject({
        selector: CHIQIO_DAMAGED_SELECTOR,
        provider: 'Tencent Exmail (WeCom Mail)',
        providerZh: '腾讯企业邮箱',
      });
    },
  },
  {
    name: 'two base64 characters too many: 218 characters = 163 octets where the DER says 162',
    spec: 'RFC 6376 §3.6.1',
    zone: { ...CHIQIO_FIXED, 'lokg123._domainkey.chiqio.com': [{ TXT: `v=DKIM1; k=rsa; p=${RSA_1024}AB` }] },
    domain: CHIQIO,
    options: { selectors: [CHIQIO_SELECTOR] },
    check: (r) => {
      expect(one(r, 'dkim/key-damaged').params).toMatchObject({
        reason: 'extra-characters',
        chars: 218,
        octets: 163,
        derOctets: 162,
        derChars: 216,
        difference: 2,
      });
      expect(codes(r)).toContain('dkim/key-recopy');
    },
  },
  {
    name: 'a key cut off by four characters, no provider recognised: copy it again from the console',
    spec: 'RFC 6376 §3.6.1',
    zone: {
      'other.example': [{ MX: [10, 'mx.other.example'] }, { TXT: 'v=spf1 mx -all' }],
      'mx.other.example': [{ A: '192.0.2.50' }],
      'sel._domainkey.other.example': [{ TXT: `v=DKIM1; k=rsa; p=${RSA_1024.slice(0, -4)}` }],
    },
    domain: 'other.example',
    options: { selectors: ['sel'], commonSelectors: false },
    check: (r) => {
      expect(one(r, 'dkim/key-damaged').params).toMatchObject({
        reason: 'missing-characters',
        chars: 212,
        derOctets: 162,
        derChars: 216,
        difference: 4,
      });
      expect(one(r, 'dkim/key-recopy-console').params).toMatchObject({ selector: 'sel' });
    },
  },
  {
    name: 'the corrected zone is all green',
    spec: 'RFC 7208 §4.5',
    zone: CHIQIO_FIXED,
    domain: CHIQIO,
    options: { selectors: [CHIQIO_SELECTOR], fetch: policyFetch(CHIQIO_FIXED_POLICY) },
    check: (r) => {
      expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
      expect(r.summary).toEqual({
        mx: 'pass',
        spf: 'pass',
        dmarc: 'pass',
        dkim: 'pass',
        'mta-sts': 'pass',
        'tls-rpt': 'pass',
        bimi: 'none',
        zone: 'pass',
      });
      expect(r.mtaSts.policy.status).toBe('done');
      const req = Object.fromEntries(r.requirements.map((l) => [l.id, l.status]));
      expect(req).toMatchObject({
        'spf-or-dkim': 'pass',
        'spf-and-dkim': 'pass',
        dmarc: 'pass',
        ptr: 'unknown',
      });
      expect(r.mx.providers[0].provider.id).toBe('tencent-exmail');
      expect(r.spf.tree?.lookups).toBe(3);
    },
  },
  {
    name: 'a DMARC timeout is a temporary failure to retry, never "missing"',
    spec: 'RFC 7208 §2.6.6',
    zone: { ...CHIQIO_BROKEN, '_dmarc.chiqio.com': ['TIMEOUT'] },
    domain: CHIQIO,
    check: (r) => {
      expect(r.summary.dmarc).toBe('error');
      expect(r.dmarc.dnsStatus).toBe('TIMEOUT');
      const f = one(
        r,
        'dns/temporary',
        (x) => x.lookup?.name === '_dmarc.chiqio.com' && x.lookup.type === 'TXT',
      );
      expect(f.params).toMatchObject({ area: 'dmarc', status: 'TIMEOUT' });
      expect(codes(r)).not.toContain('dmarc/missing');
      expect(r.requirements.find((l) => l.id === 'dmarc')?.status).toBe('unknown');
    },
  },
  {
    name: 'SERVFAIL at the domain: MX and SPF unknown, not missing',
    spec: 'RFC 1035 §4.1.1',
    zone: { ...CHIQIO_BROKEN, 'chiqio.com': ['SERVFAIL'] },
    domain: CHIQIO,
    check: (r) => {
      expect(r.summary.mx).toBe('error');
      expect(r.summary.spf).toBe('error');
      expect(codes(r)).not.toContain('spf/missing');
      expect(codes(r)).not.toContain('mx/missing');
      const retries = r.findings.filter((f) => f.code === 'dns/temporary' && f.lookup?.name === 'chiqio.com');
      // The zone's SOA, NS and DNSKEY at the same name are unknown too (each one lookup to retry).
      expect(retries.map((f) => f.lookup?.type).sort()).toEqual(['DNSKEY', 'MX', 'NS', 'SOA', 'TXT']);
      expect(r.summary.zone).toBe('error');
    },
  },
  {
    name: 'a mail host proxied by Cloudflare (orange cloud) receives nothing',
    spec: 'RFC 5321 §5.1',
    zone: MISTAKES_ZONE,
    domain: MISTAKES_DOMAIN,
    check: (r) => {
      const f = one(r, 'mx/target-proxied');
      expect(f.params).toMatchObject({ target: 'mail.mistakes.example', range: '104.16.0.0/13' });
      expect(String(f.params?.addresses)).toContain('2606:4700::6810:84e5');
    },
  },
  {
    name: "Email Routing's MX next to another provider's",
    spec: 'RFC 5321 §5.1',
    zone: MISTAKES_ZONE,
    domain: MISTAKES_DOMAIN,
    check: (r) => {
      expect(one(r, 'mx/email-routing-mixed').params?.others).toBe(
        'mail.mistakes.example, alias.mistakes.example',
      );
    },
  },
  {
    name: 'an MX target that is an alias: the fix points the MX at the canonical name',
    spec: 'RFC 2181 §10.3',
    zone: MISTAKES_ZONE,
    domain: MISTAKES_DOMAIN,
    check: (r) => {
      const f = one(r, 'mx/target-cname');
      expect(f.fix).toEqual([
        { type: 'MX', name: MISTAKES_DOMAIN, content: 'mx2.mistakes.example', priority: 30 },
      ]);
      expect(f.replaces).toEqual([
        { type: 'MX', name: MISTAKES_DOMAIN, content: 'alias.mistakes.example', priority: 30 },
      ]);
    },
  },
  {
    name: 'two SPF records are merged into one',
    spec: 'RFC 7208 §4.5',
    zone: MISTAKES_ZONE,
    domain: MISTAKES_DOMAIN,
    check: (r) => {
      const f = one(r, 'spf/multiple-records');
      expect(f.replaces).toHaveLength(2);
      expect(f.fix).toEqual([
        {
          type: 'TXT',
          name: MISTAKES_DOMAIN,
          content: 'v=spf1 include:spf.mail.qq.com include:_spf.mx.cloudflare.net ~all',
        },
      ]);
      expect(r.spf.tree).toBeUndefined();
    },
  },
  {
    name: 'two SPF records, Email Routing no longer in the MX: the merged record drops its include',
    spec: 'RFC 7208 §4.5',
    zone: {
      ...TENCENT,
      ...CLOUDFLARE_EMAIL_ROUTING,
      'r.example': [
        { MX: [5, 'mxbiz1.qq.com'] },
        { TXT: 'v=spf1 include:spf.mail.qq.com ~all' },
        { TXT: 'v=spf1 include:_spf.mx.cloudflare.net ~all' },
      ],
    },
    domain: 'r.example',
    check: (r) => {
      expect(one(r, 'spf/multiple-records').fix?.[0].content).toBe('v=spf1 include:spf.mail.qq.com ~all');
    },
  },
  {
    name: "Email Routing's include left in the SPF record",
    spec: 'RFC 7208 §4.6.4',
    zone: {
      ...TENCENT,
      ...CLOUDFLARE_EMAIL_ROUTING,
      'r.example': [
        { MX: [5, 'mxbiz1.qq.com'] },
        { TXT: 'v=spf1 include:spf.mail.qq.com include:_spf.mx.cloudflare.net ~all' },
      ],
    },
    domain: 'r.example',
    check: (r) => {
      const f = one(r, 'spf/email-routing-include');
      expect(f.fix?.[0].content).toBe('v=spf1 include:spf.mail.qq.com ~all');
    },
  },
  {
    name: "the MX provider's include missing from SPF: the fix merges it in",
    spec: 'RFC 7208 §5.2',
    zone: {
      ...TENCENT,
      ...GOOGLE,
      'g.example': [{ MX: [1, 'smtp.google.com'] }, { TXT: 'v=spf1 include:spf.mail.qq.com ~all' }],
      'smtp.google.com': [{ A: '192.0.2.40' }],
    },
    domain: 'g.example',
    check: (r) => {
      const f = one(r, 'spf/provider-include-missing');
      expect(f.params).toMatchObject({ include: '_spf.google.com', provider: 'Google Workspace (Gmail)' });
      expect(f.fix?.[0].content).toBe('v=spf1 include:spf.mail.qq.com include:_spf.google.com ~all');
      expect(r.requirements.find((l) => l.id === 'spf-or-dkim')?.codes).toContain(
        'spf/provider-include-missing',
      );
    },
  },
  {
    name: 'no SPF record: the fix is the MX provider include',
    spec: 'RFC 7208 §4.5',
    zone: { ...TENCENT, 'n.example': [{ MX: [5, 'mxbiz1.qq.com'] }] },
    domain: 'n.example',
    check: (r) => {
      expect(one(r, 'spf/missing').fix).toEqual([
        { type: 'TXT', name: 'n.example', content: 'v=spf1 include:spf.mail.qq.com ~all' },
      ]);
      expect(one(r, 'dmarc/missing').fix?.[0]).toEqual({
        type: 'TXT',
        name: '_dmarc.n.example',
        content: 'v=DMARC1; p=none; rua=mailto:dmarc-reports@n.example',
      });
    },
  },
  {
    name: 'a null MX domain without SPF: the fix says it sends no mail',
    spec: 'RFC 7505 §3',
    zone: { 'parked.example': [{ MX: [0, '.'] }] },
    domain: 'parked.example',
    check: (r) => {
      expect(one(r, 'mx/null').severity).toBe('info');
      expect(one(r, 'spf/missing').fix?.[0].content).toBe('v=spf1 -all');
    },
  },
  {
    name: 'an MX target written as an IP address is not looked up and is an error',
    spec: 'RFC 7505 §3',
    zone: { ...TENCENT, 'ip.example': [{ MX: [10, '192.0.2.25'] }, { MX: [20, 'mxbiz1.qq.com'] }] },
    domain: 'ip.example',
    check: (r) => {
      expect(one(r, 'mx/target-ip').params).toMatchObject({ target: '192.0.2.25' });
      expect(r.mx.hosts[0]).toMatchObject({ kind: 'ip', status: 'skipped' });
      expect(r.lookups.some((l) => l.name === '192.0.2.25')).toBe(false);
    },
  },
  {
    name: 'a selector that is not a name is refused with a note, the others are probed',
    spec: 'RFC 6376 §3.1',
    zone: CHIQIO_FIXED,
    domain: CHIQIO,
    options: { selectors: ['bad selector!', CHIQIO_SELECTOR], commonSelectors: false },
    check: (r) => {
      expect(one(r, 'audit/invalid-selector').params).toMatchObject({ selector: 'bad selector!' });
      expect(r.dkim.selectors.map((s) => s.selector)).toEqual([CHIQIO_SELECTOR]);
    },
  },
  {
    name: 'a proxied DKIM CNAME answers an address, never the key',
    spec: 'RFC 6376 §3.6.2.2',
    zone: MISTAKES_ZONE,
    domain: MISTAKES_DOMAIN,
    check: (r) => {
      expect(one(r, 'dkim/proxied-cname').params).toMatchObject({
        selector: 's1',
        address: '172.67.1.1',
        range: '172.64.0.0/13',
      });
    },
  },
  {
    name: 'a CNAME-delegated key is followed and inspected',
    spec: 'RFC 6376 §3.6.2.1',
    zone: {
      ...CHIQIO_FIXED,
      's1._domainkey.chiqio.com': [{ CNAME: 's1.domainkey.u1.wl.sendgrid.net' }],
      's1.domainkey.u1.wl.sendgrid.net': [{ TXT: ['k=rsa; t=s; p=', RSA_2048] }],
    },
    domain: CHIQIO,
    check: (r) => {
      const s1 = r.dkim.selectors.find((s) => s.selector === 's1');
      expect(s1).toMatchObject({ status: 'found', cnames: ['s1.domainkey.u1.wl.sendgrid.net'] });
      expect(s1?.key).toMatchObject({ algorithm: 'rsa', bits: 2048, revoked: false });
    },
  },
  {
    name: 'a CNAME and TXT records both at _dmarc',
    spec: 'RFC 1034 §3.6.2',
    zone: {
      resolve: async (name, type, init) => {
        const base = await zoneResolver(CHIQIO_FIXED).resolve(name, type, init);
        if (name !== '_dmarc.chiqio.com') return base;
        if (type === 'CNAME') {
          return {
            ...base,
            status: 'NOERROR',
            answers: [{ name, type: 'CNAME', ttl: 300, data: 'dmarc.provider.example' }],
          };
        }
        return base; // the TXT answer is owned by _dmarc.chiqio.com itself
      },
    },
    domain: CHIQIO,
    options: { selectors: [CHIQIO_SELECTOR] },
    check: (r) => {
      expect(one(r, 'dmarc/cname-and-txt').params).toMatchObject({ cname: 'dmarc.provider.example' });
      expect(r.requirements.find((l) => l.id === 'dmarc')?.status).toBe('fail');
    },
  },
  {
    name: 'a policy file the browser may not read (CORS) is said plainly, not called broken',
    spec: 'RFC 8461 §3.3',
    zone: CHIQIO_FIXED,
    domain: CHIQIO,
    options: {
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    },
    check: (r) => {
      expect(one(r, 'mta-sts/policy-unreadable')).toMatchObject({
        severity: 'info',
        params: { url: 'https://mta-sts.chiqio.com/.well-known/mta-sts.txt' },
      });
      expect(r.mtaSts.policy.status).toBe('blocked');
      expect(r.summary['mta-sts']).toBe('pass');
    },
  },
  {
    name: 'a policy file served with 404',
    spec: 'RFC 8461 §3.3',
    zone: CHIQIO_FIXED,
    domain: CHIQIO,
    options: { fetch: policyFetch('not found', 404) },
    check: (r) => {
      expect(one(r, 'mta-sts/policy-http-error').params).toMatchObject({ status: 404 });
    },
  },
  {
    name: 'a policy file that never arrives times out',
    spec: 'RFC 8461 §3.3',
    zone: CHIQIO_FIXED,
    domain: CHIQIO,
    options: {
      policyTimeoutMs: 30,
      fetch: (_input, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        ),
    },
    check: (r) => {
      expect(one(r, 'mta-sts/policy-timeout').severity).toBe('warning');
    },
  },
  {
    name: 'an MX host the MTA-STS policy does not cover',
    spec: 'RFC 8461 §4.1',
    zone: CHIQIO_FIXED,
    domain: CHIQIO,
    options: {
      fetch: policyFetch('version: STSv1\r\nmode: enforce\r\nmx: mxbiz1.qq.com\r\nmax_age: 604800\r\n'),
    },
    check: (r) => {
      expect(one(r, 'mta-sts/mx-not-covered').params).toMatchObject({ host: 'mxbiz2.qq.com' });
    },
  },
  {
    name: 'BIMI next to p=none shows no logo',
    spec: 'draft-brand-indicators-for-message-identification-10',
    zone: {
      ...CHIQIO_BROKEN,
      'default._bimi.chiqio.com': [{ TXT: 'v=BIMI1; l=https://chiqio.com/logo.svg' }],
    },
    domain: CHIQIO,
    check: (r) => {
      expect(one(r, 'bimi/dmarc-not-enforced').params).toMatchObject({ policy: 'none' });
    },
  },
  {
    name: "a subdomain's DMARC policy is discovered by the tree walk",
    spec: 'RFC 9989 §4.10.1',
    zone: CHIQIO_FIXED,
    domain: CHIQIO,
    options: { subdomain: 'news.chiqio.com', selectors: [CHIQIO_SELECTOR] },
    check: (r) => {
      expect(r.subdomain).toBe('news.chiqio.com');
      expect(r.dmarc.subdomain).toMatchObject({ status: 'done', foundAt: CHIQIO, policy: 'quarantine' });
    },
  },
  {
    name: 'a name with an invisible character is refused, not looked up',
    spec: 'RFC 1035 §2.3.4',
    zone: CHIQIO_FIXED,
    domain: 'chiqio\u200b.com',
    check: (r) => {
      expect(codes(r)).toEqual(['audit/invalid-domain']);
      expect(r.lookups).toEqual([]);
    },
  },
  {
    name: 'a domain that does not exist',
    spec: 'RFC 1035 §4.1.1',
    zone: CHIQIO_FIXED,
    domain: 'nope.example',
    check: (r) => {
      expect(codes(r)).toContain('audit/domain-not-found');
      expect(r.summary.mx).toBe('fail');
    },
  },
];

describe('auditDomain findings', () => {
  for (const c of CASES) {
    it(`${c.name} (${c.spec})`, async () => {
      c.check(await run(c.zone, c.domain, c.options));
    });
  }

  it('every finding names a catalogued code, an area and, where the fix is mechanical, records to paste', async () => {
    const reports = await Promise.all([
      run(CHIQIO_BROKEN, CHIQIO, { selectors: [CHIQIO_SELECTOR, CHIQIO_DAMAGED_SELECTOR] }),
      run(MISTAKES_ZONE, MISTAKES_DOMAIN),
    ]);
    const { CODES } = await import('../../src/lib/index.ts');
    for (const r of reports) {
      for (const f of r.findings) {
        expect(Object.keys(CODES), f.code).toContain(f.code);
        for (const s of f.fix ?? []) {
          expect(['MX', 'TXT', 'CNAME']).toContain(s.type);
          expect(s.name).not.toMatch(/\.$/);
        }
      }
    }
  });
});
