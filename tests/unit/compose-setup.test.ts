// The provider setup wizard's record set (docs/user.md scenario: chiqio.com on Tencent Exmail with
// DNS at Cloudflare), record by record and in every export format; then other providers.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  providerById,
  setupRecords,
  toBindZone,
  toCloudflareApi,
  toCloudflareRows,
  toCurl,
  toDnscontrol,
  toHostRecords,
  type ComposedRecord,
  type Provider,
} from '../../src/lib/index.ts';
import { composeSetup } from '../../src/lib/compose/setup.ts';

const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const KEY = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
// What the Exmail console shows: a whole record, 1024-bit key (docs/user.md).
const PASTED = `v=DKIM1; k=rsa; p=${KEY}`;

const plain = (records: ComposedRecord[]) =>
  records.map(({ type, name, content, priority }) => ({
    type,
    name,
    content,
    ...(priority !== undefined && { priority }),
  }));

describe('Tencent Exmail for chiqio.com (docs/user.md scenario)', () => {
  const result = setupRecords({
    providerId: 'tencent-exmail',
    domain: 'chiqio.com',
    dkimSelector: 'lokg123',
    dkimKey: PASTED,
    reportAddress: 'dmarc@chiqio.com',
  });

  it('gives exactly MX 5, MX 10, SPF, DKIM and DMARC, record by record', () => {
    expect(plain(result.records)).toEqual([
      { type: 'MX', name: 'chiqio.com', content: 'mxbiz1.qq.com', priority: 5 },
      { type: 'MX', name: 'chiqio.com', content: 'mxbiz2.qq.com', priority: 10 },
      { type: 'TXT', name: 'chiqio.com', content: 'v=spf1 include:spf.mail.qq.com ~all' },
      { type: 'TXT', name: 'lokg123._domainkey.chiqio.com', content: PASTED },
      { type: 'TXT', name: '_dmarc.chiqio.com', content: 'v=DMARC1; p=none; rua=mailto:dmarc@chiqio.com' },
    ]);
    expect(result.fieldDiagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.authorizations).toEqual([]);
  });

  it('gives each record a one-line reason (i18n key + params)', () => {
    expect(result.records.map((r) => [r.purpose, r.reason.key])).toEqual([
      ['mx', 'composer_reason_mx'],
      ['mx', 'composer_reason_mx'],
      ['spf', 'composer_reason_spf'],
      ['dkim', 'composer_reason_dkim_txt'],
      ['dmarc', 'composer_reason_dmarc'],
    ]);
    expect(result.records[0].reason.params).toMatchObject({
      providerZh: '腾讯企业邮箱',
      host: 'mxbiz1.qq.com',
      priority: 5,
    });
    expect(result.records[4].reason.params).toEqual({ domain: 'chiqio.com', address: 'dmarc@chiqio.com' });
  });

  it('marks no record unverified (providers.json: Exmail confirmed by a working setup)', () => {
    expect(result.provider!.unverified).toBe(false);
    expect(result.records.map((r) => r.unverified)).toEqual([[], [], [], [], []]);
  });

  it('lists what is left to do: merge an existing SPF, tighten DMARC later', () => {
    expect(result.todo.map((t) => t.key)).toEqual(['composer_todo_spf_merge', 'composer_todo_dmarc_rollout']);
  });

  it('with Tencent’s default rua at qq.com: the record, plus the authorization qq.com must publish (RFC 9990)', () => {
    const r = setupRecords({
      providerId: 'tencent-exmail',
      domain: 'chiqio.com',
      dkimSelector: 'lokg123',
      dkimKey: PASTED,
      reportAddress: 'mailauth-reports@qq.com',
    });
    expect(r.records[4].content).toBe('v=DMARC1; p=none; rua=mailto:mailauth-reports@qq.com');
    expect(r.authorizations.map((a) => a.record)).toEqual([
      { type: 'TXT', name: 'chiqio.com._report._dmarc.qq.com', content: 'v=DMARC1' },
    ]);
    expect(r.todo.map((t) => t.key)).toContain('composer_todo_authorization');
    // Not part of the user's zone: every export leaves it out.
    expect(toBindZone(r.records, 'chiqio.com')).not.toContain('_report');
  });

  describe('exports', () => {
    const zone = 'chiqio.com';
    it('Cloudflare form rows', () => {
      expect(toCloudflareRows(result.records, zone)).toEqual([
        {
          type: 'MX',
          name: '@',
          content: 'mxbiz1.qq.com',
          priority: 5,
          ttl: 'Auto',
          proxyStatus: 'DNS only',
          neverProxy: false,
          unverified: [],
        },
        {
          type: 'MX',
          name: '@',
          content: 'mxbiz2.qq.com',
          priority: 10,
          ttl: 'Auto',
          proxyStatus: 'DNS only',
          neverProxy: false,
          unverified: [],
        },
        {
          type: 'TXT',
          name: '@',
          content: 'v=spf1 include:spf.mail.qq.com ~all',
          ttl: 'Auto',
          proxyStatus: 'DNS only',
          neverProxy: false,
          unverified: [],
        },
        {
          type: 'TXT',
          name: 'lokg123._domainkey',
          content: PASTED,
          ttl: 'Auto',
          proxyStatus: 'DNS only',
          neverProxy: false,
          unverified: [],
        },
        {
          type: 'TXT',
          name: '_dmarc',
          content: 'v=DMARC1; p=none; rua=mailto:dmarc@chiqio.com',
          ttl: 'Auto',
          proxyStatus: 'DNS only',
          neverProxy: false,
          unverified: [],
        },
      ]);
    });
    it('BIND zone fragment', () => {
      expect(toBindZone(result.records, zone)).toBe(
        [
          '; chiqio.com: mail records (MailDNS). Cloudflare: DNS > Records > Import and Export > Import.',
          'chiqio.com.\t3600\tIN\tMX\t5 mxbiz1.qq.com.',
          'chiqio.com.\t3600\tIN\tMX\t10 mxbiz2.qq.com.',
          'chiqio.com.\t3600\tIN\tTXT\t"v=spf1 include:spf.mail.qq.com ~all"',
          `lokg123._domainkey.chiqio.com.\t3600\tIN\tTXT\t"${PASTED}"`,
          '_dmarc.chiqio.com.\t3600\tIN\tTXT\t"v=DMARC1; p=none; rua=mailto:dmarc@chiqio.com"',
          '',
        ].join('\n'),
      );
      expect(PASTED.length).toBeLessThanOrEqual(255); // a 1024-bit record fits one string
    });
    it('Cloudflare API bodies', () => {
      expect(toCloudflareApi(result.records, zone).map((r) => r.body)).toEqual([
        { type: 'MX', name: 'chiqio.com', content: 'mxbiz1.qq.com', ttl: 1, proxied: false, priority: 5 },
        { type: 'MX', name: 'chiqio.com', content: 'mxbiz2.qq.com', ttl: 1, proxied: false, priority: 10 },
        {
          type: 'TXT',
          name: 'chiqio.com',
          content: '"v=spf1 include:spf.mail.qq.com ~all"',
          ttl: 1,
          proxied: false,
        },
        {
          type: 'TXT',
          name: 'lokg123._domainkey.chiqio.com',
          content: `"${PASTED}"`,
          ttl: 1,
          proxied: false,
        },
        {
          type: 'TXT',
          name: '_dmarc.chiqio.com',
          content: '"v=DMARC1; p=none; rua=mailto:dmarc@chiqio.com"',
          ttl: 1,
          proxied: false,
        },
      ]);
    });
    it('curl', () => {
      const text = toCurl(result.records, zone);
      expect(
        text.match(
          /^curl "https:\/\/api\.cloudflare\.com\/client\/v4\/zones\/\$CLOUDFLARE_ZONE_ID\/dns_records" \\$/gm,
        )!.length,
      ).toBe(5);
      expect(text).toContain(
        `--data '{"type":"MX","name":"chiqio.com","content":"mxbiz1.qq.com","ttl":1,"proxied":false,"priority":5}'`,
      );
    });
    it('dnscontrol', () => {
      expect(toDnscontrol(result.records, zone)).toContain(
        [
          'D("chiqio.com", REG_NONE, DnsProvider(DSP_CLOUDFLARE),',
          '    MX("@", 5, "mxbiz1.qq.com."),',
          '    MX("@", 10, "mxbiz2.qq.com."),',
          '    TXT("@", "v=spf1 include:spf.mail.qq.com ~all"),',
          `    TXT("lokg123._domainkey", "${PASTED}"),`,
          '    TXT("_dmarc", "v=DMARC1; p=none; rua=mailto:dmarc@chiqio.com")',
          ');',
        ].join('\n'),
      );
    });
    it('Alibaba Cloud DNS / DNSPod host records', () => {
      expect(
        toHostRecords(result.records, zone).map((r) => [r.type, r.host, r.value, r.priority ?? null]),
      ).toEqual([
        ['MX', '@', 'mxbiz1.qq.com', 5],
        ['MX', '@', 'mxbiz2.qq.com', 10],
        ['TXT', '@', 'v=spf1 include:spf.mail.qq.com ~all', null],
        ['TXT', 'lokg123._domainkey', PASTED, null],
        ['TXT', '_dmarc', 'v=DMARC1; p=none; rua=mailto:dmarc@chiqio.com', null],
      ]);
    });
  });
});

