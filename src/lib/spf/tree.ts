// The whole include/redirect tree of a domain's SPF policy (RFC 7208 §5.2, §6.1), fetched with
// every independent lookup in flight at once, and what it costs: lookups per branch and in total
// as §4.6.4 counts them, void lookups, loops, missing records, and the address ranges it names.

import type { Diagnostic } from '../diagnostics/model.ts';
import { diagnostic } from '../diagnostics/diagnostic.ts';
import { resolveSafely, txtText, typedAnswer, type TypedAnswer } from '../dns/answer.ts';
import type { MxData, Resolver, RRType } from '../dns/model.ts';
import { formatTerm } from './format.ts';
import {
  isLookupTerm,
  isSpfRecordText,
  MAX_DNS_MECHANISMS,
  MAX_MX_NAMES,
  MAX_VOID_LOOKUPS,
  reachableTerms,
} from './limits.ts';
import { formatMacroString, hasMacros } from './macro.ts';
import type {
  MacroString,
  SpfMechanism,
  SpfNodeStatus,
  SpfQualifier,
  SpfRange,
  SpfRecord,
  SpfTerm,
  SpfTermCost,
  SpfTree,
  SpfTreeNode,
} from './model.ts';
import { parseSpf } from './parse.ts';
import { addressRanges, rangeReport, termRange, type RangeSource } from './ranges.ts';
import { targetName } from './target-name.ts';

/** Deeper than any policy within the lookup limit can go (each level costs a lookup). */
export const MAX_TREE_DEPTH = 2 * MAX_DNS_MECHANISMS;
/** Records shown at most; a policy within the limit has at most 11. */
export const MAX_TREE_NODES = 500;
/** Queries at most: a policy within the limit needs about 10 × (1 + 2 × 10). */
export const DEFAULT_TREE_MAX_QUERIES = 1000;

export interface AnalyzeSpfOptions {
  signal?: AbortSignal;
  maxQueries?: number;
}

/** An answer, or `skipped`: not asked because the query cap was reached or the signal aborted. */
type Answer = TypedAnswer | { kind: 'skipped' };

interface Context {
  resolver: Resolver;
  signal?: AbortSignal;
  maxQueries: number;
  queries: number;
  nodes: number;
  truncated: boolean;
  incomplete: boolean;
  cache: Map<string, Promise<Answer>>;
  /** Per node, in term order: the ranges of a term, or the child node it leads to. */
  rangeItems: Map<SpfTreeNode, TermItem[]>;
  voidLookupsIp6: Map<SpfTreeNode, number>;
}

/** What one term of a record contributes, in term order: ranges, or the child it leads to. */
type TermItem = SpfRange[] | SpfTreeNode;

/** One query per (name, type) per analysis, shared by every branch that needs it. */
function lookup(ctx: Context, name: string, type: RRType): Promise<Answer> {
  const key = `${type} ${name.toLowerCase()}`;
  let pending = ctx.cache.get(key);
  if (!pending) {
    pending = (async (): Promise<Answer> => {
      if (ctx.signal?.aborted || ctx.queries >= ctx.maxQueries) {
        ctx.truncated = true;
        return { kind: 'skipped' };
      }
      ctx.queries++;
      const response = await resolveSafely(ctx.resolver, name, type, ctx.signal);
      if (ctx.signal?.aborted) {
        ctx.truncated = true;
        return { kind: 'skipped' };
      }
      return typedAnswer(response, type);
    })();
    ctx.cache.set(key, pending);
  }
  return pending;
}

const unknown = (a: Answer) => a.kind === 'error' || a.kind === 'skipped';

interface Reach {
  /** Terms leading here, as written. */
  via: string[];
  /** Every include on the way has the "+" qualifier: a pass here is a pass at the top. */
  passes: boolean;
  ancestors: ReadonlySet<string>;
}

function newNode(
  domain: string,
  term: string,
  relation: SpfTreeNode['relation'],
  depth: number,
  status: SpfNodeStatus,
): SpfTreeNode {
  return {
    domain,
    term,
    relation,
    depth,
    status,
    diagnostics: [],
    terms: [],
    ownLookups: 0,
    branchLookups: 0,
    ownVoidLookups: 0,
    branchVoidLookups: 0,
    children: [],
  };
}

