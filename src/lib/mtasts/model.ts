// MTA-STS (RFC 8461): the TXT record at `_mta-sts.<domain>` (§3.1) and the policy file at
// `https://mta-sts.<domain>/.well-known/mta-sts.txt` (§3.2).

import type { Extension } from '../shared/model.ts';

export type { Extension };

// RFC 8461 §3.1:
//   sts-text-record = sts-version 1*(sts-sep sts-field) [sts-sep]
//   sts-field       = sts-id /                  ; Note that sts-id record
//                     sts-extension             ; is required.
//   sts-version     = %s"v=STSv1"
//   sts-sep         = *WSP %x3B *WSP            ; ";"
//   sts-id          = %s"id=" 1*32(ALPHA / DIGIT)     ; id=...
//   sts-extension   = sts-ext-name "=" sts-ext-value  ; name=value
//   sts-ext-name    = (ALPHA / DIGIT)
//                     *31(ALPHA / DIGIT / "_" / "-" / ".")
//   sts-ext-value   = 1*(%x21-3A / %x3C / %x3E-7E)
//                     ; chars excluding "=", ";", SP, and control chars
export interface MtaStsRecord {
  version: 'STSv1';
  /** 1–32 letters and digits; changes whenever the policy changes. */
  id: string;
  extensions: Extension[];
}

// RFC 8461 §3.2:
//   sts-policy-record        = sts-policy-field *WSP
//                              *(sts-policy-term sts-policy-field *WSP)
//                              [sts-policy-term]
//   sts-policy-field         = sts-policy-version /      ; required once
//                              sts-policy-mode    /      ; required once
//                              sts-policy-max-age /      ; required once
//                              0*(sts-policy-mx *WSP sts-policy-term) /
//                              ; required at least once, except when
//                              ; mode is "none"
//                              sts-policy-extension      ; other fields
//   sts-policy-field-delim   = ":" *WSP
//   sts-policy-version       = sts-policy-version-field sts-policy-field-delim
//                              sts-policy-version-value
//   sts-policy-version-field = %s"version"
//   sts-policy-version-value = %s"STSv1"
//   sts-policy-mode          = sts-policy-mode-field sts-policy-field-delim
//                              sts-policy-mode-value
//   sts-policy-mode-field    = %s"mode"
//   sts-policy-mode-value    =  %s"testing" / %s"enforce" / %s"none"
//   sts-policy-mx            = sts-policy-mx-field sts-policy-field-delim
//                              sts-policy-mx-value
//   sts-policy-mx-field      = %s"mx"
//   sts-policy-mx-value      = ["*."] Domain
//   sts-policy-max-age       = sts-policy-max-age-field sts-policy-field-delim
//                              sts-policy-max-age-value
//   sts-policy-max-age-field = %s"max_age"
//   sts-policy-max-age-value = 1*10(DIGIT)
//   sts-policy-extension     = sts-policy-ext-name    ; additional
//                              sts-policy-field-delim ; extension
//                              sts-policy-ext-value   ; fields
//   sts-policy-ext-name      = (ALPHA / DIGIT)
//                              *31(ALPHA / DIGIT / "_" / "-" / ".")
//   sts-policy-term          = LF / CRLF
//   sts-policy-ext-value     = sts-policy-vchar
//                              [*(%x20 / sts-policy-vchar)
//                              sts-policy-vchar]
//                              ; chars, including UTF-8 [RFC3629],
//                              ; excluding CTLs and no
//                              ; leading/trailing spaces
//   sts-policy-vchar         = %x21-7E / UTF8-2 / UTF8-3 / UTF8-4
export type MtaStsMode = 'enforce' | 'testing' | 'none';

export interface MtaStsPolicy {
  version: 'STSv1';
  mode: MtaStsMode;
  /** Seconds, 0..31557600. */
  maxAge: number;
  /** MX patterns as written: `mail.example.com` or `*.example.com` (RFC 8461 §4.1). */
  mx: string[];
  extensions: Extension[];
}
