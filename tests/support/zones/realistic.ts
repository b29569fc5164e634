// The benchmark zone (issue 5, "Performance"): a domain receiving at Tencent Exmail, sending also
// through Google Workspace and a bulk sender (SendGrid), with 20 DKIM selectors to probe, MTA-STS,
// TLS-RPT and BIMI, and a DMARC report service at another organization. Exported for
// `npm run bench` and used by the audit unit tests.

import type { Zone } from '../../../src/lib/dns/model.ts';
import { splitTxt } from '../../../src/lib/shared/txt.ts';
import { RSA_2048, RSA_2048_B } from './keys.ts';
import { GOOGLE, REPORT_SERVICE, SENDGRID, TENCENT } from './third-parties.ts';

export const REALISTIC_DOMAIN = 'acme.example';

/**
 * The selectors the benchmark asks for (pass them with `commonSelectors: false`): four publish a
 * key (Exmail's TXT, Google's TXT, SendGrid's two CNAME-delegated keys), sixteen do not exist.
 */
export const REALISTIC_SELECTORS: readonly string[] = [
  'lokg123',
  'google',
  's1',
  's2',
  'default',
  'selector1',
  'selector2',
  'k1',
  'k2',
  'dkim',
  'mail',
  'smtp',
  'mandrill',
  'mte1',
  'fm1',
  'protonmail',
  'zmail',
  'mailjet',
  'sig1',
  'pdk1',
];

export const REALISTIC_POLICY =
  'version: STSv1\r\nmode: enforce\r\nmx: mxbiz1.qq.com\r\nmx: mxbiz2.qq.com\r\nmax_age: 604800\r\n';

export const REALISTIC_ZONE: Zone = {
  ...TENCENT,
  ...GOOGLE,
  ...SENDGRID,
  ...REPORT_SERVICE,
  'acme.example': [
    { MX: [5, 'mxbiz1.qq.com'] },
    { MX: [10, 'mxbiz2.qq.com'] },
    { TXT: 'v=spf1 include:spf.mail.qq.com include:_spf.google.com include:sendgrid.net ~all' },
    { TXT: 'google-site-verification=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg' },
    { A: '192.0.2.80' },
    { NS: 'ns1.acme.example' },
    { NS: 'ns2.acme.example' },
    { SOA: 'ns1.acme.example hostmaster.acme.example 2025010101 7200 3600 1209600 300' },
  ],
  '_dmarc.acme.example': [
    {
      TXT: 'v=DMARC1; p=quarantine; rua=mailto:dmarc@acme.example,mailto:acme@reports.example.net; adkim=r; aspf=r',
    },
  ],
  'lokg123._domainkey.acme.example': [{ TXT: splitTxt(`v=DKIM1; k=rsa; p=${RSA_2048}`) }],
  'google._domainkey.acme.example': [{ TXT: splitTxt(`v=DKIM1; k=rsa; p=${RSA_2048_B}`) }],
  's1._domainkey.acme.example': [{ CNAME: 's1.domainkey.u1234.wl.sendgrid.net' }],
  's2._domainkey.acme.example': [{ CNAME: 's2.domainkey.u1234.wl.sendgrid.net' }],
  's1.domainkey.u1234.wl.sendgrid.net': [{ TXT: splitTxt(`k=rsa; t=s; p=${RSA_2048}`) }],
  's2.domainkey.u1234.wl.sendgrid.net': [{ TXT: splitTxt(`k=rsa; t=s; p=${RSA_2048_B}`) }],
  '_mta-sts.acme.example': [{ TXT: 'v=STSv1; id=20250101T000000' }],
  '_smtp._tls.acme.example': [{ TXT: 'v=TLSRPTv1; rua=mailto:tls-reports@acme.example' }],
  'default._bimi.acme.example': [
    { TXT: 'v=BIMI1; l=https://acme.example/bimi/logo.svg; a=https://acme.example/bimi/vmc.pem' },
  ],
};

/**
 * The critical path of an audit of REALISTIC_ZONE, counted by hand: round 1 asks everything that
 * depends on nothing (MX, TXT at the domain, _dmarc, the 20 selectors, _mta-sts, _smtp._tls,
 * default._bimi, SOA/NS/DNSKEY at the domain); round 2 what those answers name (the exchanges'
 * A/AAAA and TLSA, the three SPF includes, the report service's authorization and MX; the MTA-STS
 * policy fetch is HTTP, not DNS); round 3 the includes nested in Tencent's and Google's
 * (spf-a/spf-b.mail.qq.com, _netblocks*.google.com) and the PTR of each exchange address; round 4
 * the A of out32.mail.qq.com, the PTR name of mxbiz2's address, to confirm it leads back (the
 * PTR names of mxbiz1's addresses are mxbiz1 itself, whose answers round 2 already has). The
 * resolver follows the DKIM CNAMEs inside the round-1 answers.
 */
export const REALISTIC_ROUNDS = 4;

/** A fetch that serves the zone's MTA-STS policy (tests never reach the network). */
export const realisticPolicyFetch: typeof fetch = async (input) => {
  const url = String(input instanceof Request ? input.url : input);
  if (url === `https://mta-sts.${REALISTIC_DOMAIN}/.well-known/mta-sts.txt`) {
    return new Response(REALISTIC_POLICY, { status: 200, headers: { 'Content-Type': 'text/plain' } });
  }
  throw new TypeError('Failed to fetch');
};
