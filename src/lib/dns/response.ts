// Building DnsResponses for the outcomes that are not DNS answers (timeouts, HTTP and network
// failures, refused names), each with a readable `error` and a catalog `problem` for the UI.

import type { Code } from '../diagnostics/codes.ts';
import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { NameProblem } from '../shared/domain-name.ts';
import type { DnsResponse, DnsStatus } from './model.ts';

export function failure(
  status: DnsStatus,
  resolver: string,
  code: Code,
  error: string,
  params: Record<string, string | number> = {},
  httpStatus?: number,
): DnsResponse {
  const response: DnsResponse = {
    status,
    answers: [],
    authenticated: false,
    resolver,
    error,
    problem: diagnostic(code, { params: { resolver, ...params } }),
  };
  if (httpStatus !== undefined) response.httpStatus = httpStatus;
  return response;
}

export function timeoutResponse(resolver: string, ms: number): DnsResponse {
  return failure('TIMEOUT', resolver, 'dns/timeout', `no answer within ${ms} ms`, { ms });
}

export function abortedResponse(resolver: string): DnsResponse {
  return failure('ERROR', resolver, 'dns/aborted', 'aborted');
}

export function describeNameProblem(p: NameProblem): string {
  switch (p.kind) {
    case 'invisible':
      return `invisible character ${p.codePoint} at position ${p.index + 1}`;
    case 'empty':
      return 'empty name';
    case 'empty-label':
      return 'empty label (two dots in a row)';
    case 'label-too-long':
      return `label "${p.label.slice(0, 20)}…" is longer than 63 octets`;
    case 'name-too-long':
      return `name is ${p.octets} octets, more than 253`;
    case 'bad-character':
      return `character ${JSON.stringify(p.char)} is not allowed in a name`;
    case 'not-a-domain':
      return 'not a domain name';
  }
}

export function invalidNameResponse(resolver: string, name: string, p: NameProblem): DnsResponse {
  const reason = describeNameProblem(p);
  // `kind` (and `codePoint` for invisible characters) let the UI word the reason in its language.
  const params: Record<string, string> = { name, reason, kind: p.kind };
  if (p.kind === 'invisible') params.codePoint = p.codePoint;
  return failure('ERROR', resolver, 'dns/invalid-name', `invalid name: ${reason}`, params);
}

/** Status-carrying answers that are DNS failures get a problem too, so the UI can explain them. */
export function withRcodeProblem(response: DnsResponse): DnsResponse {
  const params = { resolver: response.resolver };
  if (response.status === 'SERVFAIL') response.problem = diagnostic('dns/servfail', { params });
  if (response.status === 'REFUSED') response.problem = diagnostic('dns/refused', { params });
  return response;
}

/** A resolver that rejected anyway (a bug, or a foreign Resolver): turned into data. */
export function rejectionResponse(resolver: string, e: unknown): DnsResponse {
  const detail = e instanceof Error ? e.message : String(e);
  return failure('ERROR', resolver, 'dns/bad-response', `resolver failed: ${detail}`, { detail });
}
