// Domain names as users type them and as DNS wants them (RFC 1035 §2.3.4 limits, IDNA to
// punycode via the URL parser that browsers and Node share).

import { findInvisible } from './invisible.ts';

export const MAX_LABEL_OCTETS = 63;
export const MAX_NAME_OCTETS = 253;

export type NameProblem =
  | { kind: 'empty' }
  | { kind: 'invisible'; char: string; codePoint: string; index: number }
  | { kind: 'empty-label' }
  | { kind: 'label-too-long'; label: string }
  | { kind: 'name-too-long'; octets: number }
  | { kind: 'bad-character'; char: string }
  | { kind: 'not-a-domain'; input: string };

export type NormalizedName =
  { ok: true; name: string; changed: boolean } | { ok: false; problem: NameProblem };

/** Label and length checks on an ASCII (already punycoded) name without trailing dot. */
export function checkDnsName(name: string): NameProblem | null {
  if (name === '') return { kind: 'empty' };
  if (name.length > MAX_NAME_OCTETS) return { kind: 'name-too-long', octets: name.length };
  for (const label of name.split('.')) {
    if (label === '') return { kind: 'empty-label' };
    if (label.length > MAX_LABEL_OCTETS) return { kind: 'label-too-long', label };
  }
  return null;
}

/** IDN → punycode, lower case; null when the URL parser refuses the name. */
export function toAsciiName(name: string): string | null {
  if (/^[\x21-\x7e]*$/.test(name)) return name.toLowerCase();
  try {
    const host = new URL(`http://${name}/`).hostname;
    return host || null;
  } catch {
    return null;
  }
}

/**
 * A DNS query name: one trailing dot dropped, lower case, IDN to punycode. Invisible characters
 * are refused (never silently removed from a name the user will copy elsewhere).
 */
export function normalizeQueryName(input: string): NormalizedName {
  const invisible = findInvisible(input).find((c) => c.kind !== 'fullwidth');
  if (invisible) {
    return {
      ok: false,
      problem: {
        kind: 'invisible',
        char: invisible.char,
        codePoint: invisible.codePoint,
        index: invisible.index,
      },
    };
  }
  let name = input.trim();
  if (name.endsWith('.') && name !== '.') name = name.slice(0, -1);
  if (name === '') return { ok: false, problem: { kind: 'empty' } };
  const ascii = toAsciiName(name);
  if (ascii === null) return { ok: false, problem: { kind: 'not-a-domain', input } };
  const bad = /[\s"'<>\\/]/.exec(ascii);
  if (bad) return { ok: false, problem: { kind: 'bad-character', char: bad[0] } };
  const problem = checkDnsName(ascii);
  if (problem) return { ok: false, problem };
  return { ok: true, name: ascii, changed: ascii !== input };
}

/**
 * What a user types into "check a domain": a URL, an e-mail address, a name with a trailing dot,
 * upper case, IDN. Reduces it to the domain, then `normalizeQueryName`.
 */
export function normalizeDomainInput(input: string): NormalizedName {
  let s = input.trim();
  const invisible = findInvisible(s).find((c) => c.kind !== 'fullwidth');
  if (invisible) {
    return {
      ok: false,
      problem: {
        kind: 'invisible',
        char: invisible.char,
        codePoint: invisible.codePoint,
        index: invisible.index,
      },
    };
  }
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''); // scheme
  s = s.replace(/^mailto:/i, '');
  s = s.split(/[/?#]/)[0];
  const at = s.lastIndexOf('@');
  if (at !== -1) s = s.slice(at + 1);
  s = s.replace(/:\d+$/, ''); // port
  const result = normalizeQueryName(s);
  if (!result.ok) return result;
  if (!result.name.includes('.') && !/^[a-z0-9-]+$/.test(result.name)) {
    return { ok: false, problem: { kind: 'not-a-domain', input } };
  }
  return { ok: true, name: result.name, changed: result.name !== input };
}

/** `a.example.com` relative to zone `example.com` → `a`; the apex → `@`. */
export function relativeName(fqdn: string, zone: string): string {
  const name = fqdn.replace(/\.$/, '').toLowerCase();
  const z = zone.replace(/\.$/, '').toLowerCase();
  if (name === z) return '@';
  if (name.endsWith(`.${z}`)) return name.slice(0, -(z.length + 1));
  return name;
}
