// axe-core (WCAG 2.x A/AA and axe's best-practice rules, everything enabled by default) on every
// page of the built site, in English and Chinese: the home page, the check page with a result
// shown, a domain report from the test DoH server once it has finished, the settings, the three
// builders, the setup wizard, the dry run of a plan and the reports page with files read and its chart shown. Any
// violation fails the test and is listed with its nodes.
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { E2E_DOH_URL } from '../support/doh-zones.ts';

/** Report files for #/reports, read in place (a readable one of each kind and a broken one). */
const REPORT_SAMPLES = [
  'parsedmarc/samples/aggregate/fastmail.com!example.com!1516060800!1516147199!102675056.xml.gz',
  'dmarc-cat/testdata/google.com!keltia.net!1538438400!1538524799.zip',
  'parsedmarc/samples/aggregate/twilight.eml',
  'dmarc-cat/testdata/bad.zip',
].map((f) => fileURLToPath(new URL(`../../../shared/conformance/dmarc-reports/${f}`, import.meta.url)));

const LANGS = ['en', 'zh-CN'] as const;
type Lang = (typeof LANGS)[number];

const DONE: Record<Lang, RegExp> = { en: /Done in \d+ ms/, 'zh-CN': /完成，用时 \d+ 毫秒/ };
const DRY_RUN_DONE: Record<Lang, RegExp> = {
  en: /Dry run done in \d+ ms/,
  'zh-CN': /预演完成，用时 \d+ 毫秒/,
};

interface PageCase {
  name: string;
  hash: string;
  /** What to do before the scan (bring the page into its fullest state). */
  ready?: (page: Page, lang: Lang) => Promise<void>;
}

const PAGES: PageCase[] = [
  { name: 'home', hash: '#/' },
  {
    name: 'check with a result',
    hash: '#/check',
    ready: async (page) => {
      await page.locator('#record-input').fill('v=spf1 include:spf.mail.qq.com ptr +all');
      await expect(
        page.locator('section[aria-live]').getByRole('heading', { level: 2 }).first(),
      ).toBeVisible();
    },
  },
  {
    name: 'domain report',
    hash: '#/d/chiqio.com?s=lokg123',
    ready: async (page, lang) => {
      await expect(page.getByRole('status').filter({ hasText: DONE[lang] })).toBeVisible({ timeout: 15_000 });
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    },
  },
  { name: 'settings', hash: '#/settings' },
  { name: 'SPF builder', hash: '#/build/spf' },
  { name: 'DMARC builder', hash: '#/build/dmarc' },
  { name: 'DKIM builder', hash: '#/build/dkim' },
  { name: 'setup wizard', hash: '#/setup' },
  {
    name: 'message with a bounce explained',
    hash: '#/message',
    ready: async (page) => {
      await page
        .locator('#msg-text')
        .fill('550 5.7.26 Unauthenticated email from chiqio.com is not accepted due to domain DMARC policy.');
      await page.locator('form button[type="submit"]').click();
      await expect(page.locator('section[aria-labelledby="msg-bounce"]')).toBeVisible();
    },
  },
  {
    name: 'dry run of a plan',
    hash: `#/plan?${new URLSearchParams([
      ['d', 'chiqio.com'],
      ['r', '+|TXT|chiqio.com||v=spf1 include:spf.mail.qq.com -all'],
      ['r', '+|TXT|_dmarc.chiqio.com||v=DMARC1; p=none; rua=mailto:dmarc@chiqio.com'],
      ['r', '+|CNAME|mail.chiqio.com||exmail.qq.com'],
    ])}`,
    ready: async (page, lang) => {
      await expect(page.getByRole('status').filter({ hasText: DRY_RUN_DONE[lang] })).toBeVisible({
        timeout: 15_000,
      });
      await expect(page.locator('table.changes')).toBeVisible();
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    },
  },
  {
    name: 'reports with files read',
    hash: '#/reports',
    ready: async (page) => {
      await page.locator('#reports-file-input').setInputFiles(REPORT_SAMPLES);
      await expect(page.getByTestId('reports-summary')).toBeVisible({ timeout: 15_000 });
      await page.locator('#reports-chart-heading + button').click();
      await expect(page.locator('svg[aria-labelledby="reports-chart-title"]')).toBeVisible();
    },
  },
];

function appUrl(lang: Lang, hash: string): string {
  const params = new URLSearchParams({ lang, doh: `${E2E_DOH_URL}/dns-query`, dohDialect: 'cloudflare' });
  return `/?${params}${hash}`;
}

/** One line per violating node: rule, impact, target, and axe's summary of what to fix. */
function describeViolations(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): string[] {
  return violations.flatMap((v) =>
    v.nodes.map(
      (n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ')}`,
    ),
  );
}

for (const lang of LANGS) {
  for (const p of PAGES) {
    test(`${lang}: ${p.name} (${p.hash}) has no axe violations`, async ({ page }) => {
      // axe walks the whole DOM; the finished report is long.
      test.setTimeout(60_000);
      await page.goto(appUrl(lang, p.hash));
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await p.ready?.(page, lang);
      const results = await new AxeBuilder({ page }).analyze();
      expect(describeViolations(results.violations)).toEqual([]);
      // A scan that looked at nothing would pass vacuously.
      expect(results.passes.length).toBeGreaterThan(10);
    });
  }
}
