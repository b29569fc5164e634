// The DoH services offered in the settings (facts in docs/dns-over-https.md; keep in sync): Cloudflare
// JSON by default, Google JSON, and for mainland China, where both are often blocked, AliDNS
// (JSON at /resolve in Google's dialect, RFC 8484 at /dns-query) and DNSPod (RFC 8484), plus any
// custom endpoint.

import type { JsonDialect } from './doh-json.ts';

export type ResolverKind = 'json' | 'wire';

/** What the UI stores and `createResolver` builds from. */
export interface ResolverSettings {
  kind: ResolverKind;
  endpoint: string;
  /** JSON only; default `cloudflare`. */
  dialect?: JsonDialect;
  /** Shown as `resolver` in answers (default: the endpoint). */
  label?: string;
}

export type ResolverPresetId = 'cloudflare' | 'google' | 'alidns' | 'alidns-wire' | 'dnspod' | 'custom';

export interface ResolverPreset extends ResolverSettings {
  id: ResolverPresetId;
  /** Proper name of the service (not translated). */
  name: string;
  /** Reported reachable from mainland China (docs/dns-over-https.md "Reachability"). */
  worksInMainlandChina: boolean;
}

export const RESOLVER_PRESETS: readonly ResolverPreset[] = [
  {
    id: 'cloudflare',
    name: 'Cloudflare',
    kind: 'json',
    dialect: 'cloudflare',
    endpoint: 'https://cloudflare-dns.com/dns-query',
    worksInMainlandChina: false,
  },
  {
    id: 'google',
    name: 'Google',
    kind: 'json',
    dialect: 'google',
    endpoint: 'https://dns.google/resolve',
    worksInMainlandChina: false,
  },
  {
    id: 'alidns',
    name: 'AliDNS',
    kind: 'json',
    // AliDNS allows CORS only when no custom header is sent: Google's dialect sends none.
    dialect: 'google',
    endpoint: 'https://dns.alidns.com/resolve',
    worksInMainlandChina: true,
  },
  {
    id: 'alidns-wire',
    name: 'AliDNS (RFC 8484)',
    kind: 'wire',
    endpoint: 'https://dns.alidns.com/dns-query',
    worksInMainlandChina: true,
  },
  {
    id: 'dnspod',
    name: 'DNSPod',
    kind: 'wire',
    endpoint: 'https://doh.pub/dns-query',
    worksInMainlandChina: true,
  },
  // The user types the endpoint; RFC 8484 is what every DoH service speaks.
  { id: 'custom', name: 'Custom', kind: 'wire', endpoint: '', worksInMainlandChina: false },
];

export const DEFAULT_RESOLVER_PRESET: ResolverPresetId = 'cloudflare';
/** The second resolver asked when the first fails (docs/public-api.md: "then Google"). */
export const DEFAULT_FALLBACK_PRESET: ResolverPresetId = 'google';

export function resolverPreset(id: string): ResolverPreset | undefined {
  return RESOLVER_PRESETS.find((p) => p.id === id);
}
