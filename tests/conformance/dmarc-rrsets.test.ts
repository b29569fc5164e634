// Conformance: ../shared/conformance/dmarc/rrsets.json (11 cases about the whole TXT answer at
// _dmarc). Cases with only `txt` go through selectDmarcRecord; the two with a `where` describe other
// names too, so they run through discoverDmarcPolicy over the zone spelled out below.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  discoverDmarcPolicy,
  hasErrors,
  selectDmarcRecord,
  zoneResolver,
  type Zone,
} from '../../src/lib/index.ts';

interface RrsetCase {
  txt: string[][];
  where?: string;
  outcome: 'record' | 'error' | 'none';
  record?: string;
}

const FILE = new URL('../../../shared/conformance/dmarc/rrsets.json', import.meta.url);
const cases: RrsetCase[] = JSON.parse(readFileSync(FILE, 'utf8'));

/** The `where` of cases 9 and 10, as zones (the text of each case, literally). */
const WHERE: Record<number, { domain: string; zone: Zone }> = {
  9: {
    domain: 'mail.example.com',
    zone: {
      '_dmarc.mail.example.com': [{ TXT: 'v=DMARC1; p=reject' }, { TXT: 'v=DMARC1; p=quarantine' }],
      '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=none' }],
    },
  },
  10: { domain: 'example.com', zone: { 'example.com': [{ TXT: 'v=DMARC1; p=reject' }] } },
};

const EXCEPTIONS: Array<{ index: number; reason: string }> = [
  {
    index: 2,
    reason:
      'RFC 9989 §4.10 step 2: "Records that do not start with a "v" tag that identifies the current version of ' +
      'DMARC are discarded" — an unrelated TXT string beside the DMARC record is ignored, as mailauth and mox ' +
      'do; checkdmarc raises an error unless told to ignore it.',
  },
  {
    index: 9,
    reason:
      'RFC 9989 §4.10 step 2: "If multiple DMARC Policy Records are returned for a single target, they are all ' +
      'discarded", and §4.10.1: "If no valid DMARC Policy Record is found by the first query, then perform a ' +
      'DNS Tree Walk" — so the walk reaches _dmarc.example.com (p=none) and applies it. Stopping there is RFC ' +
      '7489 §6.6.3 behaviour. We still report dmarc/multiple-records as an error at the author domain.',
  },
];

type Outcome = RrsetCase['outcome'];

async function outcomeOf(c: RrsetCase, index: number): Promise<{ outcome: Outcome; record: string | null }> {
  const where = WHERE[index];
  if (where) {
    const d = await discoverDmarcPolicy(where.domain, zoneResolver(where.zone));
    if (d.status === 'found' && !hasErrors(d.diagnostics))
      return { outcome: 'record', record: d.record ?? null };
    if (hasErrors(d.diagnostics) || d.status === 'temperror')
      return { outcome: 'error', record: d.record ?? null };
    return { outcome: 'none', record: null };
  }
  const s = selectDmarcRecord(c.txt);
  if (hasErrors(s.diagnostics)) return { outcome: 'error', record: s.record };
  return s.record === null ? { outcome: 'none', record: null } : { outcome: 'record', record: s.record };
}

const tally = { agree: 0, exceptions: 0 };

describe('DMARC conformance: rrsets.json', () => {
  it('has the 11 cases SOURCE.md describes; every case with `where` has a zone here', () => {
    expect(cases).toHaveLength(11);
    cases.forEach((c, index) => expect(c.where === undefined || WHERE[index] !== undefined).toBe(true));
  });

  cases.forEach((c, index) => {
    const exception = EXCEPTIONS.find((e) => e.index === index);
    const title = `#${index} ${JSON.stringify(c.txt)}${c.where ? ` (${c.where})` : ''} → ${c.outcome}`;
    it(exception ? `${title} — exception (RFC 9989 §4.10)` : `${title} (RFC 9989 §4.10)`, async () => {
      const ours = await outcomeOf(c, index);
      if (exception) {
        expect(ours.outcome, exception.reason).not.toBe(c.outcome);
        tally.exceptions++;
        return;
      }
      expect(ours.outcome).toBe(c.outcome);
      if (c.outcome === 'record') expect(ours.record).toBe(c.record);
      tally.agree++;
    });
  });

  afterAll(() => {
    console.log(
      `dmarc rrsets.json: ${tally.agree}/${cases.length} outcomes agree, ${tally.exceptions} listed exceptions`,
    );
  });
});
