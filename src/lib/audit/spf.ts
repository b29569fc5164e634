// The SPF part of the audit (RFC 7208): the TXT records at the domain (§4.5: exactly one v=spf1),
// then the include tree with each branch's lookup cost (analyzeSpf), and the cross-checks a
// domain at Cloudflare needs: the MX provider's include present (docs/cloudflare.md), Cloudflare Email
// Routing's include left next to another provider's (docs/cloudflare.md, Cloudflare mistake 8).

import { mergeSpf } from '../compose/spf-merge.ts';
import type { RecordSuggestion } from '../export/model.ts';
import { formatSpf } from '../spf/format.ts';
import { isSpfRecordText, MAX_DNS_MECHANISMS } from '../spf/limits.ts';
import type { SpfTreeNode } from '../spf/model.ts';
import { parseSpf } from '../spf/parse.ts';
import { analyzeSpf } from '../spf/tree.ts';
import { validateSpfSet } from '../spf/validate.ts';
import type { Provider } from '../providers/model.ts';
import { isTemporaryFailure, partitionTxt, txtRecords } from './answers.ts';
import { EMAIL_ROUTING_SPF_INCLUDE } from './cloudflare.ts';
import { areaLookup, type AuditContext, type AuditState } from './context.ts';
import { finding, fromDiagnostics } from './finding.ts';
import type { Finding } from './model.ts';
import { temporaryFinding } from './temporary.ts';

export async function auditSpf(ctx: AuditContext): Promise<void> {
  const area = ctx.state.spf;
  const { response } = await areaLookup(ctx, area.lookups, ctx.domain, 'TXT', 0);
  if (isTemporaryFailure(response.status)) {
    area.status = 'error';
    area.dnsStatus = response.status;
    ctx.changed();
    return;
  }
  const split = partitionTxt(txtRecords(response), isSpfRecordText);
  area.records = split.matching;
  area.otherTxt = split.other;
  area.diagnostics = area.records.map((r) => parseSpf(r.text).diagnostics);
  area.status = 'done';
  if (area.records.length !== 1) {
    ctx.changed();
    return;
  }
  area.treeStatus = 'loading';
  ctx.changed();
  // The tree asks for the TXT at the domain again: the journal answers it from the first query.
  const tree = await analyzeSpf(ctx.domain, ctx.journal.resolverFor(0, area.lookups), { signal: ctx.signal });
  area.tree = tree;
  area.includes = includesOf(tree.root);
  area.treeStatus = 'done';
  ctx.changed();
}

function includesOf(node: SpfTreeNode): string[] {
  const out = new Set<string>();
  const walk = (n: SpfTreeNode) => {
    if (n.relation !== 'root') out.add(n.domain.toLowerCase());
    n.children.forEach(walk);
  };
  walk(node);
  return [...out];
}

function providerIncludes(p: Provider): string[] {
  return [p.spfInclude, ...p.spfIncludeAlternatives, ...(p.spfIncludeLegacy ? [p.spfIncludeLegacy] : [])];
}

/** `record` with the `include:` of `domain` taken out (RFC 7208 §5.2), re-formatted. */
function withoutInclude(record: string, domain: string): string {
  const parsed = parseSpf(record).record;
  if (!parsed) return record;
  const terms = parsed.terms.filter(
    (t) =>
      !(
        t.kind === 'include' &&
        t.domain.length === 1 &&
        t.domain[0].kind === 'literal' &&
        t.domain[0].text.toLowerCase() === domain
      ),
  );
  return formatSpf({ terms });
}

function hasEmailRoutingInclude(text: string): boolean {
  return new RegExp(
    `(^|\\s)[+?~-]?include:${EMAIL_ROUTING_SPF_INCLUDE.replace(/\./g, '\\.')}(\\s|$)`,
    'i',
  ).test(text);
}

