// DKIM: canonicalisation per rule (RFC 6376 §3.4), the DKIM-Signature tag list (§3.5, §6.1.1), and
// verification (§6.1) of messages signed in the test with WebCrypto (tests/support/dkim-signer.ts),
// each failure with the catalog code that says why.
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { zoneResolver } from '../../src/lib/dns/zone-resolver.ts';
import type { Zone } from '../../src/lib/dns/model.ts';
import {
  canonicalBody,
  canonicalHeader,
  relaxedBody,
  simpleBody,
} from '../../src/lib/message/canonicalize.ts';
import { readSignature, withoutSignatureValue } from '../../src/lib/message/dkim-signature.ts';
import { MAX_VERIFIED_SIGNATURES, verifyDkim } from '../../src/lib/message/dkim-verify.ts';
import { keyRecord, makeTestKey, signMessage, type TestKey } from '../support/dkim-signer.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('header canonicalisation (RFC 6376 §3.4.1, §3.4.2)', () => {
  const cases = [
    {
      spec: '§3.4.1',
      name: 'simple keeps the field as it is',
      raw: 'SubJect :  a \r\n\tb ',
      c: 'simple',
      out: 'SubJect :  a \r\n\tb \r\n',
    },
    {
      spec: '§3.4.2',
      name: 'relaxed lower-cases the name',
      raw: 'SubJect: x',
      c: 'relaxed',
      out: 'subject:x\r\n',
    },
    { spec: '§3.4.2', name: 'relaxed unfolds', raw: 'A: x\r\n y', c: 'relaxed', out: 'a:x y\r\n' },
    {
      spec: '§3.4.2',
      name: 'relaxed reduces WSP runs to one SP',
      raw: 'A: x \t  y',
      c: 'relaxed',
      out: 'a:x y\r\n',
    },
    {
      spec: '§3.4.2',
      name: 'relaxed deletes WSP at the end of the value',
      raw: 'A: x \t',
      c: 'relaxed',
      out: 'a:x\r\n',
    },
    {
      spec: '§3.4.2',
      name: 'relaxed deletes WSP around the colon',
      raw: 'A \t:\t x',
      c: 'relaxed',
      out: 'a:x\r\n',
    },
    {
      spec: '§3.4.2',
      name: 'relaxed keeps an empty value empty',
      raw: 'A:  \r\n ',
      c: 'relaxed',
      out: 'a:\r\n',
    },
    {
      spec: '§3.4.2',
      name: 'relaxed leaves 8-bit octets alone',
      raw: 'A: caf\u00c3\u00a9',
      c: 'relaxed',
      out: 'a:caf\u00c3\u00a9\r\n',
    },
    // RFC 6376 §3.4.6 example, header part.
    { spec: '§3.4.6', name: 'example: relaxed "A: X"', raw: 'A: X', c: 'relaxed', out: 'a:X\r\n' },
    {
      spec: '§3.4.6',
      name: 'example: relaxed "B : Y<HTAB><CRLF><HTAB>Z  "',
      raw: 'B : Y\t\r\n\tZ  ',
      c: 'relaxed',
      out: 'b:Y Z\r\n',
    },
  ] as const;
  for (const c of cases) it(`${c.spec}: ${c.name}`, () => expect(canonicalHeader(c.raw, c.c)).toBe(c.out));
});

