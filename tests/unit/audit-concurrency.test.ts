// auditDomain runs every independent lookup at once and each dependent one as soon as its parent
// answers (docs/decisions.md "Tests", issue 5): proven with the zone resolver's query log
// and an added delay per query. Wall-clock figures are printed, and bounded only loosely (the
// benchmark, not this test, measures them).
import { describe, expect, it } from 'vitest';
import { auditDomain, zoneResolver, type AuditReport } from '../../src/lib/index.ts';
import {
  CHIQIO,
  CHIQIO_BROKEN,
  CHIQIO_SELECTOR,
  REALISTIC_DOMAIN,
  REALISTIC_ROUNDS,
  REALISTIC_SELECTORS,
  REALISTIC_ZONE,
  realisticPolicyFetch,
} from '../support/zones/index.ts';

const DELAY_MS = 40;

async function realistic(delayMs: number, onUpdate?: (r: AuditReport) => void) {
  const resolver = zoneResolver(REALISTIC_ZONE, { delayMs });
  const started = performance.now();
  const report = await auditDomain(REALISTIC_DOMAIN, {
    resolver,
    selectors: REALISTIC_SELECTORS,
    commonSelectors: false,
    fetch: realisticPolicyFetch,
    onUpdate,
  });
  return { resolver, report, wallMs: performance.now() - started };
}

describe('auditDomain concurrency (RFC 7208 §4.6.4 tree, RFC 9989 §4.10, RFC 6376 §3.6.2.1)', () => {
  it('asks every independent question before any answer arrives', async () => {
    const { resolver, report } = await realistic(DELAY_MS);
    const log = resolver.log;
    const firstAnswer = Math.min(...log.map((q) => q.doneAt ?? Infinity));
    const independent = [
      `${REALISTIC_DOMAIN} MX`,
      `${REALISTIC_DOMAIN} TXT`,
      `_dmarc.${REALISTIC_DOMAIN} TXT`,
      `_dmarc.${REALISTIC_DOMAIN} CNAME`,
      `_mta-sts.${REALISTIC_DOMAIN} TXT`,
      `_smtp._tls.${REALISTIC_DOMAIN} TXT`,
      `default._bimi.${REALISTIC_DOMAIN} TXT`,
      `${REALISTIC_DOMAIN} SOA`,
      `${REALISTIC_DOMAIN} NS`,
      `${REALISTIC_DOMAIN} DNSKEY`,
      ...REALISTIC_SELECTORS.map((s) => `${s}._domainkey.${REALISTIC_DOMAIN} TXT`),
    ];
    const startedBeforeFirstAnswer = new Set(
      log.filter((q) => q.at < firstAnswer).map((q) => `${q.name} ${q.type}`),
    );
    for (const q of independent) expect(startedBeforeFirstAnswer, q).toContain(q);
    // And the journal agrees: these are round 1, nothing else is.
    const round1 = report.lookups.filter((l) => l.round === 1).map((l) => `${l.name} ${l.type}`);
    expect(new Set(round1)).toEqual(new Set(independent));
  });

  it('starts each dependent question once its parent answered, without waiting for answers of its own round', async () => {
    const { report } = await realistic(DELAY_MS);
    for (let round = 2; round <= report.stats.rounds; round++) {
      const parents = report.lookups.filter((l) => l.round === round - 1);
      const children = report.lookups.filter((l) => l.round === round);
      const firstParentDone = Math.min(...parents.map((l) => l.doneAt!));
      // Each round's questions were all in flight before the first of them was answered: none
      // waited for a sibling (which would make it a round later).
      const firstChildDone = Math.min(...children.map((l) => l.doneAt!));
      for (const c of children) {
        expect(c.startedAt, `${c.name} ${c.type}`).toBeGreaterThanOrEqual(firstParentDone);
        expect(c.startedAt, `${c.name} ${c.type}`).toBeLessThanOrEqual(firstChildDone);
      }
    }
  });

  it(`finds the hand-counted critical path of the realistic zone: ${REALISTIC_ROUNDS} rounds`, async () => {
    const { resolver, report, wallMs } = await realistic(DELAY_MS);
    expect(report.stats.rounds).toBe(REALISTIC_ROUNDS);
    // Each question once: no name+type asked twice by two areas.
    const keys = resolver.log.map((q) => `${q.name} ${q.type}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(report.stats.queries).toBe(keys.length);
    const sequentialMs = keys.length * DELAY_MS;
    const criticalMs = report.stats.rounds * DELAY_MS;
    console.log(
      `[audit] realistic zone: ${keys.length} queries, ${report.stats.rounds} rounds, ${DELAY_MS} ms per query: ` +
        `wall ${wallMs.toFixed(0)} ms, critical path ${criticalMs} ms (ratio ${(wallMs / criticalMs).toFixed(2)}), ` +
        `sequential would be ${sequentialMs} ms (${(sequentialMs / wallMs).toFixed(1)}× slower)`,
    );
    // Far from the sum of all lookups; about the critical path.
    expect(wallMs).toBeLessThan(sequentialMs / 4);
    expect(wallMs).toBeGreaterThanOrEqual(criticalMs - 5);
  });

  it('pushes partial reports as answers arrive, each with more answered than the one before', async () => {
    const partials: AuditReport[] = [];
    const answeredWhenPushed: number[] = [];
    const { report } = await realistic(10, (r) => {
      partials.push(r);
      answeredWhenPushed.push(r.lookups.filter((l) => l.response).length);
    });
    expect(partials.length).toBeGreaterThan(report.stats.rounds);
    expect(partials[0].done).toBe(false);
    expect(Object.values(partials[0].summary)).toContain('loading');
    const answered = partials.map((p) => p.lookups.filter((l) => l.response).length);
    for (let i = 1; i < answered.length; i++) expect(answered[i]).toBeGreaterThanOrEqual(answered[i - 1]);
    const last = partials[partials.length - 1];
    expect(last.done).toBe(true);
    expect(last).toEqual(report);
    // Snapshots are independent: no partial changed after it was pushed.
    expect(answered).toEqual(answeredWhenPushed);
  });

  it('stops at once when cancelled (AbortController), with no update afterwards', async () => {
    const controller = new AbortController();
    const resolver = zoneResolver(CHIQIO_BROKEN, { delayMs: 200 });
    let updates = 0;
    let afterAbort = 0;
    setTimeout(() => controller.abort(), 20);
    const started = performance.now();
    const report = await auditDomain(CHIQIO, {
      resolver,
      selectors: [CHIQIO_SELECTOR],
      signal: controller.signal,
      fetch: null,
      onUpdate: () => {
        updates++;
        if (controller.signal.aborted) afterAbort++;
      },
    });
    expect(performance.now() - started).toBeLessThan(150);
    expect(report.aborted).toBe(true);
    expect(report.done).toBe(true);
    await new Promise((r) => setTimeout(r, 250));
    expect(afterAbort).toBe(0);
    // The run streamed before the abort (the first round's answers take 200 ms, so at most the
    // start-up updates), and said nothing after it.
    expect(updates).toBeGreaterThan(0);
  });
});
