// MX records (RFC 1035 §3.3.9, RFC 5321 §5.1) and the null MX (RFC 7505).
//
// RFC 1035 §3.3.9:
//   MX RDATA = PREFERENCE EXCHANGE
//   PREFERENCE  A 16 bit integer which specifies the preference given to this RR among others at
//               the same owner. Lower values are preferred.
//   EXCHANGE    A <domain-name> which specifies a host willing to act as a mail exchange for the
//               owner name.
//
// RFC 7505 §3: "The null MX RR is an ordinary MX record with an RDATA section consisting of
// preference number 0 and a zero-length label, written in master files as ".", as the exchange
// domain".

export interface MxRecord {
  /** 0..65535 */
  preference: number;
  /** The host name as written, without the trailing dot; `.` for the null MX (the root). */
  exchange: string;
}

/** What `validateMxSet` takes: DNS answers (exchange `''` or `.` is the root) or parsed records. */
export interface MxEntry {
  preference: number;
  exchange: string;
}
