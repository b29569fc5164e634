// Plan, publish, confirm (issue 14), as the user in docs/user.md lives it: compose the Tencent Exmail
// setup for chiqio.com in the wizard, check it before publishing (the dry run over the zone as
// written), compare with the audit of the zone as it is once those records are published, publish
// them to the test DoH server, and watch them go live at the four services — in English and in Chinese.
import { expect, test, type Page } from '@playwright/test';
import {
  E2E_DOH_URL,
  registerZone,
  resetZoneStats,
  uniqueZoneId,
  zoneEndpoints,
  zoneStats,
  type ZoneEndpoints,
} from '../support/doh-zones.ts';
import { CHIQIO, CHIQIO_BROKEN, CHIQIO_SELECTOR, RSA_2048 } from '../support/zones/index.ts';
import type { Zone } from '../../src/lib/index.ts';
import { splitTxt } from '../../src/lib/shared/txt.ts';

test.use({ serviceWorkers: 'block' });

const REPORTS = 'dmarc@chiqio.com';
const KEY = `v=DKIM1; k=rsa; p=${RSA_2048}`;
const DMARC = `v=DMARC1; p=none; rua=mailto:${REPORTS}`;

const TEXT = {
  en: {
    heading: 'Set up mail for your domain',
    domain: 'Your domain',
    selector: 'Selector',
    key: 'Public key or record from your provider',
    reports: 'Your address for DMARC reports',
    check: 'Check before publishing',
    planHeading: `Dry run: ${CHIQIO} as it will be`,
    done: /Dry run done in \d+ ms/,
    auditDone: /Done in \d+ ms/,
    apply: 'Changes to apply: 2',
    change: 'Change',
    keep: 'Keep (already live)',
    planned: 'planned',
    watch: 'Watch the changes go live (2)',
    allLive: 'All live — MailDNS',
  },
  'zh-CN': {
    heading: '为您的域名配置邮箱',
    domain: '您的域名',
    selector: '选择器(selector)',
    key: '服务商提供的公钥或记录',
    reports: '接收 DMARC 报告的邮箱',
    check: '发布前检查',
    planHeading: `预演：发布后的 ${CHIQIO}`,
    done: /预演完成，用时 \d+ 毫秒/,
    auditDone: /完成，用时 \d+ 毫秒/,
    apply: '执行这 2 项改动',
    change: '修改',
    keep: '保留（已生效）',
    planned: '计划中',
    watch: '观察这 2 项改动生效',
    allLive: /^全部生效 — /,
  },
} as const;

/** The zone as written with the wizard's records published: the new DKIM key and DMARC record. */
const PUBLISHED: Zone = {
  ...CHIQIO_BROKEN,
  [`${CHIQIO_SELECTOR}._domainkey.${CHIQIO}`]: [{ TXT: splitTxt(KEY) }],
  [`_dmarc.${CHIQIO}`]: [{ TXT: DMARC }],
};

/** The finding codes of a finished report, sorted (a finding repeated keeps its repeats). */
async function findingCodes(page: Page): Promise<string[]> {
  const codes = await page
    .locator('main [data-code]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-code') ?? ''));
  return codes.sort();
}

/** The site pointed at one zone of the test DoH server — the audit's resolver and, for the watch,
 *  the four services it asks (the e2e build's `?e2ePreset.<id>=`), each in its own dialect. */
function siteParams(lang: string, endpoints: ZoneEndpoints, id?: string): URLSearchParams {
  const params = new URLSearchParams({ lang, doh: endpoints.cloudflare, dohDialect: 'cloudflare' });
  if (id) {
    const z = zoneEndpoints(E2E_DOH_URL, id);
    params.set('e2ePreset.cloudflare', z.cloudflare);
    params.set('e2ePreset.google', z.google);
    params.set('e2ePreset.alidns', z.google);
    params.set('e2ePreset.dnspod', z.wire);
  }
  return params;
}

