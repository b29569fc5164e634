// Unreachable resolvers (issue 15), against the built site: the primary and the fallback refuse
// connections (closed ports on 127.0.0.1) or hang (the test DoH server's `hang` fault). One notice
// above the report names the services that could not be reached, says this is common in mainland
// China and offers AliDNS and DNSPod; nothing goes to either before the user picks one; picking
// one re-runs the audit with it (pointed at the test DoH server through the e2e build's
// `?e2ePreset.<id>=`, src/ui/state/e2e-presets.ts), gives the right verdicts, and is remembered.
// In English and Chinese.
import { expect, test, type Page } from '@playwright/test';
import { E2E_DOH_URL, registerZone, uniqueZoneId, zoneEndpoints, zoneStats } from '../support/doh-zones.ts';
import { CHIQIO, CHIQIO_FIXED, CHIQIO_FIXED_POLICY, CHIQIO_SELECTOR } from '../support/zones/index.ts';

// The MTA-STS policy is served by page.route(), which a service worker would bypass.
test.use({ serviceWorkers: 'block' });

/** Areas whose records CHIQIO_FIXED publishes correctly. */
const PASSING = ['mx', 'spf', 'dmarc', 'dkim', 'mta-sts', 'tls-rpt'] as const;
/** Nothing listens on these ports: the connection is refused at once (https: passes the CSP). */
const REFUSING = ['https://127.0.0.1:1/dns-query', 'https://127.0.0.1:2/dns-query'];

const TEXT = {
  en: {
    heading: 'The DNS resolvers cannot be reached from your network',
    china: 'common in mainland China',
    network: 'the connection failed',
    timeout: 'no answer at all',
    use: (name: string) => `Use ${name}`,
    settings: 'Settings (custom endpoint)',
    noAnswer: /No answer from: /,
    answers: (name: string) => `Answers from: ${name}.`,
    done: /Done in \d+ ms/,
  },
  'zh-CN': {
    heading: '从你的网络无法连接 DNS 解析服务',
    china: '这在中国大陆很常见',
    network: '连接失败',
    timeout: '完全没有应答',
    use: (name: string) => `使用 ${name}`,
    settings: '设置（自定义地址）',
    noAnswer: /没有应答：/,
    answers: (name: string) => `应答来自：${name}。`,
    done: /完成，用时 \d+ 毫秒/,
  },
} as const;

type Lang = keyof typeof TEXT;

const area = (page: Page, name: string) => page.locator(`section#area-${name}`);

