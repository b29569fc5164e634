// One DNS-answer vocabulary (src/lib/dns/answer.ts): the same table of outcomes read by every record
// kind — data, void (NXDOMAIN and NODATA, RFC 7208 §4.6.4; RFC 2308 §1) and error (temporary,
// RFC 7208 §2.6.6 / §4.4), and TXT strings joined without separator (RFC 7208 §3.3, RFC 6376 §3.6.2.2).

import { describe, expect, it } from 'vitest';
import {
  classifyAnswer,
  isTemporaryFailure,
  resolveSafely,
  txtRecords,
  typedAnswer,
} from '../../src/lib/dns/answer.ts';
import type { DnsResponse, DnsStatus } from '../../src/lib/dns/model.ts';

const response = (status: DnsStatus, answers: DnsResponse['answers'] = []): DnsResponse => ({
  status,
  answers,
  authenticated: false,
  resolver: 'test',
});
const spf = {
  name: 'example.com',
  type: 'TXT' as const,
  ttl: 300,
  data: ['v=spf1 ', 'include:_spf.example.net -all'],
};
const cname = { name: '_dmarc.example.com', type: 'CNAME' as const, ttl: 60, data: 'dmarc.example.net' };

describe('classifyAnswer', () => {
  const rows: Array<{ name: string; r: DnsResponse; want: 'data' | 'void' | 'error'; temporary: boolean }> = [
    {
      name: 'NOERROR with a TXT record: data',
      r: response('NOERROR', [spf]),
      want: 'data',
      temporary: false,
    },
    {
      name: 'NOERROR with only a CNAME (NODATA at the target): void (RFC 2308 §2.2)',
      r: response('NOERROR', [cname]),
      want: 'void',
      temporary: false,
    },
    {
      name: 'NOERROR, empty answer (NODATA): void (RFC 7208 §4.6.4)',
      r: response('NOERROR'),
      want: 'void',
      temporary: false,
    },
    { name: 'NXDOMAIN: void (RFC 7208 §4.6.4)', r: response('NXDOMAIN'), want: 'void', temporary: false },
    {
      name: 'SERVFAIL: error, temporary (RFC 7208 §4.4)',
      r: response('SERVFAIL'),
      want: 'error',
      temporary: true,
    },
    { name: 'REFUSED: error, temporary', r: response('REFUSED'), want: 'error', temporary: true },
    {
      name: 'TIMEOUT: error, temporary (RFC 7208 §2.6.6)',
      r: response('TIMEOUT'),
      want: 'error',
      temporary: true,
    },
    {
      name: 'ERROR (HTTP or network failure): error, temporary',
      r: response('ERROR'),
      want: 'error',
      temporary: true,
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      expect(classifyAnswer(row.r, 'TXT')).toBe(row.want);
      expect(isTemporaryFailure(row.r.status)).toBe(row.temporary);
      const typed = typedAnswer(row.r, 'TXT');
      expect(typed.kind).toBe(row.want);
      if (typed.kind === 'data') expect(typed.records).toEqual([spf]);
      else expect(typed.status).toBe(row.r.status);
    });
  }
  it('a record of another type does not count as data for the type asked', () => {
    const mx = {
      name: 'example.com',
      type: 'MX' as const,
      ttl: 60,
      data: { preference: 10, exchange: 'mx.example.com' },
    };
    expect(classifyAnswer(response('NOERROR', [mx]), 'TXT')).toBe('void');
    expect(classifyAnswer(response('NOERROR', [mx]), 'MX')).toBe('data');
  });
});

describe('txtRecords (RFC 7208 §3.3: strings joined without separator)', () => {
  it("joins one record's strings with nothing between them, even inside a term", () => {
    // The term `include:_spf.example.net` is split across the two strings: a space would break it.
    const split = { ...spf, data: ['v=spf1 incl', 'ude:_spf.example.net -all'] };
    expect(txtRecords(response('NOERROR', [split]))).toEqual([
      {
        strings: ['v=spf1 incl', 'ude:_spf.example.net -all'],
        text: 'v=spf1 include:_spf.example.net -all',
        ttl: 300,
      },
    ]);
  });
  it('never joins two records, and skips the CNAMEs followed', () => {
    const other = {
      name: 'example.com',
      type: 'TXT' as const,
      ttl: 300,
      data: ['google-site-verification=x'],
    };
    const out = txtRecords(response('NOERROR', [cname, spf, other]));
    expect(out.map((r) => r.text)).toEqual([
      'v=spf1 include:_spf.example.net -all',
      'google-site-verification=x',
    ]);
  });
  it('a failed answer has no TXT records', () => {
    expect(txtRecords(response('SERVFAIL'))).toEqual([]);
  });
});

describe('resolveSafely (a Resolver never rejects for DNS outcomes)', () => {
  it('turns a rejecting resolver into an ERROR response with the catalog problem', async () => {
    const r = await resolveSafely({ resolve: () => Promise.reject(new Error('boom')) }, 'example.com', 'TXT');
    expect(r.status).toBe('ERROR');
    expect(r.problem?.code).toBe('dns/bad-response');
  });
  it('stops waiting when the signal aborts, even if the resolver ignores it', async () => {
    const controller = new AbortController();
    const pending = resolveSafely(
      { resolve: () => new Promise<DnsResponse>(() => {}) },
      'example.com',
      'TXT',
      controller.signal,
    );
    controller.abort();
    expect((await pending).status).toBe('ERROR');
  });
  it('passes an answer through unchanged', async () => {
    const answer = response('NOERROR', [spf]);
    expect(await resolveSafely({ resolve: async () => answer }, 'example.com', 'TXT')).toBe(answer);
  });
});
