// Zone data the test DoH server serves by default: the records of the user in docs/user.md
// (`chiqio.com`, Tencent Exmail behind Cloudflare DNS) and a few shapes every client must handle.

import type { Zone } from '../../src/lib/dns/model.ts';

/** A real 1024-bit RSA public key (SPKI, base64) in the `p=` form Exmail hands out
 *  (docs/public-api.md: `MIGfMA0G…IDAQAB`); generated for these tests, its private key discarded. */
export const CHIQIO_DKIM_KEY =
  'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC1yj6E/Hdue1sdE896PiUFfBu5LRQtqj8uMTm/jrDvKbkWHtRBjhE1nu30' +
  '360WE0HFUc+wQrNkX+h4Is3mK3L92HmiC+1+Nob6BR4d2FQjdeuneAHy0OzW1NgqVcJTU8RpSfriVjQGg+xTT2kZVYKatdjQ' +
  'BVUD3QeiS8GE0ixzMwIDAQAB';

export const CHIQIO_ZONE: Zone = {
  'chiqio.com': [
    { MX: [5, 'mxbiz1.qq.com.'] },
    { MX: [10, 'mxbiz2.qq.com.'] },
    { TXT: 'v=spf1 include:spf.mail.qq.com ~all' },
    { A: '192.0.2.10' },
  ],
  '_dmarc.chiqio.com': [{ TXT: 'v=DMARC1; p=none; rua=mailto:mailauth-reports@qq.com' }],
  // DNS splits keys over 255 octets into several strings; kept apart here to exercise that.
  'lokg123._domainkey.chiqio.com': [{ TXT: ['v=DKIM1; k=rsa; p=', CHIQIO_DKIM_KEY] }],
  'mail.chiqio.com': [{ CNAME: 'exmail.qq.com.' }],
  'exmail.qq.com': [{ A: '192.0.2.20' }],
  'mxbiz1.qq.com': [{ A: '192.0.2.31' }],
  'mxbiz2.qq.com': [{ A: '192.0.2.32' }],
  'spf.mail.qq.com': [{ TXT: 'v=spf1 ip4:192.0.2.0/24 -all' }],
};
