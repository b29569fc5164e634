// The provider setup wizard end to end, as docs/user.md user meets it: Tencent Exmail for
// chiqio.com, in Chinese, with the DKIM selector and key copied from the Exmail console. Each
// exported row is checked record by record and copied to the clipboard.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { CHIQIO_DKIM_KEY } from '../support/fixture-zones.ts';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const SELECTOR = 'lokg123';
const REPORTS = 'dmarc@chiqio.com';
/** As the Exmail console shows the key: a whole record. */
const CONSOLE_KEY = `v=DKIM1; k=rsa; p=${CHIQIO_DKIM_KEY}`;

/** The Cloudflare form rows, in order: [type, name, content, priority, ttl, proxy]. */
const EXPECTED_ROWS = [
  ['MX', '@', 'mxbiz1.qq.com', '5', '自动', '仅 DNS'],
  ['MX', '@', 'mxbiz2.qq.com', '10', '自动', '仅 DNS'],
  ['TXT', '@', 'v=spf1 include:spf.mail.qq.com ~all', '', '自动', '仅 DNS'],
  ['TXT', `${SELECTOR}._domainkey`, CONSOLE_KEY, '', '自动', '仅 DNS'],
  ['TXT', '_dmarc', `v=DMARC1; p=none; rua=mailto:${REPORTS}`, '', '自动', '仅 DNS'],
] as const;

async function fillWizard(page: Page, report: string): Promise<void> {
  await page.goto('/?lang=zh-CN#/setup');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('为您的域名配置邮箱');
  // Tencent Exmail comes first and is chosen already.
  const providers = page.getByRole('radiogroup', { name: '您的邮箱服务商' });
  await expect(providers.getByRole('radio').first()).toBeChecked();
  await expect(providers.getByRole('radio', { name: /腾讯企业邮箱/ })).toBeChecked();
  await page.getByLabel('您的域名', { exact: true }).fill('chiqio.com');
  await page.getByLabel('选择器(selector)', { exact: true }).fill(SELECTOR);
  await page.getByLabel('服务商提供的公钥或记录', { exact: true }).fill(CONSOLE_KEY);
  await page.getByLabel('接收 DMARC 报告的邮箱', { exact: true }).fill(report);
}

function cloudflareRows(page: Page): Locator {
  return page.getByRole('tabpanel').locator('table.rows tbody tr');
}

