// The propagation watch page (#/watch, issue 14) against the built site and the test DoH server, in
// English and Chinese, at the production bounds (2 queries a second, back-off 5 s → 60 s). The
// domain of docs/user.md moves to its Exmail record set while the watch runs: four zones stand in
// for the four default services (the e2e build's `?e2ePreset.<id>=`), all serving the OLD records
// (another provider's MX, a soft-fail SPF, DMARC p=none, no DKIM key) until the test re-posts them
// with the planned ones (the DKIM key one round later). "AliDNS" answers through the server's `/cache` path, so it keeps serving the
// old answer until its TTL ends (RFC 1035 §3.2.1, RFC 2181 §8); "DNSPod" fails its first requests
// with HTTP 500, shown as the resolver's error, never as "not live". Then: every cell new, the tab
// title "All live", one notification, the link resuming after a reload, and the number of queries
// the watch made (annotated) against its bound, queries ≤ 1 + elapsed seconds × 2.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { RecordSuggestion, Zone } from '../../src/lib/index.ts';
// The modules themselves: the index pulls in JSON data Playwright's loader does not import.
import { watchTargets } from '../../src/lib/plan/watch.ts';
import { watchQuery } from '../../src/lib/plan/watch-url.ts';
import { registerZone, uniqueZoneId, zoneEndpoints, zoneStats, E2E_DOH_URL } from '../support/doh-zones.ts';
import { CHIQIO, CHIQIO_SELECTOR, RSA_2048 } from '../support/zones/index.ts';

const SPF = 'v=spf1 include:spf.mail.qq.com -all';
const DMARC = 'v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@chiqio.com';
const DKIM = `v=DKIM1; k=rsa; p=${RSA_2048}`;
const DKIM_NAME = `${CHIQIO_SELECTOR}._domainkey.${CHIQIO}`;

/** The Exmail plan (docs/user.md): rows in this order. */
const PLAN: RecordSuggestion[] = [
  { type: 'TXT', name: CHIQIO, content: SPF },
  { type: 'MX', name: CHIQIO, content: 'mxbiz1.qq.com', priority: 5 },
  { type: 'MX', name: CHIQIO, content: 'mxbiz2.qq.com', priority: 10 },
  { type: 'TXT', name: `_dmarc.${CHIQIO}`, content: DMARC },
  { type: 'TXT', name: DKIM_NAME, content: DKIM },
];
const ROW = { spf: 0, mx1: 1, mx2: 2, dmarc: 3, dkim: 4 } as const;

const OLD: Zone = {
  [CHIQIO]: [
    { MX: [10, 'mx.old-host.example'] },
    { TXT: 'v=spf1 include:old-host.example ~all' },
    { A: '192.0.2.10' },
  ],
  [`_dmarc.${CHIQIO}`]: [{ TXT: 'v=DMARC1; p=none' }],
};
const NEW: Zone = {
  [CHIQIO]: [{ MX: [5, 'mxbiz1.qq.com'] }, { MX: [10, 'mxbiz2.qq.com'] }, { TXT: SPF }, { A: '192.0.2.10' }],
  [`_dmarc.${CHIQIO}`]: [{ TXT: DMARC }],
  // Split into character-strings as DNS hosts store a long key (RFC 7208 §3.3 joins them).
  [DKIM_NAME]: [{ TXT: ['v=DKIM1; k=rsa; p=', RSA_2048.slice(0, 200), RSA_2048.slice(200)] }],
};
/** The plan without the DKIM key (published first, the key a round later). */
const WITHOUT_KEY: Zone = Object.fromEntries(Object.entries(NEW).filter(([name]) => name !== DKIM_NAME));
/** "AliDNS"'s cache keeps an answer this long: longer than one round of 20 checks at 2 a second. */
const CACHE_TTL = 20;
const PRESETS = ['cloudflare', 'google', 'alidns', 'dnspod'] as const;

