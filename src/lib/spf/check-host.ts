// check_host() of RFC 7208 (§4–§7): evaluates the parsed policy of a domain for a client address,
// counting the lookups of §4.6.4, and records a structured trace of every step.

import { resolveSafely, txtText, typedAnswer, type TypedAnswer } from '../dns/answer.ts';
import type { DnsRecord, MxData, Resolver, RRType } from '../dns/model.ts';
import { formatTerm } from './format.ts';
import {
  clientAddress,
  inNetwork,
  IP4_MAX_PREFIX,
  IP6_MAX_PREFIX,
  parseAddress,
  type ClientAddress,
} from './ip.ts';
import { EvaluationStop } from './evaluation-stop.ts';
import { explanation, type ResultSource } from './explanation.ts';
import {
  isSpfRecordText,
  MAX_DNS_MECHANISMS,
  MAX_MX_NAMES,
  MAX_PTR_NAMES,
  MAX_VOID_LOOKUPS,
  reachableTerms,
} from './limits.ts';
import { expandMacro, usesMacroLetter, type MacroValues } from './macro.ts';
import type {
  CheckHostOptions,
  CheckHostQuery,
  CheckHostResult,
  MacroString,
  SpfLimit,
  SpfMechanism,
  SpfQualifier,
  SpfResult,
  SpfStep,
  SpfTerm,
} from './model.ts';
import { parseSpf } from './parse.ts';
import { checkableDomain, targetName } from './target-name.ts';
import { isSyntaxError } from './validate.ts';

// targetName moved to target-name.ts; re-exported for the callers that import it from here.
export { targetName } from './target-name.ts';

/**
 * A cap no evaluation within the RFC's limits can reach: the policy's TXT query, 10 lookup terms
 * of at most 1 + 10 queries each (mx, ptr), one %{p} validation (1 + 10) and the exp TXT query.
 * It only stops broken resolvers or hostile data from costing more.
 */
export const DEFAULT_MAX_QUERIES = 1 + MAX_DNS_MECHANISMS * (1 + MAX_MX_NAMES) + (1 + MAX_PTR_NAMES) + 1;

const QUALIFIER_RESULT: Record<SpfQualifier, SpfResult> = {
  '+': 'pass',
  '-': 'fail',
  '~': 'softfail',
  '?': 'neutral',
};

interface Outcome {
  result: SpfResult;
  source?: ResultSource;
}

class Evaluation {
  lookups = 0;
  voidLookups = 0;
  queries = 0;
  readonly trace: SpfStep[] = [];
  private validated?: Promise<string[]>;
  /** The last macro values built: most expansions in one evaluation share `d` and `p`. */
  private lastValues?: MacroValues;
  private readonly maxQueries: number;
  readonly signal?: AbortSignal;

  constructor(
    private readonly resolver: Resolver,
    readonly client: ClientAddress,
    private readonly values: Omit<MacroValues, 'd' | 'p'>,
    o: CheckHostOptions,
  ) {
    this.maxQueries = o.maxQueries ?? DEFAULT_MAX_QUERIES;
    this.signal = o.signal;
  }

  stop(result: 'permerror' | 'temperror', step?: SpfStep): never {
    if (step) this.trace.push(step);
    throw new EvaluationStop(result);
  }

  limit(limit: SpfLimit, count: number, max: number, via: string[], term?: string): never {
    this.stop('permerror', { kind: 'limit', limit, count, max, via, ...(term ? { term } : {}) });
  }

  private aborted(): never {
    this.stop('temperror', { kind: 'aborted' });
  }

  /** Every DNS query goes through here: the query cap, the abort signal. */
  async query(name: string, type: RRType, via: string[], term?: string): Promise<TypedAnswer> {
    if (this.signal?.aborted) this.aborted();
    if (++this.queries > this.maxQueries) this.limit('queries', this.queries, this.maxQueries, via, term);
    const response = await resolveSafely(this.resolver, name, type, this.signal);
    if (this.signal?.aborted) this.aborted();
    return typedAnswer(response, type);
  }