describe('setupRecords: what is missing or wrong is left out, never guessed', () => {
  it('no DKIM key yet: the other records, and a to-do naming where the key is', () => {
    const r = setupRecords({ providerId: 'tencent-exmail', domain: 'chiqio.com' });
    expect(r.records.map((x) => x.purpose)).toEqual(['mx', 'mx', 'spf', 'dmarc']);
    expect(r.records[3].content).toBe('v=DMARC1; p=none');
    expect(r.records[3].reason.key).toBe('composer_reason_dmarc_no_report');
    expect(r.todo[1]).toEqual({
      key: 'composer_todo_dkim_txt',
      params: {
        provider: 'Tencent Exmail (WeCom Mail)',
        providerZh: '腾讯企业邮箱',
        hint: '(generated per domain in the Exmail admin console, e.g. lokg123)',
      },
    });
  });

  it('a key without a selector (Exmail names none): error on dkimSelector, no DKIM record', () => {
    const r = setupRecords({ providerId: 'tencent-exmail', domain: 'chiqio.com', dkimKey: PASTED });
    expect(r.records.some((x) => x.purpose === 'dkim')).toBe(false);
    expect(r.fieldDiagnostics).toContainEqual(
      expect.objectContaining({ field: 'dkimSelector', code: 'composer/missing-value' }),
    );
  });

  it('a damaged key: error on dkimKey', () => {
    const r = setupRecords({
      providerId: 'tencent-exmail',
      domain: 'chiqio.com',
      dkimSelector: 's',
      dkimKey: 'p=abc"',
    });
    expect(r.records.some((x) => x.purpose === 'dkim')).toBe(false);
    expect(r.fieldDiagnostics).toContainEqual(
      expect.objectContaining({ field: 'dkimKey', severity: 'error' }),
    );
  });

  it('an invalid report address: error on reportAddress, no DMARC record', () => {
    const r = setupRecords({
      providerId: 'tencent-exmail',
      domain: 'chiqio.com',
      reportAddress: 'dmarc at chiqio.com',
    });
    expect(r.records.some((x) => x.purpose === 'dmarc')).toBe(false);
    expect(r.fieldDiagnostics).toContainEqual(
      expect.objectContaining({ field: 'reportAddress', code: 'composer/invalid-address' }),
    );
  });

  it('unknown provider or invalid domain: nothing at all', () => {
    const a = setupRecords({ providerId: 'nope', domain: 'chiqio.com' });
    expect(a.records).toEqual([]);
    expect(a.fieldDiagnostics).toContainEqual(
      expect.objectContaining({ field: 'providerId', code: 'composer/unknown-provider' }),
    );
    const b = setupRecords({ providerId: 'tencent-exmail', domain: 'chiqio' });
    expect(b.records).toEqual([]);
    expect(b.domain).toBeNull();
    expect(b.fieldDiagnostics).toContainEqual(
      expect.objectContaining({ field: 'domain', code: 'composer/invalid-domain' }),
    );
    expect(setupRecords({ providerId: 'tencent-exmail', domain: '' }).fieldDiagnostics[0].code).toBe(
      'composer/missing-value',
    );
  });

  it('while the domain is missing or wrong, the other inputs are still checked (each note once, no record)', () => {
    for (const domain of ['', 'chiqio']) {
      const r = setupRecords({
        providerId: 'tencent-exmail',
        domain,
        dkimKey: PASTED,
        reportAddress: 'dmarc at chiqio.com',
      });
      expect(r.records).toEqual([]);
      expect(r.domain).toBeNull();
      expect(r.fieldDiagnostics.map((d) => [d.field, d.code])).toEqual([
        ['domain', domain === '' ? 'composer/missing-value' : 'composer/invalid-domain'],
        ['dkimSelector', 'composer/missing-value'],
        ['reportAddress', 'composer/invalid-address'],
      ]);
    }
    // Nothing typed but the domain's absence: the domain is the one field said to be missing.
    expect(
      setupRecords({ providerId: 'tencent-exmail', domain: '' }).fieldDiagnostics.map((d) => d.field),
    ).toEqual(['domain']);
  });

  it('the domain is normalized (case, trailing dot, IDN)', () => {
    expect(setupRecords({ providerId: 'tencent-exmail', domain: 'ChiQio.COM.' }).domain).toBe('chiqio.com');
    expect(setupRecords({ providerId: 'tencent-exmail', domain: '例子.中国' }).records[0].name).toBe(
      'xn--fsqu00a.xn--fiqs8s',
    );
  });
});