const TEXT = {
  en: {
    old: 'still old',
    absent: 'absent',
    fresh: 'new',
    error: 'no answer',
    notVerdict: 'says nothing about the record',
    oldCachedMinutes: 'old answer cached for about 5 minutes',
    oldCachedSeconds: /old answer cached for \d+ s/,
    negative: /not-found answer cached up to .*\(SOA minimum, RFC 2308 §5\)/,
    checkedOnce: 'checked 1×',
    checkedTwice: 'checked 2×',
    summary: (live: number, total: number) => `${live} of ${total} answers live`,
    allLive: 'All live — MailDNS',
    progress: /^\d+\/20 live — MailDNS$/,
    notify: 'Notify me when everything is live',
    notifyTitle: 'All records live',
    failing: /answers could not be checked/,
    queries: /(\d+) queries made/,
    noQueries: '0 queries made',
    dropped: '2 records in the link could not be read',
    noRecords: 'This link has no records to watch.',
    setup: 'Open the setup wizard',
    stoppedTime: 'Stopped after 30 minutes',
    again: 'Watch again',
    stop: 'Stop',
    share: 'Link to this watch',
    stopped: 'Stopped.',
  },
  'zh-CN': {
    old: '仍是旧记录',
    absent: '不存在',
    fresh: '已是新记录',
    error: '没有应答',
    notVerdict: '这不说明记录的任何情况',
    oldCachedMinutes: '旧应答还会缓存 约 5 分钟',
    oldCachedSeconds: /旧应答还会缓存 \d+ 秒/,
    negative: /“不存在”的应答最多缓存 .*（SOA 最小值，RFC 2308 §5）/,
    checkedOnce: '已检查 1 次',
    checkedTwice: '已检查 2 次',
    summary: (live: number, total: number) => `${total} 个应答中 ${live} 个已生效`,
    allLive: '全部生效 — MailDNS',
    progress: /^\d+\/20 已生效 — MailDNS$/,
    notify: '全部生效时通知我',
    notifyTitle: '所有记录已生效',
    failing: /个应答无法检查/,
    queries: /已查询 (\d+) 次/,
    noQueries: '已查询 0 次',
    dropped: '链接中有 2 条记录无法读取',
    noRecords: '这个链接里没有要观察的记录。',
    setup: '打开配置向导',
    stoppedTime: '已在 30 分钟后停止',
    again: '重新观察',
    stop: '停止',
    share: '本次观察的链接',
    stopped: '已停止。',
  },
} as const;
type Lang = keyof typeof TEXT;

interface Zones {
  ids: Record<(typeof PRESETS)[number], string>;
  /** The page's search part: `lang` and each preset pointed at its zone. */
  search: string;
  publish(zone: Zone): Promise<void>;
}

/** One zone per service; AliDNS through `/cache` with short TTLs, DNSPod failing its first 3 requests. */
async function zones(lang: Lang): Promise<Zones> {
  const ids = {
    cloudflare: uniqueZoneId('watch-cf'),
    google: uniqueZoneId('watch-google'),
    alidns: uniqueZoneId('watch-ali'),
    dnspod: uniqueZoneId('watch-pod'),
  };
  const config = (id: string, zone: Zone) =>
    id === ids.alidns ? { zone, ttl: CACHE_TTL, negativeTtl: CACHE_TTL } : { zone };
  const publish = async (zone: Zone) => {
    await Promise.all(Object.values(ids).map((id) => registerZone(id, config(id, zone))));
  };
  await publish(OLD);
  const params = new URLSearchParams({ lang });
  // The services' dialects (presets.ts): Cloudflare JSON, Google JSON, AliDNS JSON in Google's dialect, DNSPod RFC 8484.
  params.set('e2ePreset.cloudflare', zoneEndpoints(E2E_DOH_URL, ids.cloudflare).cloudflare);
  params.set('e2ePreset.google', zoneEndpoints(E2E_DOH_URL, ids.google).google);
  params.set('e2ePreset.alidns', zoneEndpoints(E2E_DOH_URL, ids.alidns, '/cache').google);
  params.set('e2ePreset.dnspod', zoneEndpoints(E2E_DOH_URL, ids.dnspod, '/fault/500x3').wire);
  return { ids, search: params.toString(), publish };
}

