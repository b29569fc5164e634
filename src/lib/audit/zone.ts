// The domain's zone (issue 10 item 9, what checkdmarc checks besides the mail records): whether
// the name exists and is delegated (SOA and NS at the domain, RFC 1035 §3.3.11 and §3.3.13), and
// whether it is signed (DNSKEY at the apex, RFC 4034 §2) with the resolver vouching for its
// answers (the AD bit, RFC 4035 §3.2.3). The three questions depend on nothing: asked at the start.

import type { DnsResponse } from '../dns/model.ts';
import { isTemporaryFailure } from './answers.ts';
import { areaLookup, type AuditContext, type AuditState } from './context.ts';
import { finding } from './finding.ts';
import type { Finding } from './model.ts';
import { temporaryFinding } from './temporary.ts';

/** `257 3 13 <key>` → flags and algorithm (RFC 4034 §2.2); null when the text is not of that form. */
function dnskeyFields(data: unknown): { flags: number; algorithm: number } | null {
  if (typeof data !== 'string') return null;
  const m = /^(\d+) \d+ (\d+) /.exec(data);
  return m ? { flags: Number(m[1]), algorithm: Number(m[2]) } : null;
}

function answered(response: DnsResponse): boolean {
  return !isTemporaryFailure(response.status);
}

export async function auditZone(ctx: AuditContext): Promise<void> {
  const area = ctx.state.zone;
  const [soa, ns, dnskey] = await Promise.all([
    areaLookup(ctx, area.lookups, ctx.domain, 'SOA', 0),
    areaLookup(ctx, area.lookups, ctx.domain, 'NS', 0),
    areaLookup(ctx, area.lookups, ctx.domain, 'DNSKEY', 0),
  ]);
  const delegation = [soa.response, ns.response].filter(answered);
  if (delegation.length === 0) {
    area.status = 'error';
    area.dnsStatus = soa.response.status;
    ctx.changed();
    return;
  }
  area.ns = ns.response.answers.filter((r) => r.type === 'NS').map((r) => String(r.data));
  const soaRecord = soa.response.answers.find((r) => r.type === 'SOA');
  if (soaRecord) area.soa = String(soaRecord.data);
  if (delegation.some((r) => r.status === 'NXDOMAIN')) area.delegation = 'missing';
  else if (area.ns.length > 0 || soaRecord) area.delegation = 'apex';
  else {
    area.delegation = 'inside';
    // RFC 2308 §3: a negative answer carries the SOA of the zone that answered.
    const owner = [soa.response, ns.response]
      .flatMap((r) => r.authority ?? [])
      .find((r) => r.type === 'SOA' && r.name !== ctx.domain)?.name;
    if (owner) area.parentZone = owner;
  }
  if (answered(dnskey.response)) {
    area.dnskeys = dnskey.response.answers.flatMap((r) => {
      const fields = r.type === 'DNSKEY' ? dnskeyFields(r.data) : null;
      return fields ? [fields] : [];
    });
  }
  area.authenticated = [soa.response, ns.response, dnskey.response].some(
    (r) => answered(r) && r.authenticated,
  );
  area.status = 'done';
  ctx.changed();
}

export function zoneFindings(state: AuditState, domain: string): Finding[] {
  const area = state.zone;
  const out: Finding[] = [];
  for (const l of area.lookups) {
    if (l.response && isTemporaryFailure(l.response.status)) out.push(temporaryFinding(l, 'zone'));
  }
  if (area.status !== 'done') return out;
  if (area.delegation === 'missing') {
    out.push(finding('dns/nxdomain', 'zone', { params: { domain } }));
    return out;
  }
  if (area.delegation === 'inside') {
    out.push(finding('dns/no-ns', 'zone', { params: { domain, zone: area.parentZone ?? '' } }));
  }
  const keyLookup = area.lookups.find((l) => l.type === 'DNSKEY');
  if (!keyLookup?.response || isTemporaryFailure(keyLookup.response.status)) return out;
  // The AD bit is the resolver's word that it validated the chain of signatures from the root
  // (RFC 4035 §3.2.3); DNSKEY records without it may be a resolver that does not validate, or a
  // zone whose parent publishes no DS for it (RFC 4035 §5: an island of security).
  const zone = area.delegation === 'apex' ? domain : (area.parentZone ?? domain);
  if (area.authenticated) {
    out.push(finding('dns/dnssec-validated', 'zone', { params: { domain, zone } }));
  } else if (area.dnskeys.length > 0) {
    out.push(finding('dns/ad-bit', 'zone', { params: { domain, zone, count: area.dnskeys.length } }));
  } else {
    out.push(finding('dns/dnssec-unsigned', 'zone', { params: { domain, zone } }));
  }
  return out;
}
