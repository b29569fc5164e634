// The DMARC part of the audit (RFC 9989, RFC 9990): the TXT and CNAME at `_dmarc.<domain>` and
// policy discovery (the DNS tree walk) for the domain and an optional subdomain, all started at
// once; then, as soon as the policy record is known, the authorization record of every report
// destination at another organization (`<domain>._report._dmarc.<destination>`), at once, and
// whether that destination's domain accepts mail at all (its MX, RFC 5321 §5.1).

import { discoverDmarcPolicy, type DmarcDiscovery } from '../dmarc/discover.ts';
import { checkExternalDestination, isExternalDestination } from '../dmarc/external-destination.ts';
import { formatDmarc } from '../dmarc/format.ts';
import { parseDmarc } from '../dmarc/parse.ts';
import { hasErrors } from '../diagnostics/diagnostic.ts';
import type { DmarcRecord, DmarcUri } from '../dmarc/model.ts';
import { reportUriHost } from '../dmarc/uri.ts';
import type { RecordSuggestion } from '../export/model.ts';
import { addresses, isTemporaryFailure, partitionTxt, txtRecords } from './answers.ts';
import { areaLookup, type AuditContext, type AuditState } from './context.ts';
import { finding, fromDiagnostics } from './finding.ts';
import type { DmarcDestination, DmarcDiscoveryResult, Finding } from './model.ts';
import { isNullMxSet, mxAnswers } from './mx.ts';
import { temporaryFinding } from './temporary.ts';
import {
  dmarcCorrection,
  REPORT_MAILBOX,
  REPORTS_PAGE,
  withOwnMailbox,
  type DmarcStep,
} from './dmarc-path.ts';

/** The finding that shows each step of the staged path (dmarc-path.ts). */
const STEP_CODES = {
  reports: 'dmarc/next-step-reports',
  quarantine: 'dmarc/next-step-quarantine',
  reject: 'dmarc/next-step-reject',
  'wait-dkim': 'dmarc/enforcement-waits-for-dkim',
} as const satisfies Record<DmarcStep, string>;

export const DMARC_PREFIX = '_dmarc';
export { REPORT_MAILBOX } from './dmarc-path.ts';

const DMARC_START = /^\s*v\s*=\s*dmarc/i;

function toResult(target: DmarcDiscoveryResult, d: DmarcDiscovery): void {
  target.diagnostics = d.diagnostics;
  if (d.status === 'temperror') {
    target.status = 'error';
    target.dnsStatus = d.queries.find((q) => isTemporaryFailure(q.status))?.status ?? 'ERROR';
    return;
  }
  target.status = 'done';
  if (d.status !== 'found' || !d.record) return;
  target.foundAt = d.policyDomain;
  target.record = d.record;
  if (d.parsed?.record) target.parsed = d.parsed.record;
  if (d.parsed) target.diagnostics = [...d.diagnostics, ...d.parsed.diagnostics];
  if (d.effective) target.policy = d.policyTag === 'sp' ? d.effective.sp : d.effective.p;
}

async function discover(ctx: AuditContext, target: DmarcDiscoveryResult): Promise<DmarcDiscovery> {
  const area = ctx.state.dmarc;
  const discovery = await discoverDmarcPolicy(target.domain, ctx.journal.resolverFor(0, area.lookups), {
    signal: ctx.signal,
  });
  toResult(target, discovery);
  ctx.changed();
  return discovery;
}

/** Every rua/ruf URI of the record whose host is another organization's. */
function externalUris(
  record: DmarcRecord,
  policyDomain: string,
  org?: string,
): Array<{ tag: 'rua' | 'ruf'; uri: DmarcUri; host: string }> {
  const out: Array<{ tag: 'rua' | 'ruf'; uri: DmarcUri; host: string }> = [];
  for (const tag of ['rua', 'ruf'] as const) {
    for (const uri of record[tag] ?? []) {
      const host = reportUriHost(uri);
      if (host && isExternalDestination(policyDomain, host, org)) out.push({ tag, uri, host });
    }
  }
  return out;
}

/**
 * Whether reports mailed to `destination.host` can be delivered (RFC 5321 §5.1): its MX hosts; a
 * null MX (RFC 7505) refuses all mail; without MX records the domain's own A/AAAA is the
 * implicit MX, asked in the round after the MX answer.
 */