  /** RFC 7208 §4.6.4: count a DNS-querying term; more than 10 is a permerror. */
  countLookup(term: string, via: string[]) {
    this.lookups++;
    if (this.lookups > MAX_DNS_MECHANISMS) this.limit('lookups', this.lookups, MAX_DNS_MECHANISMS, via, term);
  }

  /** RFC 7208 §4.6.4: a term's lookup that found no name or no data; more than 2 is permerror. */
  countVoid(name: string, type: RRType, term: string, via: string[]) {
    this.voidLookups++;
    this.trace.push({ kind: 'void-lookup', name, type, term, count: this.voidLookups, via });
    if (this.voidLookups > MAX_VOID_LOOKUPS)
      this.limit('void-lookups', this.voidLookups, MAX_VOID_LOOKUPS, via, term);
  }

  /** A term's own query: errors are temperror (§5), void answers are counted. */
  async termQuery(name: string, type: RRType, term: string, via: string[]): Promise<DnsRecord[]> {
    const answer = await this.query(name, type, via, term);
    if (answer.kind === 'error')
      this.stop('temperror', { kind: 'dns-error', name, type, status: answer.status, term, via });
    if (answer.kind === 'void') {
      this.countVoid(name, type, term, via);
      return [];
    }
    return answer.records;
  }

  macroValues(domain: string, p: string): MacroValues {
    const last = this.lastValues;
    if (last?.d === domain && last.p === p) return last;
    const v = this.values;
    // Written out rather than spread: one object shape, built without a property walk.
    return (this.lastValues = {
      s: v.s,
      l: v.l,
      o: v.o,
      d: domain,
      i: v.i,
      p,
      v: v.v,
      h: v.h,
      c: v.c,
      r: v.r,
      t: v.t,
    });
  }

  /** Expands a domain-spec for `domain`, resolving %{p} only when the spec uses it. */
  async expand(spec: MacroString, domain: string, via: string[]): Promise<string> {
    const p = usesMacroLetter(spec, 'p') ? await this.pValue(domain, via) : 'unknown';
    return expandMacro(spec, this.macroValues(domain, p));
  }

  /**
   * RFC 7208 §5.5: the validated names of the client address: PTR names (at most 10) whose
   * address lookup returns the client address. DNS errors skip a name; a failed PTR lookup means
   * no names. Shared by `ptr` and `%{p}`, computed once per evaluation.
   */
  validatedNames(via: string[]): Promise<string[]> {
    this.validated ??= (async () => {
      const ptr = await this.query(this.client.reverseName, 'PTR', via);
      if (ptr.kind !== 'data') return [];
      const names = ptr.records.slice(0, MAX_PTR_NAMES).map((r) => String(r.data).replace(/\.$/, ''));
      const type: RRType = this.client.version === 4 ? 'A' : 'AAAA';
      const checks = await Promise.all(
        names.map(async (name) => {
          const target = targetName(name);
          if (!target) return false;
          const answer = await this.query(target, type, via);
          return answer.kind === 'data' && answer.records.some((r) => this.isClient(String(r.data)));
        }),
      );
      return names.filter((_, i) => checks[i]);
    })();
    return this.validated;
  }

  /** %{p} (§7.3): the domain itself if validated, else a validated subdomain, else any, else "unknown". */
  async pValue(domain: string, via: string[]): Promise<string> {
    const names = await this.validatedNames(via);
    const lower = domain.toLowerCase();
    return (
      names.find((n) => n.toLowerCase() === lower) ??
      names.find((n) => n.toLowerCase().endsWith(`.${lower}`)) ??
      names[0] ??
      'unknown'
    );
  }

  isClient(address: string): boolean {
    const parsed = parseAddress(address);
    return (
      parsed !== null &&
      inNetwork(this.client, parsed, this.client.version === 4 ? IP4_MAX_PREFIX : IP6_MAX_PREFIX)
    );
  }

  inRange(address: string, ip4Prefix: number | undefined, ip6Prefix: number | undefined): boolean {
    const parsed = parseAddress(address);
    if (!parsed) return false;
    const prefix = this.client.version === 4 ? (ip4Prefix ?? IP4_MAX_PREFIX) : (ip6Prefix ?? IP6_MAX_PREFIX);
    return inNetwork(this.client, parsed, prefix);
  }

