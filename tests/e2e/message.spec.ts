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

// Headers only (issue 12): the signed message's header section as a user copies it from "show
// original", without the Authentication-Results the list added (its smtp.mfrom is another domain)
// and with the Return-Path the final delivery adds (RFC 5321 §4.4). Unsigned fields on top leave
// the signature intact.
const HEADERS_ONLY = [
  'Return-Path: <test@example.com>',
  ...readFileSync(SIGNED, 'latin1')
    .split(/\r?\n\r?\n/)[0]
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('Authentication-Results:')),
].join('\n');
const SENDER_IP = '192.0.2.25';

const TEXT = {
  en: {
    analyze: 'Analyse',
    deliver: 'Gmail would have delivered this',
    audit: 'Audit chiqio.com',
    input: 'Message, headers or bounce',
    ip: 'Connecting IP (optional; otherwise read from the Received fields)',
    bodyMissing: 'Only the header fields were given, so the body hash cannot be checked.',
    todo: 'What to do',
    dkimTable: 'DKIM signatures',
    nonePassed: 'None of the 1 DKIM signatures verifies.',
    helo: "HELO name (optional; otherwise read from the receiver's stamps or Received fields)",
    mailFrom: 'MAIL FROM address (optional; otherwise read from Return-Path)',
    raw: 'Header fields as given',
    showRaw: /^Show the \d+ header fields$/,
    spfHelo: `SPF pass for mail.example.com from ${SENDER_IP} (helo)`,
    spf: `SPF pass for example.com from ${SENDER_IP}`,
    dmarc: 'DMARC pass: SPF aligned yes',
  },
  'zh-CN': {
    analyze: '分析',
    deliver: 'Gmail 会投递这封邮件',
    audit: '检查 chiqio.com',
    input: '邮件、邮件头或退信',
    ip: '连接 IP(可选;否则从 Received 字段读取)',
    bodyMissing: '只提供了头字段，无法核对正文哈希。',
    todo: '该怎么做',
    dkimTable: 'DKIM 签名',
    nonePassed: '1 个 DKIM 签名全部验证失败。',
    helo: 'HELO 主机名（可选；否则从接收方的认证结果或 Received 字段读取）',
    mailFrom: 'MAIL FROM 地址（可选；否则从 Return-Path 读取）',
    raw: '原始头字段',
    showRaw: /^显示全部 \d+ 个头字段$/,
    spfHelo: `SPF pass:mail.example.com,来自 ${SENDER_IP}(helo)`,
    spf: `SPF pass:example.com,来自 ${SENDER_IP}`,
    dmarc: 'DMARC pass:SPF 对齐 是',
  },
} as const;

async function open(page: Page, lang: keyof typeof TEXT): Promise<void> {
  const id = uniqueZoneId('message');
  const endpoints = await registerZone(id, {
    'test._domainkey.example.com': [{ TXT: KEY }],
    '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=reject' }],
    'example.com': [{ TXT: 'v=spf1 ip4:192.0.2.0/24 -all' }],
    'mail.example.com': [{ TXT: `v=spf1 ip4:${SENDER_IP} -all` }],
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

  test(`${lang}: headers only: the DKIM body hash cannot be checked and says so, SPF and DMARC still work`, async ({
    page,
  }) => {
    await open(page, lang);
    await page.getByLabel(t.input, { exact: true }).fill(HEADERS_ONLY);
    await page.getByLabel(t.ip, { exact: true }).fill(SENDER_IP);
    await page.getByRole('button', { name: t.analyze }).click();
    // The signature itself is checked with the key from DNS; only its body hash is left open,
    // and "What to do" says that, not that no signature verifies.
    const signature = page
      .getByRole('region', { name: t.dkimTable })
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'test', exact: true }) });
    await expect(signature.getByRole('cell', { name: 'example.com', exact: true })).toBeVisible();
    await expect(signature).toContainText('neutral');
    await expect(signature).toContainText(t.bodyMissing);
    const todo = page.getByRole('region', { name: t.todo });
    await expect(todo.getByRole('listitem').filter({ hasText: t.bodyMissing })).toHaveCount(1);
    await expect(todo).not.toContainText(t.nonePassed);
    // SPF for the typed IP and the Return-Path's domain, aligned with From: DMARC passes on SPF.
    await expect(page.getByRole('listitem').filter({ hasText: t.spf })).toHaveCount(1);
    await expect(page.getByRole('listitem').filter({ hasText: t.dmarc })).toHaveCount(1);
  });

  test(`${lang}: the header fields as given, with an invisible character revealed`, async ({ page }) => {
    await open(page, lang);
    const headers = 'From: a@example.com\nTo: b@example.org\nSubject: Invoice\u200b 42\n\nhello\n';
    await page.getByLabel(t.input, { exact: true }).fill(headers);
    await page.getByRole('button', { name: t.analyze }).click();
    const raw = page.getByRole('region', { name: t.raw });
    await raw.getByText(t.showRaw).click();
    const subject = raw.getByRole('listitem').filter({ hasText: 'Subject:' });
    // The mark is shown; screen readers get its name (RevealedText).
    await expect(subject).toContainText('Subject: Invoice⟦U+200B⟧');
    await expect(subject).toContainText('U+200B 42');
    await expect(raw.getByRole('listitem')).toHaveCount(3);
  });

  test(`${lang}: MAIL FROM and HELO typed in are what SPF checks when the headers do not give them`, async ({
    page,
  }) => {
    await open(page, lang);
    const withoutPath = HEADERS_ONLY.split('\n').slice(1).join('\n');
    await page.getByLabel(t.input, { exact: true }).fill(withoutPath);
    await page.getByLabel(t.ip, { exact: true }).fill(SENDER_IP);
    await page.getByLabel(t.mailFrom, { exact: true }).fill('test@example.com');
    await page.getByRole('button', { name: t.analyze }).click();
    const auth = page.getByRole('listitem');
    await expect(auth.filter({ hasText: t.spf })).toHaveCount(1);
    await expect(auth.filter({ hasText: t.dmarc })).toHaveCount(1);
    // The null reverse-path (RFC 5321 §4.5.5): SPF checks the HELO name instead (RFC 7208 §2.4).
    await page.getByLabel(t.mailFrom, { exact: true }).fill('<>');
    await page.getByLabel(t.helo, { exact: true }).fill('mail.example.com');
    await page.getByRole('button', { name: t.analyze }).click();
    await expect(auth.filter({ hasText: t.spfHelo })).toHaveCount(1);
  });
}
