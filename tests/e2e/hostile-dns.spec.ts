// Hostile DNS content (issue 7): TXT records at the SPF, DMARC, DKIM and MTA-STS names of an
// audited domain (and a served MTA-STS policy) carry markup, `javascript:` URLs, bidi overrides,
// zero-width, NUL and control characters, 64 KiB of text, 1,000 strings in one record and 500
// records at one name. The report must render all of it as inert text: no dialog, no script run
// (a flag the payloads would set stays unset, no CSP report of an attempt), no navigation or
// popup, no element the markup describes; invisible characters shown as ⟦U+XXXX⟧ marks and never
// as themselves; the report finishes and the page keeps answering clicks. The check page gets the
// same payloads pasted.
import { expect, test, type Page } from '@playwright/test';
import { registerZone, uniqueZoneId } from '../support/doh-zones.ts';
import type { Zone } from '../../src/lib/index.ts';

// The MTA-STS policy is served by page.route(), which a service worker would bypass.
test.use({ serviceWorkers: 'block' });

const DOMAIN = 'hostile.example';
const SELECTOR = 'evil';
const FLAG = '__maildnsHostile';
const DONE = /Done in \d+ ms/;
const TXT_STRING_OCTETS = 255;

/** Markup and script URLs; each would set FLAG or open a dialog if it ever ran. */
const MARKUP = {
  script: `<script>window.${FLAG}='script';alert('script')</script>`,
  img: `<img src=x onerror="window.${FLAG}='img';alert('img')">`,
  svg: `<svg onload="window.${FLAG}='svg'"></svg>`,
  iframe: `<iframe srcdoc="<script>parent.${FLAG}='iframe'</script>"></iframe>`,
  jsUrl: `javascript:window.${FLAG}='url';alert('url')`,
  anchor: `"><a href="javascript:alert('anchor')">click</a>`,
};

/** Invisible, bidi and control characters, with the mark the page must show for each. */
const INVISIBLE: Array<[string, string]> = [
  ['\u200b', '⟦U+200B⟧'],
  ['\u200d', '⟦U+200D⟧'],
  ['\ufeff', '⟦U+FEFF⟧'],
  ['\u202e', '⟦U+202E⟧'],
  ['\u2066', '⟦U+2066⟧'],
  ['\u0000', '⟦U+0000⟧'],
  ['\u0007', '⟦U+0007⟧'],
  ['\u001b', '⟦U+001B⟧'],
];

/** `text` as DNS carries it: character-strings of at most 255 octets (ASCII here). */
function strings(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += TXT_STRING_OCTETS) out.push(text.slice(i, i + TXT_STRING_OCTETS));
  return out;
}

const KIB_64 = 64 * 1024;
/**
 * The language switch re-renders the whole report; with the 1,000-string DMARC record that is
 * ~1,000 findings (one `dmarc/unknown-tag` per tag), which takes ~1–3 s on a loaded 2-core box.
 */
const HUGE_REPORT_SWITCH_MS = 6000;