  /** check_host() for one domain (§4): record lookup, selection, evaluation, redirect. */
  async evaluate(domain: string, via: string[], chain: ReadonlySet<string>): Promise<Outcome> {
    const name = checkableDomain(domain);
    if (name === null) {
      this.trace.push({ kind: 'no-record', domain, reason: 'invalid-name', via });
      return { result: 'none' };
    }
    const answer = await this.query(name, 'TXT', via);
    // RFC 7208 §4.4: a server failure or timeout → temperror; Name Error → none.
    if (answer.kind === 'error') {
      this.trace.push({ kind: 'dns-error', name, type: 'TXT', status: answer.status, via });
      return { result: 'temperror' };
    }
    if (answer.kind === 'void' && answer.status === 'NXDOMAIN') {
      this.trace.push({ kind: 'no-record', domain: name, reason: 'nxdomain', via });
      return { result: 'none' };
    }
    const texts = answer.kind === 'data' ? answer.records.map(txtText) : [];
    // RFC 7208 §4.5: strings joined without separator (§3.3); exactly one v=spf1 record.
    const spf = texts.filter(isSpfRecordText);
    if (spf.length === 0) {
      this.trace.push({ kind: 'no-record', domain: name, reason: 'no-spf', via });
      return { result: 'none' };
    }
    if (spf.length > 1) {
      this.trace.push({ kind: 'multiple-records', domain: name, count: spf.length, via });
      return { result: 'permerror' };
    }
    this.trace.push({ kind: 'record', domain: name, record: spf[0], via });
    const parsed = parseSpf(spf[0]);
    const syntax = parsed.diagnostics.filter(isSyntaxError);
    if (!parsed.record || syntax.length > 0) {
      // RFC 7208 §4.6: "If there are any syntax errors anywhere in the record, check_host()
      // returns immediately with the result "permerror", without further interpretation".
      this.trace.push({ kind: 'syntax-error', domain: name, diagnostics: syntax, via });
      return { result: 'permerror' };
    }
    const record = parsed.record;
    const here = new Set(chain).add(name);
    const { reachable } = reachableTerms(record.terms);
    for (const term of reachable) {
      if (term.kind === 'redirect') {
        // RFC 7208 §6.1: redirect applies only when no mechanism matched.
        return this.redirect(term, name, via, here);
      }
      const text = formatTerm(term);
      const matched = await this.mechanism(term as SpfMechanism, text, name, via, here);
      if (matched === true) {
        const result = QUALIFIER_RESULT[(term as SpfMechanism).qualifier ?? '+'];
        this.trace.push({ kind: 'match', term: text, result, via });
        return { result, source: { domain: name, record } };
      }
      if (matched !== false) return { result: matched, source: { domain: name, record } };
      this.trace.push({ kind: 'no-match', term: text, via });
    }
    // RFC 7208 §4.7: "If none of the mechanisms match and there is no "redirect" modifier, then
    // the check_host() returns a result of "neutral", just as if "?all" were specified".
    this.trace.push({ kind: 'default', domain: name, result: 'neutral', via });
    return { result: 'neutral', source: { domain: name, record } };
  }

  private async redirect(
    term: Extract<SpfTerm, { kind: 'redirect' }>,
    domain: string,
    via: string[],
    chain: ReadonlySet<string>,
  ): Promise<Outcome> {
    const text = formatTerm(term);
    this.countLookup(text, via);
    const target = targetName(await this.expand(term.domain, domain, via));
    const nextVia = [...via, text];
    if (target === null) {
      this.trace.push({
        kind: 'invalid-name',
        name: expandMacro(term.domain, this.macroValues(domain, 'unknown')),
        term: text,
        via,
      });
      return { result: 'permerror' };
    }
    if (chain.has(target.toLowerCase())) {
      this.trace.push({ kind: 'loop', term: text, domain: target, via });
      return { result: 'permerror' };
    }
    this.trace.push({ kind: 'redirect', term: text, domain: target, via });
    const outcome = await this.evaluate(target, nextVia, chain);
    // RFC 7208 §6.1: "if no SPF record is found, or if the <target-name> is malformed, the
    // result is a "permerror" rather than "none"".
    if (outcome.result === 'none') return { result: 'permerror' };
    return outcome;
  }

