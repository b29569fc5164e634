// analyzeMessage over the signed messages of ../shared/conformance/message (read in place; keys
// from the files beside them or SOURCE.md), through an in-memory zone resolver: the DKIM outcome of
// each file's upstream assertion, plus what the DMARC step adds (alignment with the From domain,
// RFC 9989 §4.4; the policy of an added _dmarc record, §4.10.1) and the hops read from the trace.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Zone } from '../../src/lib/dns/model.ts';
import { zoneResolver } from '../../src/lib/dns/zone-resolver.ts';
import { analyzeMessage } from '../../src/lib/message/analyze.ts';

const DIR = new URL('../../../shared/conformance/message/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, DIR), 'utf8');
const SOURCE = read('SOURCE.md');

function sourceKey(name: string): string {
  const at = SOURCE.indexOf(`\`${name}\` "`);
  const start = at + name.length + 4;
  return SOURCE.slice(start, SOURCE.indexOf('"', start));
}

/** stalwart's format: `<name> <TXT value>` lines, a blank line, then the message. */
function stalwartCase(path: string): { zone: Zone; message: string } {
  const text = read(path);
  const split = text.indexOf('\n\n');
  const zone: Zone = {};
  for (const line of text.slice(0, split).split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) zone[line.slice(0, space)] = [{ TXT: line.slice(space + 1) }];
  }
  return { zone, message: text.slice(split + 2) };
}

function mailauthZone(path: string): Zone {
  const json = JSON.parse(read(path)) as Record<string, { TXT?: string[][] }>;
  const zone: Zone = {};
  for (const [name, rrs] of Object.entries(json))
    zone[name] = (rrs.TXT ?? []).map((strings) => ({ TXT: strings }));
  return zone;
}

interface Case {
  file: string;
  zone: Zone;
  message: string;
  now: Date;
  /** At least one DKIM signature passes (every upstream assertion implies it). */
  dkimPass: true;
  /** Expected DMARC result with the zone as given (no _dmarc record in any file: none). */
  dmarc: 'pass' | 'none' | 'fail';
  note: string;
}

const STALWART_NOW = new Date(1667843664 * 1000);
const stalwart = (file: string, dmarc: Case['dmarc'], note: string): Case => ({
  file: `stalwart/${file}`,
  ...stalwartCase(`stalwart/${file}`),
  now: STALWART_NOW,
  dkimPass: true,
  dmarc,
  note,
});

const RFC8463_KEYS: Zone = {
  'brisbane._domainkey.football.example.com': [
    { TXT: sourceKey('brisbane._domainkey.football.example.com') },
  ],
  'test._domainkey.football.example.com': [{ TXT: read('authheaders/test.txt').trim() }],
};

const CASES: Case[] = [
  stalwart('dkim-001.txt', 'none', 'RFC 8463 A.3'),
  stalwart('dkim-002.txt', 'none', 'PKCS#1 key'),
  stalwart('dkim-003.txt', 'none', 'ietf.org list mail'),
  stalwart('dkim-004.txt', 'none', 'facebookmail.com'),
  stalwart('dkim-005.txt', 'none', 'topicbox.com'),
  stalwart('dkim-006.txt', 'none', 'github.com'),
  stalwart('arc-001.txt', 'none', 'IETF list mail forwarded through Google'),
  stalwart('arc-002.txt', 'none', 'synthetic ARC chain'),
  {
    file: 'mailauth/rfc8463-signed.eml',
    zone: mailauthZone('mailauth/rfc8463-dns.json'),
    message: read('mailauth/rfc8463-signed.eml'),
    now: new Date(1528637909000),
    dkimPass: true,
    dmarc: 'none',
    note: 'RFC 8463 signed',
  },
  {
    file: 'dkimpy/ed25519test2.msg',
    zone: { 'sed._domainkey.test.ex': [{ TXT: read('dkimpy/eximtest.dns').trim() }] },
    message: read('dkimpy/ed25519test2.msg'),
    now: new Date(1505651391000),
    dkimPass: true,
    dmarc: 'none',
    note: 'Exim ed25519',
  },
  {
    file: 'dkimpy/rfc6376.signed.msg',
    zone: RFC8463_KEYS,
    message: read('dkimpy/rfc6376.signed.msg'),
    now: new Date(1528637909000),
    dkimPass: true,
    dmarc: 'none',
    note: 'draft RFC 8463 example',
  },
  {
    file: 'dkim-verifier/rfc6376-A.2.eml',
    zone: { 'brisbane._domainkey.example.com': [{ TXT: sourceKey('brisbane._domainkey.example.com') }] },
    message: read('dkim-verifier/rfc6376-A.2.eml'),
    now: new Date('2026-12-02T00:00:00Z'),
    dkimPass: true,
    dmarc: 'none',
    note: 'RFC 6376 A.2',
  },
];