describe('body canonicalisation (RFC 6376 §3.4.3, §3.4.4)', () => {
  const cases = [
    { spec: '§3.4.3', name: 'simple: an empty body is one CRLF', body: '', c: 'simple', out: '\r\n' },
    {
      spec: '§3.4.3',
      name: 'simple: trailing empty lines are ignored',
      body: 'a\r\n\r\n\r\n',
      c: 'simple',
      out: 'a\r\n',
    },
    { spec: '§3.4.3', name: 'simple: a missing final CRLF is added', body: 'a', c: 'simple', out: 'a\r\n' },
    {
      spec: '§3.4.3',
      name: 'simple: whitespace is kept',
      body: ' a \t\r\n \r\n',
      c: 'simple',
      out: ' a \t\r\n \r\n',
    },
    { spec: '§3.4.4', name: 'relaxed: an empty body stays empty', body: '', c: 'relaxed', out: '' },
    {
      spec: '§3.4.4',
      name: 'relaxed: only empty lines is empty',
      body: '\r\n \r\n\t\r\n',
      c: 'relaxed',
      out: '',
    },
    {
      spec: '§3.4.4',
      name: 'relaxed: WSP at line ends is removed',
      body: 'a \t\r\nb\r\n',
      c: 'relaxed',
      out: 'a\r\nb\r\n',
    },
    {
      spec: '§3.4.4',
      name: 'relaxed: WSP runs become one SP',
      body: 'a \t b\r\n',
      c: 'relaxed',
      out: 'a b\r\n',
    },
    {
      spec: '§3.4.4',
      name: 'relaxed: leading WSP becomes one SP',
      body: '\t\ta\r\n',
      c: 'relaxed',
      out: ' a\r\n',
    },
    {
      spec: '§3.4.4',
      name: 'relaxed: empty lines inside are kept',
      body: 'a\r\n\r\n \r\nb\r\n\r\n',
      c: 'relaxed',
      out: 'a\r\n\r\n\r\nb\r\n',
    },
    {
      spec: '§3.4.4',
      name: 'relaxed: a missing final CRLF is added',
      body: 'a  ',
      c: 'relaxed',
      out: 'a\r\n',
    },
    // RFC 6376 §3.4.6 example, body part: " C \r\nD \t E\r\n\r\n\r\n".
    {
      spec: '§3.4.6',
      name: 'example: relaxed body',
      body: ' C \r\nD \t E\r\n\r\n\r\n',
      c: 'relaxed',
      out: ' C\r\nD E\r\n',
    },
    {
      spec: '§3.4.6',
      name: 'example: simple body',
      body: ' C \r\nD \t E\r\n\r\n\r\n',
      c: 'simple',
      out: ' C \r\nD \t E\r\n',
    },
  ] as const;
  for (const c of cases) {
    it(`${c.spec}: ${c.name}`, async () => {
      const b = bytes(c.body);
      expect(text(c.c === 'simple' ? simpleBody(b) : relaxedBody(b))).toBe(c.out);
      expect(text(await canonicalBody(b, c.c))).toBe(c.out);
    });
  }
  it('§3.4.4: relaxed in slices gives the same octets as in one go (slice edges inside WSP and CRLF)', async () => {
    const line = 'word \t  word\t\r\n   \r\n';
    const big = bytes(line.repeat(60_000) + '\r\n\r\n');
    // Compared as text: a deep equality over a megabyte of octets is slow.
    expect(text(await canonicalBody(big, 'relaxed'))).toBe(text(relaxedBody(big)));
  });
});