  /** true / false for match / no match, or the result that ends evaluation (include errors). */
  private async mechanism(
    term: SpfMechanism,
    text: string,
    domain: string,
    via: string[],
    chain: ReadonlySet<string>,
  ): Promise<boolean | SpfResult> {
    switch (term.kind) {
      case 'all':
        return true;
      case 'ip4':
      case 'ip6': {
        // RFC 7208 §5.6: ip4 matches only IPv4 clients, ip6 only IPv6 (mapped addresses are IPv4).
        if ((term.kind === 'ip4') !== (this.client.version === 4)) return false;
        const network = parseAddress(term.address);
        const max = term.kind === 'ip4' ? IP4_MAX_PREFIX : IP6_MAX_PREFIX;
        return network !== null && inNetwork(this.client, network, term.prefix ?? max);
      }
      case 'include':
        return this.include(term, text, domain, via, chain);
    }
    this.countLookup(text, via);
    const spec = term.domain;
    const target = targetName(spec ? await this.expand(spec, domain, via) : domain);
    if (target === null) {
      // RFC 7208 leaves an unqueryable <target-name> undefined (suite: invalid-domain-*); like
      // a name that does not exist (§4.3, §5/10/3), it does not match. Never temperror.
      this.trace.push({
        kind: 'invalid-name',
        name: spec ? expandMacro(spec, this.macroValues(domain, 'unknown')) : domain,
        term: text,
        via,
      });
      return false;
    }
    const addressType: RRType = this.client.version === 4 ? 'A' : 'AAAA';
    switch (term.kind) {
      case 'a': {
        const records = await this.termQuery(target, addressType, text, via);
        return records.some((r) => this.inRange(String(r.data), term.ip4Prefix, term.ip6Prefix));
      }
      case 'exists': {
        // RFC 7208 §5.7: an A query whatever the client's address family.
        const records = await this.termQuery(target, 'A', text, via);
        return records.length > 0;
      }
      case 'mx':
        return this.mx(term, target, text, via);
      case 'ptr': {
        // RFC 7208 §5.5: a validated name equal to <target-name> or a subdomain of it.
        const lower = target.toLowerCase();
        const names = await this.validatedNames(via);
        return names.some((n) => n.toLowerCase() === lower || n.toLowerCase().endsWith(`.${lower}`));
      }
    }
  }

  private async include(
    term: Extract<SpfMechanism, { kind: 'include' }>,
    text: string,
    domain: string,
    via: string[],
    chain: ReadonlySet<string>,
  ): Promise<boolean | SpfResult> {
    this.countLookup(text, via);
    const target = targetName(await this.expand(term.domain, domain, via));
    if (target === null) {
      // §4.3: a malformed <domain> gives none, and an include of none is permerror (§5.2).
      this.trace.push({
        kind: 'invalid-name',
        name: expandMacro(term.domain, this.macroValues(domain, 'unknown')),
        term: text,
        via,
      });
      return 'permerror';
    }
    if (chain.has(target.toLowerCase())) {
      // Evaluating a domain inside its own evaluation repeats the same steps until the lookup
      // limit stops it (§4.6.4); the outcome is known now.
      this.trace.push({ kind: 'loop', term: text, domain: target, via });
      return 'permerror';
    }
    const { result } = await this.evaluate(target, [...via, text], chain);
    this.trace.push({ kind: 'include', term: text, domain: target, result, via });
    // RFC 7208 §5.2 table: pass → match; fail, softfail, neutral → not match; temperror →
    // temperror; permerror and none → permerror.
    switch (result) {
      case 'pass':
        return true;
      case 'fail':
      case 'softfail':
      case 'neutral':
        return false;
      case 'temperror':
        return 'temperror';
      default:
        return 'permerror';
    }
  }

