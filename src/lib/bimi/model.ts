// The BIMI Assertion Record at `<selector>._bimi.<domain>`
// (draft-brand-indicators-for-message-identification-10 §4.3). It uses the DKIM tag=value list
// syntax (RFC 6376 §3.2); tag names are case-sensitive and must not repeat.
//
//   bimi-version           = "v" *WSP "=" *WSP "BIMI1"
//   bimi-evidence-location = "a" *WSP "=" *WSP [bimi-uri]
//   bimi-uri               = [FWS] URI [FWS]
//                          ; "URI" is imported from [URI]
//                          ; HTTPS only
//                          ; commas within a URI (ASCII ; 0x2C) MUST be encoded
//   bimi-location          = "l" *WSP "=" *WSP [bimi-uri]
//   local-part-selector    = "lps" *WSP "=" *WSP %s "true"/"false" bimi-sep
//   bimi-logo-preference   = "avp" *WSP "=" *WSP %s "personal"/"brand" bimi-sep
//   bimi-sep               = *WSP ";" *WSP
//   bimi-record            = bimi-version (bimi-sep bimi-location)
//                            [(bimi-sep bimi-evidence-location)] [(local-part-selector)]
//                            [(bimi-sep bimi-logo-preference)] [bimi-sep]
//                          ; components other than bimi-version may appear in any order

import type { Extension } from '../shared/model.ts';

export type { Extension };

export type BimiAvatarPreference = 'brand' | 'personal';

export interface BimiRecord {
  version: 'BIMI1';
  /** l=: the https URI of the SVG logo; `''` declines to publish one (§4.3.1). */
  location: string;
  /** a=: the https URI of the evidence document (a mark certificate, PEM); `''` = none.
   *  Absent when the tag is absent ("assumed to have an empty value"). */
  authority?: string;
  /** avp= (default `brand`). */
  avatarPreference?: BimiAvatarPreference;
  /** lps= (default false): look up a selector made from the sender's local-part (§4.5). */
  localPartSelector?: boolean;
  /** Tags the draft does not define: receivers ignore them. */
  extensions: Extension[];
}
