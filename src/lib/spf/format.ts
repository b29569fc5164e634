// Writing an SPF record from the model (the inverse of parse.ts): canonical form, lower-case
// names, one space between terms. `parseSpf(formatSpf(m)).record` equals `m` (spans aside).

import { formatMacroString } from './macro.ts';
import type { SpfRecord, SpfTerm } from './model.ts';
import { SPF_VERSION } from './limits.ts';

function cidr(ip4?: number, ip6?: number): string {
  return `${ip4 === undefined ? '' : `/${ip4}`}${ip6 === undefined ? '' : `//${ip6}`}`;
}

/** One term as it appears in a record, e.g. `-include:_spf.example.com`, `a:mail.%{d}/24`. */
export function formatTerm(term: SpfTerm): string {
  switch (term.kind) {
    case 'invalid':
      return term.text;
    case 'redirect':
    case 'exp':
      return `${term.kind}=${formatMacroString(term.domain)}`;
    case 'modifier':
      return `${term.name}=${formatMacroString(term.value)}`;
  }
  const q = term.qualifier ?? '';
  switch (term.kind) {
    case 'all':
      return `${q}all`;
    case 'include':
    case 'exists':
      return `${q}${term.kind}:${formatMacroString(term.domain)}`;
    case 'ptr':
      return `${q}ptr${term.domain ? `:${formatMacroString(term.domain)}` : ''}`;
    case 'a':
    case 'mx':
      return `${q}${term.kind}${term.domain ? `:${formatMacroString(term.domain)}` : ''}${cidr(term.ip4Prefix, term.ip6Prefix)}`;
    case 'ip4':
    case 'ip6':
      return `${q}${term.kind}:${term.address}${term.prefix === undefined ? '' : `/${term.prefix}`}`;
  }
}

export function formatSpf(record: SpfRecord): string {
  return [SPF_VERSION, ...record.terms.map(formatTerm)].join(' ');
}