/** A literal domain-spec (no macros) as a query name; undefined when it has macros. */
function literalTarget(spec: MacroString | undefined, domain: string): string | null | undefined {
  if (!spec) return domain;
  if (hasMacros(spec)) return undefined;
  return targetName(formatMacroString(spec));
}

/**
 * The node of `domain` with its record fetched, selected and parsed (RFC 7208 §4.4, §4.5); the
 * record is absent when there is none to walk (loop, truncation, DNS error, none or several).
 */
async function fetchRecord(
  ctx: Context,
  domain: string,
  term: string,
  relation: SpfTreeNode['relation'],
  depth: number,
  reach: Reach,
): Promise<{ node: SpfTreeNode; record?: SpfRecord }> {
  if (reach.ancestors.has(domain.toLowerCase())) {
    const node = newNode(domain, term, relation, depth, 'loop');
    node.diagnostics.push(diagnostic('spf/include-loop', { params: { domain } }));
    return { node };
  }
  if (depth > MAX_TREE_DEPTH || ctx.nodes >= MAX_TREE_NODES) {
    ctx.truncated = true;
    return { node: newNode(domain, term, relation, depth, 'truncated') };
  }
  ctx.nodes++;
  const answer = await lookup(ctx, domain, 'TXT');
  const node = newNode(domain, term, relation, depth, 'ok');
  if (answer.kind === 'skipped') {
    node.status = 'truncated';
    return { node };
  }
  if (answer.kind === 'error') {
    // RFC 7208 §4.4: a failed lookup is temperror; it is never reported as "no record".
    node.status = 'temperror';
    node.dnsStatus = answer.status;
    node.diagnostics.push(diagnostic('spf/lookup-temperror', { params: { domain, status: answer.status } }));
    ctx.incomplete = true;
    return { node };
  }
  node.dnsStatus = answer.kind === 'data' ? 'NOERROR' : answer.status;
  const texts = answer.kind === 'data' ? answer.records.map(txtText) : [];
  const spf = texts.filter(isSpfRecordText);
  if (spf.length !== 1) {
    node.status = spf.length === 0 ? 'none' : 'multiple-records';
    if (spf.length > 1) {
      node.diagnostics.push(diagnostic('spf/multiple-records', { params: { count: spf.length, domain } }));
    } else if (relation === 'include')
      node.diagnostics.push(diagnostic('spf/include-missing-record', { params: { domain } }));
    else if (relation === 'redirect')
      node.diagnostics.push(diagnostic('spf/redirect-missing-record', { params: { domain } }));
    else node.diagnostics.push(diagnostic('spf/missing'));
    return { node };
  }
  node.record = spf[0];
  const parsed = parseSpf(spf[0]);
  node.diagnostics.push(...parsed.diagnostics);
  if (!parsed.record) return { node };
  node.parsed = parsed.record;
  return { node, record: parsed.record };
}

/** One record's walk: its node, and what its terms need to know about where it sits. */
interface NodeWalk {
  ctx: Context;
  node: SpfTreeNode;
  depth: number;
  reach: Reach;
  /** The ancestors of this node's children: this node's ancestors and itself. */
  ancestors: ReadonlySet<string>;
  /** Void lookups of AAAA queries (counted apart: an IPv6 client would meet them). */
  void6: number;
}

/** The start of every range a term of this node produces. */
function rangeSource(
  w: NodeWalk,
  term: string,
  qualifier: SpfQualifier | undefined,
  host?: string,
): RangeSource {
  const q = qualifier ?? '+';
  return {
    term,
    domain: w.node.domain,
    qualifier: q,
    authorizes: w.reach.passes && q === '+',
    via: w.reach.via,
    ...(host !== undefined ? { host } : {}),
  };
}

/** Counts a void answer of an `a`, `mx` or `exists` term (§4.6.4), once per term. */
function markVoid(w: NodeWalk, cost: SpfTermCost, ip4: boolean, ip6: boolean, queried: string) {
  if (ip4) {
    cost.void = true;
    w.node.ownVoidLookups++;
  }
  if (ip6) w.void6++;
  if (ip4 || ip6)
    w.node.diagnostics.push(diagnostic('spf/void-lookup', { params: { term: cost.term, name: queried } }));
}

