// #/settings in both languages: choosing resolvers is saved and survives a reload.
import { expect, test } from '@playwright/test';

for (const [lang, heading, save, saved] of [
  ['en', 'Resolver settings', 'Save', 'Saved.'],
  ['zh-CN', '解析器设置', '保存', '已保存'],
] as const) {
  test(`settings page in ${lang}: pick AliDNS then DNSPod, saved across reloads`, async ({ page }) => {
    await page.goto(`/?lang=${lang}#/settings`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    const primary = page.getByRole('group').filter({ has: page.locator('input[name=primary]') });
    const secondary = page.getByRole('group').filter({ has: page.locator('input[name=secondary]') });
    await primary.getByRole('radio', { name: /AliDNS https:\/\/dns\.alidns\.com\/resolve/ }).check();
    await secondary.getByRole('radio', { name: /DNSPod/ }).check();
    await page.getByRole('button', { name: save }).click();
    await expect(page.getByRole('status').filter({ hasText: saved })).toBeVisible();
    await page.reload();
    await expect(
      primary.getByRole('radio', { name: /AliDNS https:\/\/dns\.alidns\.com\/resolve/ }),
    ).toBeChecked();
    await expect(secondary.getByRole('radio', { name: /DNSPod/ })).toBeChecked();
  });
}

test('a custom endpoint must be an http(s) URL before it can be saved', async ({ page }) => {
  await page.goto('/?lang=en#/settings');
  const primary = page.getByRole('group').filter({ has: page.locator('input[name=primary]') });
  await primary.getByRole('radio', { name: 'Custom endpoint' }).check();
  await expect(page.getByRole('alert')).toContainText('https://');
  await expect(page.getByRole('button', { name: 'Save' })).toBeDisabled();
  await page.locator('#primary-endpoint').fill('https://dns.example/dns-query');
  await expect(page.getByRole('button', { name: 'Save' })).toBeEnabled();
});
