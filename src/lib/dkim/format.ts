// The inverse of parseDkimKey: `v=DKIM1; k=…; h=…; s=…; t=…; n=…; p=…` with p= last (it is long and
// DNS hosts split it). `parseDkimKey(formatDkimKey(m)).record` deep-equals `m` for a valid model.

import { formatTagList } from '../shared/tag-list.ts';
import type { DkimKeyRecord } from './model.ts';

export function formatDkimKey(r: DkimKeyRecord): string {
  const tags: Array<[string, string]> = [];
  // A tag whose value did not parse is written back as it was typed, in its usual place.
  const invalid = new Map((r.invalid ?? []).map((t) => [t.name, t.value]));
  const add = (name: string, value: string | undefined): void => {
    const raw = invalid.get(name);
    if (raw !== undefined) tags.push([name, raw]);
    else if (value !== undefined) tags.push([name, value]);
  };
  add('v', r.v);
  add('k', r.k);
  add('h', r.h?.join(':'));
  add('s', r.s?.join(':'));
  add('t', r.t?.join(':'));
  add('n', r.n);
  for (const t of r.unknown ?? []) tags.push([t.name, t.value]);
  tags.push(['p', r.p]);
  return formatTagList(tags);
}
