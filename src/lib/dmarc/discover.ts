// DMARC policy discovery (RFC 9989 §4.10.1) with the DNS Tree Walk (§4.10) and the choice of the
// Organizational Domain (§4.10.2). A temporary DNS failure is reported as such, never as "no record".

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic, ParseResult } from '../diagnostics/model.ts';
import type { DnsStatus, Resolver } from '../dns/model.ts';
import { normalizeQueryName } from '../shared/domain-name.ts';
import { joinTxt } from '../shared/txt.ts';
import { effectiveDmarcPolicy } from './effective.ts';
import type { DmarcRecord, EffectiveDmarcPolicy } from './model.ts';
import { parseDmarc } from './parse.ts';
import { selectDmarcRecord } from './select.ts';
import { isTemporaryFailure, txtAnswer } from './txt-answer.ts';

/**
 * RFC 9989 §4.10: "a shortcut is built into the process so that Author Domains with more than
 * eight labels do not result in more than eight DNS queries."
 */
export const TREE_WALK_MAX_QUERIES = 8;

export const DMARC_PREFIX = '_dmarc';

export interface DmarcDiscoveryQuery {
  /** `_dmarc.<domain>` (or the name of a hint query). */
  name: string;
  /** The domain this query asks about (without `_dmarc.`). */
  domain: string;
  /** `policy`: part of the RFC 9989 walk; `hint`: an extra look for a record at a wrong name. */
  purpose: 'policy' | 'hint';
  status: DnsStatus;
  error?: string;
  /** The TXT records answered, each joined. */
  txt: string[];
  /** The one DMARC record at this name, if there is exactly one. */
  record?: string;
}

export interface DmarcWalkRecord {
  domain: string;
  record: string;
  psd?: 'y' | 'n' | 'u';
}

export interface DmarcDiscovery {
  /** The normalized author domain. */
  domain: string;
  /** `found`: a record applies. `none`: no DMARC record (dmarc/missing). `temperror`: a lookup
   *  failed, nothing can be concluded. `invalid-domain`: the name cannot be queried. */
  status: 'found' | 'none' | 'temperror' | 'invalid-domain';
  /** The text of the record that applies. */
  record?: string;
  parsed?: ParseResult<DmarcRecord>;
  /** Where the applied record is published (the domain, without `_dmarc.`). */
  policyDomain?: string;
  /** `author`: the domain's own record; `organizational` / `public-suffix`: inherited (§4.10.1). */
  source?: 'author' | 'organizational' | 'public-suffix';
  /** §4.10.1: the author domain's own record applies `p`; an inherited one applies `sp` (or `np` when
   *  the author domain does not exist). */
  policyTag?: 'p' | 'sp';
  /** §4.10.2, when the walk ran. */
  organizationalDomain?: string;
  /** Records found by the walk above the author domain, longest name first. */
  walk: DmarcWalkRecord[];
  effective?: EffectiveDmarcPolicy | null;
  queries: DmarcDiscoveryQuery[];
  diagnostics: Diagnostic[];
}

export interface DiscoverDmarcOptions {
  signal?: AbortSignal;
}

/**
 * The names the walk queries after the author domain (§4.10.1): the parent when the author domain
 * has eight or fewer labels, else the last seven labels; then one label less each time (§4.10
 * steps 4 and 7).
 */
export function treeWalkTargets(domain: string): string[] {
  const labels = domain.split('.');
  const start = labels.length <= TREE_WALK_MAX_QUERIES ? 1 : labels.length - (TREE_WALK_MAX_QUERIES - 1);
  const out: string[] = [];
  for (let i = start; i < labels.length; i++) out.push(labels.slice(i).join('.'));
  return out;
}

function psdOf(record: string): DmarcWalkRecord['psd'] {
  return parseDmarc(record).record?.psd;
}

