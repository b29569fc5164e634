// The staged DMARC path (RFC 9989 §4.7, §7.2; docs/cloudflare.md): one corrected record for
// `_dmarc.<domain>`, never a jump. Step 1: a record whose aggregate reports actually arrive (an
// address at the domain itself needs no authorization, RFC 9990 §4). Step 2, once those reports
// show the domain's own mail passing aligned: p=quarantine. Step 3: p=reject. A stricter policy
// is never suggested while no working DKIM key is known: with DKIM failing or unknown, every
// message whose SPF does not align (forwarded mail, mailing lists: RFC 9989 §4.4) would be junked.

import type { DmarcRecord, DmarcUri } from '../dmarc/model.ts';
import { MIN_RSA_BITS } from '../dkim/inspect.ts';
import type { AuditState } from './context.ts';

/** Local part of the report mailbox suggested in fixes: an address at the domain itself, which
 *  needs no authorization record (RFC 9990 §4). The user must make sure the mailbox exists. */
export const REPORT_MAILBOX = 'dmarc-reports';

/** Where the report page lives (it reads the aggregate reports the record asks for). */
export const REPORTS_PAGE = '#/reports';

export type DmarcStep =
  /** Reports do not arrive yet: this record sends them to the domain's own mailbox. */
  | 'reports'
  /** Reports arrive and a DKIM key works: quarantine, once the reports show own mail aligned. */
  | 'quarantine'
  /** Quarantine in force, reports arrive, DKIM works: reject is the last step. */
  | 'reject'
  /** No stricter policy while DKIM is failing or unknown. */
  | 'wait-dkim';

export interface DmarcCorrection {
  step: DmarcStep;
  /** The one corrected record for the step; absent when the step changes nothing (wait-dkim). */
  record?: DmarcRecord;
}

/**
 * Whether the domain has a DKIM key that can verify signatures: `ready` (a key found that is not
 * damaged, revoked or under RFC 8301's minimum), `failing` (keys found, none usable) or `unknown`
 * (no key at any selector tried, or the lookups still running or failed).
 */
export function dkimReadiness(state: AuditState): 'ready' | 'failing' | 'unknown' {
  const found = state.dkim.selectors.filter((s) => s.status === 'found');
  if (found.length === 0) return 'unknown';
  const usable = found.some(
    (s) =>
      s.key !== undefined &&
      !s.key.revoked &&
      !s.key.diagnostics.some((d) => d.severity === 'error') &&
      (s.key.bits === undefined || s.key.algorithm !== 'rsa' || s.key.bits >= MIN_RSA_BITS),
  );
  if (usable) return 'ready';
  return found.some((s) => s.key === undefined) ? 'unknown' : 'failing';
}

/** The record with every unauthorized destination replaced by a mailbox at the policy domain. */
export function withOwnMailbox(
  record: DmarcRecord,
  policyDomain: string,
  unauthorized: ReadonlySet<string>,
): DmarcRecord {
  const own = `mailto:${REPORT_MAILBOX}@${policyDomain}`;
  const fix = (list: DmarcUri[] | undefined): DmarcUri[] | undefined => {
    if (!list) return list;
    const out: DmarcUri[] = [];
    for (const u of list) {
      const next = unauthorized.has(u.uri) ? { uri: own } : u;
      if (!out.some((o) => o.uri.toLowerCase() === next.uri.toLowerCase())) out.push(next);
    }
    return out;
  };
  return { ...record, rua: fix(record.rua), ruf: fix(record.ruf) };
}

/**
 * The next step for the domain's own DMARC record and the one record that takes it there; null
 * while the record or its destinations are still being looked up, or when nothing is left to do.
 */
export function dmarcCorrection(state: AuditState): DmarcCorrection | null {
  const d = state.dmarc.discovery;
  if (d.status !== 'done' || !d.parsed || !d.foundAt || !d.record) return null;
  const rua = state.dmarc.destinations.filter((x) => x.tag === 'rua');
  if (state.dmarc.destinations.some((x) => x.status === 'loading')) return null;
  const unauthorized = new Set(
    state.dmarc.destinations.filter((x) => x.status === 'unauthorized').map((x) => x.uri),
  );
  const reportsArrive = (d.parsed.rua?.length ?? 0) > 0 && rua.every((x) => x.status === 'authorized');

  if (!reportsArrive || unauthorized.size > 0) {
    // Step 1, whatever the policy: reports to the domain's own mailbox (the policy stays).
    const base = withOwnMailbox(d.parsed, d.foundAt, unauthorized);
    const own = { uri: `mailto:${REPORT_MAILBOX}@${d.foundAt}` };
    return { step: 'reports', record: (base.rua?.length ?? 0) > 0 ? base : { ...base, rua: [own] } };
  }
  const policy = d.parsed.p;
  if (policy === 'reject') return null;
  if (dkimReadiness(state) !== 'ready') return { step: 'wait-dkim' };
  if (policy === 'quarantine') return { step: 'reject', record: { ...d.parsed, p: 'reject' } };
  return { step: 'quarantine', record: { ...d.parsed, p: 'quarantine' } };
}
