// Reverse DNS of the MX hosts' addresses (issue 10 item 9): the PTR at each address's reverse name
// (RFC 1035 §3.5, RFC 3596 §2.5), then the A or AAAA of each PTR name, which must lead back to the
// address (forward-confirmed reverse DNS; RFC 1912 §2.1: "make sure your PTR and A records
// match"). Receivers ask this of the hosts that SEND to them (Gmail's sender guidelines: "valid
// forward and reverse DNS records"); the MX hosts are the receiving hosts, the only ones DNS
// shows, and often the same servers or the same provider as the sending ones.
//
// Rounds: each PTR is asked once its address is known (the round after the host's A or AAAA);
// a PTR name that is already a question of this audit (usually the MX host itself) shares its
// answer, any other name is asked in the round after the PTR.

import { canonicalIpv6 } from '../dns/record-data.ts';
import { reverseName } from '../dns/reverse-name.ts';
import type { DnsResponse } from '../dns/model.ts';
import { normalizeQueryName } from '../shared/domain-name.ts';
import { addresses, isTemporaryFailure } from './answers.ts';
import { areaLookup, type AuditContext } from './context.ts';
import { finding } from './finding.ts';
import type { AuditLookup, Finding, MxHost, MxReverse } from './model.ts';
import { temporaryFinding } from './temporary.ts';

/** PTR names followed forward per address, as RFC 7208 §4.6.4 bounds the `ptr` mechanism's (10). */
export const MAX_PTR_NAMES = 10;

function sameAddress(a: string, b: string): boolean {
  return a.includes(':') ? canonicalIpv6(a) === canonicalIpv6(b) : a === b;
}

/** The reverse entries of the addresses an answer gave, each with its PTR query name. */
export function reverseEntries(list: readonly string[]): MxReverse[] {
  const out: MxReverse[] = [];
  for (const address of list) {
    const name = reverseName(address);
    if (name === null || out.some((r) => r.name === name)) continue;
    out.push({ address, name, status: 'loading', names: [], confirmed: [] });
  }
  return out;
}

async function confirm(ctx: AuditContext, rev: MxReverse, round: number): Promise<void> {
  const area = ctx.state.mx;
  const { entry, response } = await areaLookup(ctx, area.lookups, rev.name, 'PTR', round);
  if (isTemporaryFailure(response.status)) {
    rev.status = 'error';
    rev.dnsStatus = response.status;
    ctx.changed();
    return;
  }
  const names = response.answers.filter((r) => r.type === 'PTR').map((r) => String(r.data));
  rev.names = [...new Set(names)];
  if (rev.names.length === 0) {
    rev.status = 'done';
    rev.state = 'missing';
    ctx.changed();
    return;
  }
  ctx.changed();
  const type = rev.address.includes(':') ? 'AAAA' : 'A';
  // A PTR name that is no host name (hostile or broken data) cannot lead back: not asked.
  const askable = rev.names.slice(0, MAX_PTR_NAMES).filter((n) => normalizeQueryName(n).ok);
  const forward: DnsResponse[] = await Promise.all(
    askable.map(async (name) => (await areaLookup(ctx, area.lookups, name, type, entry.round)).response),
  );
  rev.confirmed = askable.filter((_, i) => addresses(forward[i]).some((a) => sameAddress(a, rev.address)));
  if (
    rev.confirmed.length === 0 &&
    forward.length > 0 &&
    forward.every((r) => isTemporaryFailure(r.status))
  ) {
    rev.status = 'error';
    rev.dnsStatus = forward[0]?.status ?? 'ERROR';
  } else {
    rev.status = 'done';
    rev.state = rev.confirmed.length > 0 ? 'confirmed' : 'mismatch';
  }
  ctx.changed();
}

/** Looks up every address of `host` in reverse; `roundOf` gives the round of the answer each came from. */
export async function lookUpReverse(
  ctx: AuditContext,
  host: MxHost,
  roundOf: (address: string) => number,
): Promise<void> {
  await Promise.all(host.reverse.map((rev) => confirm(ctx, rev, roundOf(rev.address))));
}

export function reverseFindings(host: MxHost, lookups: readonly AuditLookup[]): Finding[] {
  const out: Finding[] = [];
  for (const rev of host.reverse) {
    if (rev.status === 'error') {
      const names = new Set([rev.name, ...rev.names]);
      for (const l of lookups) {
        if (
          names.has(l.name) &&
          l.name !== host.exchange &&
          l.response &&
          isTemporaryFailure(l.response.status)
        )
          out.push(temporaryFinding(l, 'mx'));
      }
      continue;
    }
    if (rev.status !== 'done') continue;
    const params = { target: host.exchange, address: rev.address, name: rev.name };
    if (rev.state === 'missing') out.push(finding('mx/ptr-missing', 'mx', { params }));
    else if (rev.state === 'mismatch')
      out.push(finding('mx/ptr-mismatch', 'mx', { params: { ...params, ptr: rev.names.join(', ') } }));
  }
  return out;
}