/** `include` and `redirect`: the child node (§5.2, §6.1), walked with every sibling at once. */
function childItem(
  w: NodeWalk,
  t: Extract<SpfTerm, { kind: 'include' | 'redirect' }>,
  text: string,
): Promise<SpfTreeNode> {
  const relation = t.kind === 'include' ? 'include' : 'redirect';
  const target = literalTarget(t.domain, w.node.domain);
  if (target === undefined) {
    // The target depends on the message (macros): it still costs this lookup.
    const child = newNode(formatMacroString(t.domain), text, relation, w.depth + 1, 'macro');
    child.diagnostics.push(diagnostic('spf/macro-not-followed', { params: { term: text } }));
    w.ctx.incomplete = true;
    return Promise.resolve(child);
  }
  if (target === null) {
    const shown = formatMacroString(t.domain);
    const child = newNode(shown, text, relation, w.depth + 1, 'invalid-name');
    child.diagnostics.push(diagnostic('spf/domain-not-queryable', { params: { domain: shown } }));
    return Promise.resolve(child);
  }
  const qualifier: SpfQualifier = t.kind === 'include' ? (t.qualifier ?? '+') : '+';
  return analyzeNode(w.ctx, target, text, relation, w.depth + 1, {
    via: [...w.reach.via, text],
    passes: w.reach.passes && qualifier === '+',
    ancestors: w.ancestors,
  });
}

/**
 * The query name of an `a`, `mx` or `exists` term; null when check_host() would not query it
 * (macros: the name depends on the message; an unqueryable name: no match, validate.ts reports it).
 */
function mechanismTarget(w: NodeWalk, spec: MacroString | undefined): string | null {
  const target = literalTarget(spec, w.node.domain);
  if (target === undefined) w.ctx.incomplete = true;
  return target ?? null;
}

/** `exists` (§5.7): an A query whatever the client's family; no ranges, possibly a void lookup. */
async function existsItem(
  w: NodeWalk,
  t: Extract<SpfMechanism, { kind: 'exists' }>,
  cost: SpfTermCost,
): Promise<SpfRange[]> {
  const target = mechanismTarget(w, t.domain);
  if (target === null) return [];
  const a = await lookup(w.ctx, target, 'A');
  if (unknown(a)) w.ctx.incomplete = true;
  markVoid(w, cost, a.kind === 'void', a.kind === 'void', target);
  return [];
}

/** `a` (§5.3): the addresses of the target, with the term's CIDR lengths. */
async function aItem(
  w: NodeWalk,
  t: Extract<SpfMechanism, { kind: 'a' }>,
  cost: SpfTermCost,
): Promise<SpfRange[]> {
  const target = mechanismTarget(w, t.domain);
  if (target === null) return [];
  const { ranges, a, aaaa } = await hostRanges(w, target, t, cost);
  markVoid(w, cost, a.kind === 'void', aaaa.kind === 'void', target);
  return ranges;
}

/** The A and AAAA answers of `host` as ranges with the term's CIDR lengths (§5.6), for `a` and `mx`. */
async function hostRanges(
  w: NodeWalk,
  host: string,
  t: Extract<SpfMechanism, { kind: 'a' | 'mx' }>,
  cost: SpfTermCost,
): Promise<{ ranges: SpfRange[]; a: Answer; aaaa: Answer }> {
  const [a, aaaa] = await Promise.all([lookup(w.ctx, host, 'A'), lookup(w.ctx, host, 'AAAA')]);
  if (unknown(a) || unknown(aaaa)) w.ctx.incomplete = true;
  const source = rangeSource(w, cost.term, t.qualifier, host);
  const ranges = [a, aaaa].flatMap((x) =>
    x.kind === 'data' ? addressRanges(x.records, t.ip4Prefix, t.ip6Prefix, source) : [],
  );
  return { ranges, a, aaaa };
}

