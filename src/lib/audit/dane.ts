// DANE for the MX hosts (RFC 7672): the TLSA records at `_25._tcp.<host>` (§2.2.3), asked in the
// same round as the host's addresses. A sending server that supports DANE uses them only from
// DNSSEC-validated answers (§2.1), and then refuses to deliver without TLS and a certificate
// that matches (§2.2). Whether the certificate does match needs a connection to port 25, which a
// browser cannot open: `mx/starttls-unchecked` says so.
//
// Whether the host's own zone is signed is read from the AD bit on its address and TLSA answers,
// not from a DNSKEY query at the host name: DNSKEY records live at zone apexes (RFC 4035 §2.1),
// which an MX host name (mxbiz1.qq.com) rarely is, so NODATA there would say nothing.

import { isTemporaryFailure } from './answers.ts';
import { areaLookup, type AuditContext } from './context.ts';
import { finding } from './finding.ts';
import type { AuditLookup, Finding, MxHost } from './model.ts';
import { temporaryFinding } from './temporary.ts';

/** RFC 7672 §2.2.3: the TLSA base domain of an MX host and port 25. */
export function tlsaName(host: string): string {
  return `_25._tcp.${host}`;
}

/** RFC 6698 §2.1.1 usages PKIX-TA(0) and PKIX-EE(1); RFC 7672 §3.1.3 says SMTP should not publish them. */
const PKIX_USAGES: ReadonlySet<string> = new Set(['0', '1']);

export async function lookUpTlsa(ctx: AuditContext, host: MxHost, round: number): Promise<void> {
  const { response } = await areaLookup(ctx, ctx.state.mx.lookups, host.tlsa.name, 'TLSA', round);
  if (isTemporaryFailure(response.status)) {
    host.tlsa.status = 'error';
    host.tlsa.dnsStatus = response.status;
  } else {
    host.tlsa.status = 'done';
    host.tlsa.records = response.answers.filter((r) => r.type === 'TLSA').map((r) => String(r.data));
    host.tlsa.authenticated = response.authenticated;
  }
  ctx.changed();
}

export function daneFindings(host: MxHost, lookups: readonly AuditLookup[]): Finding[] {
  const t = host.tlsa;
  if (t.status === 'error') {
    const l = lookups.find((x) => x.name === t.name && x.type === 'TLSA');
    return l ? [temporaryFinding(l, 'mx')] : [];
  }
  if (t.status !== 'done' || t.records.length === 0) return [];
  const params = { target: host.exchange, name: t.name, count: t.records.length };
  const out: Finding[] = [
    t.authenticated
      ? finding('mx/dane-tlsa', 'mx', { params })
      : finding('mx/dane-tlsa-unsigned', 'mx', { params }),
  ];
  for (const record of t.records) {
    if (PKIX_USAGES.has(record.split(' ')[0]))
      out.push(finding('mx/dane-tlsa-pkix', 'mx', { params: { ...params, record } }));
  }
  return out;
}
