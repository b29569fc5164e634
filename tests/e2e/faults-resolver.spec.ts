// Resolver faults (issue 7): the primary DoH resolver hangs, answers HTTP 500 or 429, or sends a
// body that is not JSON (the test server's fault prefixes in ?doh=). With a healthy secondary
// (?doh2=) the report falls back to it, gives the right verdicts, and says which resolver failed
// for each lookup. With both failing, every affected area says "No answer" with the failed
// question and its reason and a retry; no area ever claims a record is missing; after the zone
// answers again, retry brings the real verdicts.
import { expect, test, type Page } from '@playwright/test';
import { E2E_DOH_URL, registerZone, uniqueZoneId, zoneEndpoints } from '../support/doh-zones.ts';
import { CHIQIO, CHIQIO_FIXED, CHIQIO_FIXED_POLICY, CHIQIO_SELECTOR } from '../support/zones/index.ts';
import type { FaultKind } from '../support/doh-server.ts';

// The MTA-STS policy is served by page.route(), which a service worker would bypass.
test.use({ serviceWorkers: 'block' });

const DONE = /Done in \d+ ms/;
/** Areas whose records CHIQIO_FIXED publishes correctly. */
const PASSING = ['mx', 'spf', 'dmarc', 'dkim', 'mta-sts', 'tls-rpt'] as const;
/** Codes that say a record is absent: never acceptable when its lookup got no answer. */
const ABSENCE = /\/(missing|not-found|none)$|^mx\/null$/;

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

async function open(page: Page, primary: string, secondary: string): Promise<void> {
  const params = new URLSearchParams({
    lang: 'en',
    doh: primary,
    dohDialect: 'cloudflare',
    doh2: secondary,
    doh2Dialect: 'cloudflare',
  });
  await page.goto(`/?${params}#/d/${CHIQIO}?s=${CHIQIO_SELECTOR}`);
}

/** Finding codes shown in these areas' sections that claim a record is absent. */
async function absenceCodes(page: Page, areas: readonly string[]): Promise<string[]> {
  const codes: string[] = [];
  for (const name of areas) {
    const found = await area(page, name)
      .locator('li[data-code]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-code') ?? ''));
    codes.push(...found.filter((c) => ABSENCE.test(c)).map((c) => `${name}: ${c}`));
  }
  return codes;
}

const PRIMARY_FAULTS: Array<{ kind: FaultKind; why: RegExp }> = [
  { kind: 'hang', why: /TIMEOUT/ },
  { kind: '500', why: /ERROR/ },
  { kind: '429', why: /ERROR/ },
  { kind: 'badjson', why: /ERROR/ },
];

for (const { kind, why } of PRIMARY_FAULTS) {
  test(`primary ${kind}: falls back to the secondary, right verdicts, the failed resolver named`, async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await servePolicy(page);
    const id = uniqueZoneId(`fault-${kind}`);
    const healthy = await registerZone(id, CHIQIO_FIXED);
    const broken = zoneEndpoints(E2E_DOH_URL, id, `/fault/${kind}`);
    await open(page, broken.cloudflare, healthy.cloudflare);
    await expect(page.getByRole('status').filter({ hasText: DONE })).toBeVisible({ timeout: 60_000 });
    for (const name of PASSING) await expect(area(page, name), name).toHaveAttribute('data-verdict', 'pass');
    expect(await absenceCodes(page, PASSING)).toEqual([]);
    await expect(page.locator('li[data-code="dns/temporary"]')).toHaveCount(0);
    // The raw answers of an area say who answered, and which resolver failed before, with what.
    const raw = area(page, 'dmarc').locator('details.raw');
    await raw.locator('summary').click();
    await expect(raw).toContainText(`TXT _dmarc.${CHIQIO}`);
    await expect(raw).toContainText(healthy.cloudflare);
    await expect(raw).toContainText(broken.cloudflare);
    await expect(raw).toContainText(why);
  });
}

test('both resolvers fail: each area says which lookup failed and why, nothing is called missing, retry recovers', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await servePolicy(page);
  const id = uniqueZoneId('fault-both');
  // Faults by name hit every path to this zone: the primary and the secondary alike.
  const faults: Record<string, FaultKind> = {
    [CHIQIO]: '500',
    [`_dmarc.${CHIQIO}`]: 'hang',
    [`${CHIQIO_SELECTOR}._domainkey.${CHIQIO}`]: 'badjson',
    [`_mta-sts.${CHIQIO}`]: '429',
    [`_smtp._tls.${CHIQIO}`]: 'servfail',
  };
  const endpoints = await registerZone(id, { zone: CHIQIO_FIXED, faults });
  const secondary = zoneEndpoints(E2E_DOH_URL, id, '/latency/1');
  await open(page, endpoints.cloudflare, secondary.cloudflare);
  await expect(page.getByRole('status').filter({ hasText: DONE })).toBeVisible({ timeout: 60_000 });

  for (const name of ['mx', 'spf', 'dmarc', 'mta-sts', 'tls-rpt']) {
    await expect(area(page, name), name).toHaveAttribute('data-verdict', 'error');
    await expect(area(page, name).locator('[data-verdict]').first(), name).toHaveText(/No answer/);
  }
  // DKIM: the one selector asked for got no answer, so "no key found" would be a wrong verdict.
  await expect(area(page, 'dkim')).not.toHaveAttribute('data-verdict', /pass|none/);
  expect(await absenceCodes(page, PASSING)).toEqual([]);

  // Which lookup failed, and why (status and resolver in the finding; the reason in the raw answer).
  const temporary = page.locator('li[data-code="dns/temporary"]');
  await expect(temporary.filter({ hasText: `TXT _dmarc.${CHIQIO}` }).first()).toContainText('TIMEOUT');
  await expect(temporary.filter({ hasText: `TXT _smtp._tls.${CHIQIO}` }).first()).toContainText('SERVFAIL');
  const raw = area(page, 'dmarc').locator('details.raw');
  await raw.locator('summary').click();
  await expect(raw).toContainText(/no answer within \d+ ms/);
  const mxRaw = area(page, 'mx').locator('details.raw');
  await mxRaw.locator('summary').click();
  await expect(mxRaw).toContainText('HTTP 500');

  // The zone answers again: retry asks what failed and the verdicts appear.
  await registerZone(id, CHIQIO_FIXED);
  await temporary.first().getByRole('button', { name: 'Retry' }).first().click();
  await expect(page.getByRole('status').filter({ hasText: DONE })).toBeVisible({ timeout: 60_000 });
  for (const name of PASSING) {
    await expect(area(page, name), name).toHaveAttribute('data-verdict', 'pass', { timeout: 30_000 });
  }
  await expect(temporary).toHaveCount(0);
});
