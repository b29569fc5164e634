// The worked examples of RFC 9989 Appendix B, each a named case (mailauth names its DMARC tests the
// same way). Section titles and records follow draft-ietf-dmarc-dmarcbis (the last draft text that
// could be read here; docs/decisions.md says why). B.1 (identifier alignment) and B.3 (the receiver's
// SMTP-time evaluation) need a message and live with the message tests.

import { describe, expect, it } from 'vitest';
import {
  checkExternalDestination,
  discoverDmarcPolicy,
  hasErrors,
  parseDmarc,
  treeWalkTargets,
  zoneResolver,
  type Zone,
} from '../../src/lib/index.ts';

const valid = (text: string) => {
  const parsed = parseDmarc(text);
  expect(parsed.record).not.toBeNull();
  expect(hasErrors(parsed.diagnostics)).toBe(false);
  return parsed.record!;
};

describe('RFC 9989 Appendix B.2: Domain Owner examples', () => {
  it('B.2.1 entire domain, monitoring mode: p=none with one rua and no t tag (default n)', () => {
    // _dmarc IN TXT ( "v=DMARC1; p=none; " "rua=mailto:dmarc-feedback@example.com" )
    const r = valid('v=DMARC1; p=none; ' + 'rua=mailto:dmarc-feedback@example.com');
    expect(r.p).toBe('none');
    expect(r.rua?.map((u) => u.uri)).toEqual(['mailto:dmarc-feedback@example.com']);
    expect(r.t).toBeUndefined();
  });

  it('B.2.2 monitoring mode with per-message failure reports: ruf at the same domain', () => {
    const r = valid(
      'v=DMARC1; p=none; ' +
        'rua=mailto:dmarc-feedback@example.com; ' +
        'ruf=mailto:auth-reports@example.com',
    );
    expect(r.ruf?.map((u) => u.uri)).toEqual(['mailto:auth-reports@example.com']);
  });

  describe('B.2.3 failure reports directed to a third party', () => {
    const record =
      'v=DMARC1; p=none; ' +
      'rua=mailto:dmarc-feedback@example.com; ' +
      'ruf=mailto:auth-reports@thirdparty.example.net';
    it('the record itself is valid', () => {
      expect(valid(record).ruf?.map((u) => u.uri)).toEqual(['mailto:auth-reports@thirdparty.example.net']);
    });
    it('the third party authorizes with "v=DMARC1;" at example.com._report._dmarc.thirdparty.example.net', async () => {
      const zone: Zone = { 'example.com._report._dmarc.thirdparty.example.net': [{ TXT: 'v=DMARC1;' }] };
      const check = await checkExternalDestination(
        'example.com',
        'mailto:auth-reports@thirdparty.example.net',
        zoneResolver(zone),
      );
      expect([check.name, check.status]).toEqual([
        'example.com._report._dmarc.thirdparty.example.net',
        'authorized',
      ]);
    });
    it('without that record receivers must ignore the ruf URI (unauthorized)', async () => {
      const check = await checkExternalDestination(
        'example.com',
        'auth-reports@thirdparty.example.net',
        zoneResolver({}),
      );
      expect(check.status).toBe('unauthorized');
    });
  });

  it('B.2.4 overriding destination addresses: the third party record names its own rua and ruf', async () => {
    const zone: Zone = {
      'example.com._report._dmarc.thirdparty.example.net': [
        {
          TXT: [
            'v=DMARC1; ',
            'rua=mailto:aggregate-reports@thirdparty.example.net; ',
            'ruf=mailto:failure-reports@thirdparty.example.net',
          ],
        },
      ],
    };
    const check = await checkExternalDestination(
      'example.com',
      'auth-reports@thirdparty.example.net',
      zoneResolver(zone),
    );
    expect(check.status).toBe('authorized');
    expect(check.ruf?.map((u) => u.uri)).toEqual(['mailto:failure-reports@thirdparty.example.net']);
    expect(check.rua?.map((u) => u.uri)).toEqual(['mailto:aggregate-reports@thirdparty.example.net']);
  });

  describe('B.2.5 subdomain, testing, and multiple aggregate report URIs', () => {
    it('first p=quarantine with t=y and two rua URIs (strings joined without separator)', () => {
      const r = valid(
        'v=DMARC1; p=quarantine; ' +
          'rua=mailto:dmarc-feedback@example.com,' +
          'mailto:tld-test@thirdparty.example.net; ' +
          't=y',
      );
      expect([r.p, r.t]).toEqual(['quarantine', 'y']);
      expect(r.rua?.map((u) => u.uri)).toEqual([
        'mailto:dmarc-feedback@example.com',
        'mailto:tld-test@thirdparty.example.net',
      ]);
    });
    it('then p=reject without the testing flag', () => {
      const r = valid(
        'v=DMARC1; p=reject; ' +
          'rua=mailto:dmarc-feedback@example.com,' +
          'mailto:tld-test@thirdparty.example.net',
      );
      expect([r.p, r.t]).toEqual(['reject', undefined]);
    });
    it('the record at _dmarc.test.example.com applies to test.example.com itself, with p (§4.10.1)', async () => {
      const zone: Zone = {
        '_dmarc.test.example.com': [
          { TXT: 'v=DMARC1; p=quarantine; rua=mailto:dmarc-feedback@example.com; t=y' },
        ],
        '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com' }],
      };
      const d = await discoverDmarcPolicy('test.example.com', zoneResolver(zone));
      expect([d.status, d.policyDomain, d.source, d.policyTag]).toEqual([
        'found',
        'test.example.com',
        'author',
        'p',
      ]);
    });
  });
});

