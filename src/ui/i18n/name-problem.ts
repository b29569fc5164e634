// Localized text for a domain-name problem (normalizeDomainInput / normalizeQueryName).
import type { NameProblem } from '../../lib/index.ts';
import { msg } from './messages.ts';

export function nameProblemText(p: NameProblem): string {
  switch (p.kind) {
    case 'empty':
      return msg('name_empty');
    case 'invisible':
      return msg('name_invisible', { codePoint: p.codePoint, index: p.index + 1 });
    case 'empty-label':
      return msg('name_empty_label');
    case 'label-too-long':
      return msg('name_label_too_long', { label: p.label });
    case 'name-too-long':
      return msg('name_too_long', { octets: p.octets });
    case 'bad-character':
      return msg('name_bad_character', { char: p.char });
    case 'not-a-domain':
      return msg('name_not_a_domain', { input: p.input });
  }
}
