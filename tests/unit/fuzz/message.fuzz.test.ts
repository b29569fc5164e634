// Property tests for one message (RFC 5322, RFC 6376): readMessage and verifyDkim never throw on
// arbitrary bytes or on mangled header blocks; relaxed canonicalisation (§3.4.2, §3.4.4) is
// idempotent; a message signed here (RSA and Ed25519) verifies, and fails after any one-byte change
// in a signed header field or, under "simple" body canonicalisation, in the body. Generators are
// checked to reach the paths under test. FUZZ_RUNS raises the budget.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { zoneResolver } from '../../../src/lib/dns/zone-resolver.ts';
import { canonicalHeader, relaxedBody, relaxedHeader } from '../../../src/lib/message/canonicalize.ts';
import { verifyArc } from '../../../src/lib/message/arc.ts';
import { verifyDkim } from '../../../src/lib/message/dkim-verify.ts';
import { binaryString, readMessage } from '../../../src/lib/message/intake.ts';
import { keyRecord, makeTestKey, signMessage, type TestKey } from '../../support/dkim-signer.ts';

const numRuns = Number(process.env.FUZZ_RUNS ?? 300);
/** Signing and verifying costs a few public-key operations per run: a smaller share of the budget. */
const cryptoRuns = Math.max(20, Math.floor(numRuns / 5));

const FIELD_PIECES = [
  'From: a@example.com',
  'DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=AAAA; b=AAAA',
  'DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.com; s=sel; h=from:from; l=5; bh=AA==; b=AA==',
  'DKIM-Signature: ;;;',
  'DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel; h=from; l=99999999999999999999; x=1; t=2; bh=A; b=A',
  'ARC-Seal: i=1; a=rsa-sha256; cv=none; d=example.com; s=sel; b=AAAA',
  'ARC-Message-Signature: i=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=AAAA; b=AAAA',
  'ARC-Authentication-Results: i=1; mx.example.com; dkim=pass',
  'ARC-Seal: i=2; a=rsa-sha256; cv=pass; d=example.com; s=sel; b=AAAA',
  'Subject: =?utf-8?b?5L2g5aW9?=',
  ' folded continuation',
  '\tx',
  'no colon here',
  ': empty name',
  'From someone Mon Jan  1 00:00:00 2024',
  '',
  '\u0000\u00ff',
];
const LINE_ENDS = ['\r\n', '\n', '\r', '\r\r\n', ''];
const headerish = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...FIELD_PIECES), fc.string({ maxLength: 40 })),
      fc.constantFrom(...LINE_ENDS),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.map(([a, b]) => a + b).join(''));
const anyInput = fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.string({ maxLength: 2000 }), {
  arbitrary: headerish,
  weight: 4,
});

const resolver = zoneResolver({
  'sel._domainkey.example.com': [
    {
      TXT: 'v=DKIM1; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB',
    },
  ],
});

describe('readMessage and verifyDkim never throw (any bytes)', () => {
  it('readMessage returns a MessageInput for any input', () => {
    let withSignatures = 0;
    let withDiagnostics = 0;
    fc.assert(
      fc.property(anyInput, (raw) => {
        const m = readMessage(raw);
        expect(m.body).toBeInstanceOf(Uint8Array);
        for (const h of m.headers) {
          expect(h.raw.startsWith(h.name)).toBe(true);
          expect(h.lowerName).toBe(h.name.toLowerCase());
        }
        if (m.headers.some((h) => h.lowerName === 'dkim-signature')) withSignatures++;
        if (m.diagnostics.length > 0) withDiagnostics++;
      }),
      { numRuns },
    );
    // The generators reach both parsed signatures and diagnostics.
    expect(withSignatures).toBeGreaterThan(numRuns / 20);
    expect(withDiagnostics).toBeGreaterThan(numRuns / 10);
  });

  it('verifyDkim resolves with one result per DKIM-Signature field for any input', async () => {
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(anyInput, async (raw) => {
        const results = await verifyDkim(raw, { resolver, now: new Date(0) });
        const count = readMessage(raw).headers.filter((h) => h.lowerName === 'dkim-signature').length;
        expect(results).toHaveLength(count);
        for (const r of results) {
          if (r.result !== 'pass') expect(r.code).toMatch(/^message\//);
          if (r.code) codes.add(r.code);
        }
      }),
      { numRuns },
    );
    expect(codes.size).toBeGreaterThan(3);
  });
});

describe('verifyArc never throws (any bytes)', () => {
  it('verifyArc resolves with pass, fail or none for any input', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(anyInput, async (raw) => {
        const r = await verifyArc(raw, { resolver });
        expect(['pass', 'fail', 'none']).toContain(r.result);
        if (r.result === 'fail') expect(r.code).toMatch(/^message\//);
        seen.set(r.code ?? r.result, (seen.get(r.code ?? r.result) ?? 0) + 1);
      }),
      { numRuns },
    );
    // Both "no chain" and broken chains are reached.
    expect(seen.get('none') ?? 0).toBeGreaterThan(0);
    expect([...seen.keys()].filter((k) => k.startsWith('message/arc-')).length).toBeGreaterThan(0);
  });
});

