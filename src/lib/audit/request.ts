// What the user asked the audit for — a domain, DKIM selectors to try, a subdomain whose DMARC policy
// to check — read one way from the search box, the report's form and the route, and written back as
// the route path. The path is the request's key: the same request, the same path.

import { normalizeDomainInput, type NameProblem } from '../shared/domain-name.ts';

export interface AuditRequest {
  /** Normalised (IDN to A-labels, lower case, no trailing dot). */
  domain: string;
  selectors: string[];
  subdomain?: string;
}

/** What a form holds: the texts as typed. */
export interface AuditRequestInput {
  domain: string;
  /** Selectors separated by commas, semicolons or white space. */
  selectors?: string;
  subdomain?: string;
}

export type AuditRequestResult =
  | {
      ok: true;
      request: AuditRequest;
      path: string;
      /** The domain was written otherwise. */ changed: boolean;
    }
  | { ok: false; field: 'domain' | 'subdomain'; input: string; problem: NameProblem };

/** `a, b;c d` → `['a', 'b', 'c', 'd']`: the one way selectors are split. */
export function splitSelectors(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The route path of a request: `/d/<domain>[?s=<selectors>&sub=<subdomain>]`. */
export function requestPath(request: AuditRequest): string {
  const parts: string[] = [];
  if (request.selectors.length > 0) parts.push(`s=${request.selectors.map(encodeURIComponent).join(',')}`);
  if (request.subdomain) parts.push(`sub=${encodeURIComponent(request.subdomain)}`);
  const q = parts.join('&');
  return `/d/${request.domain}${q ? `?${q}` : ''}`;
}

/** Reads what a form holds (the home page's box, the report's form). Never throws. */
export function readRequest(input: AuditRequestInput): AuditRequestResult {
  const domain = normalizeDomainInput(input.domain);
  if (!domain.ok) return { ok: false, field: 'domain', input: input.domain, problem: domain.problem };
  let subdomain: string | undefined;
  const subText = input.subdomain?.trim() ?? '';
  if (subText !== '') {
    const sub = normalizeDomainInput(subText);
    if (!sub.ok) return { ok: false, field: 'subdomain', input: subText, problem: sub.problem };
    subdomain = sub.name;
  }
  const request: AuditRequest = {
    domain: domain.name,
    selectors: splitSelectors(input.selectors ?? ''),
    ...(subdomain ? { subdomain } : {}),
  };
  return { ok: true, request, path: requestPath(request), changed: domain.changed };
}

/**
 * Reads the route `#/d/<domain>?s=…&sub=…` (the domain part as the router decoded it). A subdomain
 * in a link that is not a name is passed on as written: the audit reports it
 * (`audit/subdomain-outside-domain`) next to the domain's own results instead of refusing the link.
 */
export function parseRequest(domain: string, query: URLSearchParams): AuditRequestResult {
  const sub = query.get('sub') ?? '';
  const result = readRequest({ domain, selectors: query.get('s') ?? '', subdomain: sub });
  if (result.ok || result.field === 'domain') return result;
  const own = readRequest({ domain, selectors: query.get('s') ?? '' });
  // The domain read above, so `own` is ok; the check keeps the types honest.
  if (!own.ok) return own;
  const request = { ...own.request, subdomain: sub.trim() };
  return { ...own, request, path: requestPath(request) };
}