for (const lang of ['en', 'zh-CN'] as const) {
  const t = TEXT[lang];
  test(`the Exmail setup for chiqio.com, checked before publishing, in ${lang}`, async ({ page }) => {
    test.setTimeout(90_000);
    const id = uniqueZoneId('plan');
    const live = await registerZone(id, CHIQIO_BROKEN);
    await page.goto(`/?${siteParams(lang, live)}#/setup`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.heading);
    await page.getByLabel(t.domain, { exact: true }).fill(CHIQIO);
    await page.getByLabel(t.selector, { exact: true }).fill(CHIQIO_SELECTOR);
    await page.getByLabel(t.key, { exact: true }).fill(KEY);
    await page.getByLabel(t.reports, { exact: true }).fill(REPORTS);
    await page.getByRole('link', { name: t.check }).click();

    // The dry run: five planned records, the change list (MX and SPF already live; the key and the
    // DMARC record changed), and the report with the planned records marked.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.planHeading);
    await expect(page.locator('.planned > li')).toHaveCount(5);
    const changes = page.locator('table.changes tbody tr');
    await expect(changes).toHaveCount(5);
    await expect(changes.filter({ hasText: t.keep })).toHaveCount(3);
    await expect(changes.filter({ hasText: t.change })).toHaveCount(2);
    await expect(page.getByRole('heading', { name: t.apply })).toBeVisible();
    await expect(page.getByText(t.done)).toBeVisible({ timeout: 20_000 });
    await expect(page.locator('#area-dmarc .badge-planned')).toHaveText(t.planned);
    await expect(page.locator('#area-dkim .badge-planned')).toHaveCount(1);
    const planned = await findingCodes(page);
    expect(planned.length).toBeGreaterThan(0);
    // What the plan fixes is gone from the dry run (the live zone has both problems).
    expect(planned).not.toContain('dkim/key-weak');
    expect(planned).not.toContain('dmarc/external-destination-unauthorized');
    const watchHref = await page.getByRole('link', { name: t.watch }).getAttribute('href');
    expect(watchHref).toMatch(/^#\/watch\?/);

    const afterId = uniqueZoneId('plan-published');
    const after = await registerZone(afterId, PUBLISHED);
    await page.goto(`/?${siteParams(lang, after)}#/d/${CHIQIO}?s=${CHIQIO_SELECTOR}`);
    await expect(page.getByText(t.auditDone)).toBeVisible({ timeout: 20_000 });
    // The dry run of this plan predicts the audit of the zone after publishing: the same findings.
    expect(await findingCodes(page)).toEqual(planned);

    // And the live zone as written, audited the same way, has what the plan fixes.
    await page.goto(`/?${siteParams(lang, live)}#/d/${CHIQIO}?s=${CHIQIO_SELECTOR}`);
    await expect(page.getByText(t.auditDone)).toBeVisible({ timeout: 20_000 });
    const before = await findingCodes(page);
    expect(before).toContain('dkim/key-weak');
    expect(before).toContain('dmarc/external-destination-unauthorized');

    // Publish: the DNS host now serves the planned records. Then watch them go live everywhere.
    await registerZone(id, PUBLISHED);
    await resetZoneStats(id);
    const started = Date.now();
    await page.goto(`/?${siteParams(lang, live, id)}${watchHref}`);
    await expect(page).toHaveTitle(t.allLive, { timeout: 30_000 });
    const elapsedS = (Date.now() - started) / 1000;
    // 2 changed records × 4 services; nothing else asked the zone meanwhile.
    const queries = (await zoneStats(id)).hits;
    expect(queries).toBeGreaterThanOrEqual(8);
    expect(queries).toBeLessThanOrEqual(1 + elapsedS * 2);
    test.info().annotations.push({ type: 'watch queries until all live', description: String(queries) });
  });
}

test('a plan with a record that does not parse, two SPF records and a CNAME beside them', async ({
  page,
}) => {
  const live = await registerZone(uniqueZoneId('plan-bad'), CHIQIO_BROKEN);
  const q = new URLSearchParams({ d: CHIQIO });
  q.append('r', `+|TXT|_dmarc.${CHIQIO}||v=DMARC1; p=maybe; rua=mailto:${REPORTS}`);
  q.append('r', `+|TXT|${CHIQIO}||v=spf1 include:spf.mail.qq.com -all`);
  q.append('r', `+|TXT|${CHIQIO}||v=spf1 mx -all`);
  q.append('r', `+|CNAME|${CHIQIO}||exmail.qq.com`);
  q.append('r', `+|CNAME|mail.${CHIQIO}||exmail.qq.com`);
  q.append('r', 'not a record');
  await page.goto(`/?${siteParams('en', live)}#/plan?${q}`);
  await expect(page.getByText('Records in this link that could not be read (left out): 1.')).toBeVisible();
  // The DMARC record with an unknown policy (RFC 9989 §4.7) is shown with its diagnostics and left out of the dry run.
  const dmarc = page.locator('.planned > li[data-usable="false"]');
  await expect(dmarc).toHaveCount(1);
  await expect(dmarc).toContainText('_dmarc');
  await expect(dmarc.locator('.diagnostics li.sev-error')).not.toHaveCount(0);
  await expect(
    page.getByText('Planned records that do not parse (left out of the dry run): 1.'),
  ).toBeVisible();
  // The plan's own errors, before anything is published.
  const problems = page.locator('section', { has: page.getByText('Problems the plan would cause') });
  await expect(problems.getByText(/puts 2 SPF records at chiqio.com/)).toBeVisible();
  await expect(problems.getByText(/puts a CNAME at chiqio.com beside other records/)).toBeVisible();
  // The web-mail CNAME where Cloudflare proxies the name today: its addresses are said, edit not add.
  const webmail = page
    .locator('table.changes tbody tr', { hasText: 'exmail.qq.com' })
    .filter({ hasText: 'mail' })
    .last();
  await expect(webmail).toContainText('This name answers with addresses now (104.21.48.7');
  // The left-out DMARC record is not in the overlay: the report still shows the live one.
  await expect(page.getByText(/Dry run done in \d+ ms/)).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('#area-dmarc')).toContainText('mailauth-reports@qq.com');
});

test('a finding’s fix on the report, watched until live: the old record gone, the new one served', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const id = uniqueZoneId('plan-fix');
  const live = await registerZone(id, CHIQIO_BROKEN);
  await page.goto(`/?${siteParams('en', live, id)}#/d/${CHIQIO}?s=${CHIQIO_SELECTOR}`);
  await expect(page.getByText(TEXT.en.auditDone)).toBeVisible({ timeout: 20_000 });
  // The DMARC fix: one corrected record replacing the live one (reports at the user's own domain).
  const finding = page.locator('#area-dmarc li[data-code]', { has: page.locator('table.fix') }).first();
  const fixed = await finding.locator('table.fix:not(.remove) td.content code').first().innerText();
  expect(fixed).toMatch(/^v=DMARC1; /);
  await finding.getByRole('link', { name: 'Watch this fix go live' }).click();
  await expect(page).toHaveURL(/#\/watch\?/);
  const rows = page.locator('table tbody tr[data-row]');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('should be gone');
  await expect(rows.nth(0)).toContainText('mailauth-reports@qq.com');
  await expect(rows.nth(1)).toContainText(fixed);
  // Publish the fix; every service then serves it and no longer the old record.
  await registerZone(id, {
    ...CHIQIO_BROKEN,
    [`_dmarc.${CHIQIO}`]: [{ TXT: fixed }],
  });
  await expect(page).toHaveTitle(TEXT.en.allLive, { timeout: 45_000 });
});
