// The #/reports page against the built site (issue 13): a mix of `.xml.gz`, `.zip`, `.eml`, a
// duplicate and a broken file, read in place from ../shared/conformance/dmarc-reports, gives the
// summary with parsedmarc's figures (expected.json), a per-file problem and duplicate, and a CSV
// export with parsedmarc's columns — in English and Chinese. Hostile report text stays text.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
// Straight from the file: the library's index pulls in JSON the test runner cannot load.
import { PARSEDMARC_CSV_FIELDS } from '../../src/lib/reports/export.ts';
import { registerZone, uniqueZoneId, zoneStats } from '../support/doh-zones.ts';

const SAMPLES = new URL('../../../shared/conformance/dmarc-reports/', import.meta.url);
const sample = (rel: string) => fileURLToPath(new URL(rel, SAMPLES));

interface Expected {
  aggregate: Record<string, { record_count: number; total_messages: number; dmarc_pass_messages: number }>;
  rejected: Record<string, { error: string }>;
}
const EXPECTED: Expected = JSON.parse(readFileSync(sample('expected.json'), 'utf8'));

/** One of each kind the issue names; `duplicate` is the same report as `zip`. */
const FILES = {
  gz: 'parsedmarc/samples/aggregate/fastmail.com!example.com!1516060800!1516147199!102675056.xml.gz',
  zip: 'dmarc-cat/testdata/google.com!keltia.net!1538438400!1538524799.zip',
  eml: 'parsedmarc/samples/aggregate/twilight.eml',
  duplicate: 'dmarc-cat/testdata/google.com!keltia.net!1538438400!1538524799.xml',
  broken: 'dmarc-cat/testdata/bad.zip',
} as const;
const UNIQUE = [FILES.gz, FILES.zip, FILES.eml];
const baseName = (rel: string) => rel.split('/').at(-1)!;

const TEXT = {
  en: {
    heading: 'DMARC and TLS reports',
    readAll: `Files read: ${Object.keys(FILES).length}`,
    problem: 'Problem',
    duplicate: 'Duplicate',
    csv: 'CSV (one line per report row)',
    number: (n: number) => n.toLocaleString('en'),
  },
  'zh-CN': {
    heading: 'DMARC 与 TLS 报告',
    readAll: `已读取 ${Object.keys(FILES).length} 个文件`,
    problem: '有问题',
    duplicate: '重复',
    csv: 'CSV（每个报告行一行）',
    number: (n: number) => n.toLocaleString('zh-CN'),
  },
} as const;

// The page registers no service worker here: a download must come from the page itself.
test.use({ serviceWorkers: 'block' });

