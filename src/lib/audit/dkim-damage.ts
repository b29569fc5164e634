// A damaged DKIM key in the audit (issue 10 item 3): the finding names the damage precisely
// (dkim/damage.ts) and a second finding says where to get the key again (the recognised
// provider's console, from providers.json) and how to paste it: whole and unquoted, since
// Cloudflare's form quotes the content and splits it into 255-octet strings itself (RFC 1035
// §3.3.14; docs/cloudflare.md, Cloudflare mistake 4).

import { describeKeyDamage } from '../dkim/damage.ts';
import { parseTagList } from '../shared/tag-list.ts';
import type { AuditState } from './context.ts';
import { finding } from './finding.ts';
import { aliasProvider } from './hosts.ts';
import type { DkimSelectorResult, Finding } from './model.ts';

/** The `reason` tokens (messages `dkim_damage_<reason>`) for the precise descriptions. */
const REASONS = {
  quotes: 'quotes-at',
  'not-base64': 'not-base64-at',
  extra: 'extra-characters',
  missing: 'missing-characters',
} as const;

/** `f` (a dkim/key-damaged finding) with the damage named precisely where the text shows it. */
export function preciseDamage(f: Finding, selector: DkimSelectorResult): Finding {
  const p = parseTagList(selector.records[0]?.text ?? '').tags.find((t) => t.name === 'p');
  const detail = p ? describeKeyDamage(p.value) : null;
  if (!detail) return f;
  const params = { ...f.params };
  if (detail.kind === 'length') {
    Object.assign(params, {
      reason: detail.difference > 0 ? REASONS.extra : REASONS.missing,
      chars: detail.chars,
      octets: detail.octets,
      derOctets: detail.derOctets,
      derChars: detail.derChars,
      difference: Math.abs(detail.difference),
    });
  } else {
    Object.assign(params, { reason: REASONS[detail.kind], offset: detail.offset, found: detail.found });
  }
  return { ...f, params };
}

/** Where to copy the key again and how to paste it. */
export function recopyFinding(state: AuditState, selector: DkimSelectorResult): Finding {
  const provider = aliasProvider(state);
  const params = { selector: selector.selector, name: selector.name };
  if (!provider) return finding('dkim/key-recopy-console', 'dkim', { params });
  return finding('dkim/key-recopy', 'dkim', {
    params: { ...params, provider: provider.name, providerZh: provider.nameZh ?? provider.name },
  });
}