describe('relaxed canonicalisation is idempotent (RFC 6376 §3.4.2, §3.4.4)', () => {
  const wspText = fc
    .array(fc.constantFrom('a', 'B', ' ', '\t', '\r\n', '\r\n ', ':', 'é', '\u00ff'), { maxLength: 60 })
    .map((parts) => parts.join(''));
  it('§3.4.2: relaxedHeader(relaxedHeader(f)) = relaxedHeader(f)', () => {
    fc.assert(
      fc.property(fc.constantFrom('Subject', 'X-A ', 'from'), wspText, (name, value) => {
        const once = relaxedHeader(binaryString(new TextEncoder().encode(`${name}:${value}`)));
        expect(relaxedHeader(once)).toBe(once);
        expect(canonicalHeader(once, 'relaxed')).toBe(`${once}\r\n`);
      }),
      { numRuns },
    );
  });
  it('§3.4.4: relaxedBody(relaxedBody(b)) = relaxedBody(b)', () => {
    fc.assert(
      fc.property(wspText, (body) => {
        // The body is normalised to CRLF before canonicalisation (readMessage); do the same here.
        const once = relaxedBody(readMessage(`X: y\r\n\r\n${body}`).body);
        expect(relaxedBody(once)).toEqual(once);
      }),
      { numRuns },
    );
  });
});

describe('a message signed here verifies, and fails after any one-byte change (RFC 6376 §6.1.3)', () => {
  const MESSAGE =
    'From: Joe <joe@example.com>\r\nTo: suzie@example.net\r\nSubject: Is dinner ready?\r\n' +
    'X-Unsigned: anything\r\n\r\nHi.\r\n\r\nWe lost the game.  Are you hungry yet?\r\n';
  const SIGNED = ['from', 'to', 'subject'];
  let keys: TestKey[];
  beforeAll(async () => {
    keys = await Promise.all([makeTestKey('rsa-sha256'), makeTestKey('ed25519-sha256')]);
  });
  /** Printable ASCII and WSP: never CR or LF, whose changes can be undone by line-end normalisation. */
  const replacement = fc
    .integer({ min: 0x20, max: 0x7e })
    .chain((c) => fc.constantFrom(String.fromCharCode(c), '\t'));

  for (const [index, label] of [
    [0, 'rsa-sha256'],
    [1, 'ed25519-sha256'],
  ] as const) {
    it(`${label}: signed verifies; one changed octet in a signed field fails (simple header canonicalisation)`, async () => {
      const key = keys[index];
      const zone = { 'sel._domainkey.example.com': [{ TXT: keyRecord(key) }] };
      const signed = await signMessage(MESSAGE, {
        key,
        domain: 'example.com',
        selector: 'sel',
        headers: SIGNED,
        canon: 'simple/simple',
      });
      expect((await verifyDkim(signed, { resolver: zoneResolver(zone) }))[0].result).toBe('pass');
      const fieldStarts = SIGNED.map((name) => {
        const at = signed.search(new RegExp(`^${name}:`, 'im'));
        return { at, end: signed.indexOf('\r\n', at) };
      });
      let changed = 0;
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...fieldStarts), fc.nat(), replacement, async (field, n, c) => {
          const pos = field.at + (n % (field.end - field.at));
          fc.pre(signed[pos] !== c);
          changed++;
          const mutated = signed.slice(0, pos) + c + signed.slice(pos + 1);
          const [r] = await verifyDkim(mutated, { resolver: zoneResolver(zone) });
          expect(r.result, JSON.stringify(mutated.slice(field.at, field.end))).not.toBe('pass');
        }),
        { numRuns: cryptoRuns },
      );
      expect(changed).toBeGreaterThan(cryptoRuns / 2);
    });

    it(`${label}: one changed body octet fails under simple body canonicalisation`, async () => {
      const key = keys[index];
      const zone = { 'sel._domainkey.example.com': [{ TXT: keyRecord(key) }] };
      const signed = await signMessage(MESSAGE, {
        key,
        domain: 'example.com',
        selector: 'sel',
        headers: SIGNED,
        canon: 'relaxed/simple',
      });
      const bodyAt = signed.indexOf('\r\n\r\n') + 4;
      const positions = [...signed.slice(bodyAt)].flatMap((ch, i) =>
        ch === '\r' || ch === '\n' ? [] : [bodyAt + i],
      );
      let changed = 0;
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...positions), replacement, async (pos, c) => {
          fc.pre(signed[pos] !== c);
          changed++;
          const mutated = signed.slice(0, pos) + c + signed.slice(pos + 1);
          const [r] = await verifyDkim(mutated, { resolver: zoneResolver(zone) });
          expect([r.result, r.code]).toEqual(['fail', 'message/dkim-body-hash-mismatch']);
        }),
        { numRuns: cryptoRuns },
      );
      expect(changed).toBeGreaterThan(cryptoRuns / 2);
    });
  }
});
