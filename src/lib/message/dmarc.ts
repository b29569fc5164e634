// DMARC for a received message (RFC 9989): the Author Domain from the From field (§5.3.1), policy
// discovery with the DNS Tree Walk (§4.10.1, dmarc/discover.ts), identifier alignment of SPF and
// DKIM in relaxed or strict mode against Organizational Domains found by the same walk (§4.4,
// §4.10.2), and the disposition a receiver would apply (p / sp / np, t=y; §4.7).

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/model.ts';
import { isTemporaryFailure } from '../dns/answer.ts';
import type { Resolver } from '../dns/model.ts';
import { discoverDmarcPolicy, DMARC_PREFIX, treeWalkTargets } from '../dmarc/discover.ts';
import { parseDmarc } from '../dmarc/parse.ts';
import { selectDmarcRecord } from '../dmarc/select.ts';
import { txtAnswer } from '../dmarc/txt-answer.ts';
import { normalizeQueryName } from '../shared/domain-name.ts';
import type { HeaderField } from './intake.ts';
import type { DkimVerification, DmarcDisposition, MessageDmarc, MessageSpf } from './model.ts';
import { domainOf } from './spf.ts';

/** Addresses read from one From field; more is not a message, it is a list pasted by mistake. */
export const MAX_FROM_ADDRESSES = 100;

export interface FromIdentity {
  addresses: string[];
  /** Distinct domains, lower case, IDNs as A-labels. */
  domains: string[];
  /** The one Author Domain, when there is exactly one. */
  domain?: string;
  fieldCount: number;
  diagnostics: Diagnostic[];
}

/** Splits a mailbox-list (RFC 5322 §3.4) at commas outside quotes, comments and angle brackets. */
function mailboxes(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let angle = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') i++;
    else if (quoted) quoted = c !== '"';
    else if (c === '"') quoted = true;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === '<' && depth === 0) angle = true;
    else if (c === '>' && depth === 0) angle = false;
    else if (c === ',' && depth === 0 && !angle) {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out.map((m) => m.trim()).filter((m) => m !== '');
}

