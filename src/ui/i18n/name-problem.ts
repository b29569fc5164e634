// Localized text for a domain-name problem (normalizeDomainInput / normalizeQueryName).
// Calls the compiled message functions by name (not `msg(key)`), so the home page's chunk carries
// these seven messages rather than the whole catalog.
import type { NameProblem } from '../../lib/index.ts';
import * as m from '../../paraglide/messages.js';

export function nameProblemText(p: NameProblem): string {
  switch (p.kind) {
    case 'empty':
      return m.name_empty();
    case 'invisible':
      return m.name_invisible({ codePoint: p.codePoint, index: p.index + 1 });
    case 'empty-label':
      return m.name_empty_label();
    case 'label-too-long':
      return m.name_label_too_long({ label: p.label });
    case 'name-too-long':
      return m.name_too_long({ octets: p.octets });
    case 'bad-character':
      return m.name_bad_character({ char: p.char });
    case 'not-a-domain':
      return m.name_not_a_domain({ input: p.input });
  }
}
