// The message page #/message against the built site and the test DoH server (issue 12): a signed
// message chosen as a file (read as bytes) is verified in the page with its key from DNS, and a
// Gmail 550 5.7.26 bounce pasted into the same box is explained — in English and Chinese.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { registerZone, uniqueZoneId } from '../support/doh-zones.ts';

const DIR = new URL('../../../shared/conformance/message/authheaders/', import.meta.url);
const SIGNED = new URL('test.message_signed', DIR);
const KEY = readFileSync(new URL('test.txt', DIR), 'utf8').trim();

const BOUNCE = [
  '550-5.7.26 This mail has been blocked because the sender is unauthenticated.',
  '550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM.',
  '550-5.7.26',
  '550-5.7.26  Authentication results:',
  '550-5.7.26  DKIM = did not pass',
  '550-5.7.26  SPF [chiqio.com] with ip: [183.3.225.42] = did not pass',
  '550 5.7.26  https://support.google.com/mail/answer/81126#authentication a1si123 - gsmtp',
].join('\n');

const TEXT = {
  en: { analyze: 'Analyse', deliver: 'Gmail would have delivered this', audit: 'Audit chiqio.com' },
  'zh-CN': { analyze: '分析', deliver: 'Gmail 会投递这封邮件', audit: '检查 chiqio.com' },
} as const;

async function open(page: Page, lang: keyof typeof TEXT): Promise<void> {
  const id = uniqueZoneId('message');
  const endpoints = await registerZone(id, {
    'test._domainkey.example.com': [{ TXT: KEY }],
    '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=reject' }],
  });
  const params = new URLSearchParams({ lang, doh: endpoints.cloudflare, dohDialect: 'cloudflare' });
  await page.goto(`/?${params}#/message`);
}

for (const lang of ['en', 'zh-CN'] as const) {
  const t = TEXT[lang];

  test(`${lang}: a signed .eml chosen as a file: DKIM passes with the key from DNS, DMARC passes`, async ({
    page,
  }) => {
    await open(page, lang);
    await page.locator('#msg-file').setInputFiles(SIGNED.pathname);
    await expect(page.locator('.verdict')).toContainText(t.deliver);
    await expect(page.locator('tr[data-result="pass"]')).toContainText('example.com');
    await expect(page.locator('li[data-method="dmarc"]')).toContainText('pass');
  });

  test(`${lang}: a pasted Gmail 550 5.7.26 bounce is explained, with the sender's domain to audit`, async ({
    page,
  }) => {
    await open(page, lang);
    await page.locator('#msg-text').fill(BOUNCE);
    await page.getByRole('button', { name: t.analyze }).click();
    const bounce = page.locator('section[aria-labelledby="msg-bounce"] li').first();
    await expect(bounce).toContainText('5.7.26');
    await expect(bounce).toHaveAttribute('data-code', 'message/bounce-unauthenticated');
    await expect(page.getByRole('link', { name: t.audit })).toHaveAttribute('href', '#/d/chiqio.com');
  });

  test(`${lang}: a dropped .eml is read as bytes and verified`, async ({ page }) => {
    await open(page, lang);
    const text = readFileSync(SIGNED, 'latin1');
    const transfer = await page.evaluateHandle((content) => {
      const dt = new DataTransfer();
      const bytes = Uint8Array.from(content, (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], 'signed.eml', { type: 'message/rfc822' }));
      return dt;
    }, text);
    await page.locator('form').dispatchEvent('drop', { dataTransfer: transfer });
    await expect(page.locator('.verdict')).toContainText(t.deliver);
    await expect(page.locator('tr[data-result="pass"]')).toContainText('example.com');
  });
}
