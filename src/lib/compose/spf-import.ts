// Turning a published or pasted SPF record back into the SPF builder's input (RFC 7208 §4.6.1,
// §5): the terms the builder has fields for fill them; a record with any other term (ptr, exists,
// redirect, exp, macros, qualified includes, a/mx with a domain or prefix) is kept whole for merging,
// because filling the form from it would lose those terms.

import { PROVIDERS } from '../providers/catalog.ts';
import { parseSpf } from '../spf/parse.ts';
import type { MacroPart, SpfQualifier } from '../spf/model.ts';

/** The fields of the SPF builder a record fills. */
export interface SpfImportedFields {
  providers: string[];
  includes: string[];
  ip4: string[];
  ip6: string[];
  a: boolean;
  mx: boolean;
  /** RFC 7208 §4.7: no `all` and no redirect ends in neutral, which `?all` says explicitly. */
  all: SpfQualifier;
}

export type SpfImport =
  | { kind: 'filled'; fields: SpfImportedFields }
  /** Terms the form has no field for, as written: the record goes to merge mode, which keeps them. */
  | { kind: 'merge'; kept: string[]; record: string }
  | { kind: 'invalid' };

/** A domain-spec without macros as plain text; null when it has macros (RFC 7208 §7). */
export function literalDomain(parts: readonly MacroPart[]): string | null {
  let out = '';
  for (const p of parts) {
    if (p.kind !== 'literal') return null;
    out += p.text;
  }
  return out;
}

export function importSpfRecord(text: string): SpfImport {
  const trimmed = text.trim();
  const { record } = parseSpf(trimmed);
  if (!record) return { kind: 'invalid' };
  const fields: SpfImportedFields = {
    providers: [],
    includes: [],
    ip4: [],
    ip6: [],
    a: false,
    mx: false,
    all: '?',
  };
  let all: SpfQualifier | undefined;
  const kept: string[] = [];
  for (const term of record.terms) {
    const written = term.span ? trimmed.slice(term.span.start, term.span.end) : term.kind;
    const plain = !('qualifier' in term) || term.qualifier === undefined || term.qualifier === '+';
    if (term.kind === 'all') {
      all = term.qualifier ?? '+';
    } else if (term.kind === 'include' && plain && literalDomain(term.domain) !== null) {
      const domain = literalDomain(term.domain)!.toLowerCase().replace(/\.$/, '');
      const provider = PROVIDERS.find((p) => p.spfInclude === domain);
      if (provider && !fields.providers.includes(provider.id)) fields.providers.push(provider.id);
      else fields.includes.push(domain);
    } else if ((term.kind === 'ip4' || term.kind === 'ip6') && plain) {
      (term.kind === 'ip4' ? fields.ip4 : fields.ip6).push(
        term.prefix === undefined ? term.address : `${term.address}/${term.prefix}`,
      );
    } else if (
      (term.kind === 'a' || term.kind === 'mx') &&
      plain &&
      term.domain === undefined &&
      term.ip4Prefix === undefined &&
      term.ip6Prefix === undefined
    ) {
      fields[term.kind] = true;
    } else {
      kept.push(written);
    }
  }
  if (kept.length > 0) return { kind: 'merge', kept, record: trimmed };
  return { kind: 'filled', fields: { ...fields, all: all ?? '?' } };
}

/** The include targets written in a record (without macros), lower case, each once. */
export function spfIncludeTargets(text: string): string[] {
  const parsed = parseSpf(text).record;
  if (!parsed) return [];
  const out = new Set<string>();
  for (const term of parsed.terms) {
    if (term.kind !== 'include') continue;
    const domain = literalDomain(term.domain);
    if (domain !== null) out.add(domain.toLowerCase().replace(/\.$/, ''));
  }
  return [...out];
}
