// The whole include/redirect tree of a domain's SPF policy (RFC 7208 §5.2, §6.1), fetched with
// every independent lookup in flight at once, and what it costs: lookups per branch and in total
// as §4.6.4 counts them, void lookups, loops, missing records, and the address ranges it names.

import type { Diagnostic } from '../diagnostics/model.ts';
import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { DnsRecord, DnsResponse, DnsStatus, MxData, Resolver, RRType } from '../dns/model.ts';
import { targetName } from './check-host.ts';
import { formatTerm } from './format.ts';
import { cidrBounds, cidrText, IP4_MAX_PREFIX, IP6_MAX_PREFIX, parseAddress } from './ip.ts';
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
  SpfRangeIssue,
  SpfTermCost,
  SpfTree,
  SpfTreeNode,
} from './model.ts';
import { parseSpf } from './parse.ts';
import { raceAbort } from '../shared/abort.ts';

/** Deeper than any policy within the lookup limit can go (each level costs a lookup). */
export const MAX_TREE_DEPTH = 2 * MAX_DNS_MECHANISMS;
/** Records shown at most; a policy within the limit has at most 11. */
export const MAX_TREE_NODES = 500;
/** Queries at most: a policy within the limit needs about 10 × (1 + 2 × 10). */
export const DEFAULT_TREE_MAX_QUERIES = 1000;
/** Range problems reported at most. */
const MAX_RANGE_ISSUES = 200;

export interface AnalyzeSpfOptions {
  signal?: AbortSignal;
  maxQueries?: number;
}

type Answer =
  | { kind: 'data'; records: DnsRecord[] }
  | { kind: 'void'; status: DnsStatus }
  | { kind: 'error'; status: DnsStatus }
  /** Not asked: the query cap was reached or the signal aborted. */
  | { kind: 'skipped' };

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
  rangeItems: Map<SpfTreeNode, Array<SpfRange[] | SpfTreeNode>>;
  voidLookupsIp6: Map<SpfTreeNode, number>;
}

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
      let response: DnsResponse | null;
      try {
        // Rejects on abort; the catch below turns that into "no answer".
        response = await raceAbort(ctx.resolver.resolve(name, type, { signal: ctx.signal }), ctx.signal);
      } catch {
        response = null;
      }
      if (!response) {
        if (ctx.signal?.aborted) {
          ctx.truncated = true;
          return { kind: 'skipped' };
        }
        return { kind: 'error', status: 'ERROR' };
      }
      if (response.status === 'NXDOMAIN') return { kind: 'void', status: 'NXDOMAIN' };
      if (response.status !== 'NOERROR') return { kind: 'error', status: response.status };
      const records = response.answers.filter((a) => a.type === type);
      return records.length ? { kind: 'data', records } : { kind: 'void', status: 'NOERROR' };
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

function addRanges(
  out: SpfRange[],
  records: DnsRecord[],
  prefix4: number | undefined,
  prefix6: number | undefined,
  base: Omit<SpfRange, 'cidr' | 'version'>,
) {
  for (const r of records) {
    const address = parseAddress(String(r.data));
    if (!address) continue;
    const v4 = address.kind() === 'ipv4';
    const prefix = v4 ? (prefix4 ?? IP4_MAX_PREFIX) : (prefix6 ?? IP6_MAX_PREFIX);
    out.push({ ...base, cidr: cidrText(address, prefix), version: v4 ? 4 : 6 });
  }
}