describe('setupRecords: other providers', () => {
  it('Google Workspace: one MX, include:_spf.google.com, selector "google" from the data (RFC 6376 §3.1)', () => {
    const r = setupRecords({ providerId: 'google-workspace', domain: 'example.com', dkimKey: KEY });
    expect(plain(r.records).slice(0, 2)).toEqual([
      { type: 'MX', name: 'example.com', content: 'smtp.google.com', priority: 1 },
      { type: 'TXT', name: 'example.com', content: 'v=spf1 include:_spf.google.com ~all' },
    ]);
    expect(r.records[2]).toMatchObject({
      type: 'TXT',
      name: 'google._domainkey.example.com',
      content: `v=DKIM1; k=rsa; p=${KEY}`,
    });
    expect(r.records.every((x) => x.unverified.length === 0)).toBe(true);
    expect(r.dkim!.repairs.map((x) => x.kind)).toEqual(['wrapped-bare-key']);
  });

  it('Microsoft 365: the MX host pattern filled from the domain, DKIM by CNAME', () => {
    const r = setupRecords({
      providerId: 'microsoft-365',
      domain: 'chiqio.com',
      dkimSelector: 'selector1',
      dkimTarget: 'selector1-chiqio-com._domainkey.contoso.onmicrosoft.com',
    });
    expect(r.records[0]).toMatchObject({
      type: 'MX',
      content: 'chiqio-com.mail.protection.outlook.com',
      priority: 0,
    });
    expect(r.records[0].reason.key).toBe('composer_reason_mx_pattern');
    expect(r.records[2]).toMatchObject({
      type: 'CNAME',
      name: 'selector1._domainkey.chiqio.com',
      content: 'selector1-chiqio-com._domainkey.contoso.onmicrosoft.com',
      purpose: 'dkim',
    });
    // "21Vianet host names" names no record, so it marks every provider record.
    expect(r.records[0].unverified).toEqual(['21Vianet host names']);
    expect(r.records[2].unverified).toContain('new-style DKIM CNAME target format for recent tenants');
    expect(toCloudflareRows(r.records, 'chiqio.com')[2].neverProxy).toBe(true);
  });

  it('a DKIM CNAME needs a selector and a valid target', () => {
    const r = setupRecords({ providerId: 'microsoft-365', domain: 'chiqio.com', dkimTarget: 'not a host' });
    expect(r.fieldDiagnostics.map((d) => d.field).sort()).toEqual(['dkimSelector', 'dkimTarget']);
    expect(r.records.some((x) => x.purpose === 'dkim')).toBe(false);
  });

  it('key and target both given: the key wins, with a warning', () => {
    const r = setupRecords({
      providerId: 'tencent-exmail',
      domain: 'chiqio.com',
      dkimSelector: 's',
      dkimKey: PASTED,
      dkimTarget: 'x.example.net',
    });
    expect(r.records.find((x) => x.purpose === 'dkim')!.type).toBe('TXT');
    expect(r.fieldDiagnostics).toContainEqual(
      expect.objectContaining({ code: 'composer/dkim-target-ignored', severity: 'warning' }),
    );
  });

  it('Amazon SES: MX and SPF on the MAIL FROM subdomain, the <region> placeholder required', () => {
    const missing = setupRecords({ providerId: 'amazon-ses', domain: 'example.com' });
    expect(missing.records.map((x) => x.purpose)).toEqual(['dmarc']);
    expect(missing.fieldDiagnostics).toContainEqual(
      expect.objectContaining({ field: 'mailFromSubdomain', code: 'composer/missing-value' }),
    );

    const noRegion = setupRecords({
      providerId: 'amazon-ses',
      domain: 'example.com',
      mailFromSubdomain: 'mail',
    });
    expect(noRegion.fieldDiagnostics).toContainEqual(
      expect.objectContaining({
        field: 'placeholders',
        code: 'composer/placeholder-missing',
        params: { placeholder: 'region', host: 'feedback-smtp.<region>.amazonses.com' },
      }),
    );
    const r = setupRecords({
      providerId: 'amazon-ses',
      domain: 'example.com',
      mailFromSubdomain: 'mail',
      placeholders: { region: 'us-east-1' },
    });
    expect(plain(r.records).slice(0, 2)).toEqual([
      {
        type: 'MX',
        name: 'mail.example.com',
        content: 'feedback-smtp.us-east-1.amazonses.com',
        priority: 10,
      },
      { type: 'TXT', name: 'mail.example.com', content: 'v=spf1 include:amazonses.com ~all' },
    ]);
    const bad = setupRecords({
      providerId: 'amazon-ses',
      domain: 'example.com',
      mailFromSubdomain: 'mail',
      placeholders: { region: 'us east' },
    });
    expect(bad.fieldDiagnostics).toContainEqual(
      expect.objectContaining({ field: 'placeholders', code: 'composer/invalid-value' }),
    );
  });

  it('Resend: its "send" subdomain is the default MAIL FROM', () => {
    const r = setupRecords({
      providerId: 'resend',
      domain: 'example.com',
      placeholders: { region: 'eu-west-1' },
    });
    expect(r.records[0]).toMatchObject({
      type: 'MX',
      name: 'send.example.com',
      content: 'feedback-smtp.eu-west-1.amazonses.com',
    });
  });

  it('a send-only service (SendGrid): no MX, its include, DKIM CNAMEs to copy', () => {
    const r = setupRecords({ providerId: 'sendgrid', domain: 'example.com' });
    expect(r.records.map((x) => [x.type, x.purpose])).toEqual([
      ['TXT', 'spf'],
      ['TXT', 'dmarc'],
    ]);
    expect(r.records[0].content).toBe('v=spf1 include:sendgrid.net ~all');
    expect(r.todo.map((t) => t.key)).toContain('composer_todo_dkim_cname');
  });

  it('every provider preset yields records its own parsers accept', () => {
    for (const p of [
      'tencent-exmail',
      'alibaba-mail',
      'netease-qiye',
      'huawei-cloud-mail',
      '263-mail',
      'zoho-mail',
      'yandex-360',
      'fastmail',
      'proton-mail',
      'icloud-custom-domain',
      'mailjet',
      'brevo',
      'postmark',
      'improvmx',
      'forward-email',
      'titan',
      'mailgun',
      'mailchimp',
      'mandrill',
      'salesforce',
      'alibaba-directmail',
    ]) {
      const r = setupRecords({ providerId: p, domain: 'example.com', reportAddress: 'dmarc@example.com' });
      expect(
        r.fieldDiagnostics.filter((d) => d.severity === 'error'),
        p,
      ).toEqual([]);
      expect(r.records.filter((x) => x.purpose === 'spf').length, p).toBe(1);
      expect(r.records.filter((x) => x.purpose === 'mx').length, p).toBe(providerById(p)!.mx.length);
    }
  });

  it('documented CNAMEs (webmail, autodiscover) become records with their reason', () => {
    const base = providerById('tencent-exmail')!;
    const withCnames: Provider = {
      ...base,
      cnames: [
        { name: 'mail', target: 'exmail.qq.com', purpose: 'webmail' },
        { name: 'autodiscover', target: 'autodiscover.example.net.', purpose: 'autodiscover' },
      ],
    };
    const r = composeSetup(withCnames, { providerId: base.id, domain: 'chiqio.com' });
    expect(plain(r.records.filter((x) => x.purpose === 'cname'))).toEqual([
      { type: 'CNAME', name: 'mail.chiqio.com', content: 'exmail.qq.com' },
      { type: 'CNAME', name: 'autodiscover.chiqio.com', content: 'autodiscover.example.net' },
    ]);
    expect(r.records.filter((x) => x.purpose === 'cname').map((x) => x.reason.key)).toEqual([
      'composer_reason_cname_webmail',
      'composer_reason_cname_autodiscover',
    ]);
    expect(
      toCloudflareRows(r.records, 'chiqio.com')
        .filter((x) => x.type === 'CNAME')
        .every((x) => x.neverProxy),
    ).toBe(true);
  });
});

