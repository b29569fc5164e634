// analyzeMessage end to end (docs/public-api.md "Mail itself") on messages built from the conformance
// vectors (read in place) and on unsigned ones: SPF (RFC 7208 §2.3, §2.4), DMARC alignment and
// disposition (RFC 9989 §4.4, §4.7, §4.10), findings and the Gmail verdict; and deriveEnvelope.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Zone } from '../../src/lib/dns/model.ts';
import { zoneResolver } from '../../src/lib/dns/zone-resolver.ts';
import { analyzeMessage, explainBounce, isCode, type MessageReport } from '../../src/lib/index.ts';
import { parseAuthenticationResults } from '../../src/lib/message/authentication-results.ts';
import { deriveEnvelope } from '../../src/lib/message/envelope.ts';
import { readMessage } from '../../src/lib/message/intake.ts';
import { parseReceived } from '../../src/lib/message/received.ts';
import { parseReceivedSpf } from '../../src/lib/message/received-spf.ts';

const DIR = new URL('../../../shared/conformance/message/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, DIR), 'utf8');
const SIGNED = read('authheaders/test.message_signed');
const KEY = read('authheaders/test.txt').trim();
const NOW = new Date('2026-12-02T00:00:00Z');

const codes = (r: MessageReport) => r.findings.map((f) => f.code);
const analyze = (
  raw: string | Uint8Array,
  zone: Zone,
  o: { ip?: string; helo?: string; mailFrom?: string; input?: ReturnType<typeof readMessage> } = {},
) => analyzeMessage(raw, { resolver: zoneResolver(zone), now: NOW, ...o });

function unsigned(from: string, extra = ''): string {
  return `${extra}From: ${from}\r\nTo: b@example.org\r\nSubject: hi\r\nDate: Tue, 1 Dec 2026 10:00:00 +0000\r\nMessage-ID: <1@x>\r\n\r\nhello\r\n`;
}

describe('analyzeMessage', () => {
  it('RFC 9989 §4.4: SPF passes for the ESP return path (not aligned), DKIM by the From domain aligns → pass; 1024-bit key noted', async () => {
    const zone: Zone = {
      'test._domainkey.example.com': [{ TXT: KEY }],
      '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=reject' }],
      'esp.example': [{ TXT: 'v=spf1 ip4:192.0.2.0/24 -all' }],
    };
    const r = await analyze(`Return-Path: <bounce@esp.example>\r\n${SIGNED}`, zone, { ip: '192.0.2.5' });
    expect(r.spf).toMatchObject({
      result: 'pass',
      domain: 'esp.example',
      ip: '192.0.2.5',
      identity: 'mailfrom',
    });
    expect(r.envelope).toMatchObject({ ip: '192.0.2.5', ipSource: 'option', mailFrom: 'bounce@esp.example' });
    expect(r.dmarc).toMatchObject({ result: 'pass', spfAligned: false, dkimAligned: true, policy: 'reject' });
    expect(codes(r)).toContain('message/spf-pass-not-aligned');
    expect(codes(r)).toContain('message/dkim-weak-key');
    expect(r.verdict).toMatchObject({ outcome: 'deliver', code: 'message/verdict-deliver' });
  });

  it('RFC 6376 §3.7: a body changed in a pasted message → "drop the .eml file"; SPF -all fails; p=reject → Gmail refuses', async () => {
    const zone: Zone = {
      'test._domainkey.example.com': [{ TXT: KEY }],
      '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=reject' }],
      'example.com': [{ TXT: 'v=spf1 -all' }],
    };
    const text = `Return-Path: <a@example.com>\r\n${SIGNED.replace('This is a test message.', 'This is a test message!')}`;
    const r = await analyze(text, zone, { ip: '198.51.100.1' });
    expect(r.dkim[0]).toMatchObject({ result: 'fail', bodyHashMatches: false });
    expect(r.spf?.result).toBe('fail');
    expect(r.dmarc).toMatchObject({ result: 'fail', policy: 'reject', disposition: 'reject' });
    expect(codes(r)).toEqual(
      expect.arrayContaining([
        'message/dkim-body-changed-pasted',
        'message/spf-not-pass',
        'message/dmarc-fail',
      ]),
    );
    expect(r.verdict?.outcome).toBe('refuse');
    // The same octets from a file: the body was changed on the way, not by copying.
    const bytes = await analyze(new TextEncoder().encode(text), zone, { ip: '198.51.100.1' });
    expect(codes(bytes)).toContain('message/dkim-body-changed');
    expect(codes(bytes)).not.toContain('message/dkim-body-changed-pasted');
  });

  it('RFC 6376 §3.7: headers only — the body hash cannot be checked and that is the finding, not "none verifies"; SPF and DMARC still decide', async () => {
    const zone: Zone = {
      'test._domainkey.example.com': [{ TXT: KEY }],
      '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=reject' }],
      'example.com': [{ TXT: 'v=spf1 ip4:192.0.2.0/24 -all' }],
    };
    const headers = SIGNED.slice(0, SIGNED.search(/\r?\n\r?\n/) + 1);
    const r = await analyze(`Return-Path: <test@example.com>\n${headers}`, zone, { ip: '192.0.2.25' });
    expect(r.diagnostics.map((d) => d.code)).toContain('message/headers-only');
    expect(r.dkim[0]).toMatchObject({
      result: 'neutral',
      code: 'message/dkim-body-missing',
      signatureValid: true,
    });
    expect(codes(r)).toContain('message/dkim-body-missing');
    expect(codes(r)).not.toContain('message/dkim-none-passed');
    // The key is known from the verified header signature: its size is still worth saying.
    expect(codes(r)).toContain('message/dkim-weak-key');
    expect(r.spf).toMatchObject({ result: 'pass', domain: 'example.com' });
    expect(r.dmarc).toMatchObject({ result: 'pass', spfAligned: true, dkimAligned: false });
    // A signature that does not verify even over the headers is still "none verifies".
    const broken = headers.replace('Subject: Testing', 'Subject: Changed');
    const b = await analyze(`Return-Path: <test@example.com>\n${broken}`, zone, { ip: '192.0.2.25' });
    expect(codes(b)).toContain('message/dkim-none-passed');
    expect(codes(b)).not.toContain('message/dkim-body-missing');
  });

  it('RFC 9989 §4.7 t=y: p=quarantine is applied one level less strict (none)', async () => {
    const zone: Zone = { '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=quarantine; t=y' }] };
    const r = await analyze(unsigned('a@example.com'), zone);
    expect(r.dmarc).toMatchObject({
      result: 'fail',
      policy: 'quarantine',
      testing: true,
      disposition: 'none',
    });
    expect(codes(r)).toContain('message/dmarc-testing');
  });

  it('RFC 9989 §4.10.1: a subdomain gets sp; a non-existent subdomain gets np', async () => {
    const zone: Zone = {
      '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=none; sp=quarantine; np=reject' }],
      'news.example.com': [{ A: '192.0.2.80' }],
    };
    const sub = await analyze(unsigned('a@news.example.com'), zone);
    expect(sub.dmarc).toMatchObject({
      result: 'fail',
      policyTag: 'sp',
      policy: 'quarantine',
      disposition: 'quarantine',
      policyDomain: 'example.com',
      organizationalDomain: 'example.com',
    });
    const ghost = await analyze(unsigned('a@ghost.example.com'), zone);
    expect(ghost.dmarc).toMatchObject({ policyTag: 'np', policy: 'reject', disposition: 'reject' });
  });

  it('RFC 9989 §4.4 relaxed SPF alignment by Organizational Domain; strict (aspf=s) does not align', async () => {
    const base: Zone = {
      'example.com': [{ TXT: 'v=spf1 ip4:192.0.2.0/24 -all' }],
      '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=reject' }],
    };
    const msg = unsigned('a@mail.example.com', 'Return-Path: <x@example.com>\r\n');
    const relaxed = await analyze(msg, base, { ip: '192.0.2.5' });
    expect(relaxed.dmarc).toMatchObject({
      result: 'pass',
      spfAligned: true,
      organizationalDomain: 'example.com',
    });
    expect(relaxed.verdict?.code).toBe('message/verdict-deliver');
    const strict = await analyze(
      msg,
      { ...base, '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=reject; aspf=s' }] },
      { ip: '192.0.2.5' },
    );
    expect(strict.dmarc).toMatchObject({ result: 'fail', spfAligned: false, disposition: 'reject' });
    expect(strict.verdict?.code).toBe('message/verdict-refuse-reject');
  });

  it('RFC 9989 §4.4: a valid signature by another domain (d=example.com for From football.example.com) does not align', async () => {
    const zone: Zone = {
      'brisbane._domainkey.example.com': [
        {
          TXT: (
            /`brisbane\._domainkey\.example\.com` "([^"]+)"/.exec(read('SOURCE.md')) as RegExpExecArray
          )[1],
        },
      ],
      '_dmarc.football.example.com': [{ TXT: 'v=DMARC1; p=reject' }],
    };
    const r = await analyze(read('dkim-verifier/rfc6376-A.2.eml'), zone);
    expect(r.dkim[0]).toMatchObject({ result: 'pass', domain: 'example.com', aligned: false });
    expect(r.dmarc.dkimAligned).toBe(false);
    expect(codes(r)).toContain('message/dkim-not-aligned');
  });

  it('RFC 5322 §3.6: no From → DMARC permerror, Gmail refuses (550 5.7.1)', async () => {
    const r = await analyze('To: b@example.org\r\nSubject: x\r\n\r\nbody\r\n', {});
    expect(r.from).toBeNull();
    expect(r.dmarc.result).toBe('permerror');
    expect(codes(r)).toContain('message/no-from');
    expect(r.verdict).toMatchObject({ outcome: 'refuse', code: 'message/verdict-refuse-from' });
  });

  it('RFC 5322 §3.6.2: From with addresses at two domains has no single Author Domain', async () => {
    const r = await analyze(unsigned('a@example.com, b@example.net'), {});
    expect(r.fromAddresses).toEqual(['a@example.com', 'b@example.net']);
    expect(r.dmarc.result).toBe('permerror');
    expect(r.dmarc.code).toBe('message/multiple-from-domains');
    expect(r.verdict?.code).toBe('message/verdict-refuse-from');
  });

  it('RFC 9989 §4.10: a SERVFAIL at _dmarc is temperror, never "no record"; Gmail would answer 451 4.7.26', async () => {
    const zone: Zone = {
      '_dmarc.example.com': ['SERVFAIL'],
      'example.com': [{ TXT: 'v=spf1 ip4:192.0.2.0/24 -all' }],
    };
    const r = await analyze(unsigned('a@example.com', 'Return-Path: <a@example.com>\r\n'), zone, {
      ip: '192.0.2.5',
    });
    expect(r.dmarc.result).toBe('temperror');
    expect(r.verdict?.code).toBe('message/verdict-unknown-temporary');
  });

  it('RFC 6376 §3.5: no DKIM signature and no IP → findings say so; Gmail outcome unknown', async () => {
    const r = await analyze(unsigned('a@example.com'), {});
    expect(codes(r)).toEqual(
      expect.arrayContaining(['message/no-dkim-signature', 'message/no-connecting-ip']),
    );
    expect(r.spf).toBeNull();
    expect(r.verdict?.code).toBe('message/verdict-unknown-no-ip');
  });

  it('RFC 7208 §2.4: the null reverse-path checks the HELO identity', async () => {
    const zone: Zone = { 'mail.example.com': [{ TXT: 'v=spf1 ip4:192.0.2.5 -all' }] };
    const r = await analyze(unsigned('a@example.com', 'Return-Path: <>\r\n'), zone, {
      ip: '192.0.2.5',
      helo: 'mail.example.com',
    });
    expect(r.envelope.mailFrom).toBe('');
    expect(r.spf).toMatchObject({ result: 'pass', domain: 'mail.example.com', identity: 'helo' });
    expect(r.diagnostics.map((d) => d.code)).toContain('message/null-mail-from');
  });

  it('RFC 3464: a pasted Gmail bounce is recognised and explained, not analysed as a message', async () => {
    const text =
      '550-5.7.26 This mail has been blocked because the sender is unauthenticated.\n550 5.7.26 DKIM = did not pass SPF [chiqio.com] with ip: [183.3.225.42] = did not pass - gsmtp';
    const r = await analyze(text, {});
    expect(r.bounce).toEqual(explainBounce(text));
    expect(r.bounce?.[0]).toMatchObject({ status: '5.7.26', domain: 'chiqio.com' });
    expect(r.verdict?.code).toBe('message/verdict-bounce');
    expect(codes(r)).toEqual(['message/is-bounce']);
  });

  it('streams partial reports as DNS answers arrive; the last is the final report', async () => {
    const zone: Zone = {
      'test._domainkey.example.com': [{ TXT: KEY }],
      '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=reject' }],
    };
    const seen: MessageReport[] = [];
    const final = await analyzeMessage(SIGNED, {
      resolver: zoneResolver(zone, { delayMs: 5 }),
      now: NOW,
      onUpdate: (p) => seen.push(p),
    });
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen[0]).toMatchObject({ done: false, dkim: [] });
    expect(seen.slice(0, -1).every((p) => !p.done)).toBe(true);
    expect(seen.at(-1)).toEqual(final);
    // A listener that throws does not stop the analysis.
    const r = await analyzeMessage(SIGNED, {
      resolver: zoneResolver(zone),
      now: NOW,
      onUpdate: () => {
        throw new Error('listener');
      },
    });
    expect(r.done).toBe(true);
  });

  it('a message the caller has read already (o.input) is analysed from that reading, to the same report', async () => {
    const zone: Zone = {
      'test._domainkey.example.com': [{ TXT: KEY }],
      '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=reject' }],
    };
    const plain = await analyze(SIGNED, zone, { ip: '192.0.2.5' });
    const input = readMessage(SIGNED);
    expect(await analyze(SIGNED, zone, { ip: '192.0.2.5', input })).toEqual(plain);
    // The reading given is the one used: an empty one finds no signature.
    const none = await analyze(SIGNED, zone, { ip: '192.0.2.5', input: readMessage('') });
    expect(none.dkim).toEqual([]);
    expect(plain.dkim.length).toBeGreaterThan(0);
  });

  it('rejects only when the signal aborts', async () => {
    const c = new AbortController();
    c.abort();
    await expect(analyzeMessage(SIGNED, { resolver: zoneResolver({}), signal: c.signal })).rejects.toThrow();
  });

  it('every finding and verdict code is in the catalog', async () => {
    const zone: Zone = { '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=quarantine' }] };
    const r = await analyze(unsigned('a@example.com', 'Return-Path: <a@example.com>\r\n'), zone, {
      ip: '192.0.2.1',
    });
    for (const f of r.findings) expect(isCode(f.code), f.code).toBe(true);
    expect(isCode(r.verdict?.code ?? '')).toBe(true);
  });
});

