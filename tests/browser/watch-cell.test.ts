// Component test in real Chromium: one cell of the propagation watch (#/watch). The cached old answer's
// remaining TTL counts down from the check as time ("about 4 minutes", RFC 1035 §3.2.1), the negative
// answer's time comes from the SOA (RFC 2308 §5), a failed lookup shows its HTTP status and says it is
// no verdict, a deletion reads "still served" / "gone", and the next check is announced. Clock values
// are props: no timers.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { render } from 'vitest-browser-svelte';
import WatchCell from '../../src/ui/components/watch/WatchCell.svelte';
import type { WatchCell as Cell, WatchTarget } from '../../src/lib/index.ts';
import { i18n } from '../../src/ui/state/locale.svelte.ts';

const SPF: WatchTarget = {
  id: 'TXT example.com v=spf1 -all',
  record: { type: 'TXT', name: 'example.com', content: 'v=spf1 -all' },
  expect: 'present',
};
const GONE: WatchTarget = {
  id: 'MX example.com mx.old.example 10',
  record: { type: 'MX', name: 'example.com', content: 'mx.old.example', priority: 10 },
  expect: 'absent',
};
const RUN_START = 1_700_000_000_000;
const base = { target: SPF.id, resolver: 'cloudflare', checks: 1, checkedAt: 0 };

async function shown(
  cell: Cell,
  o: { target?: WatchTarget; at: number; running?: boolean },
): Promise<string> {
  // `target` is also a mount option: the props go under `props`.
  const { container } = await render(WatchCell, {
    props: {
      cell,
      target: o.target ?? SPF,
      now: RUN_START + o.at,
      runStartedAt: RUN_START,
      running: o.running ?? true,
    },
  });
  return (container.textContent ?? '').replace(/\s+/g, ' ').trim();
}

beforeEach(() => i18n.set('en'));
afterEach(() => i18n.set('en'));

const cases: Array<{
  name: string;
  cell: Cell;
  at: number;
  target?: WatchTarget;
  running?: boolean;
  has: string[];
  not?: string[];
}> = [
  {
    name: 'old answer, TTL 287 s checked 47 s ago: about 4 minutes left (RFC 1035 §3.2.1)',
    cell: { ...base, state: 'old', ttl: 287, nextAt: 5_000 },
    at: 47_000,
    has: ['still old', 'old answer cached for about 4 minutes', 'checked 1×', 'next check in a moment'],
  },
  {
    name: 'old answer with 12 s left, next check in 8 s',
    cell: { ...base, state: 'old', ttl: 20, checkedAt: 2_000, nextAt: 18_000 },
    at: 10_000,
    has: ['old answer cached for 12 s', 'next check in 8 s'],
  },
  {
    name: 'old answer past its TTL: expired',
    cell: { ...base, state: 'old', ttl: 3, nextAt: 5_000 },
    at: 4_000,
    has: ['the cached old answer has expired'],
  },
  {
    name: 'name not found: the negative answer kept up to the SOA time (RFC 2308 §5)',
    cell: { ...base, state: 'absent', negativeTtl: 300, nextAt: 5_000 },
    at: 15_000,
    has: ['absent', 'not-found answer cached up to about 5 minutes (SOA minimum, RFC 2308 §5)'],
  },
  {
    name: 'a failed lookup: its HTTP status, no verdict',
    cell: {
      ...base,
      state: 'error',
      status: 'ERROR',
      error: 'HTTP 500 Internal Server Error',
      nextAt: 5_000,
    },
    at: 1_000,
    has: ['no answer', 'ERROR: HTTP 500 Internal Server Error', 'says nothing about the record'],
    not: ['still old', 'absent'],
  },
  {
    name: 'new after three checks: when it went live, no next check',
    cell: { ...base, state: 'new', checks: 3, checkedAt: 30_000, liveAt: 30_000 },
    at: 40_000,
    has: ['new', 'live after 30 s', 'checked 3×'],
    not: ['next check'],
  },
  {
    name: 'a deletion still served, then gone',
    cell: { ...base, target: GONE.id, state: 'old', ttl: 3600, nextAt: 5_000 },
    target: GONE,
    at: 0,
    has: ['still served', 'about an hour'],
  },
  {
    name: 'a deletion gone',
    cell: { ...base, target: GONE.id, state: 'new' },
    target: GONE,
    at: 0,
    has: ['gone'],
  },
  {
    name: 'a stopped watch announces no next check',
    cell: { ...base, state: 'old', ttl: 300, nextAt: 5_000 },
    at: 1_000,
    running: false,
    has: ['still old'],
    not: ['next check'],
  },
];

for (const c of cases) {
  test(c.name, async () => {
    const text = await shown(c.cell, { at: c.at, target: c.target, running: c.running });
    for (const s of c.has) expect(text).toContain(s);
    for (const s of c.not ?? []) expect(text).not.toContain(s);
  });
}

test('zh-CN: the same times in Chinese', async () => {
  i18n.set('zh-CN');
  const text = await shown({ ...base, state: 'old', ttl: 287, nextAt: 20_000 }, { at: 47_000 });
  expect(text).toContain('仍是旧记录');
  expect(text).toContain('旧应答还会缓存 约 4 分钟');
});
