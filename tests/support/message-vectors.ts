// The signed messages of ../shared/conformance/message (SOURCE.md there), read in place with the
// keys each needs as zone data: used by tests/conformance/message-dkim.test.ts and the message
// benchmark (scripts/bench/message.ts), so both read exactly the same cases.
import { readFileSync } from 'node:fs';
import type { Zone } from '../../src/lib/dns/model.ts';

export const MESSAGE_VECTORS_DIR = new URL('../../../shared/conformance/message/', import.meta.url);
export const readVector = (path: string): string => readFileSync(new URL(path, MESSAGE_VECTORS_DIR), 'utf8');

/** A key quoted in SOURCE.md as: `name` "record" (keys that live in upstream test code). */
export function sourceKey(name: string): string {
  const source = readVector('SOURCE.md');
  const at = source.indexOf(`\`${name}\` "`);
  if (at === -1) throw new Error(`SOURCE.md has no key for ${name}`);
  const start = at + name.length + 4;
  return source.slice(start, source.indexOf('"', start));
}

/** stalwart's format: `<name> <TXT value>` lines, a blank line, then the message (LF line ends). */
export function stalwartCase(path: string): { zone: Zone; message: string } {
  const text = readVector(path);
  const split = text.indexOf('\n\n');
  const zone: Zone = {};
  for (const line of text.slice(0, split).split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) zone[line.slice(0, space)] = [{ TXT: line.slice(space + 1) }];
  }
  return { zone, message: text.slice(split + 2) };
}

/** mailauth's dns.json: { name: { TXT: [[chunks...]] } }. */
export function mailauthZone(path: string): Zone {
  const json = JSON.parse(readVector(path)) as Record<string, { TXT?: string[][] }>;
  const zone: Zone = {};
  for (const [name, rrs] of Object.entries(json))
    zone[name] = (rrs.TXT ?? []).map((strings) => ({ TXT: strings }));
  return zone;
}

export interface MessageVector {
  file: string;
  zone: Zone;
  /** As in the file (line ends as written). */
  message: string;
  now: Date;
  /** Results per signature, top first ('any' = not asserted). */
  expect: Array<'pass' | 'fail' | 'any'>;
  /** The upstream assertion: the last signature passes (stalwart dkim_verify), or at least one does (arc_verify). */
  rule: 'last-passes' | 'one-passes';
  source: string;
}

const STALWART_NOW = new Date(1667843664 * 1000);

export function messageVectors(): MessageVector[] {
  const stalwart = (
    file: string,
    expect: MessageVector['expect'],
    source: string,
    rule: MessageVector['rule'] = 'last-passes',
  ): MessageVector => ({
    file: `stalwart/${file}`,
    ...stalwartCase(`stalwart/${file}`),
    now: STALWART_NOW,
    expect,
    rule,
    source,
  });
  const rfc8463Keys: Zone = {
    'brisbane._domainkey.football.example.com': [
      { TXT: sourceKey('brisbane._domainkey.football.example.com') },
    ],
    'test._domainkey.football.example.com': [{ TXT: readVector('authheaders/test.txt').trim() }],
  };
  return [
    // dkim-001: "Both signatures pass" (SOURCE.md, checked with dkimpy and python cryptography).
    stalwart('dkim-001.txt', ['pass', 'pass'], 'RFC 8463 A.3, ed25519 + rsa, over-signed h='),
    stalwart('dkim-002.txt', ['pass'], 'PKCS#1 p= (RFC 6376 erratum 3017)'),
    // dkim-003: dkimpy verifies both signatures (SOURCE.md).
    stalwart('dkim-003.txt', ['pass', 'pass'], 'ietf.org, two signatures'),
    stalwart('dkim-004.txt', ['pass'], 'facebookmail.com, 1024-bit key with t=s and h=sha256'),
    stalwart('dkim-005.txt', ['pass'], 'topicbox.com, c=relaxed (body simple), x= in force at the test time'),
    stalwart('dkim-006.txt', ['pass'], 'github.com, 28 KB multipart'),
    // The ARC vectors: "at least one DKIM pass" upstream (arc_verify). In arc-001 the list changed
    // the Subject ("[Jmap] ..."), so the author's stalw.art signature fails; Google's own stamp in
    // the file says the same ("dkim=neutral (body hash did not verify) header.i=@stalw.art"), and
    // so do we (message/dkim-body-hash-mismatch), as a fail: RFC 6376 §6.1.3 PERMFAIL.
    stalwart(
      'arc-001.txt',
      ['pass', 'pass', 'fail'],
      'Google ARC i=1 plus ietf.org and stalw.art DKIM',
      'one-passes',
    ),
    stalwart('arc-002.txt', ['pass'], 'synthetic two-hop ARC', 'one-passes'),
    {
      file: 'mailauth/rfc8463-signed.eml',
      zone: mailauthZone('mailauth/rfc8463-dns.json'),
      message: readVector('mailauth/rfc8463-signed.eml'),
      now: new Date(1528637909000),
      expect: ['pass', 'pass'],
      rule: 'last-passes',
      source: 'verify-signatures-test.js: results[0] and results[1] pass',
    },
    {
      file: 'dkimpy/ed25519test2.msg',
      zone: { 'sed._domainkey.test.ex': [{ TXT: readVector('dkimpy/eximtest.dns').trim() }] },
      message: readVector('dkimpy/ed25519test2.msg'),
      now: new Date(1505651391000),
      expect: ['pass'],
      rule: 'last-passes',
      source: 'Exim interop vector',
    },
    {
      file: 'dkimpy/rfc6376.signed.msg',
      zone: rfc8463Keys,
      message: readVector('dkimpy/rfc6376.signed.msg'),
      now: new Date(1528637909000),
      expect: ['pass', 'pass'],
      rule: 'last-passes',
      source: 'test_rfc8032_previous_verifies expects verify() True',
    },
    {
      file: 'authheaders/test.message_signed',
      zone: { 'test._domainkey.example.com': [{ TXT: readVector('authheaders/test.txt').trim() }] },
      message: readVector('authheaders/test.message_signed'),
      now: new Date('2026-12-02T00:00:00Z'),
      expect: ['pass'],
      rule: 'last-passes',
      source: 'test_authenticate_dmarc: dkim=pass header.d=example.com',
    },
    {
      file: 'dkim-verifier/rfc6376-A.2.eml',
      zone: { 'brisbane._domainkey.example.com': [{ TXT: sourceKey('brisbane._domainkey.example.com') }] },
      message: readVector('dkim-verifier/rfc6376-A.2.eml'),
      now: new Date('2026-12-02T00:00:00Z'),
      expect: ['pass'],
      rule: 'last-passes',
      source: 'RFC 6376 Appendix A.2 in the form that verifies',
    },
  ];
}