describe('deriveEnvelope (RFC 5321 §4.4, RFC 8601, RFC 7208 §9.1)', () => {
  function sources(text: string) {
    const input = readMessage(text);
    const at = (name: string) =>
      input.headers.map((h, i) => ({ h, i })).filter((x) => x.h.lowerName === name);
    return {
      headers: input.headers,
      received: at('received').map((x) => parseReceived(x.h.value, x.i)),
      authResults: at('authentication-results').map((x) =>
        parseAuthenticationResults(x.h.value, { headerIndex: x.i }),
      ),
      receivedSpf: at('received-spf').map((x) => parseReceivedSpf(x.h.value, x.i)),
    };
  }
  const gmail = [
    'Received: by 2002:a05:6a10:1::1 with SMTP id x1; Tue, 1 Dec 2026 10:00:02 +0000',
    'Authentication-Results: mx.google.com; spf=pass (google.com: domain of b@esp.example designates 192.0.2.33 as permitted sender) smtp.mailfrom=b@esp.example',
    'Received-SPF: pass (google.com: domain of b@esp.example designates 192.0.2.33 as permitted sender) client-ip=192.0.2.33;',
    'Received: from out.esp.example (out.esp.example. [192.0.2.33]) by mx.google.com with ESMTPS id y2 for <u@gmail.com>; Tue, 1 Dec 2026 10:00:01 +0000',
    'Received: from [10.0.0.5] (client [203.0.113.77]) by out.esp.example with ESMTPSA id z3; Tue, 1 Dec 2026 10:00:00 +0000',
    'From: a@example.com',
    '',
    'x',
  ].join('\r\n');

  it('RFC 7208 §9.1: Received-SPF client-ip is used first; every candidate is listed with its source', () => {
    const { envelope } = deriveEnvelope(sources(gmail));
    expect(envelope).toMatchObject({ ip: '192.0.2.33', ipSource: 'received-spf', mailFrom: 'b@esp.example' });
    const kinds = envelope.candidates.map((c) => `${c.source}:${c.detail}:${c.ip}`);
    expect(kinds).toEqual([
      'received-spf:client-ip:192.0.2.33',
      'authentication-results:designates-comment:192.0.2.33',
      'received:by-authserv-id:192.0.2.33',
    ]);
  });

  it('RFC 5321 §4.4: without stamps, the Received field added by the stamping receiver (authserv-id = by)', () => {
    const noSpf = gmail
      .split('\r\n')
      .filter((l) => !l.startsWith('Received-SPF') && !l.startsWith('Authentication-Results'))
      .join('\r\n')
      .replace(
        'From: a@example.com',
        'Authentication-Results: mx.google.com; dkim=none\r\nFrom: a@example.com',
      );
    const { envelope } = deriveEnvelope(sources(noSpf));
    expect(envelope).toMatchObject({ ip: '192.0.2.33', ipSource: 'received', helo: 'out.esp.example' });
  });

  it('RFC 8601 (Microsoft form): "sender IP is" in the spf comment', () => {
    const ms =
      'Authentication-Results: spf=pass (sender IP is 40.107.22.50) smtp.mailfrom=example.com; dkim=none\r\nFrom: a@example.com\r\n\r\nx';
    const { envelope } = deriveEnvelope(sources(ms));
    expect(envelope).toMatchObject({
      ip: '40.107.22.50',
      ipSource: 'authentication-results',
      mailFrom: 'example.com',
    });
  });

  it('an IP option that is not an address is reported and the headers are used', () => {
    const { envelope, diagnostics } = deriveEnvelope(sources(gmail), { ip: 'mail.example.com' });
    expect(envelope.ipSource).toBe('received-spf');
    expect(diagnostics.map((d) => d.code)).toContain('message/ip-option-invalid');
  });

  it('candidates that disagree are reported', () => {
    const odd = gmail.replace('client-ip=192.0.2.33', 'client-ip=192.0.2.99');
    const { diagnostics } = deriveEnvelope(sources(odd));
    expect(diagnostics.find((d) => d.code === 'message/ip-candidates-disagree')?.params).toMatchObject({
      ip: '192.0.2.99',
      other: '192.0.2.33',
    });
  });
});
