// The DMARC policy record (RFC 9989 §4.7, §4.8), as published at `_dmarc.<domain>`.
// Types only. Values are stored lower-case where the grammar is case-insensitive; URIs as written.

import type { DMARC_FAILURE_OPTIONS, DMARC_POLICIES } from './vocabulary.ts';

/**
 * RFC 9989 §4.8:
 *   dmarc-request = "none" / "quarantine" / "reject"
 */
export type DmarcPolicy = (typeof DMARC_POLICIES)[number];

/**
 * RFC 9989 §4.8:
 *   dmarc-rors    = "r" / "s"
 */
export type DmarcAlignmentMode = 'r' | 's';

/**
 * RFC 9989 §4.8:
 *   dmarc-psd     = "y" / "n" / "u"
 */
export type DmarcPsd = 'y' | 'n' | 'u';

/**
 * RFC 9989 §4.8:
 *   dmarc-yorn    = "y" / "n"
 */
export type DmarcYesNo = 'y' | 'n';

/**
 * RFC 9989 §4.8:
 *   dmarc-fo      = ("0" / "1") *(":" dmarc-afrf)
 *                 / dmarc-afrf [":" ("0" / "1")] [":" dmarc-afrf]
 *                 / *(dmarc-afrf ":") ("0" / "1")
 *   dmarc-afrf    = "d" / "s"
 */
export type DmarcFailureOption = (typeof DMARC_FAILURE_OPTIONS)[number];

/**
 * RFC 9989 §4.8 (obsolete, still read by RFC 7489 receivers):
 *   obs-dmarc-report-size = "!" 1*DIGIT [ "k" / "m" / "g" / "t" ]
 */
export type DmarcSizeUnit = 'k' | 'm' | 'g' | 't';

export interface DmarcReportSize {
  value: number;
  unit?: DmarcSizeUnit;
}

/**
 * RFC 9989 §4.8:
 *   dmarc-uri     = URI                 ; RFC 3986; "," and "!" MUST be encoded
 *   obs-dmarc-uri = dmarc-uri obs-dmarc-report-size
 *   dmarc-urilist = (dmarc-uri / obs-dmarc-uri) *(*WSP "," *WSP (dmarc-uri / obs-dmarc-uri))
 */
export interface DmarcUri {
  /** The URI as written, without the `!size` suffix (case kept: RFC 3986). */
  uri: string;
  size?: DmarcReportSize;
}

/** A tag kept as written: unknown tags, and known tags whose value did not parse. */
export interface DmarcRawTag {
  name: string;
  value: string;
}

/**
 * RFC 9989 §4.8:
 *   dmarc-record  = dmarc-version *(dmarc-sep dmarc-tag) [dmarc-sep]
 *   dmarc-version = "v" equals %s"DMARC1" ; case sensitive
 *   dmarc-tag     = 1*ALPHA equals 1*dmarc-value
 *   dmarc-sep     = *WSP ";" *WSP
 *   equals        = *WSP "=" *WSP
 *
 * `v=DMARC1` is implied (a record without it is not a DMARC record). A tag that is absent is an
 * absent field; defaults (RFC 9989 §4.7) are applied by `effectiveDmarcPolicy`, not here.
 */
export interface DmarcRecord {
  p?: DmarcPolicy;
  sp?: DmarcPolicy;
  np?: DmarcPolicy;
  psd?: DmarcPsd;
  t?: DmarcYesNo;
  adkim?: DmarcAlignmentMode;
  aspf?: DmarcAlignmentMode;
  rua?: DmarcUri[];
  ruf?: DmarcUri[];
  fo?: DmarcFailureOption[];
  /** Removed by RFC 9989 (Appendix C.5.2), still read by RFC 7489 receivers: kept as written. */
  pct?: string;
  rf?: string;
  ri?: string;
  /** Tags RFC 9989 does not define, in record order (RFC 9989 §4.7: "unknown tags MUST be ignored"). */
  unknown?: DmarcRawTag[];
  /** Known tags whose value is invalid, as written; receivers discard them (RFC 9989 §4.8). */
  invalid?: DmarcRawTag[];
}

/** The policy a receiver applies after defaults and the RFC 9989 §4.10.1 fallbacks. */
export interface EffectiveDmarcPolicy {
  p: DmarcPolicy;
  sp: DmarcPolicy;
  np: DmarcPolicy;
  psd: DmarcPsd;
  t: DmarcYesNo;
  adkim: DmarcAlignmentMode;
  aspf: DmarcAlignmentMode;
  fo: DmarcFailureOption[];
  /** True when p/sp/np were missing or invalid and the record is read as `p=none` (§4.10.1). */
  fellBackToNone: boolean;
}
