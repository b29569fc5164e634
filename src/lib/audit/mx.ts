// The MX part of the audit (RFC 5321 §5.1, RFC 7505, RFC 2181 §10.3): the MX RRset, then every
// exchange's A and AAAA at once, which shows aliases (CNAME), hosts without addresses, and
// exchanges inside Cloudflare's proxy ranges (a proxied mail host receives nothing: Cloudflare
// does not proxy SMTP). The provider is recognised from the exchanges (providers.json). With the
// addresses come each host's DANE TLSA records (dane.ts) and, once the addresses are known, their
// reverse DNS (mx-reverse.ts).

import type { DnsResponse, MxData } from '../dns/model.ts';
import { classifyTarget, stripTrailingDot } from '../mx/target.ts';
import { mxTargetDiagnostics, validateMxSet } from '../mx/validate.ts';
import { recognizeProviderFromMx } from '../providers/recognize.ts';
import { addresses, cnameChain, isTemporaryFailure } from './answers.ts';
import { cloudflareProxyRange, isEmailRoutingMx } from './cloudflare.ts';
import { areaLookup, type AuditContext, type AuditState } from './context.ts';
import { finding, fromDiagnostics } from './finding.ts';
import { daneFindings, lookUpTlsa, tlsaName } from './dane.ts';
import { auditHostAliases } from './hosts.ts';
import { lookUpReverse, reverseEntries, reverseFindings } from './mx-reverse.ts';
import { temporaryFinding } from './temporary.ts';
import type { Finding, MxHost } from './model.ts';

/** The MX records of an answer, the null MX's empty exchange written `.`. */
export function mxAnswers(
  response: DnsResponse,
): Array<{ preference: number; exchange: string; ttl: number; planned?: true }> {
  return response.answers
    .filter((r) => r.type === 'MX')
    .map((r) => {
      const d = r.data as MxData;
      return {
        preference: d.preference,
        exchange: d.exchange === '' ? '.' : stripTrailingDot(d.exchange),
        ttl: r.ttl,
        ...(r.planned ? { planned: true as const } : {}),
      };
    });
}

/** RFC 7505 §3: the set is the null MX alone — the domain accepts no mail. */
export function isNullMxSet(records: ReadonlyArray<{ exchange: string }>): boolean {
  return records.length > 0 && records.every((r) => classifyTarget(r.exchange) === 'null');
}

async function lookUpHost(ctx: AuditContext, host: MxHost, round: number): Promise<void> {
  const area = ctx.state.mx;
  const tlsa = lookUpTlsa(ctx, host, round);
  const [a, aaaa] = await Promise.all([
    areaLookup(ctx, area.lookups, host.exchange, 'A', round),
    areaLookup(ctx, area.lookups, host.exchange, 'AAAA', round),
  ]);
  const failed = [a, aaaa].find((r) => isTemporaryFailure(r.response.status));
  if (failed) {
    host.status = 'error';
    host.dnsStatus = failed.response.status;
  } else {
    host.status = 'done';
  }
  // RFC 2181 §10.3: the exchange must not be an alias; the resolver shows the chain it followed.
  const chain = cnameChain(a.response);
  host.cnames = chain.length > 0 ? chain : cnameChain(aaaa.response);
  host.addresses = [...addresses(a.response), ...addresses(aaaa.response)];
  host.proxied = host.addresses.flatMap((address) => {
    const range = cloudflareProxyRange(address);
    return range ? [{ address, range }] : [];
  });
  const answered = [a, aaaa].filter((r) => !isTemporaryFailure(r.response.status));
  host.authenticated = answered.length > 0 && answered.every((r) => r.response.authenticated);
  host.reverse = reverseEntries(host.addresses);
  ctx.changed();
  const fromA = new Set(addresses(a.response));
  await Promise.all([
    tlsa,
    lookUpReverse(ctx, host, (address) => (fromA.has(address) ? a.entry.round : aaaa.entry.round)),
  ]);
}