describe('RFC 9989 Appendix B.4: organizational and policy domain tree walk examples', () => {
  it('B.4.1 simple example: example.com has its own record, so it is the policy domain', async () => {
    const zone: Zone = {
      '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=reject' }],
      '_dmarc.signing.example.com': [{ TXT: 'v=DMARC1; p=none' }],
    };
    const d = await discoverDmarcPolicy('example.com', zoneResolver(zone));
    expect([d.status, d.policyDomain, d.source]).toEqual(['found', 'example.com', 'author']);
  });

  it('B.4.2 deep tree walk: eight queries at most, skipping the intermediate names', async () => {
    const author = 'a.b.c.d.e.f.g.h.i.j.k.example.com';
    expect(treeWalkTargets(author)).toEqual([
      'g.h.i.j.k.example.com',
      'h.i.j.k.example.com',
      'i.j.k.example.com',
      'j.k.example.com',
      'k.example.com',
      'example.com',
      'com',
    ]);
    const zone: Zone = {
      '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=quarantine' }],
      '_dmarc.signing.example.com': [{ TXT: 'v=DMARC1; p=none' }],
    };
    const d = await discoverDmarcPolicy(author, zoneResolver(zone));
    expect(d.queries.filter((q) => q.purpose === 'policy').map((q) => q.name)).toEqual([
      '_dmarc.a.b.c.d.e.f.g.h.i.j.k.example.com',
      '_dmarc.g.h.i.j.k.example.com',
      '_dmarc.h.i.j.k.example.com',
      '_dmarc.i.j.k.example.com',
      '_dmarc.j.k.example.com',
      '_dmarc.k.example.com',
      '_dmarc.example.com',
      '_dmarc.com',
    ]);
    expect([d.policyDomain, d.organizationalDomain, d.policyTag]).toEqual([
      'example.com',
      'example.com',
      'sp',
    ]);
  });

  describe('B.4.3 a PSD publishes a record with psd=y', () => {
    const zone: Zone = {
      '_dmarc.bank.example': [{ TXT: 'v=DMARC1; p=reject; psd=y' }],
      '_dmarc.giant.bank.example': [{ TXT: 'v=DMARC1; p=quarantine' }],
    };
    it('giant.bank.example: its own record is the policy', async () => {
      const d = await discoverDmarcPolicy('giant.bank.example', zoneResolver(zone));
      expect([d.policyDomain, d.source]).toEqual(['giant.bank.example', 'author']);
    });
    it('mail.giant.bank.example: the walk stops at psd=y; the organizational domain is one label below it', async () => {
      const d = await discoverDmarcPolicy('mail.giant.bank.example', zoneResolver(zone));
      expect([d.organizationalDomain, d.policyDomain]).toEqual(['giant.bank.example', 'giant.bank.example']);
    });
    it('mail.mega.bank.example: organizational domain mega.bank.example, so it does not align with giant.bank.example', async () => {
      const d = await discoverDmarcPolicy('mail.mega.bank.example', zoneResolver(zone));
      expect(d.organizationalDomain).toBe('mega.bank.example');
      expect([d.policyDomain, d.source]).toEqual(['bank.example', 'public-suffix']);
    });
  });
});