async function servePolicy(page: Page): Promise<void> {
  await page.route(`https://mta-sts.${CHIQIO}/.well-known/mta-sts.txt`, (route) =>
    route.fulfill({
      status: 200,
      body: CHIQIO_FIXED_POLICY,
      headers: { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' },
    }),
  );
}

/** The test DoH zones standing in for AliDNS and DNSPod, and the page address using them. */
async function open(
  page: Page,
  lang: Lang,
  primary: string,
  secondary: string,
): Promise<{ aliId: string; podId: string }> {
  const aliId = uniqueZoneId('alidns');
  const podId = uniqueZoneId('dnspod');
  const ali = await registerZone(aliId, CHIQIO_FIXED);
  const pod = await registerZone(podId, CHIQIO_FIXED);
  const params = new URLSearchParams({
    lang,
    doh: primary,
    dohDialect: 'cloudflare',
    doh2: secondary,
    doh2Dialect: 'google',
    // AliDNS is JSON in Google's dialect at /resolve, DNSPod RFC 8484 (presets.ts).
    'e2ePreset.alidns': ali.google,
    'e2ePreset.dnspod': pod.wire,
  });
  await page.goto(`/?${params}#/d/${CHIQIO}?s=${CHIQIO_SELECTOR}`);
  return { aliId, podId };
}

const CASES = [
  { fault: 'refused connections', primary: () => REFUSING[0], secondary: () => REFUSING[1], why: 'network' },
  {
    fault: 'every query hanging',
    primary: (id: string) => zoneEndpoints(E2E_DOH_URL, id, '/fault/hang').cloudflare,
    secondary: (id: string) => zoneEndpoints(E2E_DOH_URL, id, '/fault/hang').google,
    why: 'timeout',
  },
] as const;

for (const lang of ['en', 'zh-CN'] as const) {
  for (const [i, c] of CASES.entries()) {
    // Both buttons get used: AliDNS in one case, DNSPod in the other.
    const pick = i === 0 ? 'AliDNS' : 'DNSPod';
    test(`${lang}: primary and fallback with ${c.fault}: one notice, AliDNS and DNSPod offered, ${pick} completes the audit and is remembered`, async ({
      page,
    }) => {
      test.setTimeout(60_000);
      const t = TEXT[lang];
      await servePolicy(page);
      const hangId = uniqueZoneId('hang');
      await registerZone(hangId, CHIQIO_FIXED);
      const primary = c.primary(hangId);
      const secondary = c.secondary(hangId);
      const { aliId, podId } = await open(page, lang, primary, secondary);

      const notice = page.getByRole('alert').filter({ hasText: t.heading });
      await expect(notice).toBeVisible({ timeout: 15_000 });
      await expect(notice).toHaveCount(1);
      await expect(notice).toContainText(t.china);
      // Which services could not be reached, and how.
      await expect(notice).toContainText(primary);
      await expect(notice).toContainText(secondary);
      await expect(notice).toContainText(c.why === 'network' ? t.network : t.timeout);
      await expect(notice.getByRole('button', { name: t.use('AliDNS') })).toBeVisible();
      await expect(notice.getByRole('button', { name: t.use('DNSPod') })).toBeVisible();
      await expect(notice.getByRole('link', { name: t.settings })).toHaveAttribute('href', '#/settings');
      // No answer came: the status line must not claim one did (with hanging endpoints, once the
      // last one's queries have run their time budget: it is never cut short).
      await expect(page.locator('.resolver-status')).not.toHaveText(/Answers from|应答来自/);
      await expect(page.locator('.resolver-status')).toHaveText(t.noAnswer, { timeout: 15_000 });
      // Nothing was sent to a service the user did not choose.
      expect((await zoneStats(aliId)).hits).toBe(0);
      expect((await zoneStats(podId)).hits).toBe(0);

      await notice.getByRole('button', { name: t.use(pick) }).click();
      await expect(page.getByRole('status').filter({ hasText: t.done })).toBeVisible({ timeout: 30_000 });
      for (const name of PASSING)
        await expect(area(page, name), name).toHaveAttribute('data-verdict', 'pass');
      await expect(page.locator('.resolver-status')).toHaveText(t.answers(pick));
      await expect(page.getByRole('alert').filter({ hasText: t.heading })).toHaveCount(0);
      const [used, unused] = pick === 'AliDNS' ? [aliId, podId] : [podId, aliId];
      expect((await zoneStats(used)).hits).toBeGreaterThan(0);
      expect((await zoneStats(unused)).hits).toBe(0);

      // Remembered in the settings store: the settings page, opened without ?doh=, shows it.
      const saved = await page.evaluate(() => localStorage.getItem('maildns.resolvers'));
      const preset = pick === 'AliDNS' ? 'alidns' : 'dnspod';
      expect(JSON.parse(saved ?? 'null')).toMatchObject({ primary: { preset }, secondary: { preset } });
      await page.goto(`/?lang=${lang}#/settings`);
      const primaryGroup = page.getByRole('group').filter({ has: page.locator('input[name=primary]') });
      await expect(primaryGroup.getByRole('radio', { name: new RegExp(`^${pick} https://`) })).toBeChecked();
    });
  }
}

test('only the primary unreachable: the fallback answers and no notice is shown', async ({ page }) => {
  test.setTimeout(60_000);
  await servePolicy(page);
  const id = uniqueZoneId('healthy');
  const healthy = await registerZone(id, CHIQIO_FIXED);
  await page.goto(
    `/?${new URLSearchParams({ lang: 'en', doh: REFUSING[0], doh2: healthy.cloudflare, doh2Dialect: 'cloudflare' })}#/d/${CHIQIO}?s=${CHIQIO_SELECTOR}`,
  );
  await expect(page.getByRole('status').filter({ hasText: TEXT.en.done })).toBeVisible({ timeout: 30_000 });
  for (const name of PASSING) await expect(area(page, name), name).toHaveAttribute('data-verdict', 'pass');
  await expect(page.getByRole('alert').filter({ hasText: TEXT.en.heading })).toHaveCount(0);
  await expect(page.locator('.resolver-status')).toHaveText(TEXT.en.answers(healthy.cloudflare));
  // Issue 10 item 6: the raw answers say why the primary was passed over.
  const raw = area(page, 'dmarc').locator('details.raw');
  await raw.locator('summary').click();
  await expect(raw.locator('ul.passed').first()).toContainText(REFUSING[0]);
  await expect(raw.locator('ul.passed').first()).toContainText(/network error or CORS refusal|unreachable/);
});