async function checkMailDomain(
  ctx: AuditContext,
  destination: DmarcDestination,
  parent: number,
): Promise<void> {
  const area = ctx.state.dmarc;
  const mx = await areaLookup(ctx, area.lookups, destination.host, 'MX', parent);
  const setError = (status: DmarcDestination['mailDnsStatus']) => {
    destination.mail = 'error';
    destination.mailDnsStatus = status;
  };
  const exchanges = mxAnswers(mx.response);
  if (isTemporaryFailure(mx.response.status)) setError(mx.response.status);
  else if (mx.response.status === 'NXDOMAIN') destination.mail = 'none';
  else if (exchanges.length > 0) destination.mail = isNullMxSet(exchanges) ? 'null-mx' : 'mx';
  else {
    ctx.changed();
    const [a, aaaa] = await Promise.all([
      areaLookup(ctx, area.lookups, destination.host, 'A', mx.entry.round),
      areaLookup(ctx, area.lookups, destination.host, 'AAAA', mx.entry.round),
    ]);
    const found = [...addresses(a.response), ...addresses(aaaa.response)];
    const failed = [a, aaaa].find((r) => isTemporaryFailure(r.response.status));
    if (found.length > 0) destination.mail = 'address';
    else if (failed) setError(failed.response.status);
    else destination.mail = 'none';
  }
  ctx.changed();
}

async function checkDestinations(ctx: AuditContext, discovery: DmarcDiscovery): Promise<void> {
  const area = ctx.state.dmarc;
  const record = discovery.parsed?.record;
  const policyDomain = discovery.policyDomain;
  if (!record || !policyDomain) return;
  // The authorization lookups depend on the answer that carried the record.
  const parent = ctx.journal.find(`${DMARC_PREFIX}.${policyDomain}`, 'TXT')?.round ?? 1;
  const uris = externalUris(record, policyDomain, discovery.organizationalDomain);
  area.destinations = uris.map(({ tag, uri, host }) => ({
    tag,
    uri: uri.uri,
    host,
    name: `${policyDomain}._report._dmarc.${host}`,
    status: 'loading',
    mail: 'loading',
  }));
  ctx.changed();
  await Promise.all([
    ...area.destinations.map((destination) => checkMailDomain(ctx, destination, parent)),
    ...uris.map(async ({ uri }, i) => {
      const check = await checkExternalDestination(
        policyDomain,
        uri.uri,
        ctx.journal.resolverFor(parent, area.lookups),
        {
          signal: ctx.signal,
          organizationalDomain: discovery.organizationalDomain,
        },
      );
      const destination = area.destinations[i];
      if (check.status === 'authorized') destination.status = 'authorized';
      else if (check.status === 'temperror') {
        destination.status = 'error';
        destination.dnsStatus = check.response?.status ?? 'ERROR';
      } else destination.status = 'unauthorized';
      destination.name = check.name || destination.name;
      ctx.changed();
    }),
  ]);
}

export async function auditDmarc(ctx: AuditContext): Promise<void> {
  const area = ctx.state.dmarc;
  const name = `${DMARC_PREFIX}.${ctx.domain}`;
  const txt = areaLookup(ctx, area.lookups, name, 'TXT', 0);
  const cname = areaLookup(ctx, area.lookups, name, 'CNAME', 0);
  const own = discover(ctx, area.discovery).then((d) => checkDestinations(ctx, d));
  const sub = area.subdomain ? discover(ctx, area.subdomain) : Promise.resolve();

  const [t, c] = await Promise.all([txt, cname]);
  if (isTemporaryFailure(t.response.status)) {
    area.status = 'error';
    area.dnsStatus = t.response.status;
  } else {
    const split = partitionTxt(txtRecords(t.response), DMARC_START);
    area.records = split.matching;
    area.otherTxt = split.other;
    area.status = 'done';
  }
  const alias = c.response.answers.find((r) => r.type === 'CNAME' && r.name === name);
  if (alias) {
    area.cname = String(alias.data);
    // RFC 1034 §3.6.2: "If a CNAME RR is present at a node, no other data should be present".
    // The TXT answer then carries records owned by the alias name itself.
    area.cnameAndTxt = t.response.answers.some((r) => r.type === 'TXT' && r.name === name);
  }
  ctx.changed();
  await Promise.all([own, sub]);
}

