// The next DMARC record to publish, one stage at a time (RFC 9989 §4.7 and its advice to move
// to enforcement gradually, with `t=y` where RFC 7489 had `pct`):
//   p=none → p=quarantine; t=y → p=quarantine → p=reject; t=y → p=reject
// The suggestion comes as record text, as the DMARC builder's input and as the builder's URL
// query, so the page can open #/build/dmarc prefilled.

import { buildDmarc } from '../compose/dmarc-builder.ts';
import type { DmarcAlignment, DmarcBuilderInput, DmarcPolicy } from '../compose/model.ts';
import type { AggregateReport, DmarcStage, NextDmarcRecord, ReadinessVerdict } from './model.ts';

const LADDER: readonly DmarcStage[] = [
  'none',
  'quarantine-testing',
  'quarantine',
  'reject-testing',
  'reject',
];

/** Where a published policy stands. RFC 9989 §4.7 `t=y`: a testing policy applies one step milder. */
export function stageOf(policy: AggregateReport['policy']): DmarcStage {
  const testing = policy.testing === 'y';
  if (policy.p === 'reject') return testing ? 'reject-testing' : 'reject';
  if (policy.p === 'quarantine') return testing ? 'quarantine-testing' : 'quarantine';
  return 'none';
}

function policyOf(stage: DmarcStage): { p: DmarcPolicy; t: boolean } {
  switch (stage) {
    case 'none':
      return { p: 'none', t: false };
    case 'quarantine-testing':
      return { p: 'quarantine', t: true };
    case 'quarantine':
      return { p: 'quarantine', t: false };
    case 'reject-testing':
      return { p: 'reject', t: true };
    case 'reject':
      return { p: 'reject', t: false };
  }
}

const REASONS: Record<DmarcStage, NextDmarcRecord['reason']['code']> = {
  none: 'reports/next-fix-sources',
  'quarantine-testing': 'reports/next-quarantine-testing',
  quarantine: 'reports/next-quarantine',
  'reject-testing': 'reports/next-reject-testing',
  reject: 'reports/next-reject',
};

function isPolicy(v: string | undefined): v is DmarcPolicy {
  return v === 'none' || v === 'quarantine' || v === 'reject';
}

function isAlignment(v: string | undefined): v is DmarcAlignment {
  return v === 'r' || v === 's';
}

/**
 * The builder's URL query, keys and defaults as src/ui/state/composer-dmarc.svelte.ts reads
 * them (keep in sync with DmarcForm.toQuery): d, p, sp, np, adkim/aspf only when `s`, rua
 * repeated, t=1.
 */
export function builderQuery(input: DmarcBuilderInput): string {
  const q = new URLSearchParams();
  if (input.domain) q.set('d', input.domain);
  q.set('p', input.p);
  if (input.sp) q.set('sp', input.sp);
  if (input.np) q.set('np', input.np);
  if (input.adkim === 's') q.set('adkim', 's');
  if (input.aspf === 's') q.set('aspf', 's');
  for (const r of input.rua ?? []) q.append('rua', r);
  if (input.t) q.set('t', '1');
  return q.toString();
}

/**
 * The stage to go to: one step up when the verdict is `ready`; a testing step also when it is
 * `almost` (t=y keeps the milder policy in force while the reports show what would happen);
 * otherwise stay.
 */
export function nextStage(from: DmarcStage, verdict: ReadinessVerdict): DmarcStage {
  const i = LADDER.indexOf(from);
  if (i === LADDER.length - 1) return from;
  const up = LADDER[i + 1];
  if (verdict === 'ready') return up;
  if (verdict === 'almost' && up.endsWith('-testing')) return up;
  return from;
}

export function nextDmarcRecord(
  domain: string,
  published: AggregateReport['policy'],
  verdict: ReadinessVerdict,
  share: number,
  rua: readonly string[],
): NextDmarcRecord {
  const from = stageOf(published);
  const to = nextStage(from, verdict);
  const { p, t } = policyOf(to);
  const input: DmarcBuilderInput = {
    ...(domain !== '' && { domain }),
    p,
    ...(isPolicy(published.sp) && { sp: published.sp }),
    ...(isPolicy(published.np) && { np: published.np }),
    adkim: isAlignment(published.adkim) ? published.adkim : 'r',
    aspf: isAlignment(published.aspf) ? published.aspf : 'r',
    rua: [...rua],
    t,
  };
  const code =
    from === 'reject' ? 'reports/next-done' : to === from ? 'reports/next-fix-sources' : REASONS[to];
  // One decimal, rounded down: 99.96 % is not shown as 100 %.
  const percent = Math.floor(share * 1000) / 10;
  return {
    from,
    to,
    record: buildDmarc(input).content,
    input,
    query: builderQuery(input),
    reason: { code, params: { share: percent } },
  };
}
