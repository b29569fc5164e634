// "The composer never loses what the user typed" (docs/user.md): every builder's inputs live in the
// URL hash query and in localStorage, so a reload, the back button or a link without the query
// brings them back; importing an existing record fills the form; merge mode fetches the current
// SPF from the resolver and proposes ONE merged record.
import { expect, test, type Page } from '@playwright/test';
import { registerZone, uniqueZoneId } from '../support/doh-zones.ts';
import { CHIQIO_DKIM_KEY } from '../support/fixture-zones.ts';

const record = (page: Page) => page.locator('.result output.content');

test('a reload restores every builder', async ({ page }) => {
  // SPF
  await page.goto('/?lang=en#/build/spf');
  await page.getByLabel('Your domain', { exact: true }).fill('chiqio.com');
  await page.getByRole('checkbox', { name: /Tencent Exmail/ }).check();
  await page.getByRole('button', { name: 'Add' }).first().click();
  await page.locator('#ip4-0').fill('192.0.2.0/24');
  await page.getByRole('checkbox', { name: /^mx/ }).check();
  await page.getByRole('radio', { name: /-all fail/ }).check();
  const spf = 'v=spf1 ip4:192.0.2.0/24 mx include:spf.mail.qq.com -all';
  await expect(record(page)).toHaveText(spf);
  await page.reload();
  await expect(page.getByLabel('Your domain', { exact: true })).toHaveValue('chiqio.com');
  await expect(page.getByRole('checkbox', { name: /Tencent Exmail/ })).toBeChecked();
  await expect(page.locator('#ip4-0')).toHaveValue('192.0.2.0/24');
  await expect(page.getByRole('checkbox', { name: /^mx/ })).toBeChecked();
  await expect(page.getByRole('radio', { name: /-all fail/ })).toBeChecked();
  await expect(record(page)).toHaveText(spf);

  // DMARC
  await page.goto('/?lang=en#/build/dmarc');
  await page.getByLabel('Your domain', { exact: true }).fill('chiqio.com');
  await page.getByRole('radio', { name: /^quarantine/ }).check();
  await page
    .getByRole('group', { name: 'Aggregate reports to (rua)' })
    .getByRole('button', { name: 'Add' })
    .click();
  await page.locator('#rua-0').fill('dmarc@chiqio.com');
  await page.getByRole('checkbox', { name: /t=y/ }).check();
  const dmarc = 'v=DMARC1; p=quarantine; rua=mailto:dmarc@chiqio.com; t=y';
  await expect(record(page)).toHaveText(dmarc);
  await page.reload();
  await expect(page.locator('#rua-0')).toHaveValue('dmarc@chiqio.com');
  await expect(page.getByRole('radio', { name: /^quarantine/ })).toBeChecked();
  await expect(record(page)).toHaveText(dmarc);

  // DKIM
  await page.goto('/?lang=en#/build/dkim');
  await page.getByLabel('Your domain', { exact: true }).fill('chiqio.com');
  await page.getByLabel('Selector', { exact: true }).fill('lokg123');
  await page
    .getByLabel('Public key or record from your provider')
    .fill(`"v=DKIM1; k=rsa; p=${CHIQIO_DKIM_KEY}"`);
  const dkim = `v=DKIM1; k=rsa; p=${CHIQIO_DKIM_KEY}`;
  await expect(record(page)).toHaveText(dkim);
  await page.reload();
  await expect(page.getByLabel('Selector', { exact: true })).toHaveValue('lokg123');
  await expect(record(page)).toHaveText(dkim);
  await expect(page.locator('.result')).toContainText('lokg123._domainkey');

  // Setup wizard
  await page.goto('/?lang=en#/setup');
  await page.getByRole('radio', { name: /Google Workspace/ }).check();
  await page.getByLabel('Your domain', { exact: true }).fill('chiqio.com');
  await page.getByLabel('Your address for DMARC reports').fill('dmarc@chiqio.com');
  await expect(page.locator('.record-list > li')).toHaveCount(3);
  await page.reload();
  await expect(page.getByRole('radio', { name: /Google Workspace/ })).toBeChecked();
  await expect(page.getByLabel('Your address for DMARC reports')).toHaveValue('dmarc@chiqio.com');
  await expect(page.locator('.record-list > li')).toHaveCount(3);
  await expect(page.locator('.record-list')).toContainText('smtp.google.com');

  // Each builder still holds its inputs when opened again without a query (from localStorage).
  for (const [hash, text] of [
    ['#/build/spf', spf],
    ['#/build/dmarc', dmarc],
    ['#/build/dkim', dkim],
  ] as const) {
    await page.goto(`/?lang=en${hash}`);
    await expect(record(page)).toHaveText(text);
  }
});

