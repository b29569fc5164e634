// SMTP TLS Reporting policy (RFC 8460 §3): the TXT record at `_smtp._tls.<domain>`.
//
//   tlsrpt-record     = tlsrpt-version 1*(field-delim tlsrpt-field)
//                       [field-delim]
//   field-delim       = *WSP ";" *WSP
//   tlsrpt-field      = tlsrpt-rua /        ; Note that the
//                       tlsrpt-extension    ; tlsrpt-rua
//                                           ; record is
//                                           ; required.
//   tlsrpt-version    = %s"v=TLSRPTv1"
//   tlsrpt-rua        = %s"rua="
//                       tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
//   tlsrpt-uri        = URI
//                     ; "URI" is imported from [RFC3986];
//                     ; commas (ASCII 0x2C), exclamation
//                     ; points (ASCII 0x21), and semicolons (ASCII 0x3B)
//                     ; MUST be encoded
//   tlsrpt-extension  = tlsrpt-ext-name "=" tlsrpt-ext-value
//   tlsrpt-ext-name   = (ALPHA / DIGIT) *31(ALPHA /
//                       DIGIT / "_" / "-" / ".")
//   tlsrpt-ext-value  = 1*(%x21-3A / %x3C / %x3E-7E)
//                       ; chars excluding "=", ";", SP, and control
//                       ; chars

import type { Extension } from '../shared/model.ts';

export type { Extension };

export interface TlsRptRecord {
  version: 'TLSRPTv1';
  /** Report URIs (`mailto:` or `https:`), from every `rua=` field in order. */
  rua: string[];
  extensions: Extension[];
}
