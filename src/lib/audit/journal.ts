// The audit's record of every DNS question: each name+type is asked once per audit (areas that
// need the same answer share it), the raw answer is kept for the report, and each question gets
// its dependency round, so the report can state its critical path (docs/decisions.md "Tests").

import type { DnsRecord, DnsResponse, ResolveInit, Resolver, RRType } from '../dns/model.ts';
import type { AuditLookup } from './model.ts';
import { rejectionResponse } from '../dns/response.ts';
import { joinTxt } from '../shared/txt.ts';

export interface Journal {
  readonly entries: AuditLookup[];
  /**
   * Asks `name`/`type` as a question caused by an answer of round `parentRound` (0: asked at the
   * start). The same question asked again returns the first answer.
   */
  lookup(
    name: string,
    type: RRType,
    parentRound: number,
  ): Promise<{ entry: AuditLookup; response: DnsResponse }>;
  /**
   * A Resolver for library code that makes its own queries (SPF tree, DMARC tree walk), started
   * because of an answer of round `parentRound`. `collect` receives every question it asks.
   */
  resolverFor(parentRound: number, collect?: AuditLookup[]): Resolver;
  /** The entry of a question already asked. */
  find(name: string, type: RRType): AuditLookup | undefined;
  /** The largest round so far. */
  rounds(): number;
}

function normalize(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}

function dataText(r: DnsRecord): string {
  const d = r.data;
  if (Array.isArray(d)) return joinTxt(d);
  if (typeof d === 'string') return d;
  return d.exchange;
}

/** `name` appears in an answer as a whole name (`include:<name>`, `a:<name>/24`, an MX exchange). */
function mentions(response: DnsResponse | undefined, name: string): boolean {
  if (!response) return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(^|[\\s:=])${escaped}\\.?($|[\\s/])`, 'i');
  return response.answers.some((r) => re.test(dataText(r)));
}

export function createJournal(
  resolver: Resolver,
  o: { signal?: AbortSignal; now: () => number; onAnswer: () => void },
): Journal {
  const entries: AuditLookup[] = [];
  const pending = new Map<string, Promise<{ entry: AuditLookup; response: DnsResponse }>>();
  const byKey = new Map<string, AuditLookup>();
  const init: ResolveInit = o.signal ? { signal: o.signal } : {};

  const ask = (name: string, type: RRType, round: number) => {
    const key = `${name}|${type}`;
    const known = pending.get(key);
    if (known) return known;
    const entry: AuditLookup = { name, type, round, startedAt: o.now() };
    entries.push(entry);
    byKey.set(key, entry);
    const promise = resolver
      .resolve(name, type, init)
      .catch((e: unknown): DnsResponse => rejectionResponse('audit', e))
      .then((response) => {
        entry.response = response;
        entry.doneAt = o.now();
        o.onAnswer();
        return { entry, response };
      });
    pending.set(key, promise);
    return promise;
  };

  return {
    entries,
    lookup(name, type, parentRound) {
      return ask(normalize(name), type, parentRound + 1);
    },
    resolverFor(parentRound, collect) {
      const mine: AuditLookup[] = [];
      return {
        async resolve(name: string, type: RRType): Promise<DnsResponse> {
          const n = normalize(name);
          const existing = byKey.get(`${n}|${type}`);
          let round = parentRound + 1;
          if (!existing) {
            // Which earlier answer caused this question: one that names it (an include target, an
            // MX exchange) or the same name's other record (`a` after the TXT); otherwise the
            // latest answer (a sequential walk, such as the DMARC tree walk), else the parent.
            const answered = mine.filter((e) => e.doneAt !== undefined);
            const causes = answered.filter(
              (e) => (e.name === n && e.type !== type) || mentions(e.response, n),
            );
            if (causes.length > 0) round = Math.min(...causes.map((e) => e.round)) + 1;
            else if (answered.length > 0) {
              round = answered.reduce((a, b) => ((b.doneAt ?? 0) > (a.doneAt ?? 0) ? b : a)).round + 1;
            }
          }
          const answer = ask(n, type, round);
          const entry = byKey.get(`${n}|${type}`)!;
          if (collect && !collect.includes(entry)) collect.push(entry);
          const { response } = await answer;
          if (!mine.includes(entry)) mine.push(entry);
          return response;
        },
      };
    },
    find(name, type) {
      return byKey.get(`${normalize(name)}|${type}`);
    },
    rounds() {
      return entries.reduce((max, e) => Math.max(max, e.round), 0);
    },
  };
}