describe('the DKIM-Signature tag list (RFC 6376 §3.5, §6.1.1)', () => {
  const base = 'v=1; a=rsa-sha256; d=example.com; s=sel; h=from:to; bh=AAAA; b=AAAA';
  const cases: Array<{ spec: string; name: string; value: string; code?: string }> = [
    { spec: '§3.5', name: 'a complete field reads', value: base },
    {
      spec: '§6.1.1',
      name: 'a missing required tag (s=)',
      value: base.replace(' s=sel;', ''),
      code: 'message/dkim-signature-missing-tag',
    },
    {
      spec: '§6.1.1',
      name: 'v= other than 1',
      value: base.replace('v=1', 'v=2'),
      code: 'message/dkim-signature-version',
    },
    {
      spec: '§3.5',
      name: 'an unknown algorithm',
      value: base.replace('rsa-sha256', 'rsa-md5'),
      code: 'message/dkim-algorithm-unknown',
    },
    {
      spec: '§3.5',
      name: 'an unknown canonicalisation',
      value: `${base}; c=fancy/simple`,
      code: 'message/dkim-canonicalization-unknown',
    },
    {
      spec: '§3.5',
      name: 'an unknown query method',
      value: `${base}; q=http`,
      code: 'message/dkim-query-method-unknown',
    },
    {
      spec: '§5.4',
      name: 'From not in h=',
      value: base.replace('h=from:to', 'h=to:subject'),
      code: 'message/dkim-from-not-signed',
    },
    {
      spec: '§6.1.1',
      name: 'i= outside d=',
      value: `${base}; i=@example.net`,
      code: 'message/dkim-identity-mismatch',
    },
    { spec: '§3.5', name: 'i= in a subdomain of d= is fine', value: `${base}; i=joe@mail.example.com` },
    {
      spec: '§3.5',
      name: 'x= before t=',
      value: `${base}; t=200; x=100`,
      code: 'message/dkim-expiry-before-timestamp',
    },
    { spec: '§3.5', name: 'l= not a number', value: `${base}; l=ten`, code: 'message/dkim-signature-syntax' },
    {
      spec: '§3.2',
      name: 'a duplicate tag invalidates the list',
      value: `${base}; d=example.org`,
      code: 'message/dkim-signature-syntax',
    },
    {
      spec: '§3.5',
      name: 'b= not base64',
      value: base.replace('b=AAAA', 'b=!!!'),
      code: 'message/dkim-signature-syntax',
    },
    { spec: '§3.2', name: 'an empty tag spec (";;") is tolerated', value: base.replace('; s=', ';; s=') },
  ];
  for (const c of cases) {
    it(`${c.spec}: ${c.name}`, () => {
      const r = readSignature(`DKIM-Signature: ${c.value}`);
      expect(r.ok ? undefined : r.code).toBe(c.code);
    });
  }
  it('§3.5 c=: a header-only value means simple body', () => {
    const r = readSignature(`DKIM-Signature: ${base}; c=relaxed`);
    expect(r.ok && [r.signature.headerCanon, r.signature.bodyCanon]).toEqual(['relaxed', 'simple']);
  });
  it('§3.7: b= emptied, everything else as written (bh= untouched)', () => {
    expect(withoutSignatureValue('DKIM-Signature: bh=xyz; b=abc\r\n def; d=x')).toBe(
      'DKIM-Signature: bh=xyz; b=; d=x',
    );
    expect(withoutSignatureValue('DKIM-Signature: a=1;\r\n b = abc')).toBe('DKIM-Signature: a=1;\r\n b =');
  });
});

// ── verification of messages signed here ──────────────────────────────────────────────────
const MESSAGE =
  'From: Joe <joe@example.com>\r\nTo: suzie@example.net\r\nSubject: Is dinner ready?\r\n' +
  'Date: Fri, 11 Jul 2003 21:00:37 -0700\r\n\r\nHi.\r\n\r\nWe lost the game.  Are you hungry yet?\r\n';
const NOW = new Date('2026-12-02T12:00:00Z');
const T = Math.floor(NOW.getTime() / 1000);

let rsa: TestKey;
let ed: TestKey;
let sha1: TestKey;
beforeAll(async () => {
  [rsa, ed, sha1] = await Promise.all([
    makeTestKey('rsa-sha256'),
    makeTestKey('ed25519-sha256'),
    makeTestKey('rsa-sha1', 1024),
  ]);
});

const zoneFor = (key: TestKey, extra = ''): Zone => ({
  'sel._domainkey.example.com': [{ TXT: keyRecord(key, extra) }],
});
const sign = (key: TestKey, o: Partial<Parameters<typeof signMessage>[1]> = {}, message = MESSAGE) =>
  signMessage(message, {
    key,
    domain: 'example.com',
    selector: 'sel',
    headers: ['from', 'to', 'subject', 'date'],
    timestamp: T - 60,
    ...o,
  });
const verify = async (message: string, zone: Zone) =>
  verifyDkim(message, { resolver: zoneResolver(zone), now: NOW });

