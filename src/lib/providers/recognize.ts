// Which mail provider a domain's MX exchanges (RFC 5321 §5.1) point to: current hosts, hosts
// with a per-customer `<placeholder>`, and legacy hosts older setups still use.

import { PROVIDERS } from './catalog.ts';
import type { Provider, ProviderMatch } from './model.ts';

/** A placeholder stands for exactly one DNS label (`<region>` → `eu-west-1`). */
const PLACEHOLDER_LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function hostPattern(host: string): RegExp {
  const source = host
    .split(/(<[^>]*>)/)
    .map((part) => (part.startsWith('<') && part.endsWith('>') ? PLACEHOLDER_LABEL : escapeRegExp(part)))
    .join('');
  return new RegExp(`^${source}$`);
}

function normalizeExchange(exchange: string): string {
  return exchange.trim().toLowerCase().replace(/\.$/, '');
}

const RANK = { mx: 0, pattern: 1, legacy: 2 } as const;

function matchOne(provider: Provider, exchange: string): ProviderMatch['via'] | null {
  for (const m of provider.mx) {
    if (m.host.includes('<')) {
      if (hostPattern(m.host).test(exchange)) return 'pattern';
    } else if (m.host === exchange) return 'mx';
  }
  if (provider.mxLegacy.some((m) => m.host === exchange)) return 'legacy';
  return null;
}

/**
 * Providers whose MX hosts appear among `exchanges` (trailing dots and case ignored). Best first:
 * most exchanges matched, then current hosts before patterns before legacy hosts. Several
 * providers can match one host (Resend runs on Amazon SES); all are returned.
 */
export function recognizeProviderFromMx(exchanges: readonly string[]): ProviderMatch[] {
  const matches: ProviderMatch[] = [];
  for (const provider of PROVIDERS) {
    const matched: string[] = [];
    let via: ProviderMatch['via'] | null = null;
    for (const exchange of exchanges) {
      const how = matchOne(provider, normalizeExchange(exchange));
      if (how === null) continue;
      matched.push(exchange);
      if (via === null || RANK[how] < RANK[via]) via = how;
    }
    if (via !== null) matches.push({ provider, exchanges: matched, via });
  }
  return matches.sort((a, b) => b.exchanges.length - a.exchanges.length || RANK[a.via] - RANK[b.via]);
}
