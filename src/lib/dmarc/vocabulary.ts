// The fixed words of a DMARC policy record (RFC 9989 §4.7, §4.8), defined once: the parser, the
// formatter, the builder and the UI all read them from here, and the model's types come from them.

/** RFC 9989 §4.7: "the only possible value is "DMARC1"". */
export const DMARC_VERSION = 'DMARC1';

/** RFC 9989 §4.8: `dmarc-request = "none" / "quarantine" / "reject"`, weakest first. */
export const DMARC_POLICIES = ['none', 'quarantine', 'reject'] as const;

/** RFC 9989 §4.8: the `fo` options, `("0" / "1")` and `dmarc-afrf = "d" / "s"`. */
export const DMARC_FAILURE_OPTIONS = ['0', '1', 'd', 's'] as const;