export async function discoverDmarcPolicy(
  domain: string,
  resolver: Resolver,
  o: DiscoverDmarcOptions = {},
): Promise<DmarcDiscovery> {
  const input = domain.trim().replace(/^_dmarc\./i, '');
  const normalized = normalizeQueryName(input);
  const result: DmarcDiscovery = { domain: input, status: 'none', walk: [], queries: [], diagnostics: [] };
  if (!normalized.ok) {
    result.status = 'invalid-domain';
    result.diagnostics.push(
      diagnostic('dmarc/invalid-domain', { params: { domain, problem: normalized.problem.kind } }),
    );
    return result;
  }
  const author = normalized.name;
  result.domain = author;

  const ask = async (
    target: string,
    purpose: DmarcDiscoveryQuery['purpose'],
    name = `${DMARC_PREFIX}.${target}`,
  ) => {
    const response = await resolver.resolve(name, 'TXT', { signal: o.signal });
    const answer = txtAnswer(response);
    const query: DmarcDiscoveryQuery = {
      name,
      domain: target,
      purpose,
      status: response.status,
      txt: answer.records.map(joinTxt),
    };
    if (response.error) query.error = response.error;
    result.queries.push(query);
    if (isTemporaryFailure(response.status)) {
      // A failed hint lookup says nothing about the DMARC record itself.
      if (purpose === 'policy') {
        result.status = 'temperror';
        result.diagnostics.push(
          diagnostic('dmarc/lookup-failed', { params: { name, status: response.status } }),
        );
      }
      return null;
    }
    const selection = selectDmarcRecord(answer.records, { name });
    if (purpose === 'policy') result.diagnostics.push(...selection.diagnostics);
    if (selection.record !== null) query.record = selection.record;
    return selection;
  };

  const apply = (record: string, policyDomain: string, source: NonNullable<DmarcDiscovery['source']>) => {
    result.status = 'found';
    result.record = record;
    result.parsed = parseDmarc(record);
    result.policyDomain = policyDomain;
    result.source = source;
    result.policyTag = source === 'author' ? 'p' : 'sp';
    result.effective = result.parsed.record ? effectiveDmarcPolicy(result.parsed.record) : null;
  };

  // §4.10.1: "Policy discovery starts first with a query for a valid DMARC Policy Record at the name
  // created by prepending the label "_dmarc" to the Author Domain".
  const own = await ask(author, 'policy');
  if (own === null) return result;
  if (own.record !== null) {
    apply(own.record, author, 'author');
    return result;
  }

  // §4.10 steps 5–7: walk toward the root; "If a single record remains and it contains a "psd=n" or
  // "psd=y" tag, stop." (Multiple records at one name are all discarded and the walk goes on.)
  for (const target of treeWalkTargets(author)) {
    const selection = await ask(target, 'policy');
    if (selection === null) return result;
    if (selection.record === null) continue;
    const psd = psdOf(selection.record);
    result.walk.push(
      psd ? { domain: target, record: selection.record, psd } : { domain: target, record: selection.record },
    );
    if (psd === 'y' || psd === 'n') break;
  }

  if (result.walk.length === 0) {
    result.diagnostics.push(diagnostic('dmarc/missing', { params: { domain: author } }));
    await lookForMisplacedRecord(author, ask, result);
    return result;
  }

  // §4.10.2: "1. If a valid DMARC Policy Record contains the "psd" tag set to "n" ("psd=n"), this is
  // the Organizational Domain ... 2. If a valid DMARC Policy Record, other than the one for the
  // domain where the tree walk started, contains the "psd" tag set to "y" ("psd=y"), the
  // Organizational Domain is the domain one label below this one ... 3. Otherwise, select the DMARC
  // Policy Record found at the name with the fewest number of labels."
  // The walk stops at the first psd=y/n record, so the last record found decides.
  const last = result.walk[result.walk.length - 1];
  if (last.psd === 'y') {
    const labels = author.split('.');
    const organizational = labels.slice(labels.length - last.domain.split('.').length - 1).join('.');
    result.organizationalDomain = organizational;
    const own = result.walk.find((w) => w.domain === organizational);
    if (own) apply(own.record, own.domain, 'organizational');
    else apply(last.record, last.domain, 'public-suffix');
  } else {
    result.organizationalDomain = last.domain;
    apply(last.record, last.domain, 'organizational');
  }
  result.diagnostics.push(
    diagnostic('dmarc/policy-inherited', { params: { domain: author, from: result.policyDomain ?? '' } }),
  );
  return result;
}

/**
 * When no record exists, look where users often put it by mistake: at the domain itself (TXT at the
 * apex) and at the doubled name DNS hosts produce when a full name is typed into a relative field
 * (`_dmarc.example.com.example.com`). These queries are not part of RFC 9989 discovery.
 */
async function lookForMisplacedRecord(
  author: string,
  ask: (
    target: string,
    purpose: 'hint',
    name?: string,
  ) => Promise<ReturnType<typeof selectDmarcRecord> | null>,
  result: DmarcDiscovery,
): Promise<void> {
  const expected = `${DMARC_PREFIX}.${author}`;
  const places = [author, `${DMARC_PREFIX}.${author}.${author}`];
  for (const name of places) {
    const selection = await ask(author, 'hint', name);
    if (selection === null) continue;
    const found =
      selection.records.length > 0 || selection.diagnostics.some((d) => d.code === 'dmarc/not-identified');
    if (found)
      result.diagnostics.push(diagnostic('dmarc/record-at-wrong-name', { params: { name, expected } }));
  }
}