const ZONES: Record<'markup' | 'invisible' | 'sizes', Zone> = {
  markup: {
    [DOMAIN]: [
      { MX: [10, `mx.${DOMAIN}`] },
      { TXT: `v=spf1 include:${MARKUP.script} a:${MARKUP.img} -all` },
      { TXT: `${MARKUP.iframe} ${MARKUP.anchor}` },
      // Names are DNS text too: the NS list and the MX host's reverse DNS are shown in the report.
      { NS: MARKUP.svg },
    ],
    [`mx.${DOMAIN}`]: [{ A: '192.0.2.25' }],
    '25.2.0.192.in-addr.arpa': [{ PTR: MARKUP.img }],
    [`_dmarc.${DOMAIN}`]: [
      {
        TXT: `v=DMARC1; p=none; rua=${MARKUP.jsUrl},mailto:${MARKUP.img}@${DOMAIN}; ruf=mailto:x@${DOMAIN}${MARKUP.svg}`,
      },
    ],
    [`${SELECTOR}._domainkey.${DOMAIN}`]: [{ TXT: `v=DKIM1; k=${MARKUP.script}; p=${MARKUP.img}` }],
    [`_mta-sts.${DOMAIN}`]: [{ TXT: `v=STSv1; id=${MARKUP.svg}` }],
    [`_smtp._tls.${DOMAIN}`]: [{ TXT: `v=TLSRPTv1; rua=${MARKUP.jsUrl}` }],
    [`default._bimi.${DOMAIN}`]: [{ TXT: `v=BIMI1; l=${MARKUP.jsUrl}; a=${MARKUP.anchor}` }],
  },
  invisible: {
    [DOMAIN]: [
      { MX: [10, `mx.${DOMAIN}`] },
      { TXT: 'v=spf1 include:spf\u200b.mail.qq.com ip4:192.0.2.1\u202e/24 -all' },
      { TXT: 'google-site-verification=\u2066abc\u200d' },
    ],
    [`mx.${DOMAIN}`]: [{ A: '192.0.2.25' }],
    [`_dmarc.${DOMAIN}`]: [{ TXT: `v=DMARC1;\u0000 p=reject;\u0007 rua=mailto:d@${DOMAIN}\u001b[31m` }],
    [`${SELECTOR}._domainkey.${DOMAIN}`]: [{ TXT: 'v=DKIM1; k=rsa;\ufeff p=MIGfMA0G\u200dCSqGSIb3' }],
    [`_mta-sts.${DOMAIN}`]: [{ TXT: 'v=STSv1;\u2066 id=2024\u202e0101' }],
  },
  sizes: {
    // 500 TXT records at the SPF name: one SPF record among 499 others.
    [DOMAIN]: [
      { MX: [10, `mx.${DOMAIN}`] },
      { TXT: 'v=spf1 ip4:192.0.2.0/24 -all' },
      ...Array.from({ length: 499 }, (_, i) => ({ TXT: `site-verification-${i}=${'k'.repeat(40)}` })),
    ],
    [`mx.${DOMAIN}`]: [{ A: '192.0.2.25' }],
    // 1,000 strings in one record.
    [`_dmarc.${DOMAIN}`]: [
      { TXT: ['v=DMARC1; p=none; ', ...Array.from({ length: 999 }, (_, i) => `x${i}=y; `)] },
    ],
    // 64 KiB of text in one record (a JSON resolver can send more than a DNS message holds).
    [`${SELECTOR}._domainkey.${DOMAIN}`]: [{ TXT: strings(`v=DKIM1; k=rsa; p=${'A'.repeat(KIB_64 - 18)}`) }],
    [`_mta-sts.${DOMAIN}`]: [
      { TXT: strings(`v=STSv1; id=${'9'.repeat(KIB_64 - 12)}`) },
      { TXT: Array.from({ length: 1000 }, (_, i) => (i === 0 ? 'v=STSv1; id=1' : `${i % 10}`)) },
    ],
  },
};

const HOSTILE_POLICY = [
  'version: STSv1',
  `mode: ${MARKUP.jsUrl}`,
  `mx: ${MARKUP.script}`,
  `mx: *.${DOMAIN}\u202e`,
  'max_age: 86400',
  '',
].join('\r\n');

interface Guard {
  dialogs: string[];
  popups: string[];
  cspReports: string[];
  navigations: string[];
}

/** Records every sign that hostile content did more than show up as text. */
function guard(page: Page): Guard {
  const g: Guard = { dialogs: [], popups: [], cspReports: [], navigations: [] };
  page.on('dialog', (d) => {
    g.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('popup', (p) => g.popups.push(p.url()));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) g.cspReports.push(m.text());
  });
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) g.navigations.push(f.url());
  });
  return g;
}

async function expectInert(page: Page, g: Guard, startUrl: string): Promise<void> {
  expect(g.dialogs, 'dialogs opened').toEqual([]);
  expect(g.popups, 'popups opened').toEqual([]);
  expect(g.cspReports, 'content that tried to run and was stopped by the CSP').toEqual([]);
  expect(
    await page.evaluate((flag) => (window as unknown as Record<string, unknown>)[flag], FLAG),
  ).toBeUndefined();
  // Navigations may only change the hash (the app's own routes), never the document.
  const documentOf = (u: string) => u.replace(/#.*$/, '');
  expect(g.navigations.map(documentOf).filter((u) => u !== documentOf(startUrl))).toEqual([]);
  // No element the markup describes made it into the DOM.
  await expect(
    page.locator('[onerror], [onload], iframe, object, embed, img[src="x"], svg[onload]'),
  ).toHaveCount(0);
  await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);
  expect(await page.locator('script:not([src])').count()).toBe(0);
}