test('the back button and the builder links keep the inputs', async ({ page }) => {
  await page.goto('/?lang=en#/build/spf');
  await page.getByLabel('Your domain', { exact: true }).fill('chiqio.com');
  await page.getByRole('checkbox', { name: /Google Workspace/ }).check();
  await expect(page).toHaveURL(/#\/build\/spf\?.*p=google-workspace/);
  await page.getByRole('navigation', { name: 'Composer' }).getByRole('link', { name: 'DMARC' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('DMARC record builder');
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('SPF record builder');
  await expect(page.getByRole('checkbox', { name: /Google Workspace/ })).toBeChecked();
  await expect(record(page)).toHaveText('v=spf1 include:_spf.google.com ~all');
  // The app's own "Compose records" link has no query: localStorage fills the form.
  await page.goto('/?lang=en#/');
  await page.getByRole('link', { name: 'Compose records' }).first().click();
  await expect(record(page)).toHaveText('v=spf1 include:_spf.google.com ~all');
});

test('importing an existing record fills the form; terms it cannot hold switch to merge mode', async ({
  page,
}) => {
  await page.goto('/?lang=en#/build/spf');
  await page.getByText('Import an existing record').click();
  const paste = page.getByLabel('Paste the record text');
  await paste.fill('V=SPF1 ip4:192.0.2.1 INCLUDE:spf.mail.qq.com include:_spf.example.net MX -all');
  await page.getByRole('button', { name: 'Fill the form' }).click();
  await expect(page.getByRole('checkbox', { name: /Tencent Exmail/ })).toBeChecked();
  await expect(page.locator('#ip4-0')).toHaveValue('192.0.2.1');
  await expect(page.locator('#includes-0')).toHaveValue('_spf.example.net');
  await expect(page.getByRole('checkbox', { name: /^mx/ })).toBeChecked();
  await expect(page.getByRole('radio', { name: /-all fail/ })).toBeChecked();
  await expect(record(page)).toHaveText(
    'v=spf1 ip4:192.0.2.1 mx include:spf.mail.qq.com include:_spf.example.net -all',
  );

  await page.getByText('Import an existing record').click();
  await paste.fill('v=spf1 a ptr exists:%{i}.bl.example.net ~all');
  await page.getByRole('button', { name: 'Fill the form' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'merge mode' })).toContainText('ptr');
  await expect(page.getByRole('radio', { name: /merge/ })).toBeChecked();
  await expect(page.getByLabel('Current record(s)')).toHaveValue(
    'v=spf1 a ptr exists:%{i}.bl.example.net ~all',
  );

  await page.goto('/?lang=en#/build/dmarc');
  await page.getByText('Import an existing record').click();
  await page
    .getByLabel('Paste the record text')
    .fill('v=DMARC1; p=reject; sp=quarantine; adkim=s; rua=mailto:a@chiqio.com,mailto:b@chiqio.com; pct=50');
  await page.getByRole('button', { name: 'Fill the form' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'pct=50' })).toBeVisible();
  await expect(page.getByRole('radio', { name: /^reject/ })).toBeChecked();
  await expect(page.locator('#dmarc-sp')).toHaveValue('quarantine');
  await expect(page.locator('#rua-0')).toHaveValue('mailto:a@chiqio.com');
  await expect(page.locator('#rua-1')).toHaveValue('mailto:b@chiqio.com');
});

test('merge mode fetches the current SPF and proposes one merged record with a diff', async ({ page }) => {
  const id = uniqueZoneId('merge');
  const endpoints = await registerZone(id, {
    'chiqio.com': [{ TXT: 'v=spf1 include:spf.mail.qq.com ~all' }, { TXT: 'google-site-verification=abc' }],
  });
  const query = new URLSearchParams({ lang: 'en', doh: endpoints.cloudflare, dohDialect: 'cloudflare' });
  await page.goto(`/?${query}#/build/spf?mode=merge&d=chiqio.com`);
  await page.getByRole('checkbox', { name: /Google Workspace/ }).check();
  await page.getByRole('button', { name: 'Fetch the current SPF of chiqio.com' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Found 1 SPF record' })).toBeVisible();
  await expect(page.getByLabel('Current record(s)')).toHaveValue('v=spf1 include:spf.mail.qq.com ~all');
  await expect(record(page)).toHaveText('v=spf1 include:spf.mail.qq.com include:_spf.google.com ~all');
  await expect(page.locator('.result')).toContainText('in place of the 1 current SPF record');
  const diff = page.getByRole('list', { name: 'Terms of the current and the merged record' });
  await expect(diff.locator('li.op-add code')).toHaveText(['include:_spf.google.com']);
  await expect(diff.locator('li.op-same code')).toHaveText(['v=spf1', 'include:spf.mail.qq.com', '~all']);
  await expect(diff.locator('li.op-remove')).toHaveCount(0);
});
