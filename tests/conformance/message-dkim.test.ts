// Conformance: every signed message in ../shared/conformance/message/{stalwart,mailauth,dkimpy,
// authheaders,dkim-verifier} (see SOURCE.md there), read in place, with its keys from the files
// beside it or from SOURCE.md, verified through an in-memory zone resolver at the time each upstream
// test uses. Each file's expectation is the upstream assertion; files we cannot verify are listed
// with the reason.
import { afterAll, describe, expect, it } from 'vitest';
import { zoneResolver } from '../../src/lib/dns/zone-resolver.ts';
import { verifyDkim, type DkimVerification } from '../../src/lib/message/dkim-verify.ts';
import { readSignature } from '../../src/lib/message/dkim-signature.ts';
import { headersNamed, readMessage } from '../../src/lib/message/intake.ts';
import { messageVectors, readVector as read } from '../support/message-vectors.ts';

// The cases, their keys and the upstream assertions are in tests/support/message-vectors.ts
// (shared with the benchmark). Line ends are as in the files: "the test converts LF->CRLF"
// (SOURCE.md), and readMessage does it, saying so in a diagnostic.
const CASES = messageVectors();

/** Files in the folders that are not signed messages to verify, with the reason. */
const NOT_VERIFIED: Record<string, string> = {
  'dkimpy/test2.message':
    'its key (20120113._domainkey.gmail.com) lives only in upstream test code; SOURCE.md says to use it ' +
    'only to test parsing of the degenerately folded DKIM-Signature field, which the test below does',
  'dkimpy/test2.txt': 'a key record, not a message (no message in the set is signed with it under its name)',
  'dkimpy/eximtest.dns': 'the key of ed25519test2.msg',
  'authheaders/test.txt': 'the key of test.message_signed',
  'mailauth/rfc8463-dns.json': 'the keys of rfc8463-signed.eml',
};

const agreement = new Map<string, string>();

describe('DKIM conformance vectors (../shared/conformance/message)', () => {
  for (const c of CASES) {
    it(`${c.file}: ${c.source}`, async () => {
      const results = await verifyDkim(c.message, { resolver: zoneResolver(c.zone), now: c.now });
      const summary = results.map(
        (r: DkimVerification) =>
          `${r.domain}/${r.selector} ${r.algorithm}: ${r.result}${r.code ? ` (${r.code})` : ''}`,
      );
      expect(results.length, summary.join('; ')).toBeGreaterThan(0);
      if (c.rule === 'last-passes') expect(results.at(-1)?.result, summary.join('; ')).toBe('pass');
      else
        expect(
          results.some((r) => r.result === 'pass'),
          summary.join('; '),
        ).toBe(true);
      expect(results.length, summary.join('; ')).toBe(c.expect.length);
      c.expect.forEach((want, i) => {
        if (want !== 'any') expect(results[i]?.result, summary[i]).toBe(want);
      });
      agreement.set(c.file, summary.join('; '));
    });
  }

  it('dkimpy/test2.message: the degenerately folded DKIM-Signature field reads (Debian bug#711751)', () => {
    const m = readMessage(read('dkimpy/test2.message'));
    const [field] = headersNamed(m, 'dkim-signature');
    const sig = readSignature(field.raw);
    expect(sig.ok).toBe(true);
    if (!sig.ok) return;
    expect(sig.signature.domain).toBe('gmail.com');
    expect(sig.signature.selector).toBe('20120113');
    expect(sig.signature.signedHeaders).toEqual([
      'mime-version',
      'sender',
      'from',
      'date',
      'x-google-sender-auth',
      'message-id',
      'subject',
      'to',
      'content-type',
    ]);
    expect(sig.signature.signature.length).toBe(256);
  });

  afterAll(() => {
    console.log(
      [
        'DKIM conformance agreement per file:',
        ...[...agreement].map(([file, s]) => `  ${file}: ${s}`),
        'Not verified:',
        ...Object.entries(NOT_VERIFIED).map(([file, why]) => `  ${file}: ${why}`),
      ].join('\n'),
    );
  });
});
