// The shape every parser, validator and audit step reports problems in (docs/public-api.md).

export type Severity = 'error' | 'warning' | 'info';

export interface Span {
  start: number;
  end: number;
}

export interface Diagnostic {
  /** Stable, public: `area/what-is-wrong`, e.g. `spf/too-many-lookups`. */
  code: string;
  severity: Severity;
  /** Offsets into the record text (UTF-16 code units, as JavaScript strings index). */
  span?: Span;
  /** e.g. `RFC 7208 §4.6.4` */
  spec?: string;
  /** Values for the localized message. */
  params?: Record<string, string | number>;
}

/** "valid" means: `record !== null` and no diagnostic has severity `error`. */
export interface ParseResult<T> {
  record: T | null;
  diagnostics: Diagnostic[];
}