function planHash(): string {
  const targets = watchTargets(PLAN.map((record) => ({ action: 'change' as const, record })));
  return `#/watch?${watchQuery({ targets, resolvers: [...PRESETS] })}`;
}

const cell = (page: Page, row: number, resolver: string): Locator =>
  page.locator(`tbody tr[data-row="${row}"] td[data-resolver="${resolver}"]`);

/** Records every Notification the page makes; permission is granted when asked. */
async function recordNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shown: Array<{ title: string; body?: string }> = [];
    (window as unknown as { __notifications: typeof shown }).__notifications = shown;
    class RecordingNotification {
      static permission: NotificationPermission = 'default';
      static async requestPermission(): Promise<NotificationPermission> {
        RecordingNotification.permission = 'granted';
        return 'granted';
      }
      constructor(title: string, options?: NotificationOptions) {
        shown.push({ title, body: options?.body });
      }
    }
    (window as unknown as { Notification: unknown }).Notification = RecordingNotification;
  });
}

for (const lang of ['en', 'zh-CN'] as const) {
  const t = TEXT[lang];

  test(`${lang}: the Exmail records go live while watched; cached, failing and absent answers on the way`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const z = await zones(lang);
    await recordNotifications(page);
    const started = Date.now();
    await page.goto(`/?${z.search}${planHash()}`);

    // The watch starts at once and writes its start into the link.
    await expect(page).toHaveURL(/[?&]t=\d{13}/);
    const link = page.url();

    // Before the change: the old SPF with its TTL as time ("about 5 minutes", not "48 hours").
    await expect(cell(page, ROW.spf, 'cloudflare')).toContainText(t.old);
    await expect(cell(page, ROW.spf, 'cloudflare')).toContainText(t.oldCachedMinutes);
    await expect(cell(page, ROW.spf, 'alidns')).toContainText(t.old);
    await expect(page).toHaveTitle(t.progress);
    await page.getByRole('button', { name: t.notify }).click();

    // The DNS host now serves the planned SPF, MX and DMARC records; the DKIM key comes later.
    await z.publish(WITHOUT_KEY);

    // DNSPod's failures are its status, never "still old" or "absent".
    const pod = cell(page, ROW.spf, 'dnspod');
    await expect(pod).toContainText(t.error);
    await expect(pod).toContainText('HTTP 500');
    await expect(pod).toContainText(t.notVerdict);
    await expect(pod).not.toContainText(t.old);
    await expect(page.getByText(t.failing)).toBeVisible();

    // The key's name does not exist yet: not found, with the negative-cache time from the SOA.
    await expect(cell(page, ROW.dkim, 'google')).toContainText(t.absent, { timeout: 15_000 });
    await expect(cell(page, ROW.dkim, 'google')).toContainText(t.negative);
    // Every answer asked once (the last cell of the first round): now the key is published too.
    await expect(cell(page, ROW.dkim, 'dnspod')).toContainText(t.checkedOnce, { timeout: 15_000 });
    await z.publish(NEW);

    // An uncached resolver sees the new SPF at its next check; AliDNS, asked again a second later but
    // within the TTL of the answer it cached before the change, still serves the old one, its TTL
    // counting down.
    await expect(cell(page, ROW.spf, 'cloudflare')).toContainText(t.fresh, { timeout: 20_000 });
    const ali = cell(page, ROW.spf, 'alidns');
    await expect(ali).toContainText(t.checkedTwice, { timeout: 20_000 });
    await expect(ali).toContainText(t.old);
    await expect(ali).toContainText(t.oldCachedSeconds);

    // Then every answer is new, and the tab says so.
    await expect(page).toHaveTitle(t.allLive, { timeout: 60_000 });
    const elapsedS = (Date.now() - started) / 1000;
    await expect(page.getByTestId('watch-summary')).toHaveText(t.summary(20, 20));
    for (const row of Object.values(ROW))
      for (const resolver of PRESETS) await expect(cell(page, row, resolver)).toContainText(t.fresh);
    await expect(page.getByText(t.failing)).toHaveCount(0);

    // The queries the page counted are the requests the four services received.
    const shown = Number(t.queries.exec((await page.getByTestId('watch-queries').textContent()) ?? '')?.[1]);
    const hits = (await Promise.all(Object.values(z.ids).map((id) => zoneStats(id)))).reduce(
      (sum, s) => sum + s.hits,
      0,
    );
    expect(shown).toBe(hits);
    // 20 answers asked once each, and the SPF and DKIM rows (8 answers seen not new) at least twice.
    expect(shown).toBeGreaterThanOrEqual(28);
    expect(shown).toBeLessThanOrEqual(1 + elapsedS * 2);
    test.info().annotations.push({ type: 'queries until all live', description: String(shown) });
    test.info().annotations.push({ type: 'seconds until all live', description: elapsedS.toFixed(1) });

    const notifications = await page.evaluate(
      () => (window as unknown as { __notifications: Array<{ title: string }> }).__notifications,
    );
    expect(notifications.map((n) => n.title)).toEqual([t.notifyTitle]);

    const axe = await new AxeBuilder({ page }).analyze();
    expect(
      axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);

    // A reload resumes the same watch (same link, same start) and finds everything live again.
    await page.reload();
    expect(page.url()).toBe(link);
    await expect(cell(page, ROW.spf, 'cloudflare')).toContainText(t.fresh);
  });

  test(`${lang}: a link older than 30 minutes is stopped at once; "watch again" starts anew; fewer services; copy; Stop stops`, async ({
    page,
  }) => {
    const z = await zones(lang);
    const old = Date.now() - 31 * 60_000;
    await page.goto(`/?${z.search}${planHash()}&t=${old}`);
    await expect(page.getByRole('status').filter({ hasText: t.stoppedTime })).toBeVisible();
    await expect(page.getByTestId('watch-queries')).toHaveText(t.noQueries);
    expect((await zoneStats(z.ids.cloudflare)).hits).toBe(0);
    await page.getByRole('button', { name: t.again }).click();
    await expect(page).not.toHaveURL(new RegExp(`t=${old}`));
    await expect(cell(page, ROW.spf, 'cloudflare')).toContainText(t.old);

    // Fewer services: written to the link (same start), the column gone; the link copied is the page's.
    const started = new URL(page.url()).hash.match(/[?&]t=(\d+)/)?.[1];
    await page.getByRole('checkbox', { name: 'Google', exact: true }).uncheck();
    await expect(page).toHaveURL(/via=cloudflare%2Calidns%2Cdnspod/);
    expect(new URL(page.url()).hash).toContain(`t=${started}`);
    await expect(page.getByRole('columnheader', { name: 'Google' })).toHaveCount(0);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: new RegExp(t.share) }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());

    await page.getByRole('button', { name: t.stop }).click();
    await expect(page.getByRole('status').filter({ hasText: t.stopped })).toBeVisible();
    const hits = async () =>
      (await Promise.all(Object.values(z.ids).map((id) => zoneStats(id)))).reduce((n, s) => n + s.hits, 0);
    const after = await hits();
    // Three query spacings: a watch still on would have asked again.
    await page.waitForTimeout(1500);
    expect(await hits()).toBe(after);
  });

  test(`${lang}: records the link does not hold are counted, never a crash; no records → the wizard`, async ({
    page,
  }) => {
    const z = await zones(lang);
    await page.goto(`/?${z.search}#/watch?r=garbage&r=${encodeURIComponent('+|A|x.example||192.0.2.1')}`);
    await expect(page.getByRole('alert')).toContainText(t.dropped);
    await expect(page.getByText(t.noRecords)).toBeVisible();
    await expect(page.getByRole('link', { name: t.setup })).toHaveAttribute('href', '#/setup');
    expect((await zoneStats(z.ids.cloudflare)).hits).toBe(0);
  });
}