/** `mx` (§5.4): the addresses of at most 10 exchanges (§4.6.4), all asked at once. */
async function mxItem(
  w: NodeWalk,
  t: Extract<SpfMechanism, { kind: 'mx' }>,
  cost: SpfTermCost,
): Promise<SpfRange[]> {
  const target = mechanismTarget(w, t.domain);
  if (target === null) return [];
  const mx = await lookup(w.ctx, target, 'MX');
  if (unknown(mx)) {
    w.ctx.incomplete = true;
    return [];
  }
  markVoid(w, cost, mx.kind === 'void', mx.kind === 'void', target);
  if (mx.kind !== 'data') return [];
  cost.mxNames = mx.records.length;
  if (mx.records.length > MAX_MX_NAMES) {
    w.node.diagnostics.push(
      diagnostic('spf/too-many-mx-names', { params: { domain: target, count: mx.records.length } }),
    );
  }
  const hosts = mx.records
    .slice(0, MAX_MX_NAMES)
    .map((r) => targetName((r.data as MxData).exchange ?? ''))
    .filter((h): h is string => h !== null);
  const perHost = await Promise.all(hosts.map(async (host) => (await hostRanges(w, host, t, cost)).ranges));
  return perHost.flat();
}

/** What a reachable term contributes; null for `all`, `ptr`, `exp` and unknown modifiers. */
function termItem(w: NodeWalk, t: SpfTerm, cost: SpfTermCost): TermItem | Promise<TermItem> | null {
  switch (t.kind) {
    case 'ip4':
    case 'ip6':
      return termRange(t.kind, t.address, t.prefix, rangeSource(w, cost.term, t.qualifier));
    case 'include':
    case 'redirect':
      return childItem(w, t, cost.term);
    case 'a':
      return aItem(w, t, cost);
    case 'mx':
      return mxItem(w, t, cost);
    case 'exists':
      return existsItem(w, t, cost);
    default:
      // `ptr` (§5.5) depends on the client's reverse DNS: no range, no static void lookup.
      return null;
  }
}

/** One node of the tree: its record, then every term's lookups at once, collected in term order. */
async function analyzeNode(
  ctx: Context,
  domain: string,
  term: string,
  relation: SpfTreeNode['relation'],
  depth: number,
  reach: Reach,
): Promise<SpfTreeNode> {
  const { node, record } = await fetchRecord(ctx, domain, term, relation, depth, reach);
  if (!record) return node;
  const w: NodeWalk = {
    ctx,
    node,
    depth,
    reach,
    ancestors: new Set(reach.ancestors).add(domain.toLowerCase()),
    void6: 0,
  };
  const live = new Set(reachableTerms(record.terms).reachable);
  const items: Array<TermItem | Promise<TermItem>> = [];
  for (const t of record.terms) {
    if (t.kind === 'invalid') continue;
    const cost: SpfTermCost = { term: formatTerm(t), lookups: 0 };
    node.terms.push(cost);
    if (!live.has(t)) {
      if (t.kind !== 'exp' && t.kind !== 'modifier') cost.ignored = true;
      continue;
    }
    if (isLookupTerm(t)) {
      cost.lookups = 1;
      node.ownLookups++;
    }
    const item = termItem(w, t, cost);
    if (item) items.push(item);
  }
  const done = await Promise.all(items);
  node.children = done.filter((item): item is SpfTreeNode => !Array.isArray(item));
  ctx.rangeItems.set(node, done);
  ctx.voidLookupsIp6.set(node, w.void6);
  return node;
}

/** Every range of the tree, in tree order (depth first, term order). */
function rangesInOrder(node: SpfTreeNode, ctx: Context, out: SpfRange[] = []): SpfRange[] {
  for (const item of ctx.rangeItems.get(node) ?? []) {
    if (Array.isArray(item)) out.push(...item);
    else rangesInOrder(item, ctx, out);
  }
  return out;
}

/** Sums each branch bottom-up (§4.6.4 counts each evaluated term, so repeated branches count again). */
function sumBranches(node: SpfTreeNode, ctx: Context): number {
  let void6 = ctx.voidLookupsIp6.get(node) ?? 0;
  node.branchLookups = node.ownLookups;
  node.branchVoidLookups = node.ownVoidLookups;
  for (const child of node.children) {
    void6 += sumBranches(child, ctx);
    node.branchLookups += child.branchLookups;
    node.branchVoidLookups += child.branchVoidLookups;
  }
  return void6;
}

/** DNS-level problems found while walking the tree (the root's parse diagnostics are its own). */
const TREE_CODES = new Set([
  'spf/missing',
  'spf/multiple-records',
  'spf/include-missing-record',
  'spf/redirect-missing-record',
  'spf/include-loop',
  'spf/lookup-temperror',
  'spf/too-many-mx-names',
  'spf/void-lookup',
  'spf/macro-not-followed',
]);

