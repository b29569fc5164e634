// The other organizations' records the test zones point to: Tencent's mail hosts and SPF include,
// Google's and SendGrid's SPF includes, Cloudflare Email Routing's include and a DMARC report
// service. Shapes follow what these services publish (nested includes of address blocks); the
// addresses are documentation ranges (RFC 5737, RFC 3849), not theirs.

import type { Zone } from '../../../src/lib/dns/model.ts';

export const TENCENT: Zone = {
  'mxbiz1.qq.com': [{ A: '192.0.2.31' }, { AAAA: '2001:db8:31::1' }],
  'mxbiz2.qq.com': [{ A: '192.0.2.32' }],
  // Reverse DNS of the mail hosts, forward-confirmed (RFC 1912 §2.1): mxbiz1's addresses name
  // mxbiz1 itself (the audit already asked its A/AAAA); mxbiz2's names another host, as large
  // providers' addresses often do, whose A the audit asks one round later.
  '31.2.0.192.in-addr.arpa': [{ PTR: 'mxbiz1.qq.com' }],
  '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.3.0.0.8.b.d.0.1.0.0.2.ip6.arpa': [{ PTR: 'mxbiz1.qq.com' }],
  '32.2.0.192.in-addr.arpa': [{ PTR: 'out32.mail.qq.com' }],
  'out32.mail.qq.com': [{ A: '192.0.2.32' }],
  'exmail.qq.com': [{ A: '192.0.2.20' }],
  'spf.mail.qq.com': [{ TXT: 'v=spf1 include:spf-a.mail.qq.com include:spf-b.mail.qq.com -all' }],
  'spf-a.mail.qq.com': [{ TXT: 'v=spf1 ip4:192.0.2.0/25 ip4:198.51.100.0/26 -all' }],
  'spf-b.mail.qq.com': [{ TXT: 'v=spf1 ip4:203.0.113.0/25 ip6:2001:db8:100::/48 -all' }],
  // qq.com publishes no `<domain>._report._dmarc.qq.com` authorization for its customers' domains.
  'qq.com': [{ MX: [10, 'mx1.qq.com'] }, { TXT: 'v=spf1 include:spf.mail.qq.com -all' }],
  'mx1.qq.com': [{ A: '192.0.2.33' }],
};

export const GOOGLE: Zone = {
  '_spf.google.com': [
    {
      TXT: 'v=spf1 include:_netblocks.google.com include:_netblocks2.google.com include:_netblocks3.google.com ~all',
    },
  ],
  '_netblocks.google.com': [{ TXT: 'v=spf1 ip4:198.51.100.64/26 ip4:198.51.100.128/25 ~all' }],
  '_netblocks2.google.com': [{ TXT: 'v=spf1 ip6:2001:db8:4860::/48 ~all' }],
  '_netblocks3.google.com': [{ TXT: 'v=spf1 ip4:203.0.113.128/26 ~all' }],
};

export const SENDGRID: Zone = {
  'sendgrid.net': [{ TXT: 'v=spf1 ip4:203.0.113.192/27 ip4:203.0.113.224/27 ~all' }],
};

export const CLOUDFLARE_EMAIL_ROUTING: Zone = {
  '_spf.mx.cloudflare.net': [{ TXT: 'v=spf1 ip4:192.0.2.200/29 ~all' }],
  'route1.mx.cloudflare.net': [{ A: '192.0.2.201' }],
  'route2.mx.cloudflare.net': [{ A: '192.0.2.202' }],
  'route3.mx.cloudflare.net': [{ A: '192.0.2.203' }],
};

/**
 * A DMARC report service that authorizes reports for its customer `acme.example` (RFC 9990 §4).
 * Real services often use a wildcard; the zone resolver serves exact names only.
 */
export const REPORT_SERVICE: Zone = {
  'acme.example._report._dmarc.reports.example.net': [{ TXT: 'v=DMARC1' }],
  // Where the reports are mailed: the service accepts mail (RFC 5321 §5.1).
  'reports.example.net': [{ MX: [10, 'mx.reports.example.net'] }],
};
