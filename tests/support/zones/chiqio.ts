// The domain of the user in docs/user.md: mail at Tencent Exmail, DNS at Cloudflare. `CHIQIO_BROKEN` has
// the original mistakes (DMARC p=none with rua at qq.com, which publishes no authorization; a
// 1024-bit Exmail key at lokg123; a key pasted with quotes at the `exmail` selector; no key at
// any common selector) and the web-mail CNAME `mail → exmail.qq.com` proxied in Cloudflare, as
// docs/public-api.md has it (a proxied name answers Cloudflare's addresses, never the CNAME; that is fine
// for web mail). `CHIQIO_FIXED` is the same domain with everything corrected (the web-mail CNAME
// DNS only), and `CHIQIO_FIXED_POLICY` the MTA-STS policy file it serves.

import type { Zone } from '../../../src/lib/dns/model.ts';
import { splitTxt } from '../../../src/lib/shared/txt.ts';
import { RSA_1024, RSA_2048, RSA_2048_PASTED_WITH_QUOTES } from './keys.ts';
import { TENCENT } from './third-parties.ts';

export const CHIQIO = 'chiqio.com';
/** The selector Exmail showed this user (docs/user.md). */
export const CHIQIO_SELECTOR = 'lokg123';
/** Where the broken zone has the key damaged by a quoted paste. */
export const CHIQIO_DAMAGED_SELECTOR = 'exmail';

/** The zone apex at Cloudflare (RFC 1034 §4.2.1: SOA and NS at the top node). Unsigned. */
const CHIQIO_APEX = [
  { NS: 'ada.ns.cloudflare.com' },
  { NS: 'bob.ns.cloudflare.com' },
  { SOA: 'ada.ns.cloudflare.com dns.cloudflare.com 2350012345 10000 2400 604800 1800' },
] as const;

const COMMON: Zone = {
  ...TENCENT,
  'mail.chiqio.com': [{ CNAME: 'exmail.qq.com' }],
  'www.chiqio.com': [{ A: '192.0.2.10' }],
};

/** Addresses inside Cloudflare's proxy ranges (src/lib/audit/cloudflare.json), as a proxied name answers. */
export const CHIQIO_WEBMAIL_PROXIED = { A: '104.21.48.7', AAAA: '2606:4700:3031::6815:3007' };

export const CHIQIO_BROKEN: Zone = {
  ...COMMON,
  'mail.chiqio.com': [{ A: CHIQIO_WEBMAIL_PROXIED.A }, { AAAA: CHIQIO_WEBMAIL_PROXIED.AAAA }],
  'chiqio.com': [
    { MX: [5, 'mxbiz1.qq.com'] },
    { MX: [10, 'mxbiz2.qq.com'] },
    { TXT: 'v=spf1 include:spf.mail.qq.com ~all' },
    { A: '192.0.2.10' },
    ...CHIQIO_APEX,
  ],
  '_dmarc.chiqio.com': [{ TXT: 'v=DMARC1; p=none; rua=mailto:mailauth-reports@qq.com' }],
  // DNS serves keys over 255 octets as several strings; this one fits but comes split as pasted.
  'lokg123._domainkey.chiqio.com': [{ TXT: ['v=DKIM1; k=rsa; p=', RSA_1024] }],
  // Cloudflare stores the pasted text as typed and splits it into 255-octet strings itself.
  'exmail._domainkey.chiqio.com': [{ TXT: splitTxt(`v=DKIM1; k=rsa; p=${RSA_2048_PASTED_WITH_QUOTES}`) }],
};

export const CHIQIO_FIXED: Zone = {
  ...COMMON,
  'chiqio.com': [
    { MX: [5, 'mxbiz1.qq.com'] },
    { MX: [10, 'mxbiz2.qq.com'] },
    { TXT: 'v=spf1 include:spf.mail.qq.com ~all' },
    { A: '192.0.2.10' },
    ...CHIQIO_APEX,
  ],
  '_dmarc.chiqio.com': [{ TXT: 'v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@chiqio.com' }],
  'lokg123._domainkey.chiqio.com': [
    { TXT: ['v=DKIM1; k=rsa; p=', RSA_2048.slice(0, 200), RSA_2048.slice(200)] },
  ],
  '_mta-sts.chiqio.com': [{ TXT: 'v=STSv1; id=20250601' }],
  '_smtp._tls.chiqio.com': [{ TXT: 'v=TLSRPTv1; rua=mailto:tls-reports@chiqio.com' }],
};

export const CHIQIO_FIXED_POLICY =
  'version: STSv1\r\nmode: enforce\r\nmx: mxbiz1.qq.com\r\nmx: mxbiz2.qq.com\r\nmax_age: 604800\r\n';
