// The home page in both languages: the domain box normalises input and leads to #/d/<domain>.
import { expect, test } from '@playwright/test';

for (const [lang, heading, button] of [
  ['en', 'Will your mail arrive?', 'Check'],
  ['zh-CN', '您的邮件能送达吗?', '检查'],
] as const) {
  test(`home page in ${lang}: an e-mail address leads to the domain report`, async ({ page }) => {
    await page.goto(`/?lang=${lang}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await page.getByRole('searchbox').or(page.locator('#domain-input')).fill('Boss@CHIQIO.com');
    await page.getByRole('button', { name: button, exact: true }).click();
    await expect(page).toHaveURL(/#\/d\/chiqio\.com$/);
  });
}

test('a pasted zero-width character gets a clear message, not a lookup', async ({ page }) => {
  await page.goto('/?lang=en');
  await page.locator('#domain-input').fill('chiqio\u200b.com');
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('U+200B');
  await expect(page).not.toHaveURL(/#\/d\//);
});

test('the language switch applies without a reload and is remembered', async ({ page }) => {
  await page.goto('/?lang=en');
  await page.getByRole('button', { name: '简体中文' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('您的邮件能送达吗?');
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('您的邮件能送达吗?');
});