/** A click on the language switch re-renders the page in Chinese within `ms`. */
async function expectResponsive(page: Page, ms: number): Promise<number> {
  const started = Date.now();
  await page.getByRole('button', { name: '简体中文' }).click({ timeout: ms });
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN', { timeout: ms });
  const took = Date.now() - started;
  expect(took).toBeLessThan(ms);
  return took;
}

async function openReport(
  page: Page,
  zone: Zone,
  policy?: string,
  timeout = 20_000,
): Promise<{ g: Guard; url: string }> {
  const g = guard(page);
  await page.route(`https://mta-sts.${DOMAIN}/.well-known/mta-sts.txt`, (route) =>
    policy === undefined
      ? route.fulfill({ status: 404 })
      : route.fulfill({
          status: 200,
          body: policy,
          headers: { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' },
        }),
  );
  const endpoints = await registerZone(uniqueZoneId('hostile'), zone);
  const params = new URLSearchParams({ lang: 'en', doh: endpoints.cloudflare, dohDialect: 'cloudflare' });
  const url = `/?${params}#/d/${DOMAIN}?s=${SELECTOR}`;
  await page.goto(url);
  await expect(page.getByRole('status').filter({ hasText: DONE })).toBeVisible({ timeout });
  return { g, url: page.url() };
}

/** Opens every collapsed part of the report, so whatever is inside gets rendered too. */
async function openAllDetails(page: Page): Promise<void> {
  await page
    .locator('details')
    .evaluateAll((els) => els.forEach((e) => ((e as HTMLDetailsElement).open = true)));
}

/** The text of the page as rendered, without form fields' values. */
function pageText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.textContent ?? '');
}

test('report: markup and javascript: URLs in every record are shown as text and never run', async ({
  page,
}) => {
  const { g, url } = await openReport(page, ZONES.markup, HOSTILE_POLICY);
  await openAllDetails(page);
  const text = await pageText(page);
  expect(text).toContain(MARKUP.script);
  expect(text).toContain(`rua=${MARKUP.jsUrl}`);
  expect(text).toContain(`v=DKIM1; k=${MARKUP.script}`);
  expect(text).toContain(`id=${MARKUP.svg}`);
  // Names come lower-cased (DNS names are case-insensitive): the PTR and the NS, as text.
  expect(await page.locator('section#area-mx').innerText()).toContain(MARKUP.img.toLowerCase());
  expect(await page.locator('section#area-zone').innerText()).toContain(MARKUP.svg.toLowerCase());
  await expectInert(page, g, url);
  await expectResponsive(page, 3000);
  await expectInert(page, g, url);
});

test('report: invisible, bidi and control characters are marked, never rendered as themselves', async ({
  page,
}) => {
  const { g, url } = await openReport(page, ZONES.invisible);
  await openAllDetails(page);
  for (const [, mark] of INVISIBLE) await expect(page.getByText(mark).first(), mark).toBeVisible();
  const text = await pageText(page);
  for (const [char, mark] of INVISIBLE)
    expect(text.includes(char), `raw ${mark} in the page text`).toBe(false);
  await expectInert(page, g, url);
});

/** What the huge-content zones share: the domain's MX and, unless replaced, a plain SPF record. */
const SIZES_BASE: Zone = {
  [DOMAIN]: [{ MX: [10, `mx.${DOMAIN}`] }, { TXT: 'v=spf1 ip4:192.0.2.0/24 -all' }],
  [`mx.${DOMAIN}`]: [{ A: '192.0.2.25' }],
};