export function spfFindings(state: AuditState, domain: string): Finding[] {
  const area = state.spf;
  const out: Finding[] = [];
  for (const l of area.lookups) {
    if (l.response && isTemporaryFailure(l.response.status)) out.push(temporaryFinding(l, 'spf'));
  }
  if (area.status !== 'done') return out;
  const mx = state.mx;
  const provider = mx.status === 'done' ? mx.providers.find((m) => m.via !== 'legacy')?.provider : undefined;
  const usesEmailRouting = mx.status === 'done' && mx.emailRouting;
  const name = domain;
  const asTxt = (content: string): RecordSuggestion => ({ type: 'TXT', name, content });

  const set = validateSpfSet(area.records.map((r) => r.strings));
  if (set.count === 0) {
    // A fix only where the right record is known: the MX provider's include, or "sends no mail"
    // for a domain with a null MX (RFC 7505 §4 recommends `v=spf1 -all` next to it).
    let fix: RecordSuggestion[] = [];
    if (mx.status === 'done' && mx.nullMx) fix = [asTxt('v=spf1 -all')];
    else if (provider) fix = [asTxt(`v=spf1 include:${provider.spfInclude} ~all`)];
    out.push(finding('spf/missing', 'spf', { params: { domain }, fix }));
    return out;
  }
  if (set.count > 1) {
    // RFC 7208 §4.5: two records are a permerror; one merged record replaces them. Email
    // Routing's include stays only if the MX still uses Email Routing.
    const merged = mergeSpf(area.records.map((r) => r.text).join('\n'), { domain });
    let content = merged.content ?? merged.draft;
    if (!usesEmailRouting && hasEmailRoutingInclude(content))
      content = withoutInclude(content, EMAIL_ROUTING_SPF_INCLUDE);
    out.push(
      finding('spf/multiple-records', 'spf', {
        params: { count: set.count, domain },
        fix: [asTxt(content)],
        replaces: area.records.map((r) => asTxt(r.text)),
      }),
    );
    return out;
  }

  const record = area.records[0].text;
  const seen = new Set<string>();
  const add = (findings: Finding[]) => {
    for (const f of findings) {
      const key = JSON.stringify([f.code, f.params ?? {}]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(f);
    }
  };
  add(fromDiagnostics(area.diagnostics[0] ?? [], 'spf', { domain }));
  if (area.treeStatus !== 'done' || !area.tree) return out;
  add(fromDiagnostics(area.tree.diagnostics, 'spf', { domain }));

  const includes = new Set(area.includes);
  const addInclude = provider !== undefined && !providerIncludes(provider).some((i) => includes.has(i));
  const dropRouting = mx.status === 'done' && !usesEmailRouting && hasEmailRoutingInclude(record);
  const fixed = new Set(out.filter((f) => MERGE_FIXES.has(f.code)).map((f) => f.code));
  if (!addInclude && !dropRouting && fixed.size === 0) return out;
  // One corrected record for every fix below (audit/fixes.ts): the provider's include added,
  // Email Routing's taken out, repeated terms once and `+all` made `~all` (the merge does those
  // two), whichever of them applies. The includes' measured costs count its lookups.
  const lookupCosts = includeCosts(area.tree.root);
  const merged = mergeSpf(record, { domain, ...(addInclude && { providers: [provider.id] }), lookupCosts });
  let corrected = merged.content ?? merged.draft;
  if (dropRouting) corrected = withoutInclude(corrected, EMAIL_ROUTING_SPF_INCLUDE);
  const fix = { fix: [asTxt(corrected)], replaces: [asTxt(record)] };
  if (addInclude) {
    out.push(
      finding('spf/provider-include-missing', 'spf', {
        params: {
          provider: provider.name,
          providerZh: provider.nameZh ?? provider.name,
          include: provider.spfInclude,
          domain,
        },
        ...fix,
      }),
    );
  }
  if (dropRouting) {
    out.push(
      finding('spf/email-routing-include', 'spf', {
        params: { include: EMAIL_ROUTING_SPF_INCLUDE, domain },
        ...fix,
      }),
    );
  }
  // The record's own problems the corrected record is known to solve point to it too: it must
  // parse without errors, and for the lookup limit its count must be known and within it.
  if (corrected === record || parseSpf(corrected).diagnostics.some((d) => d.severity === 'error')) return out;
  const { lookups } = mergeSpf(corrected, { domain, lookupCosts });
  const lookupsFixed = lookups.unknown.length === 0 && lookups.total <= MAX_DNS_MECHANISMS;
  return out.map((f) =>
    fixed.has(f.code) || (f.code === 'spf/too-many-lookups' && lookupsFixed) ? { ...f, ...fix } : f,
  );
}

/** The record's findings the merge itself corrects (RFC 7208 §5.1 `+all`, §4.6.2 a repeated term). */
const MERGE_FIXES = new Set(['spf/plus-all', 'spf/duplicate-mechanism']);

/** What each include of the published record costs, as the tree measured it (RFC 7208 §4.6.4). */
function includeCosts(root: SpfTreeNode): Record<string, number> {
  const costs: Record<string, number> = {};
  for (const child of root.children) {
    if (child.relation === 'include' && child.status === 'ok')
      costs[child.domain.toLowerCase()] = child.branchLookups;
  }
  return costs;
}
