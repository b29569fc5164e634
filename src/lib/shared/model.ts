// Types shared by several record kinds. Types only.

/** An extension field of MTA-STS, TLS-RPT or BIMI (name and value as written). Unknown fields are
 *  ignored by the reader (RFC 8461 §3.1, RFC 8460 §3). */
export interface Extension {
  name: string;
  value: string;
}