function discoveryFindings(state: AuditState, d: DmarcDiscoveryResult, sub: boolean): Finding[] {
  const area = state.dmarc;
  const out: Finding[] = [];
  const scope: Record<string, string> = sub ? { subdomain: d.domain } : {};
  for (const diag of d.diagnostics) {
    // A failed lookup is reported once, as dns/temporary, by the lookup itself.
    if (diag.code === 'dmarc/lookup-failed') continue;
    if (diag.code === 'dmarc/missing') {
      const fix: RecordSuggestion[] = sub
        ? []
        : [
            {
              type: 'TXT',
              name: `${DMARC_PREFIX}.${d.domain}`,
              content: `v=DMARC1; p=none; rua=mailto:${REPORT_MAILBOX}@${d.domain}`,
            },
          ];
      out.push(
        finding('dmarc/missing', 'dmarc', {
          params: { domain: d.domain, ...scope, mailbox: `${REPORT_MAILBOX}@${d.domain}` },
          fix,
        }),
      );
      continue;
    }
    if (diag.code === 'dmarc/multiple-records' && !sub) {
      // Keep the first record that reads without errors; delete the others (RFC 9989 §4.10 step 2).
      const keep = area.records.find((r) => !hasErrors(parseDmarc(r.text).diagnostics));
      const fixName = `${DMARC_PREFIX}.${d.domain}`;
      out.push(
        finding('dmarc/multiple-records', 'dmarc', {
          params: { ...diag.params, domain: d.domain },
          fix: keep ? [{ type: 'TXT', name: fixName, content: keep.text }] : [],
          replaces: area.records.map((r) => ({ type: 'TXT' as const, name: fixName, content: r.text })),
        }),
      );
      continue;
    }
    if (diag.code === 'dmarc/policy-none' && d.foundAt && !sub) {
      // The way out of p=none is the staged path (dmarc-path.ts), with its one corrected record.
      out.push(finding('dmarc/policy-none', 'dmarc', { params: { domain: d.foundAt } }));
      continue;
    }
    out.push(...fromDiagnostics([diag], 'dmarc', { domain: d.foundAt ?? d.domain, ...scope }));
  }
  return out;
}

export function dmarcFindings(state: AuditState, domain: string): Finding[] {
  const area = state.dmarc;
  const out: Finding[] = [];
  for (const l of area.lookups) {
    if (l.response && isTemporaryFailure(l.response.status)) out.push(temporaryFinding(l, 'dmarc'));
  }
  if (area.status === 'loading') return out;
  if (area.cnameAndTxt)
    out.push(
      finding('dmarc/cname-and-txt', 'dmarc', {
        params: { name: `${DMARC_PREFIX}.${domain}`, cname: area.cname ?? '' },
      }),
    );
  const d = area.discovery;
  if (d.status === 'done') out.push(...discoveryFindings(state, d, false));
  if (area.subdomain?.status === 'done') out.push(...discoveryFindings(state, area.subdomain, true));

  const unauthorized = area.destinations.filter((x) => x.status === 'unauthorized');
  const correction = dmarcCorrection(state);
  if (d.parsed && d.foundAt && d.record) {
    const fixName = `${DMARC_PREFIX}.${d.foundAt}`;
    // The same record as step 1 of the staged path (one corrected record per name).
    const fixed = formatDmarc(
      correction?.step === 'reports' && correction.record
        ? correction.record
        : withOwnMailbox(d.parsed, d.foundAt, new Set(unauthorized.map((x) => x.uri))),
    );
    for (const x of unauthorized) {
      out.push(
        finding('dmarc/external-destination-unauthorized', 'dmarc', {
          params: {
            tag: x.tag,
            uri: x.uri,
            destination: x.host,
            record: x.name,
            domain: d.foundAt,
            mailbox: `${REPORT_MAILBOX}@${d.foundAt}`,
          },
          fix: [{ type: 'TXT', name: fixName, content: fixed }],
          replaces: [{ type: 'TXT', name: fixName, content: d.record }],
        }),
      );
    }
  }
  if (correction && d.parsed && d.foundAt && d.record) {
    // One corrected record for `_dmarc.<domain>`: the fix of the unauthorized destinations above
    // is this same record while step 1 is due (audit/fixes.ts shows it once).
    const fixName = `${DMARC_PREFIX}.${d.foundAt}`;
    const content = correction.record ? formatDmarc(correction.record) : null;
    const changes = content !== null && content !== d.record;
    if (changes || correction.step === 'wait-dkim') {
      out.push(
        finding(STEP_CODES[correction.step], 'dmarc', {
          params: {
            domain: d.foundAt,
            policy: d.parsed.p ?? 'none',
            mailbox: `${REPORT_MAILBOX}@${d.foundAt}`,
            reports: REPORTS_PAGE,
          },
          ...(changes && {
            fix: [{ type: 'TXT', name: fixName, content }],
            replaces: [{ type: 'TXT', name: fixName, content: d.record }],
          }),
        }),
      );
    }
  }
  for (const x of area.destinations) {
    // RFC 5321 §5.1: reports to a domain without a mail host (or with a null MX) are never delivered.
    if (x.mail === 'none' || x.mail === 'null-mx') {
      out.push(
        finding('dmarc/rua-domain-no-mx', 'dmarc', {
          params: { tag: x.tag, uri: x.uri, destination: x.host },
        }),
      );
    }
  }
  for (const x of area.destinations) {
    if (x.status === 'authorized') {
      out.push(
        finding('dmarc/external-destination-authorized', 'dmarc', {
          params: { destination: x.host, record: x.name },
        }),
      );
    }
  }
  return out;
}
