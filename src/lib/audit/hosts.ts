// The recognised provider's host names beside the mail records (providers.json `hostAliases`:
// `mail` for the web-mail login, `smtp`/`imap`/`pop3` for mail clients), looked up once the MX
// answer named the provider. In Cloudflare a web-mail alias may be proxied ("orange cloud": it
// then also gets a valid HTTPS certificate), but Cloudflare does not proxy SMTP, IMAP or POP, so a
// proxied mail-protocol name accepts no client connections (docs/cloudflare.md, Cloudflare mistake 1). A
// proxied name answers with Cloudflare's addresses and no CNAME, which is how it is recognised.

import type { Provider } from '../providers/model.ts';
import { addresses, cnameChain, isTemporaryFailure } from './answers.ts';
import { cloudflareProxyRange } from './cloudflare.ts';
import { areaLookup, type AuditContext, type AuditState } from './context.ts';
import { finding } from './finding.ts';
import type { Finding, HostAliasCheck } from './model.ts';
import { temporaryFinding } from './temporary.ts';

/** The provider the aliases are taken from: the best current (not legacy) match of the MX hosts. */
export function aliasProvider(state: AuditState): Provider | undefined {
  return state.mx.providers.find((m) => m.via !== 'legacy')?.provider;
}

function classify(check: HostAliasCheck): HostAliasCheck['state'] {
  if (check.proxied) return 'proxied';
  // RFC 1034 §3.6.2: the resolver follows the CNAME and lists the chain, first hop first.
  if (check.cnames.includes(check.expected)) return 'alias';
  if (check.cnames.length === 0 && check.addresses.length === 0) return 'absent';
  return 'other';
}

/** Looks up every alias of the recognised provider as A, after the MX answer (`round`). */
export async function auditHostAliases(ctx: AuditContext, round: number): Promise<void> {
  const area = ctx.state.mx;
  const provider = aliasProvider(ctx.state);
  if (!provider || provider.hostAliases.length === 0) return;
  area.hostAliases = provider.hostAliases.map((a) => ({
    name: `${a.name}.${ctx.domain}`,
    label: a.name,
    role: a.role,
    expected: a.content,
    status: 'loading',
    cnames: [],
    addresses: [],
  }));
  ctx.changed();
  await Promise.all(
    area.hostAliases.map(async (check) => {
      // A alone decides it: a proxied name always answers A with Cloudflare's addresses.
      const { response } = await areaLookup(ctx, area.lookups, check.name, 'A', round);
      if (isTemporaryFailure(response.status)) {
        check.status = 'error';
        check.dnsStatus = response.status;
      } else {
        check.status = 'done';
        check.cnames = cnameChain(response).map((n) => n.toLowerCase().replace(/\.$/, ''));
        check.addresses = addresses(response);
        for (const address of check.addresses) {
          const range = cloudflareProxyRange(address);
          if (range) {
            check.proxied = { address, range };
            break;
          }
        }
        check.state = classify(check);
      }
      ctx.changed();
    }),
  );
}

export function hostAliasFindings(state: AuditState, domain: string): Finding[] {
  const out: Finding[] = [];
  const provider = aliasProvider(state);
  for (const check of state.mx.hostAliases) {
    const lookup = state.mx.lookups.find((l) => l.name === check.name && l.type === 'A');
    if (check.status === 'error' && lookup) {
      out.push(temporaryFinding(lookup, 'mx'));
      continue;
    }
    if (check.status !== 'done') continue;
    const params = {
      name: check.name,
      label: check.label,
      target: check.expected,
      provider: provider?.name ?? '',
      providerZh: provider?.nameZh ?? provider?.name ?? '',
      domain,
    };
    const webmail = check.role === 'webmail';
    switch (check.state) {
      case 'proxied': {
        const where = { address: check.proxied!.address, range: check.proxied!.range };
        out.push(
          webmail
            ? finding('hosts/webmail-proxied', 'mx', { params: { ...params, ...where } })
            : finding('hosts/mail-host-proxied', 'mx', { params: { ...params, ...where } }),
        );
        break;
      }
      case 'alias':
        out.push(finding(webmail ? 'hosts/webmail-dns-only' : 'hosts/mail-host-ok', 'mx', { params }));
        break;
      case 'other':
        out.push(
          finding('hosts/alias-other-target', 'mx', {
            params: { ...params, found: check.cnames[0] ?? check.addresses.join(', ') },
          }),
        );
        break;
      case 'absent':
        // Optional: the provider documents the name, nothing needs it to receive or send mail.
        out.push(
          finding('hosts/alias-missing', 'mx', {
            params,
            fix: [{ type: 'CNAME', name: check.name, content: check.expected }],
          }),
        );
        break;
    }
  }
  return out;
}