  private async mx(
    term: Extract<SpfMechanism, { kind: 'mx' }>,
    target: string,
    text: string,
    via: string[],
  ): Promise<boolean> {
    const records = await this.termQuery(target, 'MX', text, via);
    // RFC 7208 §4.6.4: "the evaluation of each "MX" record MUST NOT result in querying more
    // than 10 address records ... If this limit is exceeded, the "mx" mechanism MUST produce a
    // "permerror" result."
    if (records.length > MAX_MX_NAMES) this.limit('mx-names', records.length, MAX_MX_NAMES, via, text);
    const type: RRType = this.client.version === 4 ? 'A' : 'AAAA';
    // RFC 7208 §5.4: no implicit MX, and a null MX (".") has no address to look up.
    const exchanges = records.map((r) => targetName((r.data as MxData).exchange ?? ''));
    const answers = await Promise.all(
      exchanges.map((name) => (name ? this.query(name, type, via, text) : null)),
    );
    // Read in MX order, as a one-after-another evaluation would have.
    for (let i = 0; i < answers.length; i++) {
      const answer = answers[i];
      if (!answer || answer.kind === 'void') continue;
      if (answer.kind === 'error') {
        this.stop('temperror', {
          kind: 'dns-error',
          name: exchanges[i]!,
          type,
          status: answer.status,
          term: text,
          via,
        });
      }
      if (answer.records.some((r) => this.inRange(String(r.data), term.ip4Prefix, term.ip6Prefix)))
        return true;
    }
    return false;
  }
}

/** Sender, local-part and domain (§4.3): no local-part means "postmaster"; empty → postmaster@helo. */
function senderParts(sender: string, helo: string): { sender: string; local: string; domain: string } {
  const s = sender.trim() === '' ? `postmaster@${helo}` : sender.trim();
  const at = s.lastIndexOf('@');
  const local = at === -1 ? 'postmaster' : s.slice(0, at) || 'postmaster';
  const domain = at === -1 ? s : s.slice(at + 1);
  return { sender: `${local}@${domain}`, local, domain };
}

/**
 * RFC 7208 check_host(<ip>, <domain>, <sender>). For the HELO identity pass the HELO name as
 * `domain` and an empty `sender` (it becomes `postmaster@<helo>`). Never throws; DNS failures
 * are temperror, an aborted signal is temperror.
 */
export async function checkHost(
  q: CheckHostQuery,
  resolver: Resolver,
  o: CheckHostOptions = {},
): Promise<CheckHostResult> {
  const client = clientAddress(String(q.ip ?? ''));
  if (!client)
    return {
      result: 'permerror',
      lookups: 0,
      voidLookups: 0,
      trace: [{ kind: 'invalid-input', field: 'ip' }],
    };
  const helo = q.helo ?? '';
  const who = senderParts(String(q.sender ?? ''), helo);
  const values: Omit<MacroValues, 'd' | 'p'> = {
    s: who.sender,
    l: who.local,
    o: who.domain,
    i: client.dotted,
    v: client.v,
    h: helo === '' ? 'unknown' : helo,
    c: client.readable,
    r: o.receiver ?? 'unknown',
    t: String(o.timestamp ?? Math.floor(Date.now() / 1000)),
  };
  const evaluation = new Evaluation(resolver, client, values, o);
  const domain = String(q.domain ?? '') || who.domain;
  let outcome: Outcome;
  try {
    if (o.signal?.aborted) evaluation.stop('temperror', { kind: 'aborted' });
    outcome = await evaluation.evaluate(domain, [], new Set());
  } catch (e) {
    if (!(e instanceof EvaluationStop)) throw e;
    outcome = { result: e.result };
  }
  if (outcome.result !== 'fail') return resultOf(outcome.result, evaluation);
  let text: string | undefined;
  try {
    text = outcome.source ? await explanation(evaluation, outcome.source) : undefined;
  } catch (e) {
    if (!(e instanceof EvaluationStop)) throw e;
  }
  return resultOf(outcome.result, evaluation, text ?? o.defaultExplanation);
}

function resultOf(result: SpfResult, evaluation: Evaluation, explanation?: string): CheckHostResult {
  return {
    result,
    ...(explanation !== undefined ? { explanation } : {}),
    lookups: evaluation.lookups,
    voidLookups: evaluation.voidLookups,
    trace: evaluation.trace,
  };
}