export async function auditMx(ctx: AuditContext): Promise<void> {
  const area = ctx.state.mx;
  const { entry, response } = await areaLookup(ctx, area.lookups, ctx.domain, 'MX', 0);
  if (isTemporaryFailure(response.status)) {
    area.status = 'error';
    area.dnsStatus = response.status;
    ctx.changed();
    return;
  }
  area.records = mxAnswers(response);
  area.nullMx = isNullMxSet(area.records);
  const exchanges = area.records.map((r) => r.exchange).filter((e) => e !== '.');
  area.providers = recognizeProviderFromMx(exchanges);
  area.emailRouting = exchanges.some(isEmailRoutingMx);
  area.hosts = area.records.map((r) => {
    const kind = classifyTarget(r.exchange);
    return {
      preference: r.preference,
      exchange: r.exchange,
      kind,
      status: kind === 'host' ? 'loading' : 'skipped',
      cnames: [],
      addresses: [],
      proxied: [],
      authenticated: false,
      reverse: [],
      tlsa: {
        name: tlsaName(r.exchange),
        status: kind === 'host' ? 'loading' : 'skipped',
        records: [],
        authenticated: false,
      },
    };
  });
  area.status = 'done';
  ctx.changed();
  // The same exchange listed twice is looked up once (the journal shares the answer). The
  // provider's web-mail and mail-client names are asked in the same round (hosts.ts).
  await Promise.all([
    ...area.hosts.filter((h) => h.kind === 'host').map((h) => lookUpHost(ctx, h, entry.round)),
    auditHostAliases(ctx, entry.round),
  ]);
}

export function mxFindings(state: AuditState, domain: string): Finding[] {
  const area = state.mx;
  const out: Finding[] = [];
  const mxLookup = area.lookups.find((l) => l.type === 'MX');
  if (area.status === 'error' && mxLookup) return [temporaryFinding(mxLookup, 'mx')];
  if (area.status === 'loading') return out;
  if (mxLookup?.response?.status === 'NXDOMAIN') {
    out.push(finding('audit/domain-not-found', 'mx', { params: { domain } }));
    return out;
  }
  out.push(...fromDiagnostics(validateMxSet(area.records), 'mx', { domain }));

  for (const host of area.hosts) {
    if (host.kind !== 'host') continue;
    for (const l of area.lookups) {
      if (l.name === host.exchange && l.response && isTemporaryFailure(l.response.status)) {
        out.push(temporaryFinding(l, 'mx'));
      }
    }
    if (host.status === 'loading') continue;
    const cname = host.cnames[0] ?? null;
    // A failed lookup says nothing about the host's addresses.
    const lookup = host.status === 'done' ? { cname, addresses: host.addresses.length } : { cname };
    for (const d of mxTargetDiagnostics(host.exchange, lookup)) {
      if (d.code === 'mx/target-cname') {
        // RFC 2181 §10.3: point the MX at the canonical name instead of the alias.
        const canonical = host.cnames[host.cnames.length - 1];
        out.push(
          finding('mx/target-cname', 'mx', {
            params: { ...d.params, target: host.exchange, cname: canonical },
            fix: [{ type: 'MX', name: domain, content: canonical, priority: host.preference }],
            replaces: [{ type: 'MX', name: domain, content: host.exchange, priority: host.preference }],
          }),
        );
      } else {
        out.push(...fromDiagnostics([d], 'mx'));
      }
    }
    if (host.proxied.length > 0) {
      out.push(
        finding('mx/target-proxied', 'mx', {
          params: {
            target: host.exchange,
            addresses: host.proxied.map((p) => p.address).join(', '),
            range: host.proxied[0].range,
          },
        }),
      );
    }
    out.push(...reverseFindings(host, area.lookups), ...daneFindings(host, area.lookups));
  }

  // A browser reaches the network only through HTTP(S): no TCP to port 25, so nothing here opens
  // an SMTP session (RFC 3207 STARTTLS, the certificate, a TLSA match). Said once, plainly.
  const hosts = area.hosts.filter((h) => h.kind === 'host').map((h) => h.exchange);
  if (hosts.length > 0) {
    out.push(finding('mx/starttls-unchecked', 'mx', { params: { hosts: hosts.join(', '), host: hosts[0] } }));
  }

  // docs/cloudflare.md (Cloudflare mistake 8): Email Routing's MX next to another provider's splits the
  // domain's mail between two services at random (RFC 5321 §5.1, equal preferences) or by order.
  if (area.emailRouting) {
    const others = area.records.filter((r) => r.exchange !== '.' && !isEmailRoutingMx(r.exchange));
    if (others.length > 0) {
      out.push(
        finding('mx/email-routing-mixed', 'mx', {
          params: { others: others.map((r) => r.exchange).join(', ') },
        }),
      );
    }
  }
  return out;
}