async function analyzeNode(
  ctx: Context,
  domain: string,
  term: string,
  relation: SpfTreeNode['relation'],
  depth: number,
  reach: Reach,
): Promise<SpfTreeNode> {
  const name = domain.toLowerCase();
  if (reach.ancestors.has(name)) {
    const node = newNode(domain, term, relation, depth, 'loop');
    node.diagnostics.push(diagnostic('spf/include-loop', { params: { domain } }));
    return node;
  }
  if (depth > MAX_TREE_DEPTH || ctx.nodes >= MAX_TREE_NODES) {
    ctx.truncated = true;
    return newNode(domain, term, relation, depth, 'truncated');
  }
  ctx.nodes++;
  const answer = await lookup(ctx, domain, 'TXT');
  const node = newNode(domain, term, relation, depth, 'ok');
  if (answer.kind === 'skipped') {
    node.status = 'truncated';
    return node;
  }
  if (answer.kind === 'error') {
    // RFC 7208 §4.4: a failed lookup is temperror; it is never reported as "no record".
    node.status = 'temperror';
    node.dnsStatus = answer.status;
    node.diagnostics.push(diagnostic('spf/lookup-temperror', { params: { domain, status: answer.status } }));
    ctx.incomplete = true;
    return node;
  }
  node.dnsStatus = answer.kind === 'data' ? 'NOERROR' : answer.status;
  const texts =
    answer.kind === 'data'
      ? answer.records.map((r) => (Array.isArray(r.data) ? r.data.join('') : String(r.data)))
      : [];
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
    return node;
  }
  node.record = spf[0];
  const parsed = parseSpf(spf[0]);
  node.diagnostics.push(...parsed.diagnostics);
  if (!parsed.record) return node;
  node.parsed = parsed.record;

  const { reachable } = reachableTerms(parsed.record.terms);
  const live = new Set(reachable);
  const ancestors = new Set(reach.ancestors).add(name);
  const children: Array<Promise<SpfTreeNode>> = [];
  const work: Array<Promise<void>> = [];
  // In term order: a term's ranges, or the index of the child it leads to.
  const items: Array<SpfRange[] | number> = [];
  let void6 = 0;

  for (const t of parsed.record.terms) {
    if (t.kind === 'invalid') continue;
    const text = formatTerm(t);
    const cost: SpfTermCost = { term: text, lookups: 0 };
    node.terms.push(cost);
    if (!live.has(t)) {
      if (t.kind !== 'exp' && t.kind !== 'modifier') cost.ignored = true;
      continue;
    }
    if (!isLookupTerm(t)) {
      if (t.kind === 'ip4' || t.kind === 'ip6') {
        const address = parseAddress(t.address);
        if (address && (address.kind() === 'ipv4') === (t.kind === 'ip4')) {
          const prefix = t.prefix ?? (t.kind === 'ip4' ? IP4_MAX_PREFIX : IP6_MAX_PREFIX);
          items.push([
            {
              cidr: cidrText(address, prefix),
              version: t.kind === 'ip4' ? 4 : 6,
              term: text,
              domain,
              qualifier: t.qualifier ?? '+',
              authorizes: reach.passes && (t.qualifier ?? '+') === '+',
              via: reach.via,
            },
          ]);
        }
      }
      continue;
    }
    cost.lookups = 1;
    node.ownLookups++;
    if (t.kind === 'include' || t.kind === 'redirect') {
      const relationOf = t.kind === 'include' ? 'include' : 'redirect';
      const target = literalTarget(t.domain, domain);
      if (target === undefined) {
        // The target depends on the message (macros): it still costs this lookup.
        const child = newNode(formatMacroString(t.domain), text, relationOf, depth + 1, 'macro');
        child.diagnostics.push(diagnostic('spf/macro-not-followed', { params: { term: text } }));
        ctx.incomplete = true;
        items.push(children.push(Promise.resolve(child)) - 1);
        continue;
      }
      if (target === null) {
        const child = newNode(formatMacroString(t.domain), text, relationOf, depth + 1, 'invalid-name');
        child.diagnostics.push(
          diagnostic('spf/domain-not-queryable', { params: { domain: formatMacroString(t.domain) } }),
        );
        items.push(children.push(Promise.resolve(child)) - 1);
        continue;
      }
      const qualifier: SpfQualifier = t.kind === 'include' ? (t.qualifier ?? '+') : '+';
      items.push(children.length);
      children.push(
        analyzeNode(ctx, target, text, relationOf, depth + 1, {
          via: [...reach.via, text],
          passes: reach.passes && qualifier === '+',
          ancestors,
        }),
      );
      continue;
    }
    const m = t as SpfMechanism;
    if (m.kind === 'ptr') continue; // §5.5: depends on the client's reverse DNS; no range, no static void
    const spec = m.kind === 'a' || m.kind === 'mx' || m.kind === 'exists' ? m.domain : undefined;
    const target = literalTarget(spec, domain);
    if (target === undefined) {
      ctx.incomplete = true;
      continue;
    }
    if (target === null) continue; // never queried by check_host(): no match, no void (validate.ts reports it)
    const found: SpfRange[] = [];
    items.push(found);
    const base = {
      term: text,
      domain,
      qualifier: m.qualifier ?? '+',
      authorizes: reach.passes && (m.qualifier ?? '+') === '+',
      via: reach.via,
    };
    const markVoid = (ip4: boolean, ip6: boolean, queried: string) => {
      if (ip4) {
        cost.void = true;
        node.ownVoidLookups++;
      }
      if (ip6) void6++;
      if (ip4 || ip6)
        node.diagnostics.push(diagnostic('spf/void-lookup', { params: { term: text, name: queried } }));
    };
    if (m.kind === 'exists') {
      work.push(
        lookup(ctx, target, 'A').then((a) => {
          if (a.kind === 'error' || a.kind === 'skipped') ctx.incomplete = true;
          markVoid(a.kind === 'void', a.kind === 'void', target);
        }),
      );
    } else if (m.kind === 'a') {
      work.push(
        Promise.all([lookup(ctx, target, 'A'), lookup(ctx, target, 'AAAA')]).then(([a, aaaa]) => {
          if (unknown(a) || unknown(aaaa)) ctx.incomplete = true;
          markVoid(a.kind === 'void', aaaa.kind === 'void', target);
          if (a.kind === 'data')
            addRanges(found, a.records, m.ip4Prefix, m.ip6Prefix, { ...base, host: target });
          if (aaaa.kind === 'data')
            addRanges(found, aaaa.records, m.ip4Prefix, m.ip6Prefix, { ...base, host: target });
        }),
      );
    } else if (m.kind === 'mx') {
      work.push(
        lookup(ctx, target, 'MX').then(async (mx) => {
          if (unknown(mx)) {
            ctx.incomplete = true;
            return;
          }
          markVoid(mx.kind === 'void', mx.kind === 'void', target);
          if (mx.kind !== 'data') return;
          cost.mxNames = mx.records.length;
          if (mx.records.length > MAX_MX_NAMES) {
            node.diagnostics.push(
              diagnostic('spf/too-many-mx-names', { params: { domain: target, count: mx.records.length } }),
            );
          }
          const hosts = mx.records
            .slice(0, MAX_MX_NAMES)
            .map((r) => targetName((r.data as MxData).exchange ?? ''))
            .filter((h): h is string => h !== null);
          await Promise.all(
            hosts.map(async (host) => {
              const [a, aaaa] = await Promise.all([lookup(ctx, host, 'A'), lookup(ctx, host, 'AAAA')]);
              if (unknown(a) || unknown(aaaa)) ctx.incomplete = true;
              if (a.kind === 'data') addRanges(found, a.records, m.ip4Prefix, m.ip6Prefix, { ...base, host });
              if (aaaa.kind === 'data')
                addRanges(found, aaaa.records, m.ip4Prefix, m.ip6Prefix, { ...base, host });
            }),
          );
        }),
      );
    }
  }
  const [kids] = await Promise.all([Promise.all(children), Promise.all(work)]);
  node.children = kids;
  ctx.rangeItems.set(
    node,
    items.map((item) => (typeof item === 'number' ? kids[item] : item)),
  );
  ctx.voidLookupsIp6.set(node, void6);
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

