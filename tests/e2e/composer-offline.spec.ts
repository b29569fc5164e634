// Offline (issue 6): after one visit the service worker has precached the whole app, so with the
// network off the builders, the wizard and the check page still open and compose records, and
// lookups say plainly that they need the network.
import { expect, test } from '@playwright/test';

test('after one visit, the composer works with the network off', async ({ page, context }) => {
  await page.goto('/?lang=en');
  // Active service worker = every precached file (lazy route chunks too) is in the cache; it
  // claims this page, so even this first visit's later requests go through it.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
    }
  });
  await context.setOffline(true);

  // Within the page: each route's chunk comes from the cache.
  await page.getByRole('link', { name: 'Set up a provider' }).first().click();
  await page.getByLabel('Your domain', { exact: true }).fill('chiqio.com');
  await page.getByLabel('Your address for DMARC reports').fill('dmarc@chiqio.com');
  const rows = page.getByRole('tabpanel').locator('table.rows tbody tr');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0).locator('.cell-content')).toHaveText('mxbiz1.qq.com');
  await expect(rows.nth(2).locator('.cell-content')).toHaveText('v=spf1 include:spf.mail.qq.com ~all');

  // Lookups need the network, and say so; pasting the current record still merges.
  await page.goto('/?lang=en#/build/spf?mode=merge&d=chiqio.com');
  await expect(page.getByText('You are offline: lookups need the network.').first()).toBeVisible();
  await page.getByRole('button', { name: 'Fetch the current SPF of chiqio.com' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You are offline.' })).toBeVisible();
  await page.getByLabel('Current record(s)').fill('v=spf1 include:spf.mail.qq.com ~all');
  await page.getByRole('checkbox', { name: /Alibaba Mail/ }).check();
  await expect(page.locator('.result output.content')).toHaveText(
    'v=spf1 include:spf.mail.qq.com include:spf.qiye.aliyun.com ~all',
  );

  await page.goto('/?lang=en#/build/dmarc');
  await page.getByLabel('Your domain', { exact: true }).fill('chiqio.com');
  await page.getByRole('radio', { name: /^reject/ }).check();
  await expect(page.locator('.result output.content')).toHaveText('v=DMARC1; p=reject');

  // Key generation loads on demand: from the cache as well.
  await page.goto('/?lang=en#/build/dkim');
  await page.getByRole('radio', { name: /Generate a key pair/ }).check();
  await page.getByRole('button', { name: 'Generate key pair' }).click();
  await expect(page.locator('.result output.content')).toContainText(
    'v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA',
  );

  // A reload with the network off: the page itself comes from the cache, the inputs from the URL.
  await page.goto('/?lang=en#/setup');
  await page.reload();
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(3).locator('.cell-content')).toHaveText(
    'v=DMARC1; p=none; rua=mailto:dmarc@chiqio.com',
  );

  // After that reload Chromium's offline emulation reports navigator.onLine = true, so this
  // lookup really goes out and fails: the page says it needs the network, not "no record".
  await page.goto('/?lang=en#/build/spf?mode=merge&d=chiqio.com');
  await page.getByRole('button', { name: 'Fetch the current SPF of chiqio.com' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: /needs the network|You are offline\./ }),
  ).toBeVisible({
    timeout: 15_000,
  });

  // The check page loads from the cache too.
  await page.goto('/?lang=en#/check');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('This page could not be loaded')).toHaveCount(0);
});
