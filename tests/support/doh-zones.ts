// Helpers for tests that talk to the test DoH server over HTTP (Vitest in Node or Chromium,
// Playwright e2e): register a zone under an id of their own, get its endpoint URLs, read hits.
// Keep the paths in sync with the URL grammar at the top of doh-server.ts.

import type { Zone } from '../../src/lib/dns/model.ts';
import type { ZoneConfig, ZoneStats } from './doh-server.ts';

/** The Playwright global setup's fixed address (`MAILDNS_E2E_DOH_PORT` moves it, for a second run beside the first). */
const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
export const E2E_DOH_URL = `http://127.0.0.1:${env.MAILDNS_E2E_DOH_PORT ?? '8053'}`;

export interface ZoneEndpoints {
  /** Cloudflare JSON dialect (`dialect: 'cloudflare'`). */
  cloudflare: string;
  /** Google JSON dialect (`dialect: 'google'`). */
  google: string;
  /** RFC 8484 wire format. */
  wire: string;
}

/** `prefix`: extra path segments such as `/fault/500`, `/latency/50`, `/nocors` or `/cache`. */
export function zoneEndpoints(baseUrl: string, id: string, prefix = ''): ZoneEndpoints {
  const base = `${baseUrl.replace(/\/$/, '')}${prefix}/z/${encodeURIComponent(id)}`;
  return { cloudflare: `${base}/dns-query`, google: `${base}/resolve`, wire: `${base}/dns-query` };
}

export async function registerZone(
  id: string,
  zone: Zone | ZoneConfig,
  baseUrl: string = E2E_DOH_URL,
): Promise<ZoneEndpoints> {
  const res = await fetch(`${baseUrl}/_zone/${encodeURIComponent(id)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(zone),
  });
  if (res.status !== 204) throw new Error(`registerZone(${id}): HTTP ${res.status} ${await res.text()}`);
  return zoneEndpoints(baseUrl, id);
}

export async function zoneStats(id: string, baseUrl: string = E2E_DOH_URL): Promise<ZoneStats> {
  const res = await fetch(`${baseUrl}/_stats/${encodeURIComponent(id)}`);
  return (await res.json()) as ZoneStats;
}

export async function resetZoneStats(id: string, baseUrl: string = E2E_DOH_URL): Promise<void> {
  await fetch(`${baseUrl}/_stats/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

let counter = 0;
/** A zone id no other test uses (parallel workers share one server). */
export function uniqueZoneId(prefix = 'zone'): string {
  counter++;
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}-${counter}`;
}
