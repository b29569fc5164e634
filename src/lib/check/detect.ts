// Which kind of mail DNS record a pasted text is, from its content alone: the version tag where
// there is one (v=spf1, v=DMARC1, v=DKIM1, v=STSv1, v=TLSRPTv1, v=BIMI1), else the shapes each
// kind has (an MTA-STS policy's `key: value` lines, DKIM's k=/p= tags or a bare key, DMARC's
// p=none|quarantine|reject, an MX record's "10 host"). Lenient on purpose: the kind's parser then
// says exactly what is wrong (a `V=spf1` or `v = DMARC1` still gets the right parser).

import { stripInvisible } from '../shared/invisible.ts';
import type { RecordKind } from './model.ts';
import { unwrapRecordText } from './unwrap.ts';

const VERSIONS: Array<[RegExp, RecordKind]> = [
  [/^spf1$/i, 'spf'],
  [/^dmarc/i, 'dmarc'],
  [/^dkim/i, 'dkim'],
  [/^stsv/i, 'mta-sts'],
  [/^tlsrpt/i, 'tls-rpt'],
  [/^bimi/i, 'bimi'],
];
/** v=<version> at the start of the record or of any tag (a misplaced v= is still telling). */
const VERSION_TAG = /(?:^|;)\s*v\s*=\s*([A-Za-z0-9.]+)/gi;
const POLICY_LINE = /^[ \t]*(version|mode|max_age|mx)[ \t]*:/gim;
const PEM = /-----BEGIN [A-Z0-9 ]*PUBLIC KEY-----/;
/** A key on its own (RFC 6376 §3.6.1 p= is base64); shorter strings are not worth the guess. */
const BARE_KEY = /^[A-Za-z0-9+/]{40,}={0,2}$/;
const DMARC_POLICY = /(?:^|;)\s*p\s*=\s*(none|quarantine|reject)\s*(?:;|$)/i;
const DKIM_TAG = /(?:^|;)\s*[kp]\s*=/;
/** "10 mx.example.com." or a zone-file/dig line with the MX type, or the null MX "0 .". */
const MX_LINE = /^(?:\S+\s+)*?(?:MX\s+)?\d{1,5}\s+[^\s;=]+$/i;

export function detectRecordKind(text: string): RecordKind {
  const visible = stripInvisible(unwrapRecordText(text).text).trim();
  if (visible === '') return 'unknown';

  for (const m of visible.matchAll(VERSION_TAG)) {
    const found = VERSIONS.find(([re]) => re.test(m[1]));
    if (found) return found[1];
  }
  if (/^v\s*=/i.test(visible)) return 'unknown'; // a version we do not know (v=spf2.0/pra …)

  const policyLines = new Set([...stripInvisible(text).matchAll(POLICY_LINE)].map((m) => m[1].toLowerCase()));
  if (policyLines.has('version') || policyLines.size >= 2) return 'mta-sts-policy';

  if (PEM.test(visible) || BARE_KEY.test(visible.replace(/\s+/g, ''))) return 'dkim';
  if (DMARC_POLICY.test(visible)) return 'dmarc';
  if (DKIM_TAG.test(visible)) return 'dkim';
  if (MX_LINE.test(visible) && (/^\d/.test(visible) || /\sMX\s/i.test(` ${visible}`))) return 'mx';
  return 'unknown';
}