/**
 * The tree's problems: DNS-level ones everywhere, plus the errors of included records (their
 * syntax errors make the include a permerror, §5.2). Diagnostics of other records lose their
 * spans (they point into that record's text) and name the record's domain.
 */
function collectDiagnostics(node: SpfTreeNode, out: Diagnostic[]) {
  for (const d of node.diagnostics) {
    const nested = node.relation !== 'root';
    const keep =
      TREE_CODES.has(d.code) ||
      (nested &&
        (d.code === 'spf/domain-not-queryable' ||
          (d.severity === 'error' && d.code !== 'spf/too-many-lookups')));
    if (!keep) continue;
    if (!nested) out.push(d);
    else {
      const { span: _span, ...rest } = d;
      out.push({ ...rest, params: { ...d.params, domain: d.params?.domain ?? node.domain } });
    }
  }
  for (const child of node.children) collectDiagnostics(child, out);
}

/**
 * Fetches and analyzes the SPF tree of `domain`. Every lookup whose inputs are known is issued at
 * once: all includes of a record, and the address lookups of its `a` and `mx` terms, together.
 * Never throws; DNS failures are node statuses.
 */
export async function analyzeSpf(
  domain: string,
  resolver: Resolver,
  o: AnalyzeSpfOptions = {},
): Promise<SpfTree> {
  const ctx: Context = {
    resolver,
    signal: o.signal,
    maxQueries: o.maxQueries ?? DEFAULT_TREE_MAX_QUERIES,
    queries: 0,
    nodes: 0,
    truncated: false,
    incomplete: false,
    cache: new Map(),
    rangeItems: new Map(),
    voidLookupsIp6: new Map(),
  };
  const name = targetName(domain.trim());
  const start = (name ?? domain.trim()).toLowerCase();
  let root: SpfTreeNode;
  if (name === null) {
    root = newNode(start, '', 'root', 0, 'invalid-name');
    root.diagnostics.push(diagnostic('spf/domain-not-queryable', { params: { domain: start } }));
  } else root = await analyzeNode(ctx, start, '', 'root', 0, { via: [], passes: true, ancestors: new Set() });
  const voidLookupsIp6 = sumBranches(root, ctx);
  const lookups = root.branchLookups;
  const voidLookups = root.branchVoidLookups;

  const diagnostics: Diagnostic[] = [];
  collectDiagnostics(root, diagnostics);
  if (lookups > MAX_DNS_MECHANISMS)
    diagnostics.unshift(diagnostic('spf/too-many-lookups', { params: { count: lookups } }));
  if (voidLookups > MAX_VOID_LOOKUPS)
    diagnostics.unshift(diagnostic('spf/too-many-void-lookups', { params: { count: voidLookups } }));
  if (ctx.truncated) diagnostics.push(diagnostic('spf/tree-truncated'));

  const ranges = rangesInOrder(root, ctx);
  const { merged, issues } = rangeReport(ranges.filter((r) => r.authorizes));
  for (const issue of issues) {
    diagnostics.push(
      issue.kind === 'duplicate'
        ? diagnostic('spf/duplicate-range', {
            params: { range: issue.range.cidr, term: issue.range.term, otherTerm: issue.other.term },
          })
        : diagnostic('spf/overlapping-ranges', {
            params: { range: issue.range.cidr, other: issue.other.cidr },
          }),
    );
  }

  const withoutInclude = root.children
    .filter((c) => c.relation === 'include')
    .map((c) => ({
      term: c.term,
      domain: c.domain,
      lookups: 1 + c.branchLookups,
      totalWithout: lookups - 1 - c.branchLookups,
      voidLookups: c.branchVoidLookups,
    }));

  return {
    domain: start,
    root,
    lookups,
    voidLookups,
    voidLookupsIp6,
    overLimit: lookups > MAX_DNS_MECHANISMS || voidLookups > MAX_VOID_LOOKUPS,
    complete: !ctx.incomplete && !ctx.truncated,
    ranges,
    merged,
    rangeIssues: issues,
    withoutInclude,
    diagnostics,
    queries: ctx.queries,
  };
}