describe("setupRecords: the provider's host aliases (providers.json hostAliases), only when chosen", () => {
  const cases: Array<{
    name: string;
    providerId: string;
    chosen: string[];
    rows: Array<[string, string, boolean, string[]]>;
  }> = [
    { name: 'none chosen: no CNAME', providerId: 'tencent-exmail', chosen: [], rows: [] },
    {
      name: 'Exmail web mail: may be proxied, so no "never proxy" mark',
      providerId: 'tencent-exmail',
      chosen: ['mail'],
      rows: [['mail', 'exmail.qq.com', false, []]],
    },
    {
      name: 'Alibaba web mail (name unconfirmed) and SMTP (DNS only)',
      providerId: 'alibaba-mail',
      chosen: ['smtp', 'mail', 'no-such-alias'],
      rows: [
        ['mail', 'qiye.aliyun.com', false, ['hostAliases: mail']],
        ['smtp', 'smtp.qiye.aliyun.com', true, []],
      ],
    },
  ];
  for (const c of cases) {
    it(`${c.name} (RFC 1035 §3.3.1)`, () => {
      const r = setupRecords({ providerId: c.providerId, domain: 'chiqio.com', hostAliases: c.chosen });
      const cnames = r.records.filter((x) => x.type === 'CNAME');
      const rows = toCloudflareRows(cnames, 'chiqio.com');
      expect(rows.map((x, i) => [x.name, x.content, x.neverProxy, cnames[i].unverified])).toEqual(c.rows);
      for (const x of cnames) {
        expect(x.reason.key).toMatch(/^hosts_reason_(webmail|protocol)$/);
        expect(x.reason.params?.name).toBe(`${x.name}`);
      }
    });
  }
});