/** The addr-spec of one mailbox: inside `<…>` when present (RFC 5322 §3.4 name-addr), else the text. */
function addrSpec(mailbox: string): string | null {
  // RFC 5322 §3.4 group syntax "Undisclosed: a@b;" — drop the display name and the ";".
  const noComments = mailbox.replace(/\((?:[^()\\]|\\.)*\)/g, ' ');
  const angle = /<([^<>]*)>/.exec(noComments);
  let spec = (angle ? angle[1] : noComments.replace(/^[^:<"]*:/, '').replace(/;$/, '')).trim();
  spec = spec.replace(/^"[^"]*"\s*/, '');
  const at = spec.lastIndexOf('@');
  if (at <= 0 || at === spec.length - 1) return null;
  return spec;
}

/** The Author Domain (RFC 9989 §5.3.1) from the From fields. */
export function readFrom(headers: readonly HeaderField[]): FromIdentity {
  const fields = headers.filter((h) => h.lowerName === 'from');
  const out: FromIdentity = { addresses: [], domains: [], fieldCount: fields.length, diagnostics: [] };
  if (fields.length === 0) {
    out.diagnostics.push(diagnostic('message/no-from'));
    return out;
  }
  if (fields.length > 1)
    out.diagnostics.push(diagnostic('message/multiple-from-fields', { params: { count: fields.length } }));
  for (const field of fields) {
    const boxes = mailboxes(field.value).slice(0, MAX_FROM_ADDRESSES);
    let found = 0;
    for (const box of boxes) {
      const spec = addrSpec(box);
      if (!spec) continue;
      found++;
      out.addresses.push(spec);
      const name = normalizeQueryName(domainOf(spec));
      const domain = name.ok ? name.name : domainOf(spec);
      if (!out.domains.includes(domain)) out.domains.push(domain);
    }
    if (found === 0)
      out.diagnostics.push(
        diagnostic('message/from-unparsable', { params: { value: field.value.slice(0, 200) } }),
      );
  }
  if (out.domains.length > 1)
    out.diagnostics.push(
      diagnostic('message/multiple-from-domains', { params: { domains: out.domains.join(', ') } }),
    );
  else if (out.domains.length === 1 && fields.length === 1) out.domain = out.domains[0];
  else if (out.domains.length === 1) out.domain = out.domains[0];
  return out;
}

export interface OrgDomain {
  domain: string;
  /** `temperror`: a lookup failed, so the walk could not finish; `domain` is then the input. */
  status: 'found' | 'none' | 'temperror';
}

/**
 * RFC 9989 §4.10.2: the Organizational Domain of `domain`, by the DNS Tree Walk from the domain
 * itself: "1. If a valid DMARC Policy Record contains the "psd" tag set to "n" ... this is the
 * Organizational Domain ... 2. If a valid DMARC Policy Record, other than the one for the domain
 * where the tree walk started, contains the "psd" tag set to "y" ... the Organizational Domain is
 * the domain one label below this one ... 3. Otherwise, select the DMARC Policy Record found at
 * the name with the fewest number of labels." With no record on the walk, the domain itself.
 */
export async function organizationalDomain(
  domain: string,
  resolver: Resolver,
  o: { signal?: AbortSignal } = {},
): Promise<OrgDomain> {
  const start = domain.toLowerCase().replace(/\.$/, '');
  const names = [start, ...treeWalkTargets(start)];
  const answers = await Promise.all(
    names.map((n) => resolver.resolve(`${DMARC_PREFIX}.${n}`, 'TXT', { signal: o.signal })),
  );
  let fewest: string | undefined;
  for (let i = 0; i < names.length; i++) {
    const response = answers[i];
    if (isTemporaryFailure(response.status)) return { domain: start, status: 'temperror' };
    const record = selectDmarcRecord(txtAnswer(response).records).record;
    if (record === null) continue;
    const psd = parseDmarc(record).record?.psd;
    if (psd === 'n') return { domain: names[i], status: 'found' };
    if (psd === 'y' && i > 0) return { domain: names[i - 1], status: 'found' };
    fewest = names[i];
  }
  return fewest ? { domain: fewest, status: 'found' } : { domain: start, status: 'none' };
}

/** RFC 9989 §4.4: strict = identical; relaxed = same Organizational Domain. */
async function aligned(
  identifier: string,
  fromDomain: string,
  mode: 'r' | 's',
  org: (d: string) => Promise<OrgDomain>,
): Promise<boolean> {
  const a = identifier.toLowerCase().replace(/\.$/, '');
  if (a === fromDomain) return true;
  if (mode === 's' || a === '') return false;
  const [x, y] = await Promise.all([org(a), org(fromDomain)]);
  return x.domain === y.domain;
}

/** RFC 9989 §4.7 t=y: "apply a policy one level less strict" than the one published. */
function lessStrict(p: DmarcDisposition): DmarcDisposition {
  return p === 'reject' ? 'quarantine' : 'none';
}

export interface EvaluateDmarcInput {
  fromDomain: string | undefined;
  /** False when the From field is missing or names several domains (no single Author Domain). */
  spf: MessageSpf | null;
  dkim: readonly DkimVerification[];
}

/**
 * The DMARC result of the message, with each DKIM signature's `aligned` set (a copy is returned).
 * A memoising resolver is advised: the tree walks of the identifiers share their queries.
 */
export async function evaluateDmarc(
  input: EvaluateDmarcInput,
  resolver: Resolver,
  o: { signal?: AbortSignal } = {},
): Promise<{ dmarc: MessageDmarc; dkim: DkimVerification[] }> {
  const dkim = input.dkim.map((v) => ({ ...v }));
  const fromDomain = input.fromDomain;
  if (!fromDomain) {
    return {
      dmarc: { result: 'permerror', spfAligned: false, dkimAligned: false, code: 'message/no-from' },
      dkim,
    };
  }
  const orgCache = new Map<string, Promise<OrgDomain>>();
  const org = (d: string) => {
    let p = orgCache.get(d);
    if (!p) orgCache.set(d, (p = organizationalDomain(d, resolver, o)));
    return p;
  };
  const discovery = await discoverDmarcPolicy(fromDomain, resolver, { signal: o.signal });
  const dmarc: MessageDmarc = { result: 'none', spfAligned: false, dkimAligned: false, fromDomain };
  const record = discovery.parsed?.record ?? null;
  const effective = discovery.effective ?? null;
  const adkim = effective?.adkim ?? record?.adkim ?? 'r';
  const aspf = effective?.aspf ?? record?.aspf ?? 'r';
  dmarc.adkim = adkim;
  dmarc.aspf = aspf;

  // Alignment is computed even without a policy: the page shows it, and Gmail's bulk-sender rule
  // (4.7.32) asks for it whatever the policy.
  await Promise.all(
    dkim.map(async (v) => {
      v.aligned = v.domain !== '' && (await aligned(v.domain, fromDomain, adkim, org));
    }),
  );
  if (input.spf)
    dmarc.spfAligned =
      input.spf.result === 'pass' && (await aligned(input.spf.domain, fromDomain, aspf, org));
  const passing = dkim.find((v) => v.result === 'pass' && v.aligned);
  dmarc.dkimAligned = passing !== undefined;
  if (passing) dmarc.alignedDkimDomain = passing.domain;
  const fromOrg = await org(fromDomain);
  dmarc.organizationalDomain = discovery.organizationalDomain ?? fromOrg.domain;

  if (discovery.status === 'temperror') {
    dmarc.result = 'temperror';
    dmarc.code = 'message/dmarc-temperror';
    return { dmarc, dkim };
  }
  if (discovery.status !== 'found' || effective === null || effective === undefined) {
    dmarc.result = 'none';
    dmarc.code = 'message/dmarc-no-record';
    if (discovery.policyDomain) dmarc.policyDomain = discovery.policyDomain;
    return { dmarc, dkim };
  }
  if (discovery.record) dmarc.record = discovery.record;
  if (discovery.policyDomain) dmarc.policyDomain = discovery.policyDomain;

  // §4.10.1: the author domain's own record applies p; an inherited one sp, or np when the author
  // domain does not exist (§4.7 np: "non-existent subdomains").
  let tag: 'p' | 'sp' | 'np' = discovery.policyTag ?? 'p';
  if (tag === 'sp') {
    const a = await resolver.resolve(fromDomain, 'A', { signal: o.signal });
    if (a.status === 'NXDOMAIN') tag = 'np';
  }
  dmarc.policyTag = tag;
  const policy = tag === 'p' ? effective.p : tag === 'sp' ? effective.sp : effective.np;
  dmarc.policy = policy;
  dmarc.testing = effective.t === 'y';

  const pass = dmarc.spfAligned || dmarc.dkimAligned;
  if (pass) {
    dmarc.result = 'pass';
    dmarc.disposition = 'none';
    return { dmarc, dkim };
  }
  // RFC 9989 §4.4: a temporary failure of an aligned check leaves the result open.
  const spfTemp = input.spf?.result === 'temperror';
  const dkimTemp = dkim.some((v) => v.result === 'temperror' && v.aligned);
  if (spfTemp || dkimTemp) {
    dmarc.result = 'temperror';
    dmarc.code = 'message/dmarc-temperror';
    return { dmarc, dkim };
  }
  dmarc.result = 'fail';
  dmarc.code = 'message/dmarc-fail';
  dmarc.disposition = dmarc.testing ? lessStrict(policy) : policy;
  return { dmarc, dkim };
}