async function openReports(page: Page, lang: keyof typeof TEXT): Promise<void> {
  await page.goto(`/?lang=${lang}#/reports`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TEXT[lang].heading);
}

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted && c === '"' && csv[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\r' && csv[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

for (const lang of ['en', 'zh-CN'] as const) {
  const t = TEXT[lang];

  test(`${lang}: a mix of .xml.gz, .zip, .eml, a duplicate and a broken file gives the summary, the problem and a CSV`, async ({
    page,
  }) => {
    await openReports(page, lang);
    await page.locator('#reports-file-input').setInputFiles(Object.values(FILES).map(sample));
    await expect(page.locator('label[for="reports-progress"]')).toHaveText(t.readAll, { timeout: 15_000 });

    // parsedmarc's figures for the three distinct reports.
    const messages = UNIQUE.reduce((n, f) => n + EXPECTED.aggregate[f].total_messages, 0);
    const records = UNIQUE.reduce((n, f) => n + EXPECTED.aggregate[f].record_count, 0);
    const summary = page.getByTestId('reports-summary');
    await expect(summary.locator('[data-figure="reports"]')).toHaveText(t.number(UNIQUE.length));
    await expect(summary.locator('[data-figure="messages"]')).toHaveText(t.number(messages));

    // Per file: the broken one is a problem with a catalog code, the duplicate says so.
    const broken = page.locator(`li[data-file="${baseName(FILES.broken)}"]`);
    await expect(broken).toHaveAttribute('data-status', 'problem');
    await expect(broken.locator('.status')).toHaveText(t.problem);
    await expect(broken.locator('li[data-code^="reports/"]')).toHaveCount(1);
    const duplicate = page.locator(`li[data-file="${baseName(FILES.duplicate)}"]`);
    await expect(duplicate).toHaveAttribute('data-status', 'duplicate');
    await expect(duplicate.locator('.status')).toHaveText(t.duplicate);
    await expect(duplicate.locator('li[data-code="reports/duplicate"]')).toContainText(baseName(FILES.zip));
    for (const f of UNIQUE) {
      await expect(page.locator(`li[data-file="${baseName(f)}"]`)).toHaveAttribute('data-status', 'read');
    }

    // The readiness verdict and the sources table are there.
    await expect(page.locator('#reports-readiness-heading')).toBeVisible();
    await expect(page.locator('[data-verdict]')).toHaveCount(1);
    await expect(page.locator('#reports-sources-heading')).toBeVisible();

    // CSV: parsedmarc's header, one line per record, the messages add up.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: t.csv }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    const [header, ...rows] = parseCsv(csv);
    expect(header).toEqual([...PARSEDMARC_CSV_FIELDS]);
    expect(rows).toHaveLength(records);
    const count = header.indexOf('count');
    expect(rows.reduce((n, r) => n + Number(r[count]), 0)).toBe(messages);
    const orgs = new Set(rows.map((r) => r[header.indexOf('org_name')]));
    expect(orgs.size).toBe(2); // FastMail, and google.com for both the .zip and the .eml
  });
}

test('a source opens to its report rows, and the table sorts and filters by keyboard', async ({ page }) => {
  await openReports(page, 'en');
  await page.locator('#reports-file-input').setInputFiles(UNIQUE.map(sample));
  await expect(page.locator('label[for="reports-progress"]')).toHaveText('Files read: 3', {
    timeout: 15_000,
  });
  const table = page.locator('section[aria-labelledby="reports-sources-heading"] table').first();
  // The source rows only (not the drill-down's own table inside a row).
  const firstRows = table.locator(':scope > tbody > tr:not(.drill)');
  await expect(firstRows.first()).toBeVisible();
  const total = await firstRows.count();

  // Sort by source IP with the keyboard: the header says so.
  const ipHeader = table.locator('thead th').first();
  await ipHeader.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(ipHeader).toHaveAttribute('aria-sort', 'ascending');
  await page.keyboard.press('Enter');
  await expect(ipHeader).toHaveAttribute('aria-sort', 'descending');

  // Drill down into the first source: its rows are shown, with the reporter.
  const open = firstRows.first().getByRole('button', { name: /^Rows/ });
  await open.focus();
  await page.keyboard.press('Enter');
  await expect(open).toHaveAttribute('aria-expanded', 'true');
  await expect(table.locator('tr.drill table tbody tr').first()).toBeVisible();

  // A filter nothing matches empties the table; clearing it brings every source back.
  const search = page.getByLabel('Filter (IP, name, domain, reporter)');
  await search.fill('no-such-source.invalid');
  await expect(firstRows).toHaveCount(0);
  await search.fill('');
  await expect(firstRows).toHaveCount(total);
});

test('hostile text in a report (markup in names and domains) is shown as text', async ({ page }) => {
  const hostile = '<img src=x onerror="document.title=\'owned\'">';
  const xml = `<?xml version="1.0"?>
<feedback>
  <report_metadata><org_name>${hostile.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')}</org_name>
    <email>x@example.net</email><report_id>hostile-1</report_id>
    <date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata>
  <policy_published><domain>example.com</domain><p>none</p></policy_published>
  <record>
    <row><source_ip>192.0.2.7</source_ip><count>4</count>
      <policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers>
    <auth_results><spf><domain>&lt;b&gt;evil.example&lt;/b&gt;</domain><result>fail</result></spf></auth_results>
  </record>
</feedback>`;
  await openReports(page, 'en');
  await page
    .locator('#reports-file-input')
    .setInputFiles([{ name: '<script>.xml', mimeType: 'text/xml', buffer: Buffer.from(xml) }]);
  await expect(page.locator('label[for="reports-progress"]')).toHaveText('Files read: 1', {
    timeout: 15_000,
  });
  await expect(page.getByTestId('reports-summary').locator('[data-figure="messages"]')).toHaveText('4');
  const table = page.locator('section[aria-labelledby="reports-sources-heading"] table').first();
  await table.getByRole('button', { name: /^Rows/ }).first().click();
  await expect(table.locator('tr.drill')).toContainText(hostile);
  await expect(table.locator('tr.drill')).toContainText('<b>evil.example</b>');
  await expect(page.locator('main img, main b')).toHaveCount(0);
  await expect(page.locator('li[data-file="<script>.xml"]')).toHaveAttribute('data-status', 'read');
  expect(await page.title()).not.toBe('owned');
});

/** One aggregate report of `records` (source IP, count, aligned DKIM / SPF), RFC 7489 Appendix C. */
function reportXml(o: {
  id: string;
  domain: string;
  p: string;
  records: Array<{ ip: string; count: number; dkim: 'pass' | 'fail'; spf: 'pass' | 'fail' }>;
}): string {
  const rows = o.records
    .map(
      (r) => `<record><row><source_ip>${r.ip}</source_ip><count>${r.count}</count>
      <policy_evaluated><disposition>none</disposition><dkim>${r.dkim}</dkim><spf>${r.spf}</spf></policy_evaluated></row>
      <identifiers><header_from>${o.domain}</header_from></identifiers>
      <auth_results><dkim><domain>${o.domain}</domain><selector>s1</selector><result>${r.dkim}</result></dkim>
      <spf><domain>${o.domain}</domain><result>${r.spf}</result></spf></auth_results></record>`,
    )
    .join('\n');
  return `<?xml version="1.0"?><feedback><report_metadata><org_name>receiver.example</org_name>
  <email>dmarc@receiver.example</email><report_id>${o.id}</report_id>
  <date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata>
  <policy_published><domain>${o.domain}</domain><adkim>r</adkim><aspf>r</aspf><p>${o.p}</p></policy_published>
  ${rows}</feedback>`;
}

test('the next DMARC record opens the DMARC builder prefilled (RFC 9989 §4.7 staged step)', async ({
  page,
}) => {
  const xml = reportXml({
    id: 'next-1',
    domain: 'example.com',
    p: 'none',
    records: [{ ip: '192.0.2.1', count: 50, dkim: 'pass', spf: 'pass' }],
  });
  await openReports(page, 'en');
  await page
    .locator('#reports-file-input')
    .setInputFiles([{ name: 'next.xml', mimeType: 'text/xml', buffer: Buffer.from(xml) }]);
  const readiness = page.locator('section[aria-labelledby="reports-readiness-heading"]');
  const link = readiness.getByRole('link', { name: 'Open it in the DMARC builder' });
  await expect(link).toHaveAttribute('href', /^#\/build\/dmarc\?/);
  const record = (await readiness.locator('.record code').textContent())?.trim() ?? '';
  expect(record).toMatch(/^v=DMARC1; /);
  await link.click();
  await expect(page).toHaveURL(/#\/build\/dmarc\?/);
  // The builder shows the same record the reports page suggested.
  await expect(page.locator('.record-preview')).toContainText(record);
});

test('nothing is stored unless asked; kept reports come back after a reload; "forget everything" removes them', async ({
  page,
}) => {
  const xml = reportXml({
    id: 'keep-1',
    domain: 'example.com',
    p: 'none',
    records: [{ ip: '192.0.2.9', count: 7, dkim: 'pass', spf: 'fail' }],
  });
  const databases = () =>
    page.evaluate(async () =>
      (await indexedDB.databases()).map((d) => d.name).filter((n) => n?.includes('report')),
    );
  await openReports(page, 'en');
  await page
    .locator('#reports-file-input')
    .setInputFiles([{ name: 'keep.xml', mimeType: 'text/xml', buffer: Buffer.from(xml) }]);
  await expect(page.getByTestId('reports-summary').locator('[data-figure="messages"]')).toHaveText('7');
  expect(await databases()).toEqual([]);

  // Not kept: a reload forgets them.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByTestId('reports-summary')).toHaveCount(0);

  // Kept: they come back.
  await page
    .locator('#reports-file-input')
    .setInputFiles([{ name: 'keep.xml', mimeType: 'text/xml', buffer: Buffer.from(xml) }]);
  await page.getByLabel('Keep these reports in this browser (IndexedDB) for my next visit').check();
  await expect.poll(databases).toEqual(['maildns-reports']);
  await page.reload();
  await expect(page.getByTestId('reports-summary').locator('[data-figure="messages"]')).toHaveText('7');
  await expect(page.locator('li[data-file="keep.xml"]')).toHaveAttribute('data-status', 'read');

  // Forget everything: the page and the storage are empty, also after a reload.
  await page.getByRole('button', { name: 'Forget everything' }).click();
  await page.getByRole('button', { name: 'Yes, forget everything' }).click();
  await expect(page.getByTestId('reports-summary')).toHaveCount(0);
  await expect.poll(databases).toEqual([]);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByTestId('reports-summary')).toHaveCount(0);
});

test('reverse DNS names are asked only on request, through the chosen resolver (RFC 1035 §3.5 PTR)', async ({
  page,
}) => {
  const id = uniqueZoneId('reports-ptr');
  const endpoints = await registerZone(id, {
    '9.2.0.192.in-addr.arpa': [{ PTR: 'mail.sender.example.' }],
  });
  const xml = reportXml({
    id: 'ptr-1',
    domain: 'example.com',
    p: 'none',
    records: [
      { ip: '192.0.2.9', count: 3, dkim: 'pass', spf: 'pass' },
      { ip: '192.0.2.10', count: 1, dkim: 'fail', spf: 'fail' },
    ],
  });
  const params = new URLSearchParams({ lang: 'en', doh: endpoints.cloudflare, dohDialect: 'cloudflare' });
  await page.goto(`/?${params}#/reports`);
  await page
    .locator('#reports-file-input')
    .setInputFiles([{ name: 'ptr.xml', mimeType: 'text/xml', buffer: Buffer.from(xml) }]);
  await expect(page.getByTestId('reports-summary').locator('[data-figure="messages"]')).toHaveText('4');
  // Nothing asked yet.
  expect((await zoneStats(id)).hits).toBe(0);
  await page.getByRole('button', { name: 'Look up names' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Names found: 1.' })).toBeVisible();
  const sources = page.locator('section[aria-labelledby="reports-sources-heading"]');
  await expect(sources).toContainText('mail.sender.example');
  // One PTR question per source address.
  const asked = (await zoneStats(id)).queries
    .filter((q) => q.type === 'PTR')
    .map((q) => q.name.toLowerCase());
  expect(asked.sort()).toEqual(['10.2.0.192.in-addr.arpa', '9.2.0.192.in-addr.arpa']);
});

test('reading can be stopped: what was read stays, the rest is not read', async ({ page }) => {
  // Many large reports (the parsedmarc sample with ~2,300 rows, each with its own report id), so the
  // reading is still going when Stop is pressed.
  const large = readFileSync(
    sample('parsedmarc/samples/aggregate/!large-example.com!1711897200!1711983600.xml'),
    'utf8',
  );
  // 40 × 0.9 MB: under Playwright's 50 MB limit for files handed over as buffers.
  const files = Array.from({ length: 40 }, (_, i) => ({
    name: `large-${i}.xml`,
    mimeType: 'text/xml',
    buffer: Buffer.from(large.replace(/<report_id>([^<]*)<\/report_id>/, `<report_id>$1-${i}</report_id>`)),
  }));
  await openReports(page, 'en');
  await page.locator('#reports-file-input').setInputFiles(files);
  await page.getByRole('button', { name: 'Stop reading' }).click();
  const label = page.locator('label[for="reports-progress"]');
  await expect(label).toHaveText(/^Files read: \d+$/, { timeout: 15_000 });
  const read = Number((await label.textContent())?.replace(/\D/g, ''));
  expect(read).toBeLessThan(files.length);
  await expect(page.locator('li[data-file]')).toHaveCount(read);
});

test.describe('on a phone (390 × 844)', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  for (const lang of ['en', 'zh-CN'] as const) {
    test(`${lang}: the page fits the screen (wide tables scroll inside it) and has no axe violations`, async ({
      page,
    }) => {
      await openReports(page, lang);
      await page.locator('#reports-file-input').setInputFiles(Object.values(FILES).map(sample));
      await expect(page.locator('label[for="reports-progress"]')).toHaveText(TEXT[lang].readAll, {
        timeout: 15_000,
      });
      await page.locator('#reports-chart-heading + button').click();
      await expect(page.locator('svg[aria-labelledby="reports-chart-title"]')).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const results = await new AxeBuilder({ page }).analyze();
      expect(
        results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      ).toEqual([]);
    });
  }
});
