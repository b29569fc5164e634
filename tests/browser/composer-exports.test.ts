// Component test in real Chromium: the exports panel every builder and the wizard share. It
// loads the formats on demand, shows Cloudflare form rows (relative names, DNS only, the
// never-proxy warning, unverified marks), switches tabs by mouse and arrow keys, splits a long
// DKIM key in the BIND fragment, copies per row and per export, and downloads the file.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { render } from 'vitest-browser-svelte';
import { page, userEvent } from 'vitest/browser';
import ExportsPanel from '../../src/ui/components/composer/ExportsPanel.svelte';
import type { ExportRecord } from '../../src/lib/index.ts';
import { i18n } from '../../src/ui/state/locale.svelte.ts';

/** A fresh 2048-bit RSA public key (SPKI, base64): its record is longer than 255 octets. */
async function rsaKey(): Promise<string> {
  const pair = await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  );
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  return btoa(String.fromCharCode(...spki));
}

let writes: string[];
beforeEach(() => {
  i18n.set('en');
  writes = [];
  vi.spyOn(navigator.clipboard, 'writeText').mockImplementation(async (text: string) => {
    writes.push(text);
  });
});
afterEach(() => vi.restoreAllMocks());

async function records(): Promise<ExportRecord[]> {
  return [
    { type: 'MX', name: 'chiqio.com', content: 'mxbiz1.qq.com', priority: 5 },
    { type: 'MX', name: 'chiqio.com', content: 'mxbiz2.qq.com', priority: 10 },
    { type: 'TXT', name: 'chiqio.com', content: 'v=spf1 include:spf.mail.qq.com ~all' },
    {
      type: 'TXT',
      name: 's1._domainkey.chiqio.com',
      content: `v=DKIM1; k=rsa; p=${await rsaKey()}`,
      unverified: ['dkim selector'],
    },
    { type: 'CNAME', name: 'mail.chiqio.com', content: 'exmail.qq.com' },
    // Another domain's record (an external report authorization): no export may include it.
    { type: 'TXT', name: 'chiqio.com._report._dmarc.qq.com', content: 'v=DMARC1' },
  ];
}

test('Cloudflare rows: relative names, DNS only, never-proxy and unverified marks, copy per row', async () => {
  const list = await records();
  await render(ExportsPanel, { records: list, zone: 'chiqio.com' });
  // The five records of the zone; the qq.com record is left out.
  await expect
    .poll(() => document.querySelectorAll('[role="tabpanel"] tbody tr').length, { timeout: 15_000 })
    .toBe(5);
  const names = [...document.querySelectorAll('tbody .cell-name')].map((e) => e.textContent);
  expect(names).toEqual(['@', '@', '@', 's1._domainkey', 'mail']);
  await expect.element(page.getByRole('note')).toHaveTextContent('DNS only');
  const cname = page.getByRole('row').filter({ hasText: 'exmail.qq.com' });
  await expect.element(cname).toHaveTextContent('never proxy');
  await expect
    .element(page.getByRole('row').filter({ hasText: 'mxbiz1.qq.com' }))
    .not.toHaveTextContent('never proxy');
  await expect
    .element(page.getByRole('row').filter({ hasText: 's1._domainkey' }))
    .toHaveTextContent('unverified');
  await expect.element(page.getByRole('row').filter({ hasText: 'mxbiz2.qq.com' })).toHaveTextContent('10');

  await page.getByRole('button', { name: 'Copy: Content TXT s1._domainkey' }).click();
  await page.getByRole('button', { name: 'Copy: Name TXT s1._domainkey' }).click();
  expect(writes).toEqual([list[3].content, 's1._domainkey']);
});

test('tabs switch by arrow keys; the BIND fragment splits the long key and can be copied and saved', async () => {
  const list = await records();
  await render(ExportsPanel, { records: list, zone: 'chiqio.com' });
  const cloudflare = page.getByRole('tab', { name: 'Cloudflare form' });
  await expect.element(cloudflare).toHaveAttribute('aria-selected', 'true');
  (cloudflare.element() as HTMLElement).focus();
  await userEvent.keyboard('{ArrowRight}');
  const bindTab = page.getByRole('tab', { name: 'BIND zone file' });
  await expect.element(bindTab).toHaveAttribute('aria-selected', 'true');
  expect(document.activeElement).toBe(bindTab.element());

  const text = document.querySelector('pre[data-format="bind"]')!.textContent!;
  const dkimLine = text.split('\n').find((l) => l.startsWith('s1._domainkey.chiqio.com.'))!;
  // RFC 1035 §3.3.14: several quoted strings of at most 255 octets, joined they are the record.
  const strings = [...dkimLine.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
  expect(strings.length).toBeGreaterThan(1);
  for (const s of strings) expect(s.length).toBeLessThanOrEqual(255);
  expect(strings.join('')).toBe(list[3].content);
  expect(text).toContain('chiqio.com.\t3600\tIN\tMX\t5 mxbiz1.qq.com.');
  expect(text).toContain('; skipped chiqio.com._report._dmarc.qq.com. TXT');
  expect(text).not.toMatch(/^chiqio\.com\._report/m);

  await page.getByRole('button', { name: 'Copy: everything in this tab' }).click();
  expect(writes).toEqual([text]);

  let saved: { name: string; blob: Blob | null } = { name: '', blob: null };
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    saved.blob = blob as Blob;
    return 'blob:test';
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved = { ...saved, name: this.download };
  });
  await page.getByRole('button', { name: /Download/ }).click();
  expect(saved.name).toBe('chiqio.com-mail.zone');
  expect(await saved.blob!.text()).toBe(text);

  // The other tabs: ArrowLeft wraps from the first tab to the last (host records).
  await page.getByRole('tab', { name: 'Cloudflare form' }).click();
  await userEvent.keyboard('{ArrowLeft}');
  await expect
    .element(page.getByRole('tab', { name: 'Alibaba Cloud DNS / DNSPod' }))
    .toHaveAttribute('aria-selected', 'true');
  const hosts = [...document.querySelectorAll('tbody .cell-name')].map((e) => e.textContent);
  expect(hosts).toEqual(['@', '@', '@', 's1._domainkey', 'mail']);
});

test('without a zone or without records it says what is missing instead of an empty export', async () => {
  const list = await records();
  const first = await render(ExportsPanel, { records: list, zone: '' });
  await expect.element(page.getByText('Enter your domain above')).toBeVisible();
  await first.unmount();
  await render(ExportsPanel, { records: [], zone: 'chiqio.com' });
  await expect.element(page.getByText('Nothing to export yet')).toBeVisible();
  expect(document.querySelector('[role="tablist"]')).toBeNull();
});