test('Tencent Exmail for chiqio.com in zh-CN: every record, row by row, copied', async ({ page }) => {
  await fillWizard(page, REPORTS);

  // The record list: each record with its one-line reason.
  const list = page.locator('.record-list > li');
  await expect(list).toHaveCount(5);
  for (const item of await list.all()) await expect(item.locator('.reason')).not.toBeEmpty();
  await expect(list.filter({ hasText: 'mxbiz1.qq.com' })).toContainText('5');

  // Cloudflare form rows: type, name relative to the zone, content, priority, TTL, DNS only.
  await expect(page.getByRole('tab', { name: 'Cloudflare 表单' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('note')).toContainText('仅 DNS');
  const rows = cloudflareRows(page);
  await expect(rows).toHaveCount(EXPECTED_ROWS.length);
  for (const [i, expected] of EXPECTED_ROWS.entries()) {
    const cells = rows.nth(i).locator('td');
    const [type, name, content, priority, ttl, proxy] = expected;
    await expect(cells.nth(0)).toHaveText(type);
    await expect(cells.nth(1)).toHaveText(name);
    await expect(cells.nth(2).locator('.cell-content')).toHaveText(content);
    await expect(cells.nth(3)).toHaveText(priority);
    await expect(cells.nth(4)).toHaveText(ttl);
    await expect(cells.nth(5)).toContainText(proxy);

    // Copy the row's content, then its name, and read the clipboard back.
    await rows.nth(i).getByRole('button', { name: /内容/ }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(content);
    await expect(rows.nth(i).getByRole('button', { name: /内容/ })).toHaveText('已复制');
    await rows.nth(i).getByRole('button', { name: /名称/ }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(name);
  }

  // The whole tab copied at once: one line per row, tab-separated, as the table shows it.
  await page.getByRole('button', { name: '复制: 本页全部内容' }).click();
  const all = await page.evaluate(() => navigator.clipboard.readText());
  expect(all.split('\n')).toHaveLength(EXPECTED_ROWS.length);
  expect(all.split('\n')[0].split('\t')).toEqual(['MX', '@', 'mxbiz1.qq.com', '5', '自动', '仅 DNS']);

  // BIND fragment: absolute names; the DKIM key fits one string (a 1024-bit key).
  await page.getByRole('tab', { name: 'BIND 区域文件' }).click();
  const bind = page.locator('pre.export-text[data-format="bind"]');
  await expect(bind).toContainText('chiqio.com.\t3600\tIN\tMX\t5 mxbiz1.qq.com.');
  await expect(bind).toContainText('chiqio.com.\t3600\tIN\tMX\t10 mxbiz2.qq.com.');
  await expect(bind).toContainText('chiqio.com.\t3600\tIN\tTXT\t"v=spf1 include:spf.mail.qq.com ~all"');
  await expect(bind).toContainText(`${SELECTOR}._domainkey.chiqio.com.\t3600\tIN\tTXT\t"${CONSOLE_KEY}"`);
  await expect(bind).toContainText(
    `_dmarc.chiqio.com.\t3600\tIN\tTXT\t"v=DMARC1; p=none; rua=mailto:${REPORTS}"`,
  );

  // Alibaba Cloud DNS / DNSPod host records: @ and relative names, never the full name.
  await page.getByRole('tab', { name: '阿里云解析 / DNSPod' }).click();
  const hosts = page.getByRole('tabpanel').locator('table.rows tbody tr');
  await expect(hosts).toHaveCount(EXPECTED_ROWS.length);
  await expect(hosts.locator('.cell-name')).toHaveText(EXPECTED_ROWS.map((r) => r[1]));

  // Cloudflare API bodies: never proxied; the TXT content quoted as Cloudflare documents it.
  await page.getByRole('tab', { name: 'Cloudflare API(JSON)' }).click();
  const bodies = page.getByRole('tabpanel').locator('.request pre');
  await expect(bodies).toHaveCount(EXPECTED_ROWS.length);
  const spf = JSON.parse((await bodies.nth(2).textContent()) ?? '');
  expect(spf).toEqual({
    type: 'TXT',
    name: 'chiqio.com',
    content: '"v=spf1 include:spf.mail.qq.com ~all"',
    ttl: 1,
    proxied: false,
  });

  // The inputs are in the URL: a fresh browser with this link gets the same record set.
  const shared = page.url();
  const other = await page.context().browser()!.newContext();
  const second = await other.newPage();
  await second.goto(shared);
  await expect(cloudflareRows(second)).toHaveCount(EXPECTED_ROWS.length);
  await expect(cloudflareRows(second).nth(3).locator('.cell-content')).toHaveText(CONSOLE_KEY);
  await other.close();
});

test('Exmail’s default report address at qq.com: the authorization qq.com must publish is shown', async ({
  page,
}) => {
  await fillWizard(page, 'mailauth-reports@qq.com');
  const dmarc = cloudflareRows(page).filter({ hasText: '_dmarc' });
  await expect(dmarc.locator('.cell-content')).toHaveText(
    'v=DMARC1; p=none; rua=mailto:mailauth-reports@qq.com',
  );
  const authorization = page.locator('.authorizations');
  await expect(authorization).toContainText('chiqio.com._report._dmarc.qq.com');
  await expect(authorization).toContainText('v=DMARC1');
  // That record belongs in qq.com's zone, not in the exports for chiqio.com.
  await expect(cloudflareRows(page)).toHaveCount(EXPECTED_ROWS.length);
});

test('a damaged key or a wrong address is said inline and its record left out, never guessed', async ({
  page,
}) => {
  await fillWizard(page, 'not-an-address');
  await page
    .getByLabel('服务商提供的公钥或记录', { exact: true })
    .fill(`v=DKIM1; k=rsa; p=${CHIQIO_DKIM_KEY.slice(0, 60)}`);
  await expect(page.locator('#setup-key-messages')).toBeVisible();
  await expect(page.locator('#setup-rua-messages')).toContainText('not-an-address');
  const rows = cloudflareRows(page);
  await expect(rows.filter({ hasText: '_domainkey' })).toHaveCount(0);
  await expect(rows.filter({ hasText: 'v=DMARC1' })).toHaveCount(0);
  await expect(rows.filter({ hasText: 'mxbiz1.qq.com' })).toHaveCount(1);
});

// Issue 10 items 1 and 7: the provider's web-mail CNAME offered with its proxy rule, in both
// languages; "required" only once a field was left or the form submitted; vendor's page first.
const ALIAS_TEXT = {
  en: {
    step: 'Web-mail and mail-client names (optional)',
    rule: 'may be proxied (web access only',
    lead: 'Nothing needs them to send or receive mail: tick the ones you want.',
    never: 'Never use it as a mail server in MX, SMTP or IMAP settings.',
    reason: 'May be proxied in Cloudflare',
    required: 'This field is required.',
    submit: 'Check my entries',
    domain: 'Your domain',
    selector: 'Selector',
    key: 'Public key or record from your provider',
  },
  'zh-CN': {
    step: '网页邮箱与邮件客户端主机名（可选）',
    rule: '在 Cloudflare 中可以开启代理（仅限网页访问',
    lead: '收发邮件并不需要它们：勾选您想要的即可。',
    never: '切勿在 MX、SMTP 或 IMAP 设置中把它当作邮件服务器。',
    reason: '在 Cloudflare 中可以开启代理',
    required: '此项为必填。',
    submit: '检查我填写的内容',
    domain: '您的域名',
    selector: '选择器(selector)',
    key: '服务商提供的公钥或记录',
  },
} as const;

for (const lang of ['en', 'zh-CN'] as const) {
  const t = ALIAS_TEXT[lang];

  test(`${lang}: the Exmail web-mail CNAME is offered, explained, and becomes a row when ticked`, async ({
    page,
  }) => {
    await page.goto(`/?lang=${lang}#/setup`);
    await page.getByLabel(t.domain, { exact: true }).fill('chiqio.com');
    const step = page.getByRole('region', { name: t.step });
    await expect(step).toBeVisible();
    const alias = step.locator('li[data-alias="mail"]');
    await expect(alias).toContainText('CNAME mail → exmail.qq.com');
    await expect(alias).toContainText(t.rule);
    await expect(alias).toContainText(t.never);
    await expect(alias).toContainText('mail.chiqio.com');
    // Optional, and said so: unticked, and not in the record set until ticked.
    await expect(step).toContainText(t.lead);
    await expect(alias.getByRole('checkbox')).not.toBeChecked();
    await expect(cloudflareRows(page).filter({ hasText: 'exmail.qq.com' })).toHaveCount(0);
    await alias.getByRole('checkbox').check();
    const record = page.locator('.record-list > li[data-type="CNAME"]');
    await expect(record).toHaveCount(1);
    await expect(record).toContainText('exmail.qq.com');
    await expect(record.locator('.reason')).toContainText(t.reason);
    const row = cloudflareRows(page).filter({ hasText: 'exmail.qq.com' });
    await expect(row).toHaveCount(1);
    await expect(row.locator('td').nth(0)).toHaveText('CNAME');
    await expect(row.locator('td').nth(1)).toHaveText('mail');
    // The choice is in the URL like every other input.
    expect(page.url()).toContain('ha=mail');
  });
}

test('the provider data links the vendor’s own page first (Alibaba Mail), or says there is none (Exmail)', async ({
  page,
}) => {
  await page.goto('/?lang=en#/setup');
  const source = page.getByTestId('provider-source');
  await expect(source).toContainText('not the vendor');
  await expect(source.getByRole('link')).toHaveAttribute('href', 'https://www.67wa.com/118409.html');
  await page.getByRole('radio', { name: /Alibaba Mail/ }).check();
  await expect(source).toContainText('Source (the vendor');
  await expect(source.getByRole('link')).toHaveAttribute('href', /^https:\/\/help\.aliyun\.com\//);
});

// Issue 10 item 7: "This field is required" never greets a fresh form; it appears once the empty
// field was left, or once the form was submitted.
for (const lang of ['en', 'zh-CN'] as const) {
  const t = ALIAS_TEXT[lang];

  test(`${lang}: "required" waits until the empty domain field was left`, async ({ page }) => {
    await page.goto(`/?lang=${lang}#/setup`);
    const domain = page.getByLabel(t.domain, { exact: true });
    await expect(domain).toBeVisible();
    await expect(page.getByText(t.required)).toHaveCount(0);
    await domain.focus();
    await expect(page.getByText(t.required)).toHaveCount(0);
    await domain.blur();
    const required = page.getByText(t.required);
    await expect(required).toHaveCount(1);
    // It is the domain field's own note, announced with it.
    await expect(domain).toHaveAccessibleDescription(new RegExp(t.required.replace('.', '\\.')));
  });

  test(`${lang}: "required" appears when the empty form is submitted`, async ({ page }) => {
    await page.goto(`/?lang=${lang}#/setup`);
    const domain = page.getByLabel(t.domain, { exact: true });
    await expect(domain).toBeVisible();
    await expect(page.getByText(t.required)).toHaveCount(0);
    await page.getByRole('button', { name: t.submit }).click();
    await expect(domain).toHaveAccessibleDescription(new RegExp(t.required.replace('.', '\\.')));
  });
}

// The same rule for a field whose need depends on another: a DKIM key typed makes the selector
// required, and that is said once the selector was left, whether or not the domain is filled in.
for (const lang of ['en', 'zh-CN'] as const) {
  const t = ALIAS_TEXT[lang];

  test(`${lang}: a key without a selector: "required" under the selector once left, with the domain still empty`, async ({
    page,
  }) => {
    await page.goto(`/?lang=${lang}#/setup`);
    const domain = page.getByLabel(t.domain, { exact: true });
    const selector = page.getByLabel(t.selector, { exact: true });
    await page.getByLabel(t.key, { exact: true }).fill(CONSOLE_KEY);
    await expect(page.getByText(t.required)).toHaveCount(0);
    await selector.focus();
    await selector.blur();
    await expect(selector).toHaveAccessibleDescription(new RegExp(t.required.replace('.', '\\.')));
    // The domain was never left: not yet.
    await expect(page.getByText(t.required)).toHaveCount(1);
    await page.getByRole('button', { name: t.submit }).click();
    await expect(domain).toHaveAccessibleDescription(new RegExp(t.required.replace('.', '\\.')));
    await expect(page.getByText(t.required)).toHaveCount(2);
    // The domain typed: only the selector is still missing.
    await domain.fill('chiqio.com');
    await expect(page.getByText(t.required)).toHaveCount(1);
    await expect(selector).toHaveAccessibleDescription(new RegExp(t.required.replace('.', '\\.')));
  });
}