/** The fewest CIDR blocks covering [start, end] (inclusive) in a space of `bits`. */
function toCidrs(start: bigint, end: bigint, bits: number, family: 4 | 6): string[] {
  const out: string[] = [];
  let s = start;
  while (s <= end) {
    let size = 0;
    while (
      size < bits &&
      (s & ((1n << BigInt(size + 1)) - 1n)) === 0n &&
      s + (1n << BigInt(size + 1)) - 1n <= end
    )
      size++;
    const network = parseAddress(bigintToAddress(s, family))!;
    out.push(cidrText(network, bits - size));
    s += 1n << BigInt(size);
  }
  return out;
}

function bigintToAddress(value: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  return groups.join(':');
}

interface Interval {
  start: bigint;
  end: bigint;
  range: SpfRange;
}

function intervals(ranges: SpfRange[], family: 4 | 6): Interval[] {
  return ranges
    .filter((r) => r.version === family)
    .map((range) => {
      const [address, prefix] = range.cidr.split('/');
      const [start, end] = cidrBounds(parseAddress(address)!, Number(prefix));
      return { start, end, range };
    })
    .sort((a, b) =>
      a.start < b.start ? -1 : a.start > b.start ? 1 : a.end > b.end ? -1 : a.end < b.end ? 1 : 0,
    );
}

/** Merged blocks, and each range that repeats or lies inside an earlier one. */
function rangeReport(ranges: SpfRange[]): { merged: string[]; issues: SpfRangeIssue[] } {
  const merged: string[] = [];
  const issues: SpfRangeIssue[] = [];
  for (const family of [4, 6] as const) {
    const list = intervals(ranges, family);
    let cover: Interval | undefined;
    let runStart = 0n;
    let runEnd = -1n;
    for (const item of list) {
      if (cover && item.start <= cover.end && issues.length < MAX_RANGE_ISSUES) {
        const same = item.start === cover.start && item.end === cover.end;
        issues.push({ kind: same ? 'duplicate' : 'overlap', range: item.range, other: cover.range });
      }
      if (!cover || item.end > cover.end) cover = item;
      if (runEnd >= runStart && item.start <= runEnd + 1n) {
        if (item.end > runEnd) runEnd = item.end;
      } else {
        if (runEnd >= runStart) merged.push(...toCidrs(runStart, runEnd, family === 4 ? 32 : 128, family));
        runStart = item.start;
        runEnd = item.end;
      }
    }
    if (runEnd >= runStart && list.length > 0)
      merged.push(...toCidrs(runStart, runEnd, family === 4 ? 32 : 128, family));
  }
  return { merged, issues };
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
