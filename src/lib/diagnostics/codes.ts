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
  // Zone-file quoted strings (RFC 1035 §5.1) pasted where the record content was expected.
  'record/zone-file-quotes': { severity: 'warning', spec: 'RFC 1035 §5.1' },

  // ── spf (RFC 7208) ───────────────────────────────────────────────────────
  'spf/missing': { severity: 'error', spec: 'RFC 7208 §4.5' },
  'spf/multiple-records': { severity: 'error', spec: 'RFC 7208 §4.5' },
  'spf/too-many-lookups': { severity: 'error', spec: 'RFC 7208 §4.6.4' },
  'spf/too-many-void-lookups': { severity: 'error', spec: 'RFC 7208 §4.6.4' },
  'spf/include-missing-record': { severity: 'error', spec: 'RFC 7208 §5.2' },
  // record syntax (each of these makes check_host() return permerror, §4.6)
  'spf/version': { severity: 'error', spec: 'RFC 7208 §4.5' },
  'spf/syntax': { severity: 'error', spec: 'RFC 7208 §4.6.1' },
  'spf/invalid-character': { severity: 'error', spec: 'RFC 7208 §4.6.1' },
  'spf/unknown-mechanism': { severity: 'error', spec: 'RFC 7208 §5' },
  'spf/missing-argument': { severity: 'error', spec: 'RFC 7208 §5' },
  'spf/unexpected-argument': { severity: 'error', spec: 'RFC 7208 §5' },
  'spf/invalid-modifier': { severity: 'error', spec: 'RFC 7208 §4.6.1' },
  'spf/duplicate-modifier': { severity: 'error', spec: 'RFC 7208 §6' },
  'spf/invalid-ip4': { severity: 'error', spec: 'RFC 7208 §5.6' },
  'spf/invalid-ip6': { severity: 'error', spec: 'RFC 7208 §5.6' },
  'spf/invalid-cidr': { severity: 'error', spec: 'RFC 7208 §5.6' },
  'spf/invalid-domain': { severity: 'error', spec: 'RFC 7208 §7.1' },
  'spf/invalid-macro': { severity: 'error', spec: 'RFC 7208 §7.1' },
  'spf/macro-exp-only': { severity: 'error', spec: 'RFC 7208 §7.1' },
  // valid syntax, but wrong or risky
  'spf/domain-not-queryable': { severity: 'error', spec: 'RFC 7208 §4.3' },
  'spf/all-not-last': { severity: 'warning', spec: 'RFC 7208 §5.1' },
  'spf/redirect-with-all': { severity: 'warning', spec: 'RFC 7208 §6.1' },
  'spf/ptr-deprecated': { severity: 'warning', spec: 'RFC 7208 §5.5' },
  'spf/plus-all': { severity: 'error', spec: 'RFC 7208 §5.1' },
  'spf/neutral-all': { severity: 'warning', spec: 'RFC 7208 §5.1' },
  'spf/no-all': { severity: 'info', spec: 'RFC 7208 §4.7' },
  'spf/lookups-at-limit': { severity: 'warning', spec: 'RFC 7208 §4.6.4' },
  'spf/duplicate-mechanism': { severity: 'warning', spec: 'RFC 7208 §4.6.2' },
  'spf/string-too-long': { severity: 'warning', spec: 'RFC 7208 §3.3' },
  'spf/record-too-long': { severity: 'warning', spec: 'RFC 7208 §3.4' },
  // the include tree (DNS)
  'spf/redirect-missing-record': { severity: 'error', spec: 'RFC 7208 §6.1' },
  'spf/include-loop': { severity: 'error', spec: 'RFC 7208 §4.6.4' },
  'spf/lookup-temperror': { severity: 'warning', spec: 'RFC 7208 §4.4' },
  'spf/too-many-mx-names': { severity: 'error', spec: 'RFC 7208 §4.6.4' },
  'spf/void-lookup': { severity: 'info', spec: 'RFC 7208 §4.6.4' },
  'spf/macro-not-followed': { severity: 'info', spec: 'RFC 7208 §7' },
  'spf/tree-truncated': { severity: 'warning' },
  'spf/duplicate-range': { severity: 'info' },
  'spf/overlapping-ranges': { severity: 'info' },
  // (spf section: add codes above this line)

  // ── dmarc (RFC 9989) ─────────────────────────────────────────────────────
  'dmarc/missing': { severity: 'error', spec: 'RFC 9989 §4.10' },
  'dmarc/multiple-records': { severity: 'error', spec: 'RFC 9989 §4.10' },
  'dmarc/external-destination-unauthorized': { severity: 'warning', spec: 'RFC 9990 §4' },
  'dmarc/policy-none': { severity: 'info', spec: 'RFC 9989 §4.7' },
  // record syntax (RFC 9989 §4.7, §4.8)
  'dmarc/not-dmarc': { severity: 'error', spec: 'RFC 9989 §4.7' },
  'dmarc/missing-version': { severity: 'error', spec: 'RFC 9989 §4.7' },
  'dmarc/version-not-first': { severity: 'error', spec: 'RFC 9989 §4.7' },
  'dmarc/invalid-version': { severity: 'error', spec: 'RFC 9989 §4.7' },
  // Whitespace before v=DMARC1: the record does not match the formal definition (as spf/version).
  'dmarc/leading-whitespace': { severity: 'error', spec: 'RFC 9989 §4.8' },
  'dmarc/syntax-error': { severity: 'error', spec: 'RFC 9989 §4.8' },
  'dmarc/tag-separator': { severity: 'error', spec: 'RFC 9989 §4.8' },
  'dmarc/empty-tag': { severity: 'warning', spec: 'RFC 9989 §4.8' },
  'dmarc/duplicate-tag': { severity: 'error', spec: 'RFC 6376 §3.2' },
  'dmarc/unknown-tag': { severity: 'warning', spec: 'RFC 9989 §4.7' },
  'dmarc/unknown-tag-typo': { severity: 'warning', spec: 'RFC 9989 §4.7' },
  'dmarc/invalid-policy': { severity: 'error', spec: 'RFC 9989 §4.7' },
  'dmarc/invalid-value': { severity: 'error', spec: 'RFC 9989 §4.8' },
  'dmarc/policy-not-second': { severity: 'warning', spec: 'RFC 7489 §6.4' },
  'dmarc/removed-tag': { severity: 'warning', spec: 'RFC 9989 Appendix C.5.2' },
  'dmarc/removed-tag-invalid-value': { severity: 'warning', spec: 'RFC 7489 §6.3' },
  'dmarc/fo-conflict': { severity: 'warning', spec: 'RFC 9989 §4.7' },
  'dmarc/invalid-uri': { severity: 'error', spec: 'RFC 9989 §4.8' },
  'dmarc/invalid-mailto': { severity: 'error', spec: 'RFC 6068 §2' },
  'dmarc/uri-not-mailto': { severity: 'warning', spec: 'RFC 9989 §4.7' },
  'dmarc/invalid-report-size': { severity: 'error', spec: 'RFC 9989 §4.8' },
  'dmarc/report-size-obsolete': { severity: 'info', spec: 'RFC 9989 §4.8' },
  // whole-record checks (RFC 9989 §4.7, §4.10.1)
  'dmarc/missing-policy': { severity: 'warning', spec: 'RFC 9989 §4.10.1' },
  'dmarc/no-effective-policy': { severity: 'error', spec: 'RFC 9989 §4.10.1' },
  'dmarc/policy-falls-back-to-none': { severity: 'error', spec: 'RFC 9989 §4.10.1' },
  'dmarc/test-mode': { severity: 'info', spec: 'RFC 9989 §4.7' },
  'dmarc/subdomain-policy-weaker': { severity: 'info', spec: 'RFC 9989 §4.7' },
  'dmarc/no-aggregate-reports': { severity: 'info', spec: 'RFC 9989 §4.7' },
  'dmarc/fo-without-ruf': { severity: 'info', spec: 'RFC 9989 §4.7' },
  'dmarc/psd-set': { severity: 'warning', spec: 'RFC 9989 §5.2' },
  // the TXT answer at _dmarc and policy discovery (RFC 9989 §4.10)
  'dmarc/not-identified': { severity: 'error', spec: 'RFC 9989 §4.10' },
  'dmarc/record-at-wrong-name': { severity: 'error', spec: 'RFC 9989 §4.10.1' },
  'dmarc/lookup-failed': { severity: 'warning', spec: 'RFC 9989 §4.10.1' },
  'dmarc/invalid-domain': { severity: 'error', spec: 'RFC 9989 §5.3.1' },
  'dmarc/policy-inherited': { severity: 'info', spec: 'RFC 9989 §4.10.1' },
  // external report destinations (RFC 9990 §4, formerly RFC 7489 §7.1)
  'dmarc/external-destination-authorized': { severity: 'info', spec: 'RFC 9990 §4' },
  'dmarc/external-destination-wildcard': { severity: 'info', spec: 'RFC 9990 §4' },
  'dmarc/external-destination-override-elsewhere': { severity: 'warning', spec: 'RFC 9990 §4' },
  // (dmarc section: add codes above this line)

  // ── dkim (RFC 6376, RFC 8301, RFC 8463) ──────────────────────────────────
  'dkim/not-found': { severity: 'warning', spec: 'RFC 6376 §3.6.2.2' },
  'dkim/key-damaged': { severity: 'error', spec: 'RFC 6376 §3.6.1' },
  'dkim/key-weak': { severity: 'warning', spec: 'RFC 8301 §3.2' },
  'dkim/key-too-short': { severity: 'error', spec: 'RFC 8301 §3.2' },
  'dkim/key-revoked': { severity: 'warning', spec: 'RFC 6376 §3.6.1' },
  // record syntax (RFC 6376 §3.2, §3.6.1)
  'dkim/syntax-error': { severity: 'error', spec: 'RFC 6376 §3.2' },
  'dkim/duplicate-tag': { severity: 'error', spec: 'RFC 6376 §3.2' },
  'dkim/empty-tag': { severity: 'warning', spec: 'RFC 6376 §3.2' },
  'dkim/tag-name-case': { severity: 'warning', spec: 'RFC 6376 §3.2' },
  'dkim/unknown-tag': { severity: 'info', spec: 'RFC 6376 §3.6.1' },
  'dkim/version-not-first': { severity: 'error', spec: 'RFC 6376 §3.6.1' },
  'dkim/invalid-version': { severity: 'error', spec: 'RFC 6376 §3.6.1' },
  'dkim/missing-key': { severity: 'error', spec: 'RFC 6376 §3.6.1' },
  'dkim/unknown-key-type': { severity: 'error', spec: 'RFC 6376 §3.6.1' },
  'dkim/hash-sha1': { severity: 'warning', spec: 'RFC 8301 §3.1' },
  'dkim/hash-sha256-missing': { severity: 'error', spec: 'RFC 8301 §3.1' },
  'dkim/unknown-hash': { severity: 'info', spec: 'RFC 6376 §3.6.1' },
  'dkim/not-for-email': { severity: 'warning', spec: 'RFC 6376 §3.6.1' },
  'dkim/test-mode': { severity: 'info', spec: 'RFC 6376 §3.6.1' },
  'dkim/unknown-flag': { severity: 'info', spec: 'RFC 6376 §3.6.1' },
  // the key itself (inspectDkimKey)
  'dkim/key-type-mismatch': { severity: 'error', spec: 'RFC 6376 §3.6.1' },
  'dkim/ed25519-key-wrapped': { severity: 'error', spec: 'RFC 8463 §4.2' },
  'dkim/key-pkcs1': { severity: 'warning', spec: 'RFC 6376 §3.6.1' },
  // (dkim section: add codes above this line)

  // ── mx (RFC 5321, RFC 7505) ──────────────────────────────────────────────
  'mx/missing': { severity: 'error', spec: 'RFC 5321 §5.1' },
  'mx/null': { severity: 'info', spec: 'RFC 7505 §3' },
  // RFC 2181 §10.3: an MX target "must not be an alias".
  'mx/target-cname': { severity: 'warning', spec: 'RFC 2181 §10.3' },
  // RFC 1035 §3.3.9: EXCHANGE is a <domain-name>; an address there is read as a (missing) name.
  'mx/target-ip': { severity: 'error', spec: 'RFC 1035 §3.3.9' },
  'mx/target-no-address': { severity: 'error', spec: 'RFC 5321 §5.1' },
  'mx/invalid-target': { severity: 'error', spec: 'RFC 5321 §2.3.5' },
  'mx/missing-target': { severity: 'error', spec: 'RFC 1035 §3.3.9' },
  'mx/missing-preference': { severity: 'error', spec: 'RFC 1035 §3.3.9' },
  'mx/bad-preference': { severity: 'error', spec: 'RFC 1035 §3.3.9' },
  'mx/preference-conflict': { severity: 'warning', spec: 'RFC 1035 §3.3.9' },
  'mx/extra-text': { severity: 'error', spec: 'RFC 1035 §3.3.9' },
  'mx/null-with-others': { severity: 'error', spec: 'RFC 7505 §3' },
  'mx/null-preference': { severity: 'warning', spec: 'RFC 7505 §3' },
  'mx/duplicate-preference': { severity: 'info', spec: 'RFC 5321 §5.1' },
  'mx/duplicate-target': { severity: 'warning', spec: 'RFC 5321 §5.1' },
  // (mx section: add codes above this line)

  // ── mta-sts (RFC 8461), tls-rpt (RFC 8460), bimi ─────────────────────────
  // MTA-STS TXT record (RFC 8461 §3.1)
  'mta-sts/missing-version': { severity: 'error', spec: 'RFC 8461 §3.1' },
  'mta-sts/bad-version': { severity: 'error', spec: 'RFC 8461 §3.1' },
  'mta-sts/version-not-first': { severity: 'error', spec: 'RFC 8461 §3.1' },
  'mta-sts/missing-id': { severity: 'error', spec: 'RFC 8461 §3.1' },
  'mta-sts/bad-id': { severity: 'error', spec: 'RFC 8461 §3.1' },
  'mta-sts/unexpected-space': { severity: 'error', spec: 'RFC 8461 §3.1' },
  'mta-sts/empty-field': { severity: 'error', spec: 'RFC 8461 §3.1' },
  'mta-sts/malformed-field': { severity: 'error', spec: 'RFC 8461 §3.1' },
  'mta-sts/field-case': { severity: 'error', spec: 'RFC 8461 §3.1' },
  'mta-sts/bad-extension-name': { severity: 'error', spec: 'RFC 8461 §3.1' },
  'mta-sts/bad-extension-value': { severity: 'error', spec: 'RFC 8461 §3.1' },
  // TXT record and policy alike: unknown fields are ignored, repeated fields count once.
  'mta-sts/unknown-field': { severity: 'info', spec: 'RFC 8461 §3.2' },
  'mta-sts/duplicate-field': { severity: 'warning', spec: 'RFC 8461 §3.2' },
  // MTA-STS policy file (RFC 8461 §3.2)
  'mta-sts/policy-malformed-line': { severity: 'error', spec: 'RFC 8461 §3.2' },
  'mta-sts/policy-empty-line': { severity: 'error', spec: 'RFC 8461 §3.2' },
  'mta-sts/policy-field-case': { severity: 'error', spec: 'RFC 8461 §3.2' },
  'mta-sts/policy-missing-version': { severity: 'error', spec: 'RFC 8461 §3.2' },
  'mta-sts/policy-bad-version': { severity: 'error', spec: 'RFC 8461 §3.2' },
  'mta-sts/policy-missing-mode': { severity: 'error', spec: 'RFC 8461 §3.2' },
  'mta-sts/policy-bad-mode': { severity: 'error', spec: 'RFC 8461 §3.2' },
  'mta-sts/policy-missing-max-age': { severity: 'error', spec: 'RFC 8461 §3.2' },
  'mta-sts/policy-bad-max-age': { severity: 'error', spec: 'RFC 8461 §3.2' },
  'mta-sts/policy-max-age-too-large': { severity: 'error', spec: 'RFC 8461 §3.2' },
  'mta-sts/policy-missing-mx': { severity: 'error', spec: 'RFC 8461 §3.2' },
  'mta-sts/policy-bad-mx': { severity: 'error', spec: 'RFC 8461 §3.2' },
  'mta-sts/policy-mx-not-ascii': { severity: 'error', spec: 'RFC 8461 §3.2' },
  'mta-sts/policy-bad-extension-value': { severity: 'error', spec: 'RFC 8461 §3.2' },
  'mta-sts/mode-testing': { severity: 'info', spec: 'RFC 8461 §5' },
  'mta-sts/mode-none': { severity: 'info', spec: 'RFC 8461 §5' },
  'mta-sts/max-age-short': { severity: 'info', spec: 'RFC 8461 §3.2' },
  // An MX host no policy pattern matches (error in enforce mode, warning in testing mode).
  'mta-sts/mx-not-covered': { severity: 'error', spec: 'RFC 8461 §4.1' },
  // TLS-RPT TXT record (RFC 8460 §3)
  'tls-rpt/missing-version': { severity: 'error', spec: 'RFC 8460 §3' },
  'tls-rpt/bad-version': { severity: 'error', spec: 'RFC 8460 §3' },
  'tls-rpt/version-not-first': { severity: 'error', spec: 'RFC 8460 §3' },
  'tls-rpt/missing-rua': { severity: 'error', spec: 'RFC 8460 §3' },
  'tls-rpt/bad-rua-uri': { severity: 'error', spec: 'RFC 8460 §3' },
  'tls-rpt/rua-unsupported-scheme': { severity: 'warning', spec: 'RFC 8460 §3' },
  'tls-rpt/no-usable-rua': { severity: 'error', spec: 'RFC 8460 §3' },
  'tls-rpt/unexpected-space': { severity: 'error', spec: 'RFC 8460 §3' },
  'tls-rpt/empty-field': { severity: 'error', spec: 'RFC 8460 §3' },
  'tls-rpt/malformed-field': { severity: 'error', spec: 'RFC 8460 §3' },
  'tls-rpt/field-case': { severity: 'error', spec: 'RFC 8460 §3' },
  'tls-rpt/bad-extension-name': { severity: 'error', spec: 'RFC 8460 §3' },
  'tls-rpt/bad-extension-value': { severity: 'error', spec: 'RFC 8460 §3' },
  'tls-rpt/duplicate-field': { severity: 'warning', spec: 'RFC 8460 §3' },
  'tls-rpt/unknown-field': { severity: 'info', spec: 'RFC 8460 §3' },
  // BIMI Assertion Record (draft-brand-indicators-for-message-identification-10 §4.3)
  'bimi/missing-version': {
    severity: 'error',
    spec: 'draft-brand-indicators-for-message-identification-10 §4.3',
  },
  'bimi/bad-version': {
    severity: 'error',
    spec: 'draft-brand-indicators-for-message-identification-10 §4.3',
  },
  'bimi/version-not-first': {
    severity: 'error',
    spec: 'draft-brand-indicators-for-message-identification-10 §4.3',
  },
  'bimi/tag-case': { severity: 'error', spec: 'draft-brand-indicators-for-message-identification-10 §4.3' },
  'bimi/missing-location': {
    severity: 'error',
    spec: 'draft-brand-indicators-for-message-identification-10 §4.3',
  },
  'bimi/bad-location': {
    severity: 'error',
    spec: 'draft-brand-indicators-for-message-identification-10 §4.3',
  },
  'bimi/location-not-https': {
    severity: 'error',
    spec: 'draft-brand-indicators-for-message-identification-10 §4.3',
  },
  'bimi/location-multiple': {
    severity: 'error',
    spec: 'draft-brand-indicators-for-message-identification-10 §4.3',
  },
  'bimi/location-not-svg': {
    severity: 'error',
    spec: 'draft-brand-indicators-for-message-identification-10 §4.3.2',
  },
  'bimi/bad-authority': {
    severity: 'error',
    spec: 'draft-brand-indicators-for-message-identification-10 §4.3',
  },
  'bimi/authority-not-https': {
    severity: 'error',
    spec: 'draft-brand-indicators-for-message-identification-10 §4.3',
  },
  'bimi/bad-avp': { severity: 'warning', spec: 'draft-brand-indicators-for-message-identification-10 §4.3' },
  'bimi/bad-lps': { severity: 'error', spec: 'draft-brand-indicators-for-message-identification-10 §4.3' },
  'bimi/declined': { severity: 'info', spec: 'draft-brand-indicators-for-message-identification-10 §4.3.1' },
  'bimi/location-empty': {
    severity: 'info',
    spec: 'draft-brand-indicators-for-message-identification-10 §4.3',
  },
  'bimi/no-evidence': { severity: 'info', spec: 'draft-brand-indicators-for-message-identification-10 §4.3' },
  'bimi/unknown-tag': { severity: 'info', spec: 'draft-brand-indicators-for-message-identification-10 §4.3' },
  'bimi/duplicate-tag': { severity: 'error', spec: 'RFC 6376 §3.2' },
  'bimi/malformed-tag': { severity: 'error', spec: 'RFC 6376 §3.2' },
  'bimi/bad-tag-name': { severity: 'error', spec: 'RFC 6376 §3.2' },
  'bimi/empty-tag': { severity: 'error', spec: 'RFC 6376 §3.2' },
  'bimi/bad-value-char': { severity: 'error', spec: 'RFC 6376 §3.2' },
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
  // An endpoint that network errors or silence showed to be unreachable (dns/reachability.ts):
  // the query was not sent to it, or was cut short. Says nothing about the record.
  'dns/unreachable': { severity: 'warning' },
  // (dns section: add codes above this line)

  // ── audit findings ───────────────────────────────────────────────────────
  // The audit's own findings (src/lib/audit), named by the area they concern.
  'audit/invalid-domain': { severity: 'error', spec: 'RFC 1035 §2.3.4' },
  'audit/domain-not-found': { severity: 'error', spec: 'RFC 1035 §4.1.1' },
  'audit/invalid-selector': { severity: 'warning', spec: 'RFC 6376 §3.1' },
  'audit/subdomain-outside-domain': { severity: 'warning' },
  // A lookup that got no answer (timeout, SERVFAIL, HTTP/network failure): temporary, never "missing".
  'dns/temporary': { severity: 'warning' },
  // Cloudflare does not proxy SMTP: an exchange inside its proxy ranges receives no mail.
  'mx/target-proxied': { severity: 'error', spec: 'RFC 5321 §5.1' },
  'mx/email-routing-mixed': { severity: 'error', spec: 'RFC 5321 §5.1' },
  'spf/provider-include-missing': { severity: 'error', spec: 'RFC 7208 §5.2' },
  'spf/email-routing-include': { severity: 'warning', spec: 'RFC 7208 §4.6.4' },
  'dmarc/cname-and-txt': { severity: 'error', spec: 'RFC 1034 §3.6.2' },
  'dkim/proxied-cname': { severity: 'error', spec: 'RFC 6376 §3.6.2.2' },
  'dkim/multiple-records': { severity: 'warning', spec: 'RFC 6376 §3.6.2.2' },
  'mta-sts/missing': { severity: 'info', spec: 'RFC 8461 §3.1' },
  'mta-sts/multiple-records': { severity: 'error', spec: 'RFC 8461 §3.1' },
  'mta-sts/policy-unreadable': { severity: 'info', spec: 'RFC 8461 §3.3' },
  'mta-sts/policy-timeout': { severity: 'warning', spec: 'RFC 8461 §3.3' },
  'mta-sts/policy-http-error': { severity: 'error', spec: 'RFC 8461 §3.3' },
  'tls-rpt/missing': { severity: 'info', spec: 'RFC 8460 §3' },
  'tls-rpt/multiple-records': { severity: 'error', spec: 'RFC 8460 §3' },
  'bimi/missing': { severity: 'info', spec: 'draft-brand-indicators-for-message-identification-10 §4.3' },
  'bimi/multiple-records': {
    severity: 'error',
    spec: 'draft-brand-indicators-for-message-identification-10 §4.3',
  },
  'bimi/dmarc-not-enforced': {
    severity: 'warning',
    spec: 'draft-brand-indicators-for-message-identification-10',
  },
  // The provider's web-mail and mail-client host names (providers.json hostAliases; audit/hosts.ts):
  // Cloudflare may proxy web access, never SMTP/IMAP/POP.
  'hosts/webmail-proxied': { severity: 'info' },
  'hosts/webmail-dns-only': { severity: 'info', spec: 'RFC 1034 §3.6.2' },
  'hosts/mail-host-proxied': { severity: 'error' },
  'hosts/mail-host-ok': { severity: 'info', spec: 'RFC 1034 §3.6.2' },
  'hosts/alias-other-target': { severity: 'info', spec: 'RFC 1034 §3.6.2' },
  'hosts/alias-missing': { severity: 'info', spec: 'RFC 1035 §3.3.1' },
  // The staged DMARC path (audit/dmarc-path.ts): reports first, then quarantine, then reject.
  'dmarc/next-step-reports': { severity: 'info', spec: 'RFC 9989 §4.7' },
  'dmarc/next-step-quarantine': { severity: 'info', spec: 'RFC 9989 §4.7' },
  'dmarc/next-step-reject': { severity: 'info', spec: 'RFC 9989 §4.7' },
  'dmarc/enforcement-waits-for-dkim': { severity: 'warning', spec: 'RFC 9989 §4.4' },
  // A damaged key cannot be repaired from DNS: where to copy it again and how to paste it.
  'dkim/key-recopy': { severity: 'info', spec: 'RFC 6376 §3.6.1' },
  'dkim/key-recopy-console': { severity: 'info', spec: 'RFC 6376 §3.6.1' },
  // What a peer checker (checkdmarc) looks at beyond the mail records (issue 10 item 9):
  // the zone (audit/zone.ts), the MX hosts' reverse DNS (audit/mx-reverse.ts) and DANE
  // (audit/dane.ts), the report destinations' mail hosts (audit/dmarc.ts).
  'dns/nxdomain': { severity: 'error', spec: 'RFC 1035 §4.1.1' },
  // RFC 1034 §4.2.1: a zone's top node holds its SOA and NS records.
  'dns/no-ns': { severity: 'info', spec: 'RFC 1034 §4.2.1' },
  'dns/dnssec-unsigned': { severity: 'info', spec: 'RFC 4035 §2.1' },
  'dns/ad-bit': { severity: 'info', spec: 'RFC 4035 §3.2.3' },
  'dns/dnssec-validated': { severity: 'info', spec: 'RFC 4035 §3.2.3' },
  // Receivers' requirement on the hosts that send to them, shown for the receiving hosts DNS names.
  'mx/ptr-missing': { severity: 'warning', spec: 'RFC 1912 §2.1' },
  'mx/ptr-mismatch': { severity: 'warning', spec: 'RFC 1912 §2.1' },
  'mx/dane-tlsa': { severity: 'info', spec: 'RFC 7672 §2.2.3' },
  'mx/dane-tlsa-unsigned': { severity: 'warning', spec: 'RFC 7672 §2.1' },
  'mx/dane-tlsa-pkix': { severity: 'warning', spec: 'RFC 7672 §3.1.3' },
  // A browser cannot open port 25: STARTTLS and the certificate are not checked.
  'mx/starttls-unchecked': { severity: 'info', spec: 'RFC 3207 §4' },
  'dmarc/rua-domain-no-mx': { severity: 'warning', spec: 'RFC 5321 §5.1' },
  // (audit section: add codes above this line)

  // ── composer (record builders, provider setup) ───────────────────────────
  'composer/missing-value': { severity: 'error' },
  'composer/invalid-value': { severity: 'error' },
  'composer/unknown-provider': { severity: 'error' },
  'composer/invalid-domain': { severity: 'error', spec: 'RFC 1035 §2.3.4' },
  'composer/invalid-ip4': { severity: 'error', spec: 'RFC 7208 §5.6' },
  'composer/invalid-ip6': { severity: 'error', spec: 'RFC 7208 §5.6' },
  'composer/invalid-cidr': { severity: 'error', spec: 'RFC 7208 §5.6' },
  'composer/duplicate-term': { severity: 'info' },
  'composer/lookup-count-incomplete': { severity: 'info', spec: 'RFC 7208 §4.6.4' },
  'composer/all-pass': { severity: 'error', spec: 'RFC 7208 §5.1' },
  'composer/merge-not-spf': { severity: 'error', spec: 'RFC 7208 §4.5' },
  'composer/merge-records-joined': { severity: 'info', spec: 'RFC 7208 §4.5' },
  'composer/merge-dropped-term': { severity: 'warning', spec: 'RFC 7208 §4.6' },
  'composer/merge-redirect-converted': { severity: 'warning', spec: 'RFC 7208 §6.1' },
  'composer/invalid-address': { severity: 'error', spec: 'RFC 9989 §4.7' },
  'composer/external-destination': { severity: 'info', spec: 'RFC 9990 §4' },
  'composer/invalid-selector': { severity: 'error', spec: 'RFC 6376 §3.1' },
  'composer/dkim-target-ignored': { severity: 'warning' },
  'composer/placeholder-missing': { severity: 'error' },
  'composer/record-rejected': { severity: 'error' },
  // (composer section: add codes above this line)

  // ── reports (RFC 9990, RFC 7489 Appendix C, RFC 8460 §4) ─────────────────
  // intake: one file that cannot be read (the other files still are)
  'reports/empty-file': { severity: 'error' },
  'reports/file-too-large': { severity: 'error' },
  'reports/decompressed-too-large': { severity: 'error' },
  'reports/compression-ratio': { severity: 'error' },
  'reports/corrupt-archive': { severity: 'error', spec: 'RFC 1952 §2' },
  'reports/empty-archive': { severity: 'error' },
  'reports/nesting-too-deep': { severity: 'error' },
  'reports/unknown-format': { severity: 'error', spec: 'RFC 9990 §2' },
  'reports/no-report-in-message': { severity: 'error', spec: 'RFC 9990 §2.1' },
  'reports/failure-report': { severity: 'info', spec: 'RFC 9991' },
  'reports/duplicate': { severity: 'info', spec: 'RFC 9990 §2.1' },
  'reports/aborted': { severity: 'info' },
  'reports/invalid-encoding': { severity: 'warning' },
  // aggregate report XML
  'reports/xml-doctype': { severity: 'error' },
  'reports/xml-malformed': { severity: 'error' },
  'reports/xml-repaired': { severity: 'warning' },
  'reports/not-aggregate': { severity: 'error', spec: 'RFC 7489 Appendix C' },
  'reports/no-records': { severity: 'error', spec: 'RFC 7489 Appendix C' },
  'reports/too-many-records': { severity: 'warning' },
  'reports/missing-element': { severity: 'warning', spec: 'RFC 7489 Appendix C' },
  'reports/whitespace': { severity: 'info', spec: 'RFC 7489 Appendix C' },
  'reports/wrong-case': { severity: 'info', spec: 'RFC 7489 Appendix C' },
  'reports/unknown-value': { severity: 'warning', spec: 'RFC 7489 Appendix C' },
  'reports/unknown-entity': { severity: 'info' },
  'reports/invalid-date': { severity: 'warning', spec: 'RFC 7489 Appendix C' },
  'reports/date-not-epoch': { severity: 'info', spec: 'RFC 7489 Appendix C' },
  'reports/date-range-reversed': { severity: 'warning', spec: 'RFC 7489 Appendix C' },
  'reports/invalid-source-ip': { severity: 'warning', spec: 'RFC 7489 Appendix C' },
  'reports/invalid-count': { severity: 'warning', spec: 'RFC 7489 Appendix C' },
  // TLS-RPT JSON (RFC 8460 §4)
  'reports/tls-invalid-json': { severity: 'error', spec: 'RFC 8460 §4' },
  'reports/tls-missing-field': { severity: 'error', spec: 'RFC 8460 §4.4' },
  'reports/tls-invalid-value': { severity: 'warning', spec: 'RFC 8460 §4.4' },
  // readiness notes and the next record (RFC 9989)
  'reports/pct-removed': { severity: 'info', spec: 'RFC 9989 §4.7' },
  'reports/testing-mode': { severity: 'info', spec: 'RFC 9989 §4.7' },
  'reports/forwarded-mail': { severity: 'info', spec: 'RFC 9989 §4.4' },
  'reports/several-domains': { severity: 'info' },
  'reports/next-fix-sources': { severity: 'warning', spec: 'RFC 9989 §4.7' },
  'reports/next-quarantine-testing': { severity: 'info', spec: 'RFC 9989 §4.7' },
  'reports/next-quarantine': { severity: 'info', spec: 'RFC 9989 §4.7' },
  'reports/next-reject-testing': { severity: 'info', spec: 'RFC 9989 §4.7' },
  'reports/next-reject': { severity: 'info', spec: 'RFC 9989 §4.7' },
  'reports/next-done': { severity: 'info', spec: 'RFC 9989 §4.7' },
  // (reports section: add codes above this line)

  // ── message (RFC 6376, 8617, 8601, 5322) ──
  // intake (message-dkim): reading the message itself (RFC 5322)
  'message/empty': { severity: 'error' },
  'message/too-large': { severity: 'warning' },
  'message/bare-lf-normalised': { severity: 'warning', spec: 'RFC 5322 §2.3' },
  'message/bare-cr-normalised': { severity: 'warning', spec: 'RFC 5322 §2.3' },
  'message/leading-blank-lines': { severity: 'info', spec: 'RFC 5322 §2.1' },
  'message/mbox-from-line': { severity: 'info', spec: 'RFC 4155 §2' },
  'message/no-header-body-separator': { severity: 'warning', spec: 'RFC 5322 §2.1' },
  'message/headers-only': { severity: 'info', spec: 'RFC 5322 §2.1' },
  'message/no-header-fields': { severity: 'error', spec: 'RFC 5322 §2.2' },
  'message/malformed-header-line': { severity: 'warning', spec: 'RFC 5322 §2.2' },
  'message/line-too-long': { severity: 'info', spec: 'RFC 5322 §2.1.1' },
  'message/field-value-truncated': { severity: 'info' },
  'message/too-many-header-fields': { severity: 'warning' },
  'message/header-section-too-large': { severity: 'warning' },
  // (message intake: add codes above this line)
  // DKIM verification (message-dkim): why a DKIM-Signature did not pass (RFC 6376 §6.1, RFC 8301, RFC 8463)
  'message/dkim-signature-syntax': { severity: 'warning', spec: 'RFC 6376 §3.5' },
  'message/dkim-signature-missing-tag': { severity: 'warning', spec: 'RFC 6376 §6.1.1' },
  'message/dkim-signature-version': { severity: 'warning', spec: 'RFC 6376 §6.1.1' },
  'message/dkim-algorithm-unknown': { severity: 'warning', spec: 'RFC 6376 §3.5' },
  'message/dkim-canonicalization-unknown': { severity: 'warning', spec: 'RFC 6376 §3.5' },
  'message/dkim-query-method-unknown': { severity: 'warning', spec: 'RFC 6376 §3.5' },
  'message/dkim-from-not-signed': { severity: 'warning', spec: 'RFC 6376 §5.4' },
  'message/dkim-identity-mismatch': { severity: 'warning', spec: 'RFC 6376 §6.1.1' },
  'message/dkim-expiry-before-timestamp': { severity: 'warning', spec: 'RFC 6376 §3.5' },
  'message/dkim-expired': { severity: 'warning', spec: 'RFC 6376 §3.5' },
  'message/dkim-key-unavailable': { severity: 'warning', spec: 'RFC 6376 §6.1.2' },
  'message/dkim-key-not-found': { severity: 'error', spec: 'RFC 6376 §6.1.2' },
  'message/dkim-key-syntax': { severity: 'error', spec: 'RFC 6376 §3.6.1' },
  'message/dkim-key-revoked': { severity: 'error', spec: 'RFC 6376 §3.6.1' },
  'message/dkim-key-hash-not-allowed': { severity: 'error', spec: 'RFC 6376 §6.1.2' },
  'message/dkim-key-type-mismatch': { severity: 'error', spec: 'RFC 6376 §6.1.2' },
  'message/dkim-key-not-for-email': { severity: 'error', spec: 'RFC 6376 §3.6.1' },
  'message/dkim-key-strict-subdomain': { severity: 'error', spec: 'RFC 6376 §3.6.1' },
  'message/dkim-key-damaged': { severity: 'error', spec: 'RFC 6376 §3.6.1' },
  'message/dkim-key-too-short': { severity: 'error', spec: 'RFC 8301 §3.2' },
  'message/dkim-algorithm-unavailable': { severity: 'warning', spec: 'RFC 8463 §3' },
  'message/dkim-body-missing': { severity: 'info', spec: 'RFC 6376 §3.7' },
  'message/dkim-body-length-exceeds': { severity: 'error', spec: 'RFC 6376 §3.5' },
  'message/dkim-signature-mismatch': { severity: 'error', spec: 'RFC 6376 §6.1.3' },
  'message/dkim-body-hash-mismatch': { severity: 'error', spec: 'RFC 6376 §6.1.3' },
  'message/dkim-sha1': { severity: 'warning', spec: 'RFC 8301 §3.1' },
  'message/dkim-not-verified-limit': { severity: 'info' },
  // (message DKIM: add codes above this line)
  // ARC chain validation (message-dkim, RFC 8617 §5.2)
  'message/arc-instance-invalid': { severity: 'warning', spec: 'RFC 8617 §4.2.1' },
  'message/arc-structure': { severity: 'warning', spec: 'RFC 8617 §5.2' },
  'message/arc-chain-failed-before': { severity: 'warning', spec: 'RFC 8617 §5.2' },
  'message/arc-cv-invalid': { severity: 'warning', spec: 'RFC 8617 §5.2' },
  'message/arc-message-signature-invalid': { severity: 'warning', spec: 'RFC 8617 §5.2' },
  'message/arc-seal-invalid': { severity: 'warning', spec: 'RFC 8617 §5.2' },
  'message/arc-too-many-instances': { severity: 'warning', spec: 'RFC 8617 §4.2.1' },
  // (message ARC: add codes above this line)

  // message-analysis: trace fields and receiver stamps (RFC 5321 §4.4, RFC 8601, RFC 7208 §9.1)
  'message/received-truncated': { severity: 'info', spec: 'RFC 5321 §4.4' },
  'message/received-no-date': { severity: 'info', spec: 'RFC 5321 §4.4' },
  'message/received-bad-date': { severity: 'info', spec: 'RFC 5322 §3.3' },
  'message/received-unparsed': { severity: 'info', spec: 'RFC 5321 §4.4' },
  'message/received-too-many': { severity: 'warning', spec: 'RFC 5321 §6.3' },
  'message/received-time-reversed': { severity: 'info', spec: 'RFC 5321 §4.4' },
  'message/auth-results-truncated': { severity: 'info', spec: 'RFC 8601 §2.2' },
  'message/auth-results-no-authserv-id': { severity: 'info', spec: 'RFC 8601 §2.2' },
  'message/auth-results-syntax': { severity: 'info', spec: 'RFC 8601 §2.2' },
  'message/received-spf-unknown-result': { severity: 'info', spec: 'RFC 7208 §9.1' },
  // message-analysis: identities (RFC 5322 §3.6, RFC 5321 §4.4, RFC 7208 §2)
  'message/no-from': { severity: 'error', spec: 'RFC 5322 §3.6' },
  'message/multiple-from-fields': { severity: 'error', spec: 'RFC 5322 §3.6' },
  'message/multiple-from-domains': { severity: 'error', spec: 'RFC 5322 §3.6.2' },
  'message/from-unparsable': { severity: 'error', spec: 'RFC 5322 §3.4' },
  'message/no-connecting-ip': { severity: 'warning', spec: 'RFC 7208 §4.1' },
  'message/ip-option-invalid': { severity: 'warning', spec: 'RFC 5321 §4.1.3' },
  'message/ip-candidates-disagree': { severity: 'info', spec: 'RFC 5321 §4.4' },
  'message/no-mail-from': { severity: 'info', spec: 'RFC 5321 §4.4' },
  'message/null-mail-from': { severity: 'info', spec: 'RFC 7208 §2.4' },
  // message-analysis: what to do (SPF, DKIM, DMARC, ARC findings)
  'message/spf-not-pass': { severity: 'warning', spec: 'RFC 7208 §2.6' },
  'message/spf-pass-not-aligned': { severity: 'warning', spec: 'RFC 9989 §4.4' },
  'message/spf-pass-forwarder': { severity: 'info', spec: 'RFC 9989 §4.4' },
  'message/spf-helo-not-pass': { severity: 'info', spec: 'RFC 7208 §2.3' },
  'message/no-dkim-signature': { severity: 'warning', spec: 'RFC 6376 §3.5' },
  'message/dkim-none-passed': { severity: 'error', spec: 'RFC 6376 §6.1' },
  'message/dkim-not-aligned': { severity: 'warning', spec: 'RFC 9989 §4.4' },
  'message/dkim-body-changed-pasted': { severity: 'warning', spec: 'RFC 6376 §3.7' },
  'message/dkim-body-changed': { severity: 'warning', spec: 'RFC 6376 §3.7' },
  'message/dkim-weak-key': { severity: 'warning', spec: 'RFC 8301 §3.2' },
  'message/receiver-disagrees': { severity: 'info', spec: 'RFC 8601 §2.7' },
  'message/dmarc-fail': { severity: 'error', spec: 'RFC 9989 §4.4' },
  'message/dmarc-no-record': { severity: 'warning', spec: 'RFC 9989 §4.10.1' },
  'message/dmarc-temperror': { severity: 'warning', spec: 'RFC 9989 §4.10' },
  'message/dmarc-testing': { severity: 'info', spec: 'RFC 9989 §4.7' },
  'message/forwarded-arc-pass': { severity: 'info', spec: 'RFC 8617 §7.2' },
  'message/is-bounce': { severity: 'info', spec: 'RFC 3464 §2' },
  // message-analysis: the verdict (what Gmail would do; docs/bounces.md, Gmail sender guidelines)
  'message/verdict-deliver': { severity: 'info' },
  'message/verdict-deliver-no-dmarc': { severity: 'info' },
  'message/verdict-deliver-unaligned': { severity: 'info' },
  'message/verdict-junk-quarantine': { severity: 'warning', spec: 'RFC 9989 §4.7' },
  'message/verdict-refuse-reject': { severity: 'error', spec: 'RFC 9989 §4.7' },
  'message/verdict-refuse-unauthenticated': { severity: 'error' },
  'message/verdict-refuse-from': { severity: 'error', spec: 'RFC 5322 §3.6' },
  'message/verdict-unknown-temporary': { severity: 'warning' },
  'message/verdict-unknown-no-ip': { severity: 'info' },
  'message/verdict-bounce': { severity: 'info' },
  // message-analysis: bounces (explainBounce; rows in message/bounce-codes.ts, RFC 3463 statuses)
  'message/bounce-auth-dns-failure': { severity: 'warning', spec: 'RFC 3463 §3.8' },
  'message/bounce-dmarc-policy': { severity: 'error', spec: 'RFC 9989 §4.7' },
  'message/bounce-spf-hardfail': { severity: 'error', spec: 'RFC 7208 §2.6.2' },
  'message/bounce-unauthenticated-rate-limited': { severity: 'warning', spec: 'RFC 3463 §3.8' },
  'message/bounce-unauthenticated': { severity: 'error', spec: 'RFC 3463 §3.8' },
  'message/bounce-spf-required': { severity: 'error', spec: 'RFC 7208 §2.6' },
  'message/bounce-dkim-required': { severity: 'error', spec: 'RFC 6376 §6.1' },
  'message/bounce-dmarc-missing': { severity: 'error', spec: 'RFC 9989 §4.10.1' },
  'message/bounce-not-aligned': { severity: 'error', spec: 'RFC 9989 §4.4' },
  'message/bounce-spf-suspicious': { severity: 'warning', spec: 'RFC 7208 §4.6' },
  'message/bounce-rate-limited': { severity: 'warning' },
  'message/bounce-no-ptr': { severity: 'error', spec: 'RFC 1912 §2.1' },
  'message/bounce-no-tls': { severity: 'error', spec: 'RFC 3207' },
  'message/bounce-ipv6-guidelines': { severity: 'error' },
  'message/bounce-from-header': { severity: 'error', spec: 'RFC 5322 §3.6' },
  'message/bounce-microsoft-auth-level': { severity: 'error' },
  'message/bounce-unresolvable-domain': { severity: 'error', spec: 'RFC 5321 §4.1.4' },
  'message/bounce-yahoo-authentication': { severity: 'error' },
  'message/bounce-yahoo-policy': { severity: 'error' },
  'message/bounce-policy-other': { severity: 'warning', spec: 'RFC 3463 §3.8' },
  'message/bounce-not-authentication': { severity: 'info', spec: 'RFC 3463 §2' },
  // (message analysis: add codes above this line)
  // ── plan (records planned, not yet published) ─────────────────────────────
  'plan/second-spf': { severity: 'error', spec: 'RFC 7208 §4.5' },
  'plan/second-dmarc': { severity: 'error', spec: 'RFC 9989 §4.10' },
  'plan/second-dkim-key': { severity: 'error', spec: 'RFC 6376 §3.6.2.2' },
  'plan/cname-collision': { severity: 'error', spec: 'RFC 1034 §3.6.2' },
  'plan/record-invalid': { severity: 'error' },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function isCode(code: string): code is Code {
  return Object.hasOwn(CODES, code);
}

/** The i18n message key of a code: `spf/too-many-lookups` → `spf_too_many_lookups`. */
export function messageKey(code: string): string {
  return code.replace(/[^a-zA-Z0-9]+/g, '_');
}
