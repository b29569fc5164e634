// No third-party traffic (issue 7): every request the browser makes (the page's and the service
// worker's, recorded on the browser context) while auditing a domain, composing records in the
// three builders and the setup wizard, checking a pasted record and switching languages goes to
// the site itself or to the chosen DoH resolver — no fonts, analytics, CDNs or telemetry. The one
// request an audit may make elsewhere is RFC 8461's MTA-STS policy, from the audited domain's own
// `mta-sts.` host, and only when the domain publishes `_mta-sts`.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { E2E_DOH_URL, registerZone, uniqueZoneId } from '../support/doh-zones.ts';
import {
  CHIQIO,
  CHIQIO_BROKEN,
  CHIQIO_FIXED,
  CHIQIO_FIXED_POLICY,
  CHIQIO_SELECTOR,
} from '../support/zones/index.ts';
import type { Zone } from '../../src/lib/index.ts';

const DONE = /Done in \d+ ms/;
const RESOLVER_ORIGIN = new URL(E2E_DOH_URL).origin;

/** Every URL the context requested, in order (page, workers, service worker). */
function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (r) => urls.push(r.url()));
  return urls;
}

/** Requests that left for somewhere other than the site, the resolver, or in-page data. */
function elsewhere(urls: readonly string[], site: string, allowed: readonly string[] = []): string[] {
  return urls.filter((u) => {
    if (u.startsWith('data:') || u.startsWith('blob:')) return false;
    const origin = new URL(u).origin;
    return origin !== site && origin !== RESOLVER_ORIGIN && !allowed.includes(origin);
  });
}

async function auditFromHome(page: Page, zone: Zone, lang: 'en' | 'zh-CN'): Promise<string> {
  const endpoints = await registerZone(uniqueZoneId('traffic'), zone);
  const params = new URLSearchParams({ lang, doh: endpoints.cloudflare, dohDialect: 'cloudflare' });
  await page.goto(`/?${params}#/`);
  await page.locator('#domain-input').fill(`boss@${CHIQIO}`);
  await page.locator('#domain-input').press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/d/${CHIQIO.replace('.', '\\.')}`));
  return endpoints.cloudflare;
}

test('audit, builders, wizard, check page and both languages: only the site and the resolver', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const urls = recordRequests(context);
  const site = new URL(baseURL!).origin;

  // An audit, started from the home page, in English; then the report in Chinese.
  const endpoint = await auditFromHome(page, CHIQIO_BROKEN, 'en');
  await expect(page.getByRole('status').filter({ hasText: DONE })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: '简体中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // The SPF builder, including its online include measurement.
  await page.goto(`/?lang=en&doh=${encodeURIComponent(endpoint)}&dohDialect=cloudflare#/build/spf`);
  await page.locator('#spf-domain').fill(CHIQIO);
  await page.getByRole('button', { name: 'Measure include costs online' }).click();
  await expect(page.locator('.measure [role="status"]')).not.toBeEmpty({ timeout: 15_000 });

  // The DMARC builder.
  await page.getByRole('link', { name: 'DMARC', exact: true }).first().click();
  await expect(page).toHaveURL(/#\/build\/dmarc/);
  await page.locator('#dmarc-domain').fill(CHIQIO);

  // The DKIM builder, generating a key pair in the browser (loads the generator on demand).
  await page.goto(`/?lang=zh-CN&doh=${encodeURIComponent(endpoint)}&dohDialect=cloudflare#/build/dkim`);
  await page.locator('#dkim-domain').fill(CHIQIO);
  await page.locator('#dkim-selector').fill('s2025');
  await page.locator('input[name="dkim-mode"][value="generate"]').check();
  await page.locator('.generator button').first().click();
  await expect(page.locator('.generator .private')).toBeVisible({ timeout: 30_000 });

  // The setup wizard, then the check page, then the language switch back and forth.
  await page.goto(`/?lang=zh-CN&doh=${encodeURIComponent(endpoint)}&dohDialect=cloudflare#/setup`);
  await page.locator('#setup-domain').fill(CHIQIO);
  await expect(page.locator('.record-list > li').first()).toBeVisible();
  await page.goto(`/?lang=en#/check`);
  await page.locator('#record-input').fill('v=DMARC1; p=none; rua=mailto:mailauth-reports@qq.com');
  await expect(page.locator('section[aria-live]').getByRole('heading', { level: 2 }).first()).toBeVisible();
  await page.getByRole('button', { name: '简体中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // Something was recorded from both allowed places, so the check below cannot pass vacuously.
  expect(urls.some((u) => u.startsWith(`${site}/`))).toBe(true);
  expect(urls.filter((u) => u.startsWith(`${RESOLVER_ORIGIN}/`)).length).toBeGreaterThan(20);
  expect(elsewhere(urls, site)).toEqual([]);
});

test('an audit of a domain with MTA-STS also fetches its policy from that domain, and nothing else', async ({
  page,
  context,
  baseURL,
}) => {
  // page.route() must see the policy fetch, which a service worker would make out of its sight.
  await context.route(`https://mta-sts.${CHIQIO}/.well-known/mta-sts.txt`, (route) =>
    route.fulfill({
      status: 200,
      body: CHIQIO_FIXED_POLICY,
      headers: { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' },
    }),
  );
  const urls = recordRequests(context);
  const site = new URL(baseURL!).origin;
  const endpoints = await registerZone(uniqueZoneId('traffic-sts'), CHIQIO_FIXED);
  const params = new URLSearchParams({ lang: 'en', doh: endpoints.cloudflare, dohDialect: 'cloudflare' });
  await page.goto(`/?${params}#/d/${CHIQIO}?s=${CHIQIO_SELECTOR}`);
  await expect(page.getByRole('status').filter({ hasText: DONE })).toBeVisible({ timeout: 30_000 });
  const policyOrigin = `https://mta-sts.${CHIQIO}`;
  expect(urls.filter((u) => u.startsWith(policyOrigin))).toEqual([`${policyOrigin}/.well-known/mta-sts.txt`]);
  expect(elsewhere(urls, site, [policyOrigin])).toEqual([]);
});
