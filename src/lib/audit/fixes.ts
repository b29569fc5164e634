// One corrected record per DNS record (issue 10 item 2): several findings can aim their fix at the
// same record (an unauthorized report address and the staged DMARC path both rewrite
// `_dmarc.<domain>`). The areas build those fixes from one corrected record; here the copies are
// folded so the report shows it once, under the first (most severe) finding, and the others
// point to it. Different contents for one record are a bug in an area, which
// `fixConflicts` makes visible (the unit test over every fixture zone asserts there are none).

import type { RecordSuggestion } from '../export/model.ts';
import type { Finding } from './model.ts';

/** TXT records of different kinds share a name (SPF beside site verifications): tell them apart. */
function txtKind(content: string): string {
  const m = /^\s*v\s*=\s*([a-z0-9]+)/i.exec(content);
  return m ? m[1].toLowerCase() : 'txt';
}

/**
 * Which published record a fix row corrects: TXT by name and kind (RFC 7208 §4.5 and RFC 9989
 * §4.10: one SPF and one DMARC record per name), CNAME by name (RFC 1034 §3.6.2: one per name),
 * MX by name and the exchange it replaces (an MX RRset holds several records).
 */
export function recordKey(r: RecordSuggestion, replaces: readonly RecordSuggestion[] = []): string {
  const name = r.name.toLowerCase().replace(/\.$/, '');
  if (r.type === 'TXT') return `TXT|${name}|${txtKind(r.content)}`;
  if (r.type === 'MX') {
    const old = replaces.find((x) => x.type === 'MX' && x.name.toLowerCase() === r.name.toLowerCase());
    return `MX|${name}|${(old ?? r).content.toLowerCase()}`;
  }
  return `${r.type}|${name}`;
}

function keysOf(f: Finding): Array<{ key: string; content: string }> {
  return (f.fix ?? []).map((r) => ({ key: recordKey(r, f.replaces), content: r.content }));
}

/** Findings in report order; a fix already shown by an earlier finding is replaced by `fixIn`. */
export function mergeFixes(findings: readonly Finding[]): Finding[] {
  const shown = new Map<string, { content: string; code: string }>();
  return findings.map((f) => {
    const keys = keysOf(f);
    if (keys.length === 0) return f;
    const earlier = keys.map((k) => shown.get(k.key));
    if (earlier.every((e, i) => e !== undefined && e.content === keys[i].content)) {
      const { fix: _fix, replaces: _replaces, ...rest } = f;
      return { ...rest, fixIn: earlier[0]!.code };
    }
    for (const k of keys) if (!shown.has(k.key)) shown.set(k.key, { content: k.content, code: f.code });
    return f;
  });
}

/** Records that two findings would correct differently (empty when the report is consistent). */
export function fixConflicts(
  findings: readonly Finding[],
): Array<{ key: string; contents: string[]; codes: string[] }> {
  const byKey = new Map<string, { contents: Set<string>; codes: string[] }>();
  for (const f of findings) {
    for (const k of keysOf(f)) {
      const entry = byKey.get(k.key) ?? { contents: new Set<string>(), codes: [] };
      entry.contents.add(k.content);
      entry.codes.push(f.code);
      byKey.set(k.key, entry);
    }
  }
  return [...byKey]
    .filter(([, e]) => e.contents.size > 1)
    .map(([key, e]) => ({ key, contents: [...e.contents], codes: e.codes }));
}
