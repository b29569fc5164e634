// In real Chromium (Vitest browser mode): DKIM verification runs on the page's own WebCrypto —
// RSASSA-PKCS1-v1_5 and Ed25519 (Chromium 137 and later) — and a 10 MB body is canonicalised in
// slices without blocking the page for long. Messages are signed here (tests/support/dkim-signer.ts).
import { describe, expect, it } from 'vitest';
import { zoneResolver } from '../../src/lib/dns/zone-resolver.ts';
import { verifyDkim } from '../../src/lib/message/dkim-verify.ts';
import { keyRecord, makeTestKey, signMessage } from '../support/dkim-signer.ts';

const MESSAGE =
  'From: Joe <joe@example.com>\r\nTo: suzie@example.net\r\nSubject: Is dinner ready?\r\n\r\n' +
  'Hi.\r\n\r\nWe lost the game.  Are you hungry yet?\r\n';

describe('verifyDkim in the browser (RFC 6376 §6.1, RFC 8463 §3)', () => {
  for (const algorithm of ['rsa-sha256', 'ed25519-sha256'] as const) {
    it(`${algorithm}: a signed message passes, a changed body fails with the body-hash code`, async () => {
      const key = await makeTestKey(algorithm);
      const zone = { 'sel._domainkey.example.com': [{ TXT: keyRecord(key) }] };
      const signed = await signMessage(MESSAGE, {
        key,
        domain: 'example.com',
        selector: 'sel',
        headers: ['from', 'to', 'subject'],
      });
      const [ok] = await verifyDkim(signed, { resolver: zoneResolver(zone) });
      expect([ok.result, ok.code]).toEqual(['pass', undefined]);
      const [bad] = await verifyDkim(signed.replace('lost', 'won'), { resolver: zoneResolver(zone) });
      expect([bad.result, bad.code, bad.signatureValid]).toEqual([
        'fail',
        'message/dkim-body-hash-mismatch',
        true,
      ]);
    });
  }

  it('a 10 MB relaxed body: verified, and the page gets turns while it is canonicalised', async () => {
    const key = await makeTestKey('rsa-sha256');
    const zone = { 'sel._domainkey.example.com': [{ TXT: keyRecord(key) }] };
    const line = 'The quick brown fox   jumps over the lazy dog.\t\r\n';
    const big = MESSAGE + line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
    const signed = await signMessage(big, {
      key,
      domain: 'example.com',
      selector: 'sel',
      headers: ['from'],
      canon: 'relaxed/relaxed',
    });
    let turns = 0;
    const timer = setInterval(() => turns++, 0);
    try {
      const [r] = await verifyDkim(new TextEncoder().encode(signed), { resolver: zoneResolver(zone) });
      expect(r.result).toBe('pass');
    } finally {
      clearInterval(timer);
    }
    // The relaxed canonicaliser yields between 512 KB slices: the page ran its timers meanwhile.
    expect(turns).toBeGreaterThan(5);
  });
});
