// The audit's lookup journal: each question asked once, and dependency rounds counted the way the
// critical path is defined (docs/decisions.md "Tests").
import { describe, expect, it } from 'vitest';
import { zoneResolver } from '../../src/lib/index.ts';
import { createJournal } from '../../src/lib/audit/journal.ts';
import type { Zone } from '../../src/lib/index.ts';

const ZONE: Zone = {
  'a.example': [{ TXT: 'v=spf1 include:b.example mx ~all' }, { MX: [10, 'mx.a.example'] }],
  'b.example': [{ TXT: 'v=spf1 include:c.example ~all' }],
  'c.example': [{ TXT: 'v=spf1 ip4:192.0.2.0/24 ~all' }],
  'mx.a.example': [{ A: '192.0.2.1' }],
  '_dmarc.example': [{ TXT: 'v=DMARC1; p=none' }],
};

function journalFor(zone: Zone) {
  const resolver = zoneResolver(zone);
  let t = 0;
  const journal = createJournal(resolver, { now: () => t++, onAnswer: () => {} });
  return { resolver, journal };
}

describe('audit journal', () => {
  it('asks a question once however often it is asked (RFC 7208 §4.6.4 counts terms, not repeats)', async () => {
    const { resolver, journal } = journalFor(ZONE);
    const [x, y] = await Promise.all([
      journal.lookup('A.example.', 'TXT', 0),
      journal.lookup('a.example', 'TXT', 0),
    ]);
    expect(x.entry).toBe(y.entry);
    expect(resolver.log.map((q) => `${q.name} ${q.type}`)).toEqual(['a.example TXT']);
    expect(x.entry.round).toBe(1);
  });

  it('gives explicit children the parent round + 1', async () => {
    const { journal } = journalFor(ZONE);
    const mx = await journal.lookup('a.example', 'MX', 0);
    const host = await journal.lookup('mx.a.example', 'A', mx.entry.round);
    expect(host.entry.round).toBe(2);
    expect(journal.rounds()).toBe(2);
  });

  it('infers rounds for library lookups from the answer that names them (RFC 7208 §5.2 include chain)', async () => {
    const { journal } = journalFor(ZONE);
    const r = journal.resolverFor(0);
    const root = await r.resolve('a.example', 'TXT');
    expect(root.status).toBe('NOERROR');
    // Both follow from the root's answer: the include target by name, the MX by the same name.
    await Promise.all([r.resolve('b.example', 'TXT'), r.resolve('a.example', 'MX')]);
    await Promise.all([r.resolve('c.example', 'TXT'), r.resolve('mx.a.example', 'A')]);
    const round = (name: string, type: 'TXT' | 'MX' | 'A') => journal.find(name, type)?.round;
    expect(round('a.example', 'TXT')).toBe(1);
    expect(round('b.example', 'TXT')).toBe(2);
    expect(round('a.example', 'MX')).toBe(2);
    expect(round('c.example', 'TXT')).toBe(3);
    expect(round('mx.a.example', 'A')).toBe(3);
  });

  it('counts a sequential walk one round per step (RFC 9989 §4.10 tree walk)', async () => {
    const { journal } = journalFor(ZONE);
    const r = journal.resolverFor(0);
    await r.resolve('_dmarc.a.b.example', 'TXT');
    await r.resolve('_dmarc.b.example', 'TXT');
    await r.resolve('_dmarc.example', 'TXT');
    expect(journal.entries.map((e) => e.round)).toEqual([1, 2, 3]);
  });

  it('keeps a question already asked at its first round when a library asks it again', async () => {
    const { journal } = journalFor(ZONE);
    const first = journal.lookup('a.example', 'TXT', 0);
    const collected: import('../../src/lib/index.ts').AuditLookup[] = [];
    const r = journal.resolverFor(3, collected);
    await r.resolve('a.example', 'TXT');
    await first;
    expect(journal.find('a.example', 'TXT')?.round).toBe(1);
    expect(collected).toHaveLength(1);
  });

  it('records a rejecting resolver as an ERROR answer, never a throw', async () => {
    const journal = createJournal(
      { resolve: () => Promise.reject(new Error('boom')) },
      { now: () => 0, onAnswer: () => {} },
    );
    const { response } = await journal.lookup('a.example', 'TXT', 0);
    expect(response.status).toBe('ERROR');
    expect(response.error).toBe('resolver failed: boom');
    expect(response.problem?.code).toBe('dns/bad-response');
  });
});
