// How check_host() ends early with permerror or temperror (internal to the SPF evaluation).

/**
 * Thrown by `Evaluation.stop`, caught in `checkHost` and `explanation`. Not an Error on purpose:
 * it never escapes, and an Error would capture a stack trace on every limit and DNS failure for
 * nothing.
 */
export class EvaluationStop {
  constructor(readonly result: 'permerror' | 'temperror') {}
}
