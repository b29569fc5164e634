// Issue 10 item 1: the web-mail alias of the user in docs/user.md (`CNAME mail → exmail.qq.com`,
// proxied in Cloudflare) on the report page, for the zone as written (proxied: Cloudflare's
// addresses answer, no CNAME) and as corrected (DNS only: the CNAME answers), in English and
// Chinese. Proxying a web-mail name is fine (web access only), so neither is a warning and the MX
// area still passes. The wizard's side of the same row is in composer-wizard.spec.ts.
import { expect, test, type Page } from '@playwright/test';
import { registerZone, uniqueZoneId } from '../support/doh-zones.ts';
import { CHIQIO, CHIQIO_BROKEN, CHIQIO_FIXED, CHIQIO_WEBMAIL_PROXIED } from '../support/zones/index.ts';
import type { Zone } from '../../src/lib/index.ts';

const TEXT = {
  en: {
    done: /Done in \d+ ms/,
    caption: 'Web-mail and mail-client names of Tencent Exmail (WeCom Mail)',
    rule: 'may be proxied (web access only)',
    proxiedCell: `proxied by Cloudflare (${CHIQIO_WEBMAIL_PROXIED.A})`,
    aliasCell: 'CNAME → exmail.qq.com, DNS only',
    note: 'Note',
    notOk: /^\s*(Warning|Error)\s/,
    proxiedFinding: `mail.chiqio.com (the Tencent Exmail (WeCom Mail) web-mail address) is proxied by Cloudflare (${CHIQIO_WEBMAIL_PROXIED.A} is in`,
    proxiedFine: 'That is fine for web access',
    dnsOnlyFinding:
      'mail.chiqio.com points to exmail.qq.com (Tencent Exmail (WeCom Mail) web mail), DNS only',
    pass: 'Pass',
  },
  'zh-CN': {
    done: /完成，用时 \d+ 毫秒/,
    caption: '腾讯企业邮箱 的网页邮箱与邮件客户端主机名',
    rule: '可以代理（仅限网页访问）',
    proxiedCell: `已由 Cloudflare 代理（${CHIQIO_WEBMAIL_PROXIED.A}）`,
    aliasCell: 'CNAME → exmail.qq.com，仅 DNS',
    note: '提示',
    notOk: /^\s*(警告|错误)\s/,
    proxiedFinding: `mail.chiqio.com（腾讯企业邮箱 网页邮箱地址）已由 Cloudflare 代理（${CHIQIO_WEBMAIL_PROXIED.A} 属于`,
    proxiedFine: '用于网页访问没有问题',
    dnsOnlyFinding: 'mail.chiqio.com 指向 exmail.qq.com（腾讯企业邮箱 网页邮箱），仅 DNS',
    pass: '通过',
  },
} as const;

async function openReport(page: Page, zone: Zone, lang: keyof typeof TEXT): Promise<void> {
  const endpoints = await registerZone(uniqueZoneId('webmail'), zone);
  const params = new URLSearchParams({ lang, doh: endpoints.cloudflare, dohDialect: 'cloudflare' });
  await page.goto(`/?${params}#/d/${CHIQIO}`);
  await expect(page.getByRole('status').filter({ hasText: TEXT[lang].done })).toBeVisible({
    timeout: 15_000,
  });
}

/** The cells of the `mail.chiqio.com` row in the MX area's alias table, by column. */
function webmailRow(page: Page, lang: keyof typeof TEXT) {
  const table = page.locator('section#area-mx').getByRole('table', { name: TEXT[lang].caption });
  return table
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: 'mail.chiqio.com', exact: true }) });
}

for (const lang of ['en', 'zh-CN'] as const) {
  const t = TEXT[lang];

  test(`${lang}: the zone as written — mail.chiqio.com proxied is fine for web mail`, async ({ page }) => {
    await openReport(page, CHIQIO_BROKEN, lang);
    const mx = page.locator('section#area-mx');
    const row = webmailRow(page, lang);
    await expect(row).toHaveCount(1);
    const cells = row.getByRole('cell');
    await expect(cells.nth(1)).toHaveText('CNAME exmail.qq.com');
    await expect(cells.nth(2)).toHaveText(t.proxiedCell);
    await expect(cells.nth(3)).toHaveText(t.rule);

    // One note (not a warning or an error) that says proxying is fine for web access only.
    const note = mx.getByRole('listitem').filter({ hasText: t.proxiedFinding });
    await expect(note).toHaveCount(1);
    await expect(note).toContainText(t.proxiedFine);
    await expect(note).toHaveText(new RegExp(`^\\s*${t.note}\\s`));
    // Nothing in the MX area is a warning or an error (no "turn the proxy off"); the area passes.
    await expect(mx.getByRole('listitem').filter({ hasText: t.notOk })).toHaveCount(0);
    await expect(mx.locator('header')).toHaveText(new RegExp(`${t.pass}\\s*$`));
  });

  test(`${lang}: the zone as corrected — mail.chiqio.com is a DNS-only CNAME to exmail.qq.com`, async ({
    page,
  }) => {
    await openReport(page, CHIQIO_FIXED, lang);
    const mx = page.locator('section#area-mx');
    const cells = webmailRow(page, lang).getByRole('cell');
    await expect(cells.nth(1)).toHaveText('CNAME exmail.qq.com');
    await expect(cells.nth(2)).toHaveText(t.aliasCell);
    await expect(cells.nth(3)).toHaveText(t.rule);

    const note = mx.getByRole('listitem').filter({ hasText: t.dnsOnlyFinding });
    await expect(note).toHaveCount(1);
    await expect(note).toHaveText(new RegExp(`^\\s*${t.note}\\s`));
    await expect(mx.getByRole('listitem').filter({ hasText: t.notOk })).toHaveCount(0);
    await expect(mx.locator('header')).toHaveText(new RegExp(`${t.pass}\\s*$`));
  });
}