const agreement: string[] = [];

describe('analyzeMessage over the conformance messages', () => {
  const authheadersZone: Zone = {
    'test._domainkey.example.com': [{ TXT: read('authheaders/test.txt').trim() }],
    '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=reject' }],
  };

  it('authheaders/test.message_signed with _dmarc.example.com p=reject: dkim pass, dmarc pass, policy reject (test_authenticate_dmarc)', async () => {
    const report = await analyzeMessage(read('authheaders/test.message_signed'), {
      resolver: zoneResolver(authheadersZone),
      now: new Date('2026-12-02T00:00:00Z'),
    });
    expect(report.done).toBe(true);
    expect(report.dkim.map((d) => [d.domain, d.result, d.aligned])).toEqual([['example.com', 'pass', true]]);
    expect(report.dmarc).toMatchObject({
      result: 'pass',
      policy: 'reject',
      policyDomain: 'example.com',
      dkimAligned: true,
      disposition: 'none',
    });
    expect(report.from).toEqual({ address: 'test@example.com', domain: 'example.com' });
    // Its Authentication-Results field, stamped by lists.example.org, is reported as the receiver's.
    expect(report.receiverResults[0]?.authservId).toBe('lists.example.org');
    expect(report.verdict?.code).toBe('message/verdict-deliver');
    agreement.push('authheaders/test.message_signed: dkim=pass dmarc=pass policy=reject (agrees)');
  });

  for (const c of CASES) {
    it(`${c.file} (${c.note}): a DKIM pass, DMARC ${c.dmarc} without a _dmarc record`, async () => {
      const updates: boolean[] = [];
      const report = await analyzeMessage(c.message, {
        resolver: zoneResolver(c.zone),
        now: c.now,
        onUpdate: (r) => updates.push(r.done),
      });
      const summary = report.dkim
        .map((d) => `${d.domain}: ${d.result}${d.aligned ? ' aligned' : ''}`)
        .join('; ');
      expect(
        report.dkim.some((d) => d.result === 'pass'),
        summary,
      ).toBe(true);
      expect(report.dmarc.result, summary).toBe(c.dmarc);
      // One hop per Received field (counted on the raw text, independently of the parser).
      expect(report.hops).toHaveLength(c.message.match(/^Received:/gim)?.length ?? 0);
      // Partial reports came first, the last one is the final report.
      expect(updates.at(-1)).toBe(true);
      expect(updates.filter((d) => d).length).toBe(1);
      agreement.push(`${c.file}: ${summary}; dmarc=${report.dmarc.result}; hops=${report.hops.length}`);
    });
  }

  it('stalwart/arc-001.txt: hops in travel order, the IP from the receiver Google stamped, aligned DKIM by ietf.org', async () => {
    const c = stalwartCase('stalwart/arc-001.txt');
    const report = await analyzeMessage(c.message, { resolver: zoneResolver(c.zone), now: STALWART_NOW });
    expect(report.hops.length).toBeGreaterThan(2);
    // Delays are computed between dated hops.
    expect(report.hops.some((h) => h.delaySeconds !== undefined)).toBe(true);
    expect(report.envelope.ip).toBeDefined();
    expect(report.envelope.candidates?.length).toBeGreaterThan(0);
    expect(report.receiverResults.length).toBeGreaterThan(0);
  });

  // stalwart arc_verify asserts ARC pass for both files (RFC 8617 §5.2); analyzeMessage reports it.
  for (const file of ['arc-001.txt', 'arc-002.txt']) {
    it(`stalwart/${file}: ARC chain passes (arc_verify), reported with its instance count`, async () => {
      const c = stalwartCase(`stalwart/${file}`);
      const report = await analyzeMessage(c.message, { resolver: zoneResolver(c.zone), now: STALWART_NOW });
      expect(report.arc.result).toBe('pass');
      expect(report.arc.instances).toBe(c.message.match(/^ARC-Seal:/gim)?.length);
      agreement.push(
        `stalwart/${file}: arc=${report.arc.result} (${report.arc.instances} instances, agrees)`,
      );
    });
  }

  afterAll(() => {
    console.log(`message analysis agreement (${agreement.length} files):\n  ${agreement.join('\n  ')}`);
  });
});
