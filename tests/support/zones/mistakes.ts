// Cloudflare-hosted mistakes from docs/cloudflare.md in one zone: a proxied mail host (1), a proxied DKIM
// CNAME that answers A instead of TXT (2), Email Routing's MX and SPF left next to another
// provider's (8), hence two SPF records; plus an MX target that is an alias (RFC 2181 §10.3).

import type { Zone } from '../../../src/lib/dns/model.ts';
import { CLOUDFLARE_EMAIL_ROUTING, TENCENT } from './third-parties.ts';

export const MISTAKES_DOMAIN = 'mistakes.example';

export const MISTAKES_ZONE: Zone = {
  ...TENCENT,
  ...CLOUDFLARE_EMAIL_ROUTING,
  'mistakes.example': [
    { MX: [10, 'mail.mistakes.example'] },
    { MX: [20, 'route1.mx.cloudflare.net'] },
    { MX: [30, 'alias.mistakes.example'] },
    { TXT: 'v=spf1 include:spf.mail.qq.com ~all' },
    { TXT: 'v=spf1 include:_spf.mx.cloudflare.net ~all' },
  ],
  // Proxied in Cloudflare: the name answers with Cloudflare's addresses.
  'mail.mistakes.example': [{ A: '104.16.132.229' }, { AAAA: '2606:4700::6810:84e5' }],
  'alias.mistakes.example': [{ CNAME: 'mx2.mistakes.example' }],
  'mx2.mistakes.example': [{ A: '198.51.100.7' }],
  // A proxied DKIM CNAME: Cloudflare flattens it and answers A/AAAA, never the TXT behind it.
  's1._domainkey.mistakes.example': [{ A: '172.67.1.1' }],
  '_dmarc.mistakes.example': [{ TXT: 'v=DMARC1; p=reject' }],
};