describe('verifyDkim (RFC 6376 §6.1)', () => {
  for (const canon of ['simple/simple', 'simple/relaxed', 'relaxed/simple', 'relaxed/relaxed'] as const) {
    it(`§6.1.3: rsa-sha256 ${canon} passes`, async () => {
      const [r] = await verify(await sign(rsa, { canon }), zoneFor(rsa));
      expect(r).toMatchObject({
        result: 'pass',
        domain: 'example.com',
        selector: 'sel',
        algorithm: 'rsa-sha256',
        bodyHashMatches: true,
        signatureValid: true,
        keyBits: 2048,
      });
      expect(r.code).toBeUndefined();
    });
    it(`RFC 8463 §3: ed25519-sha256 ${canon} passes`, async () => {
      const [r] = await verify(await sign(ed, { canon }), zoneFor(ed));
      expect(r).toMatchObject({ result: 'pass', algorithm: 'ed25519-sha256', keyBits: 256 });
    });
  }

  it('RFC 6376 erratum 3017: a PKCS#1 p= is wrapped into SPKI and verifies', async () => {
    const zone = { 'sel._domainkey.example.com': [{ TXT: `v=DKIM1; p=${rsa.pkcs1}` }] };
    expect((await verify(await sign(rsa), zone))[0].result).toBe('pass');
  });
  it('RFC 8301 §3.1: rsa-sha1 verifies but is a policy result', async () => {
    const [r] = await verify(await sign(sha1), zoneFor(sha1));
    expect([r.result, r.code, r.signatureValid]).toEqual(['policy', 'message/dkim-sha1', true]);
  });
  it('RFC 8301 §3.2: an RSA key under 1024 bits fails', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 512 });
    const privateKey = await crypto.subtle.importKey(
      'pkcs8',
      weak.privateKey.export({ type: 'pkcs8', format: 'der' }),
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const key: TestKey = {
      algorithm: 'rsa-sha256',
      privateKey,
      p: weak.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    };
    const [r] = await verify(await sign(key), zoneFor(key));
    expect([r.result, r.code, r.keyBits]).toEqual(['fail', 'message/dkim-key-too-short', 512]);
  });

  const failures: Array<{
    spec: string;
    name: string;
    make: () => Promise<[string, Zone]>;
    result: string;
    code: string;
  }> = [
    {
      spec: '§6.1.3',
      name: 'a changed signed header: signature mismatch',
      result: 'fail',
      code: 'message/dkim-signature-mismatch',
      make: async () => [(await sign(rsa)).replace('Is dinner', 'Is lunch'), zoneFor(rsa)],
    },
    {
      spec: '§6.1.3',
      name: 'a changed body: body hash mismatch, signature still valid',
      result: 'fail',
      code: 'message/dkim-body-hash-mismatch',
      make: async () => [(await sign(rsa)).replace('lost', 'won'), zoneFor(rsa)],
    },
    {
      spec: '§3.5 x=',
      name: 'expired',
      result: 'neutral',
      code: 'message/dkim-expired',
      make: async () => [await sign(rsa, { timestamp: T - 7200, expiration: T - 3600 }), zoneFor(rsa)],
    },
    {
      spec: '§6.1.2',
      name: 'no key record',
      result: 'permerror',
      code: 'message/dkim-key-not-found',
      make: async () => [await sign(rsa), {}],
    },
    {
      spec: '§6.1.2',
      name: 'the key lookup fails (SERVFAIL)',
      result: 'temperror',
      code: 'message/dkim-key-unavailable',
      make: async () => [await sign(rsa), { 'sel._domainkey.example.com': ['SERVFAIL'] }],
    },
    {
      spec: '§3.6.1 p=',
      name: 'a revoked key',
      result: 'permerror',
      code: 'message/dkim-key-revoked',
      make: async () => [await sign(rsa), { 'sel._domainkey.example.com': [{ TXT: 'v=DKIM1; p=' }] }],
    },
    {
      spec: '§6.1.2 key h=',
      name: 'the key allows only sha1',
      result: 'permerror',
      code: 'message/dkim-key-hash-not-allowed',
      make: async () => [await sign(rsa), zoneFor(rsa, 'h=sha1')],
    },
    {
      spec: '§6.1.2 key k=',
      name: 'an ed25519 key for an rsa signature',
      result: 'permerror',
      code: 'message/dkim-key-type-mismatch',
      make: async () => [await sign(rsa), { 'sel._domainkey.example.com': [{ TXT: keyRecord(ed) }] }],
    },
    {
      spec: '§3.6.1 s=',
      name: 'a key not for email',
      result: 'permerror',
      code: 'message/dkim-key-not-for-email',
      make: async () => [await sign(rsa), zoneFor(rsa, 's=other')],
    },
    {
      spec: '§3.6.1 t=s',
      name: 'i= in a subdomain with t=s',
      result: 'permerror',
      code: 'message/dkim-key-strict-subdomain',
      make: async () => [await sign(rsa, { identity: 'joe@mail.example.com' }), zoneFor(rsa, 't=s')],
    },
    {
      spec: '§3.6.1',
      name: 'a damaged key (bad base64)',
      result: 'permerror',
      code: 'message/dkim-key-damaged',
      make: async () => [await sign(rsa), { 'sel._domainkey.example.com': [{ TXT: 'v=DKIM1; p=MIIB!!' }] }],
    },
    {
      spec: '§3.6.1',
      name: 'a key record that is not a tag list',
      result: 'permerror',
      code: 'message/dkim-key-syntax',
      make: async () => [await sign(rsa), { 'sel._domainkey.example.com': [{ TXT: 'v=DKIM1; p' }] }],
    },
    {
      spec: '§3.5 l=',
      name: 'l= beyond the body',
      result: 'permerror',
      code: 'message/dkim-body-length-exceeds',
      make: async () => [(await sign(rsa, { bodyLength: 20 })).replace('l=20', 'l=9999'), zoneFor(rsa)],
    },
    {
      spec: '§5.4.2',
      name: 'over-signed From: a second From added later fails',
      result: 'fail',
      code: 'message/dkim-signature-mismatch',
      make: async () => [
        (await sign(rsa, { headers: ['from', 'from', 'to', 'subject'] })).replace(
          'From: Joe',
          'From: Eve <eve@evil.example>\r\nFrom: Joe',
        ),
        zoneFor(rsa),
      ],
    },
  ];
  for (const f of failures) {
    it(`${f.spec}: ${f.name} → ${f.result} (${f.code})`, async () => {
      const [message, zone] = await f.make();
      const [r] = await verify(message, zone);
      expect([r.result, r.code]).toEqual([f.result, f.code]);
    });
  }

  it('§6.1.3: a changed body keeps signatureValid true (header intact), a changed header makes it false', async () => {
    const signed = await sign(rsa);
    const [body] = await verify(signed.replace('lost', 'won'), zoneFor(rsa));
    const [head] = await verify(signed.replace('Is dinner', 'Is lunch'), zoneFor(rsa));
    expect([body.signatureValid, body.bodyHashMatches]).toEqual([true, false]);
    expect([head.signatureValid, head.bodyHashMatches]).toEqual([false, true]);
  });
  it('§5.4.2: a name listed more often than present signs "nothing there"; without over-signing an added From is unnoticed', async () => {
    const signed = await sign(rsa, { headers: ['from', 'to', 'subject'] });
    // Added BELOW the signed From: h= takes the bottom instance, so the new field is the one checked.
    const added = signed.replace('Date:', 'From: Eve <eve@evil.example>\r\nDate:');
    expect((await verify(added, zoneFor(rsa)))[0].code).toBe('message/dkim-signature-mismatch');
    // Added ABOVE: the signed (bottom) From is still the one selected, so the signature holds — the reason to over-sign.
    const above = `From: Eve <eve@evil.example>\r\n${signed}`;
    expect((await verify(above, zoneFor(rsa)))[0].result).toBe('pass');
    const over = await sign(rsa, { headers: ['from', 'from', 'to', 'subject'] });
    expect((await verify(over, zoneFor(rsa)))[0].result).toBe('pass');
    expect((await verify(`From: Eve <eve@evil.example>\r\n${over}`, zoneFor(rsa)))[0].result).toBe('fail');
  });
  it('§3.5 l=: text appended after the signed length still passes, with bodyLength reported', async () => {
    const signed = await sign(rsa, { bodyLength: 20 });
    const [r] = await verify(`${signed}Appended advert\r\n`, zoneFor(rsa));
    expect([r.result, r.bodyLength]).toEqual(['pass', 20]);
    expect(r.canonicalBodyLength).toBeGreaterThan(20);
  });
  it('headers only: the signature is checked, the body hash cannot be', async () => {
    const signed = await sign(rsa);
    const [r] = await verify(signed.slice(0, signed.indexOf('\r\n\r\n') + 2), zoneFor(rsa));
    expect([r.result, r.code, r.signatureValid, r.bodyHashMatches]).toEqual([
      'neutral',
      'message/dkim-body-missing',
      true,
      undefined,
    ]);
  });
  it('§6.1.2: several key records at the name: the usable one is used', async () => {
    const zone = { 'sel._domainkey.example.com': [{ TXT: 'v=DKIM1; p=' }, { TXT: keyRecord(rsa) }] };
    expect((await verify(await sign(rsa), zone))[0].result).toBe('pass');
  });
  it('§6.1.2: a key published through a CNAME, in several character-strings, is found', async () => {
    const record = keyRecord(rsa);
    const zone: Zone = {
      'sel._domainkey.example.com': [{ CNAME: 'sel.keys.esp.example' }],
      'sel.keys.esp.example': [{ TXT: [record.slice(0, 200), record.slice(200)] }],
    };
    expect((await verify(await sign(rsa), zone))[0].result).toBe('pass');
  });
  it('bare LF line ends (a Unix file) verify the same once normalised', async () => {
    const signed = await sign(rsa, { canon: 'simple/simple' });
    expect((await verify(signed.replace(/\r\n/g, '\n'), zoneFor(rsa)))[0].result).toBe('pass');
  });
  it('each signature on its own, top of the message first', async () => {
    const once = await sign(rsa);
    const twice = await signMessage(once, {
      key: ed,
      domain: 'example.org',
      selector: 'ed',
      headers: ['from', 'subject'],
    });
    const zone = { ...zoneFor(rsa), 'ed._domainkey.example.org': [{ TXT: keyRecord(ed) }] };
    const results = await verify(twice, zone);
    expect(results.map((r) => [r.domain, r.result])).toEqual([
      ['example.org', 'pass'],
      ['example.com', 'pass'],
    ]);
    expect(results.map((r) => r.headerIndex)).toEqual([0, 1]);
  });
  it(`a cap of ${MAX_VERIFIED_SIGNATURES} signatures: the rest are listed as skipped`, async () => {
    let message = MESSAGE;
    for (let i = 0; i < MAX_VERIFIED_SIGNATURES + 2; i++) message = await sign(rsa, {}, message);
    const zone = zoneFor(rsa);
    const resolver = zoneResolver(zone);
    const results = await verifyDkim(message, { resolver, now: NOW });
    expect(results).toHaveLength(MAX_VERIFIED_SIGNATURES + 2);
    expect(results.filter((r) => r.skipped).map((r) => r.code)).toEqual([
      'message/dkim-not-verified-limit',
      'message/dkim-not-verified-limit',
    ]);
    expect(results.slice(0, MAX_VERIFIED_SIGNATURES).every((r) => r.result === 'pass')).toBe(true);
    // One key lookup for all of them (same selector and domain).
    expect(resolver.log.length).toBe(1);
  });
  it('1,000 DKIM-Signature fields: the first are verified, the rest skipped, one key lookup', async () => {
    const one = await sign(rsa);
    const field = one.slice(0, one.indexOf('\r\nFrom:') + 2);
    const resolver = zoneResolver(zoneFor(rsa));
    const results = await verifyDkim(field.repeat(999) + one, { resolver, now: NOW });
    expect(results).toHaveLength(1000);
    expect(results.filter((r) => r.skipped)).toHaveLength(1000 - MAX_VERIFIED_SIGNATURES);
    expect(results.filter((r) => !r.skipped).every((r) => r.result === 'pass')).toBe(true);
    expect(resolver.log.length).toBe(1);
  });
  it('the body hash is computed once per (canonicalisation, hash, l=)', async () => {
    let message = MESSAGE;
    for (let i = 0; i < 3; i++) message = await sign(rsa, {}, message);
    message = await sign(rsa, { bodyLength: 10 }, message);
    message = await sign(rsa, { canon: 'relaxed/simple' }, message);
    const digest = vi.spyOn(crypto.subtle, 'digest');
    try {
      const results = await verify(message, zoneFor(rsa));
      expect(results.every((r) => r.result === 'pass')).toBe(true);
      // relaxed/sha256, relaxed/sha256/l=10, simple/sha256; RSA hashes the header data inside verify().
      expect(digest).toHaveBeenCalledTimes(3);
    } finally {
      digest.mockRestore();
    }
  });
  it('never rejects on damaged input; rejects when aborted', async () => {
    const resolver = zoneResolver({});
    for (const raw of [
      '',
      'DKIM-Signature: ;;;',
      'DKIM-Signature: v=1; a=rsa-sha256; b=; bh=\r\n\r\n',
      new Uint8Array([0, 255, 13, 10, 13]),
    ]) {
      await expect(verifyDkim(raw, { resolver })).resolves.toBeInstanceOf(Array);
    }
    const controller = new AbortController();
    controller.abort();
    await expect(verifyDkim(MESSAGE, { resolver, signal: controller.signal })).rejects.toBeDefined();
  });
});
