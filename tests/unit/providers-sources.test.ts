// A provider's sources, the vendor's own page first (issue 10 item 7): which of the data's pages
// are on the vendor's own site, read from the provider's name and host domains.
import { describe, expect, it } from 'vitest';
import { PROVIDERS, providerById, providerSources } from '../../src/lib/index.ts';

describe('providerSources', () => {
  const cases: Array<{ id: string; first: string; vendor: boolean }> = [
    // docs is a third-party page, docsMore the vendor's: the vendor's comes first.
    {
      id: 'zoho-mail',
      first: 'https://www.zoho.com/mail/help/adminconsole/configure-email-delivery.html',
      vendor: true,
    },
    { id: 'alibaba-mail', first: 'https://help.aliyun.com/document_detail/36771.html', vendor: true },
    {
      id: 'huawei-cloud-mail',
      first: 'https://support.huaweicloud.com/dns_faq/dns_faq_044.html',
      vendor: true,
    },
    {
      id: 'microsoft-365',
      first: 'https://learn.microsoft.com/powershell/module/exchange/New-DkimSigningConfig',
      vendor: true,
    },
    {
      id: 'mandrill',
      first: 'https://mailchimp.com/developer/release-notes/new-sending-domain-authentication-requirements',
      vendor: true,
    },
    // No vendor page in the data: the main source stays first and is not called the vendor's.
    { id: 'tencent-exmail', first: 'https://www.67wa.com/118409.html', vendor: false },
    { id: 'mailgun', first: 'https://help.hoopai.com/marketing/mailgun-setup', vendor: false },
  ];
  for (const c of cases) {
    it(`${c.id}: ${c.vendor ? 'the vendor page' : 'no vendor page, the main source'} first`, () => {
      const sources = providerSources(providerById(c.id)!);
      expect(sources[0]).toEqual({ ref: c.first, link: true, vendor: c.vendor });
    });
  }

  it('keeps every source once, vendor pages before the rest, non-URL references unlinked', () => {
    for (const p of PROVIDERS) {
      const sources = providerSources(p);
      expect(new Set(sources.map((s) => s.ref)).size, p.id).toBe(sources.length);
      const firstOther = sources.findIndex((s) => !s.vendor);
      if (firstOther !== -1)
        expect(
          sources.slice(firstOther).some((s) => s.vendor),
          p.id,
        ).toBe(false);
      for (const s of sources) expect(s.link, s.ref).toBe(/^https?:\/\//.test(s.ref));
    }
    const google = providerSources(providerById('google-workspace')!);
    expect(google.find((s) => s.ref.startsWith('Domain-Connect'))).toMatchObject({
      link: false,
      vendor: false,
    });
    expect(google.find((s) => s.ref.includes('intodns.ai'))?.vendor).toBe(false);
  });
});
