// The one catalog of diagnostic and finding codes: severity and RFC section per code.
// Messages live in the i18n catalogs (messages/<area>/<locale>.json) under the key made by
// `messageKey(code)`; a unit test checks that every code here has both an en and a zh-CN text.
// Codes are public: once shipped they keep their meaning.

import type { Severity } from './model.ts';

export interface CodeInfo {
  severity: Severity;
  spec?: string;
}

export const CODES = {
  // ── general ──────────────────────────────────────────────────────────────
  'record/empty': { severity: 'error' },
  'record/unknown-kind': { severity: 'info' },
  'record/invisible-character': { severity: 'warning' },

  // ── spf (RFC 7208) ───────────────────────────────────────────────────────
  'spf/missing': { severity: 'error', spec: 'RFC 7208 §4.5' },
  'spf/multiple-records': { severity: 'error', spec: 'RFC 7208 §4.5' },
  'spf/too-many-lookups': { severity: 'error', spec: 'RFC 7208 §4.6.4' },
  'spf/too-many-void-lookups': { severity: 'error', spec: 'RFC 7208 §4.6.4' },
  'spf/include-missing-record': { severity: 'error', spec: 'RFC 7208 §5.2' },
  // (spf section: add codes above this line)

  // ── dmarc (RFC 9989) ─────────────────────────────────────────────────────
  'dmarc/missing': { severity: 'error', spec: 'RFC 9989 §4.10' },
  'dmarc/multiple-records': { severity: 'error', spec: 'RFC 9989 §4.10' },
  'dmarc/external-destination-unauthorized': { severity: 'warning', spec: 'RFC 9989 §3.3' },
  'dmarc/policy-none': { severity: 'info', spec: 'RFC 9989 §4.7' },
  // (dmarc section: add codes above this line)

  // ── dkim (RFC 6376, RFC 8301, RFC 8463) ──────────────────────────────────
  'dkim/not-found': { severity: 'warning', spec: 'RFC 6376 §3.6.2.2' },
  'dkim/key-damaged': { severity: 'error', spec: 'RFC 6376 §3.6.1' },
  'dkim/key-weak': { severity: 'warning', spec: 'RFC 8301 §3.2' },
  'dkim/key-too-short': { severity: 'error', spec: 'RFC 8301 §3.2' },
  'dkim/key-revoked': { severity: 'warning', spec: 'RFC 6376 §3.6.1' },
  // (dkim section: add codes above this line)

  // ── mx (RFC 5321, RFC 7505) ──────────────────────────────────────────────
  'mx/missing': { severity: 'error', spec: 'RFC 5321 §5.1' },
  'mx/null': { severity: 'info', spec: 'RFC 7505 §3' },
  'mx/target-cname': { severity: 'warning', spec: 'RFC 5321 §5.1' },
  'mx/target-ip': { severity: 'error', spec: 'RFC 7505 §3' },
  // (mx section: add codes above this line)

  // ── mta-sts (RFC 8461), tls-rpt (RFC 8460), bimi ─────────────────────────
  // (mta-sts / tls-rpt / bimi section: add codes above this line)

  // ── dns (resolvers) ──────────────────────────────────────────────────────
  // A DNS timeout or failure is temporary (RFC 7208 §2.6.6 temperror), never "invalid record".
  'dns/timeout': { severity: 'warning' },
  'dns/servfail': { severity: 'warning', spec: 'RFC 1035 §4.1.1' },
  'dns/refused': { severity: 'warning', spec: 'RFC 1035 §4.1.1' },
  'dns/unexpected-rcode': { severity: 'warning', spec: 'RFC 1035 §4.1.1' },
  'dns/http-error': { severity: 'warning', spec: 'RFC 8484 §4.2.1' },
  'dns/rate-limited': { severity: 'warning', spec: 'RFC 6585 §4' },
  'dns/cors-or-network': { severity: 'warning' },
  'dns/bad-response': { severity: 'warning', spec: 'RFC 8484 §4.2.1' },
  'dns/invalid-name': { severity: 'error', spec: 'RFC 1035 §2.3.4' },
  'dns/aborted': { severity: 'info' },
  'dns/answers-differ': { severity: 'info' },
  'dns/status-differs': { severity: 'info', spec: 'RFC 1035 §4.1.1' },
  // Cloudflare's "black lies": NODATA (minimally covering NSEC, RFC 4470) for a name that does not exist.
  'dns/black-lie': { severity: 'info', spec: 'RFC 4470 §2' },
  // (dns section: add codes above this line)

  // ── audit findings ───────────────────────────────────────────────────────
  // (audit section: add codes above this line)
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function isCode(code: string): code is Code {
  return Object.hasOwn(CODES, code);
}

/** The i18n message key of a code: `spf/too-many-lookups` → `spf_too_many_lookups`. */
export function messageKey(code: string): string {
  return code.replace(/[^a-zA-Z0-9]+/g, '_');
}