/** One kind of huge content per test, so each report's rendering is measured on its own. */
const SIZE_CASES: Array<{ name: string; names: string[]; check: (page: Page) => Promise<void> }> = [
  {
    name: '500 TXT records at the SPF name',
    names: [DOMAIN],
    check: async (page) => {
      // The SPF record is found among the 500, and the other 499 are listed apart.
      await expect(page.locator('section#area-spf')).toContainText('v=spf1 ip4:192.0.2.0/24 -all');
      await expect(page.locator('section#area-spf')).toContainText('499');
    },
  },
  {
    name: '1,000 strings in the DMARC record',
    names: [`_dmarc.${DOMAIN}`],
    check: async (page) => {
      // Joined, and shown cut short with its length.
      const text = (ZONES.sizes[`_dmarc.${DOMAIN}`][0] as { TXT: string[] }).TXT.join('');
      await expect(page.locator('section#area-dmarc')).toContainText('v=DMARC1; p=none; x0=y; x1=y;');
      await expect(page.locator('section#area-dmarc')).toContainText(String(text.length));
    },
  },
  {
    name: '64 KiB of text at the DKIM and MTA-STS names, 1,000 strings at MTA-STS',
    names: [`${SELECTOR}._domainkey.${DOMAIN}`, `_mta-sts.${DOMAIN}`],
    check: async (page) => {
      // Shown cut short, with the length, not in full.
      await expect(page.locator('section#area-dkim')).toContainText(/65,?536/);
      await expect(page.locator('section#area-mta-sts')).toContainText(/65,?536/);
    },
  },
];

for (const c of SIZE_CASES) {
  test(`report: ${c.name} still loads, inert and responsive`, async ({ page }) => {
    test.setTimeout(90_000);
    const zone: Zone = { ...SIZES_BASE };
    for (const name of c.names) zone[name] = ZONES.sizes[name];
    const started = Date.now();
    const { g, url } = await openReport(page, zone, undefined, 60_000);
    test.info().annotations.push({ type: 'report done (ms)', description: String(Date.now() - started) });
    await c.check(page);
    expect((await pageText(page)).length).toBeLessThan(400_000);
    const took = await expectResponsive(page, HUGE_REPORT_SWITCH_MS);
    test.info().annotations.push({ type: 'language switch (ms)', description: String(took) });
    await expectInert(page, g, url);
  });
}

test.describe('check page', () => {
  const pastes: Array<[string, string]> = [
    ['SPF with markup', `v=spf1 include:${MARKUP.script} a:${MARKUP.img} redirect=${MARKUP.jsUrl}`],
    ['DMARC with markup', `v=DMARC1; p=none; rua=${MARKUP.jsUrl}; ruf=mailto:${MARKUP.anchor}`],
    ['DKIM with markup', `v=DKIM1; k=${MARKUP.svg}; p=${MARKUP.iframe}`],
    ['MTA-STS with markup', `v=STSv1; id=${MARKUP.script}`],
    ['invisible characters', `v=spf1 ${INVISIBLE.map(([c]) => `ip4:192.0.2.1${c}`).join(' ')} -all`],
    ['64 KiB DKIM key', `v=DKIM1; k=rsa; p=${'A'.repeat(KIB_64 - 18)}`],
    [
      '1,000 quoted strings',
      Array.from({ length: 1000 }, (_, i) => `"${i === 0 ? 'v=spf1 ' : ''}ip4:192.0.2.${i % 250} "`).join(
        ' ',
      ),
    ],
  ];
  for (const [name, text] of pastes) {
    test(`${name} pasted: shown as text, inert, the page keeps answering`, async ({ page }) => {
      const g = guard(page);
      await page.goto('/?lang=en#/check');
      const startUrl = page.url();
      await page.locator('#record-input').fill(text);
      const result = page.locator('section[aria-live]');
      await expect(result.getByRole('heading', { level: 2 }).first()).toBeVisible({ timeout: 10_000 });
      if (name === 'invisible characters') {
        for (const [char, mark] of INVISIBLE) {
          await expect(result.getByText(mark).first(), mark).toBeVisible();
          expect((await result.textContent())?.includes(char), `raw ${mark}`).toBe(false);
        }
      } else {
        expect(await result.textContent()).toContain(text.slice(0, 40));
      }
      await expectInert(page, g, startUrl);
      await expectResponsive(page, 3000);
      await expectInert(page, g, startUrl);
    });
  }
});
