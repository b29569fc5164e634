// The provider presets: providers.json (our own data, README.md) read into the typed model.
// Unverified entries keep their flag and the list of what is unverified, so every output built
// from them can say so.

import { MAIL_FROM_PROVIDERS } from './mail-from.ts';
import data from './providers.json';
import type { Provider, ProviderArea, ProviderCname, ProviderHostAlias, ProviderMx } from './model.ts';

/** The JSON as written (SOURCE.md of ../shared lists the fields); optional fields may be absent. */
interface ProviderData {
  id: string;
  name: string;
  nameZh?: string;
  mx: ProviderMx[];
  mxPattern?: boolean;
  mxLegacy?: ProviderMx[];
  mxNotes?: string;
  spfInclude: string;
  spfIncludeAlternatives?: string[];
  spfIncludeLegacy?: string;
  spfLookupCost?: number;
  dkim: { selectorHint: string; kind: string; notes?: string };
  cnames?: ProviderCname[];
  hostAliases?: Array<{ name: string; type: string; content: string; proxy: string; notes?: string }>;
  hostAliasesSource?: string;
  dmarcDefault?: { content: string; notes?: string };
  sources?: string;
  notes?: string;
  unverified?: boolean;
  unverifiedFields?: string[];
  docs: string;
  docsMore?: string[];
}

// A selector is a dot-separated list of RFC 5321 sub-domains (RFC 6376 §3.1); in a hint we
// accept single labels only, so prose ("varies per domain") and placeholders ("<token>") drop out.
const SELECTOR_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * The concrete selectors a hint names: the part before the first parenthesis, split at commas,
 * semicolons, slashes and " or ". `"s1, s2 (automated security); m1 (manual TXT)"` → s1, s2.
 */
export function selectorsFromHint(hint: string): string[] {
  const head = hint.split('(')[0];
  return head
    .split(/[,;/]|\s+or\s+/)
    .map((piece) => piece.trim().toLowerCase())
    .filter((piece) => SELECTOR_LABEL.test(piece));
}

/** The data's proxy wording for web access: "may be proxied (web access only)". Anything else,
 *  including a wording we do not know, is read as DNS only, the setting that never breaks mail. */
const PROXIABLE = /^may be proxied\b/i;

function toHostAlias(a: NonNullable<ProviderData['hostAliases']>[number]): ProviderHostAlias {
  const proxiable = PROXIABLE.test(a.proxy);
  return {
    name: a.name.toLowerCase(),
    type: 'CNAME',
    content: a.content.toLowerCase().replace(/\.$/, ''),
    role: proxiable ? 'webmail' : 'mail-protocol',
    proxiable,
    proxyNote: a.proxy,
    ...(a.notes !== undefined && { notes: a.notes }),
  };
}

const AREA_PATTERNS: ReadonlyArray<readonly [ProviderArea, RegExp]> = [
  ['spf', /^spf/i],
  ['mx', /^mx\b|\bmx host|^mx priorities/i],
  ['dkim', /dkim|selector/i],
];

/** Sorts unverified facts by the record they concern; a fact naming no record concerns all. */
function unverifiedAreas(fields: readonly string[]): Record<ProviderArea, string[]> {
  const areas: Record<ProviderArea, string[]> = { mx: [], spf: [], dkim: [] };
  for (const field of fields) {
    const hits = AREA_PATTERNS.filter(([, re]) => re.test(field)).map(([area]) => area);
    for (const area of hits.length > 0 ? hits : (['mx', 'spf', 'dkim'] as const)) areas[area].push(field);
  }
  return areas;
}

function toProvider(d: ProviderData): Provider {
  const fields = d.unverifiedFields ?? [];
  return {
    id: d.id,
    name: d.name,
    ...(d.nameZh !== undefined && { nameZh: d.nameZh }),
    mx: d.mx.map((m) => ({ host: m.host.toLowerCase(), priority: m.priority })),
    mxPattern: d.mxPattern === true,
    mxLegacy: (d.mxLegacy ?? []).map((m) => ({ host: m.host.toLowerCase(), priority: m.priority })),
    ...(d.mxNotes !== undefined && { mxNotes: d.mxNotes }),
    ...(MAIL_FROM_PROVIDERS[d.id] !== undefined && { mailFrom: { ...MAIL_FROM_PROVIDERS[d.id] } }),
    spfInclude: d.spfInclude.toLowerCase(),
    spfIncludeAlternatives: (d.spfIncludeAlternatives ?? []).map((s) => s.toLowerCase()),
    ...(d.spfIncludeLegacy !== undefined && { spfIncludeLegacy: d.spfIncludeLegacy.toLowerCase() }),
    ...(typeof d.spfLookupCost === 'number' && { spfLookupCost: d.spfLookupCost }),
    dkim: {
      selectorHint: d.dkim.selectorHint,
      kind: d.dkim.kind === 'cname' ? 'cname' : 'txt',
      ...(d.dkim.notes !== undefined && { notes: d.dkim.notes }),
      selectors: selectorsFromHint(d.dkim.selectorHint),
    },
    cnames: d.cnames ?? [],
    hostAliases: (d.hostAliases ?? []).filter((a) => a.type === 'CNAME').map(toHostAlias),
    ...(d.hostAliasesSource !== undefined && { hostAliasesSource: d.hostAliasesSource }),
    ...(d.dmarcDefault !== undefined && { dmarcDefault: { ...d.dmarcDefault } }),
    ...(d.sources !== undefined && { sources: d.sources }),
    ...(d.notes !== undefined && { notes: d.notes }),
    // An entry listing unverified fields is unverified even if the flag were forgotten.
    unverified: d.unverified === true || fields.length > 0,
    unverifiedFields: fields,
    unverifiedAreas: unverifiedAreas(fields),
    docs: d.docs,
    docsMore: d.docsMore ?? [],
  };
}

/** Every provider preset, in the data's order (Tencent Exmail and the Chinese providers early). */
export const PROVIDERS: readonly Provider[] = Object.freeze((data as ProviderData[]).map(toProvider));

const BY_ID = new Map(PROVIDERS.map((p) => [p.id, p]));

export function providerById(id: string): Provider | undefined {
  return BY_ID.get(id);
}

/**
 * RFC 7208 §4.6.4 cost of `include:<domain>` beyond its own lookup, when the data knows it for a
 * provider's include (current, alternative or legacy); undefined otherwise.
 */
export function knownSpfLookupCost(includeDomain: string): number | undefined {
  const domain = includeDomain.toLowerCase().replace(/\.$/, '');
  for (const p of PROVIDERS) {
    if (p.spfLookupCost !== undefined && p.spfInclude === domain) return p.spfLookupCost;
  }
  return undefined;
}
