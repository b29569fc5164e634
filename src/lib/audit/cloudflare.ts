// Cloudflare facts the audit checks against (data and sources in cloudflare.json): the address
// ranges of its proxy, and the MX hosts and SPF include that Email Routing adds. Cloudflare does
// not proxy SMTP, so a mail exchange that resolves into these ranges is a proxied ("orange
// cloud") record and receives no mail (docs/cloudflare.md, mistake 1; keep that page in sync with
// cloudflare.json's sources).

import ipaddr from 'ipaddr.js';
import data from './cloudflare.json';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

const RANGES: ReadonlyArray<{ cidr: string; range: Range }> = [...data.ipv4, ...data.ipv6].map((cidr) => ({
  cidr,
  range: ipaddr.parseCIDR(cidr),
}));

/** The Cloudflare proxy range `address` falls in (`104.16.0.0/13`), or null. */
export function cloudflareProxyRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return null;
  let ip = ipaddr.parse(address);
  // An IPv4-mapped IPv6 address (::ffff:104.16.1.1) is the IPv4 address.
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress())
    ip = (ip as ipaddr.IPv6).toIPv4Address();
  for (const { cidr, range } of RANGES) {
    if (range[0].kind() === ip.kind() && ip.match(range)) return cidr;
  }
  return null;
}

/** Cloudflare Email Routing's SPF include (its setup adds it next to whatever is there). */
export const EMAIL_ROUTING_SPF_INCLUDE: string = data.emailRouting.spfInclude;

export const EMAIL_ROUTING_MX: readonly string[] = data.emailRouting.mx;

export function isEmailRoutingMx(exchange: string): boolean {
  return EMAIL_ROUTING_MX.includes(exchange.replace(/\.$/, '').toLowerCase());
}
