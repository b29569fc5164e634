// The DKIM part of the audit (RFC 6376 §3.6.2): keys live at `<selector>._domainkey.<domain>` and
// DNS offers no way to list selectors, so the user's selectors and the common ones are all probed
// at once. The resolver follows CNAME-delegated keys inside the same answer; a selector that
// answers NODATA is asked for its address, which shows a proxied CNAME (docs/cloudflare.md, Cloudflare
// mistake 2). Each key found is inspected (type, bits, revoked, test mode, damage).

import { inspectDkimKey } from '../dkim/inspect.ts';
import { parseDkimKey } from '../dkim/parse.ts';
import { repairDkimKey } from '../dkim/repair.ts';
import { addresses, cnameChain, isTemporaryFailure, txtRecords } from './answers.ts';
import { cloudflareProxyRange } from './cloudflare.ts';
import { areaLookup, type AuditContext, type AuditState } from './context.ts';
import { finding, fromDiagnostics } from './finding.ts';
import type { DkimSelectorResult, Finding } from './model.ts';
import { preciseDamage, recopyFinding } from './dkim-damage.ts';
import { temporaryFinding } from './temporary.ts';

export const DOMAINKEY = '_domainkey';

// RFC 6376 §3.1: selector = sub-domain *( "." sub-domain ), sub-domain as in RFC 5321 §4.1.2.
const SELECTOR = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/i;

export function isSelector(text: string): boolean {
  return SELECTOR.test(text);
}

async function inspect(selector: DkimSelectorResult): Promise<void> {
  const text = selector.records[0].text;
  const parsed = parseDkimKey(text);
  if (!parsed.record) {
    selector.key = { algorithm: '', revoked: false, testing: false, diagnostics: parsed.diagnostics };
    return;
  }
  const info = await inspectDkimKey(parsed.record);
  const diagnostics = [...parsed.diagnostics];
  for (const d of info.diagnostics) {
    if (!diagnostics.some((p) => p.code === d.code)) diagnostics.push(d);
  }
  selector.key = {
    algorithm: info.algorithm,
    revoked: info.revoked,
    testing: diagnostics.some((d) => d.code === 'dkim/test-mode'),
    diagnostics,
  };
  if (info.bits !== undefined) selector.key.bits = info.bits;
}

async function probe(ctx: AuditContext, selector: DkimSelectorResult): Promise<void> {
  const area = ctx.state.dkim;
  const { entry, response } = await areaLookup(ctx, area.lookups, selector.name, 'TXT', 0);
  if (isTemporaryFailure(response.status)) {
    selector.status = 'error';
    selector.dnsStatus = response.status;
    ctx.changed();
    return;
  }
  selector.cnames = cnameChain(response);
  selector.records = txtRecords(response);
  if (selector.records.length === 0) {
    selector.status = 'none';
    ctx.changed();
    if (response.status !== 'NOERROR') return;
    // NODATA: the name exists without a TXT. A proxied CNAME answers Cloudflare's addresses.
    const a = await areaLookup(ctx, area.lookups, selector.name, 'A', entry.round);
    for (const address of addresses(a.response)) {
      const range = cloudflareProxyRange(address);
      if (range) {
        selector.proxied = { address, range };
        break;
      }
    }
    ctx.changed();
    return;
  }
  selector.status = 'found';
  ctx.changed();
  await inspect(selector);
  ctx.changed();
}

export async function auditDkim(ctx: AuditContext): Promise<void> {
  const area = ctx.state.dkim;
  area.selectors = ctx.selectors.map(({ selector, source }) => ({
    selector,
    name: `${selector}.${DOMAINKEY}.${ctx.domain}`,
    source,
    status: 'loading',
    cnames: [],
    records: [],
  }));
  ctx.changed();
  await Promise.all(area.selectors.map((s) => probe(ctx, s)));
  const found = area.selectors.some((s) => s.status === 'found');
  const failed = area.selectors.find((s) => s.status === 'error');
  if (!found && failed) {
    // Nothing can be said about DKIM while some selector went unanswered.
    area.status = 'error';
    area.dnsStatus = failed.dnsStatus;
  } else {
    area.status = 'done';
  }
  ctx.changed();
}

export function dkimFindings(state: AuditState): Finding[] {
  const area = state.dkim;
  const out: Finding[] = [];
  for (const l of area.lookups) {
    if (l.response && isTemporaryFailure(l.response.status)) out.push(temporaryFinding(l, 'dkim'));
  }
  for (const s of area.selectors) {
    const params = { selector: s.selector, name: s.name };
    if (s.proxied)
      out.push(
        finding('dkim/proxied-cname', 'dkim', {
          params: { ...params, address: s.proxied.address, range: s.proxied.range },
        }),
      );
    if (s.status !== 'found') continue;
    if (s.records.length > 1)
      out.push(finding('dkim/multiple-records', 'dkim', { params: { ...params, count: s.records.length } }));
    if (!s.key) continue;
    for (const f of fromDiagnostics(s.key.diagnostics, 'dkim', params)) {
      if (f.code === 'dkim/key-damaged') {
        // Mechanical repair (pasted quotes, spaces, line breaks inside p=) where one exists.
        const repaired = repairDkimKey(s.records[0].text);
        if (repaired.record !== null && repaired.record !== s.records[0].text) {
          f.fix = [{ type: 'TXT', name: s.name, content: repaired.record }];
          f.replaces = [{ type: 'TXT', name: s.name, content: s.records[0].text }];
        }
        out.push(preciseDamage(f, s), recopyFinding(state, s));
        continue;
      }
      out.push(f);
    }
  }
  const done = area.selectors.every((s) => s.status === 'found' || s.status === 'none');
  if (area.selectors.length > 0 && done && !area.selectors.some((s) => s.status === 'found')) {
    out.push(
      finding('dkim/not-found', 'dkim', {
        params: { count: area.selectors.length, selectors: area.selectors.map((s) => s.selector).join(', ') },
      }),
    );
  }
  return out;
}
