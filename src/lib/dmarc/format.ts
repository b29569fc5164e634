// The inverse of parseDmarc: a record text in the usual tag order (v first, p second, which RFC 7489
// receivers expect). `parseDmarc(formatDmarc(m)).record` deep-equals `m` for a valid model.

import { formatTagList } from '../shared/tag-list.ts';
import type { DmarcRecord } from './model.ts';
import { DMARC_VERSION } from './vocabulary.ts';
import { formatDmarcUri } from './uri.ts';

export function formatDmarc(r: DmarcRecord): string {
  const tags: Array<[string, string]> = [['v', DMARC_VERSION]];
  // A tag whose value did not parse is written back as it was typed, in its usual place.
  const invalid = new Map((r.invalid ?? []).map((t) => [t.name, t.value]));
  const add = (name: string, value: string | undefined): void => {
    const raw = invalid.get(name);
    if (raw !== undefined) tags.push([name, raw]);
    else if (value !== undefined) tags.push([name, value]);
  };
  add('p', r.p);
  add('sp', r.sp);
  add('np', r.np);
  add('psd', r.psd);
  add('t', r.t);
  add('adkim', r.adkim);
  add('aspf', r.aspf);
  add('pct', r.pct);
  add('rua', r.rua?.map(formatDmarcUri).join(','));
  add('ruf', r.ruf?.map(formatDmarcUri).join(','));
  add('fo', r.fo?.join(':'));
  add('rf', r.rf);
  add('ri', r.ri);
  for (const t of r.unknown ?? []) tags.push([t.name, t.value]);
  return formatTagList(tags);
}
