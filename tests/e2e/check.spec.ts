// #/check in both languages: the kind is detected, each problem explained with its RFC section,
// the offending span highlighted, and the mechanical fix offered.
import { expect, test } from '@playwright/test';

const cases = [
  {
    lang: 'en',
    heading: 'Check a record',
    kind: 'Detected: SPF record (RFC 7208)',
    fixed: 'Corrected record',
  },
  { lang: 'zh-CN', heading: '检查记录', kind: '识别为:SPF 记录(RFC 7208)', fixed: '修正后的记录' },
] as const;

for (const c of cases) {
  test(`check page in ${c.lang}: an SPF record with +all and ptr`, async ({ page }) => {
    await page.goto(`/?lang=${c.lang}#/check`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(c.heading);
    await page.locator('#record-input').fill('v=spf1 include:spf.mail.qq.com ptr +all');
    await expect(page.getByRole('heading', { level: 2 }).first()).toHaveText(c.kind);
    const items = page.locator('ul.diagnostics li');
    await expect(items.filter({ hasText: 'spf/plus-all' })).toHaveCount(1);
    await expect(items.filter({ hasText: 'spf/ptr-deprecated' })).toHaveCount(1);
    await expect(items.filter({ hasText: 'RFC 7208 §5.5' }).first()).toBeVisible();
    // Focusing a diagnostic highlights its span in the record text.
    await items.filter({ hasText: 'spf/plus-all' }).getByRole('button').focus();
    await expect(page.locator('.record mark')).toHaveText('+all');
  });

  test(`check page in ${c.lang}: a quoted DKIM key is repaired`, async ({ page }) => {
    await page.goto(`/?lang=${c.lang}#/check`);
    const key =
      'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB';
    await page
      .locator('#record-input')
      .fill(`"v=DKIM1; k=rsa; " "p=${key.slice(0, 100)}" "${key.slice(100)}"`);
    await expect(page.locator('ul.diagnostics')).toContainText('dkim/key-weak');
    await expect(page.getByRole('heading', { name: c.fixed })).toBeVisible();
    await expect(page.locator('.fixed code')).toHaveText(`v=DKIM1; k=rsa; p=${key}`);
  });
}

test('invisible characters are shown, not hidden', async ({ page }) => {
  await page.goto('/?lang=en#/check');
  await page.locator('#record-input').fill('v=DMARC1;\u200b p=none');
  await expect(page.locator('.record')).toContainText('⟦U+200B⟧');
  await expect(page.locator('ul.diagnostics')).toContainText('record/invisible-character');
});

test('the check page works with the network off once loaded', async ({ page, context }) => {
  await page.goto('/?lang=en#/check');
  await expect(page.locator('#record-input')).toBeVisible();
  // Loaded = the service worker has precached the app (the result view loads with the first
  // result) and controls this page, as in composer-offline.spec.ts.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
    }
  });
  await context.setOffline(true);
  await page.locator('#record-input').fill('v=DMARC1; p=none; rua=mailto:mailauth-reports@qq.com');
  await expect(page.locator('ul.diagnostics')).toContainText('dmarc/policy-none');
  await context.setOffline(false);
});
