// The SPF builder (RFC 7208): providers' includes, ip4/ip6 ranges, `a`, `mx`, custom includes
// and the final `all`. Every entry is checked on its own and reported per field; the record is
// emitted only when all are right and parseSpf finds no error in it.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import { providerById } from '../providers/catalog.ts';
import { checkDomainField } from './domain-field.ts';
import { finishRecord, fieldDiagnostic } from './finish.ts';
import { checkIp4Network, checkIp6Network, type NetworkCheck } from './ip-network.ts';
import type { FieldDiagnostic, SpfBuilderInput, SpfBuilt, SpfQualifier } from './model.ts';
import { spfDiagnostics } from './record-checks.ts';
import { SPF_VERSION, MAX_DNS_MECHANISMS } from '../spf/limits.ts';
import { countLookups } from './spf-lookups.ts';

export const SPF_QUALIFIERS: readonly SpfQualifier[] = ['-', '~', '?', '+'];
/** RFC 7208 §4.6.2: a record without `all` or `redirect` ends in neutral; the builder ends in softfail. */
export const DEFAULT_ALL: SpfQualifier = '~';

/** The checked pieces of an SPF builder input, in record order. */
export interface SpfTerms {
  /** Terms without `v=spf1` and `all`: ip4, ip6, a, mx, includes. */
  terms: string[];
  /** Include targets, for the lookup count. */
  includes: string[];
  /** DNS-querying terms written in the record (a, mx, include). */
  direct: number;
  fields: FieldDiagnostic[];
}

function networkDiagnostic(field: 'ip4' | 'ip6', value: string, check: NetworkCheck & { ok: false }) {
  if (check.problem === 'prefix')
    return diagnostic('composer/invalid-cidr', { params: { value, max: check.max } });
  return diagnostic(field === 'ip4' ? 'composer/invalid-ip4' : 'composer/invalid-ip6', { params: { value } });
}

/** Checks every entry of the input and lists the terms of the valid ones (shared with merging). */
export function spfTermsFromInput(input: SpfBuilderInput): SpfTerms {
  const fields: FieldDiagnostic[] = [];
  const terms: string[] = [];
  const includes: string[] = [];
  const seen = new Set<string>();
  let direct = 0;

  const add = (term: string, field: string, index?: number): boolean => {
    if (seen.has(term)) {
      fields.push(fieldDiagnostic(field, diagnostic('composer/duplicate-term', { params: { term } }), index));
      return false;
    }
    seen.add(term);
    terms.push(term);
    return true;
  };

  for (const field of ['ip4', 'ip6'] as const) {
    (input[field] ?? []).forEach((value, index) => {
      if (value.trim() === '') return;
      const check = field === 'ip4' ? checkIp4Network(value) : checkIp6Network(value);
      if (!check.ok) fields.push(fieldDiagnostic(field, networkDiagnostic(field, value, check), index));
      else add(`${field}:${check.network}`, field, index);
    });
  }
  if (input.a === true && add('a', 'a')) direct++;
  if (input.mx === true && add('mx', 'mx')) direct++;

  const addInclude = (domain: string, field: string, index: number) => {
    if (add(`include:${domain}`, field, index)) {
      includes.push(domain);
      direct++;
    }
  };
  (input.providers ?? []).forEach((id, index) => {
    const provider = providerById(id);
    if (!provider) {
      fields.push(
        fieldDiagnostic('providers', diagnostic('composer/unknown-provider', { params: { id } }), index),
      );
    } else addInclude(provider.spfInclude, 'providers', index);
  });
  (input.includes ?? []).forEach((value, index) => {
    const text = value.trim().replace(/^include:/i, '');
    if (text === '') return;
    const check = checkDomainField(text);
    if (!check.ok) {
      fields.push(
        fieldDiagnostic('includes', diagnostic('composer/invalid-domain', { params: { value } }), index),
      );
    } else addInclude(check.domain, 'includes', index);
  });
  return { terms, includes, direct, fields };
}

/**
 * Checks the `all` qualifier. `+all` is valid syntax but refused, as parseSpf refuses it
 * (`spf/plus-all`): RFC 7208 §5.1 "all" then matches every host, so anyone may send as the domain.
 */
export function checkAllQualifier(
  all: unknown,
  fallback: SpfQualifier,
): { qualifier: SpfQualifier; fields: FieldDiagnostic[] } {
  // In merge mode the fallback is the published record's qualifier, which may itself be `+`.
  const value = all ?? fallback;
  if (!SPF_QUALIFIERS.includes(value as SpfQualifier)) {
    return {
      qualifier: DEFAULT_ALL,
      fields: [
        fieldDiagnostic('all', diagnostic('composer/invalid-value', { params: { value: String(value) } })),
      ],
    };
  }
  if (value === '+')
    return { qualifier: DEFAULT_ALL, fields: [fieldDiagnostic('all', diagnostic('composer/all-pass'))] };
  return { qualifier: value as SpfQualifier, fields: [] };
}

/** Lookup-count notes and errors shared by the builder and the merge. */
export function lookupDiagnostics(lookups: SpfBuilt['lookups']): FieldDiagnostic[] {
  const out: FieldDiagnostic[] = [];
  // RFC 7208 §4.6.4: "SPF implementations MUST limit the total number of those terms to 10
  // during SPF evaluation": a record known to need more is a permerror, so it is not emitted.
  if (lookups.total > MAX_DNS_MECHANISMS) {
    out.push(
      fieldDiagnostic('lookups', diagnostic('spf/too-many-lookups', { params: { count: lookups.total } })),
    );
  }
  if (lookups.unknown.length > 0) {
    out.push(
      fieldDiagnostic(
        'lookups',
        diagnostic('composer/lookup-count-incomplete', {
          params: { count: lookups.total, includes: lookups.unknown.join(', ') },
        }),
      ),
    );
  }
  return out;
}

/** The record's owner name when a domain is given; a wrong domain is a field error. */
export function domainName(
  domain: string | undefined,
  fields: FieldDiagnostic[],
  prefix = '',
): string | undefined {
  if (domain === undefined || domain.trim() === '') return undefined;
  const check = checkDomainField(domain);
  if (!check.ok) {
    fields.push(
      fieldDiagnostic('domain', diagnostic('composer/invalid-domain', { params: { value: domain } })),
    );
    return undefined;
  }
  return `${prefix}${check.domain}`;
}

export function buildSpf(input: SpfBuilderInput): SpfBuilt {
  const { terms, includes, direct, fields } = spfTermsFromInput(input);
  const all = checkAllQualifier(input.all, DEFAULT_ALL);
  fields.push(...all.fields);
  const name = domainName(input.domain, fields);
  const lookups = countLookups(direct, includes, input.lookupCosts);
  fields.push(...lookupDiagnostics(lookups));
  // `~all` is written with its qualifier; `+all` keeps the explicit `+` so nobody misreads it.
  const draft = [SPF_VERSION, ...terms, `${all.qualifier}all`].join(' ');
  return { ...finishRecord(draft, name, fields, spfDiagnostics), lookups };
}
