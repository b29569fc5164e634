// Trace and stamp parsers: Received (RFC 5321 §4.4), Authentication-Results (RFC 8601 §2.2),
// Received-SPF (RFC 7208 §9.1), dates (RFC 5322 §3.3). One row per form seen in the wild.
import { describe, expect, it } from 'vitest';
import { parseAuthenticationResults, senderIpComment } from '../../src/lib/message/authentication-results.ts';
import { parseDateTime } from '../../src/lib/message/date-time.ts';
import { isPrivateIp, normaliseIp } from '../../src/lib/message/ip-literal.ts';
import { MAX_RECEIVED_CHARS, parseReceived, receivedHops } from '../../src/lib/message/received.ts';
import { parseReceivedSpf } from '../../src/lib/message/received-spf.ts';

describe('Received (RFC 5321 §4.4)', () => {
  const rows: Array<{ name: string; value: string; want: Record<string, unknown> }> = [
    {
      name: '§4.4 Postfix: from Domain (Domain [IPv4]) by … (Postfix) with ESMTPS id … for <…>',
      value:
        'from mail.example.com (mail.example.com [192.0.2.1]) (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)) (No client certificate requested) by mx.example.org (Postfix) with ESMTPS id 4ABC123 for <user@example.org>; Tue, 1 Dec 2026 10:00:00 +0000 (UTC)',
      want: {
        from: 'mail.example.com',
        fromReverse: 'mail.example.com',
        ip: '192.0.2.1',
        by: 'mx.example.org',
        with: 'ESMTPS',
        id: '4ABC123',
        for: 'user@example.org',
        time: Date.UTC(2026, 11, 1, 10, 0, 0),
      },
    },
    {
      name: '§4.1.3 Gmail inbound: reverse name with trailing dot, IPv4 literal, (Google Transport Security)',
      value:
        'from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by mx.google.com with SMTPS id a1sor123.2026.12.01.02.03.04 for <u@gmail.com> (Google Transport Security); Tue, 01 Dec 2026 02:03:04 -0800 (PST)',
      want: {
        from: 'mail-sor-f41.google.com',
        fromReverse: 'mail-sor-f41.google.com',
        ip: '209.85.220.41',
        by: 'mx.google.com',
        with: 'SMTPS',
        for: 'u@gmail.com',
        time: Date.UTC(2026, 11, 1, 10, 3, 4),
      },
    },
    {
      name: '§4.1.3 IPv6 literal "[IPv6:2001:db8::1]"',
      value:
        'from [IPv6:2001:db8::1] (helo) by mx.example.org with ESMTP id x; Tue, 1 Dec 2026 10:00:00 +0000',
      want: { ip: '2001:db8::1', by: 'mx.example.org' },
    },
    {
      name: '§4.1.3 IPv4-mapped IPv6 "[::ffff:192.0.2.7]" is the IPv4 address',
      value:
        'from client.example (client.example [::ffff:192.0.2.7]) by mx.example.org; Tue, 1 Dec 2026 10:00:00 +0000',
      want: { ip: '192.0.2.7' },
    },
    {
      name: '§4.4 Google internal hop: no from, bare IPv6 after by',
      value:
        'by 2002:a05:6a10:1234:b0:123:4567:abcd with SMTP id x12csp345; Tue, 1 Dec 2026 02:03:05 -0800 (PST)',
      want: { by: '2002:a05:6a10:1234:b0:123:4567:abcd', with: 'SMTP', id: 'x12csp345' },
    },
    {
      name: '§4.4 Microsoft: bare IPv6 in TCP-info, several words after with, via after id',
      value:
        'from SN1PR12MB0001.namprd12.prod.outlook.com (2603:10b6:803:50::12) by SN1PR12MB0002.namprd12.prod.outlook.com (2603:10b6:803:51::13) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7633.27 via Frontend Transport; Mon, 30 Nov 2026 08:01:02 +0000',
      want: {
        from: 'SN1PR12MB0001.namprd12.prod.outlook.com',
        ip: '2603:10b6:803:50::12',
        by: 'SN1PR12MB0002.namprd12.prod.outlook.com',
        with: 'Microsoft SMTP Server',
        id: '15.20.7633.27',
        via: 'Frontend Transport',
      },
    },
    {
      name: '§4.4 Exim: reverse name, then ([ip] helo=…)',
      value:
        'from host.example.net ([198.51.100.20] helo=mail.example.net) by mx.example.org with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384 (Exim 4.96) (envelope-from <a@example.net>) id 1abc-000; Tue, 1 Dec 2026 10:00:00 +0000',
      want: {
        from: 'mail.example.net',
        fromReverse: 'host.example.net',
        ip: '198.51.100.20',
        with: 'esmtps tls TLS_AES_256_GCM_SHA384',
      },
    },
    {
      name: '§4.4 QQ (Tencent): from localhost.localdomain ( [ip]) by bizesmtp.qq.com (ESMTP) with SMTP id',
      value:
        'from localhost.localdomain ( [113.87.12.34]) by bizesmtp.qq.com (ESMTP) with SMTP id 0 for <a@chiqio.com>; Tue, 01 Dec 2026 18:00:00 +0800 (CST)',
      want: {
        from: 'localhost.localdomain',
        ip: '113.87.12.34',
        by: 'bizesmtp.qq.com',
        time: Date.UTC(2026, 11, 1, 10, 0, 0),
      },
    },
    {
      name: '§4.4 163 (Coremail): from user-PC (unknown [ip]) by smtp7 (Coremail) with SMTP id',
      value:
        'from user-PC (unknown [36.112.3.4]) by smtp7 (Coremail) with SMTP id C8CowAD3_0abc; Tue, 01 Dec 2026 18:00:00 +0800 (CST)',
      want: { from: 'user-PC', ip: '36.112.3.4', by: 'smtp7', with: 'SMTP' },
    },
    {
      name: '§4.4 client that greeted with an address literal, seen from another address',
      value:
        'from [192.168.1.10] ([203.0.113.5]) by smtp.gmail.com with ESMTPSA id abc; Tue, 1 Dec 2026 10:00:00 +0000',
      want: { from: '[192.168.1.10]', ip: '203.0.113.5' },
    },
    {
      name: '§4.4 a port after the IPv4 address is dropped',
      value: 'from relay (relay [198.51.100.9]:52311) by mx.example.org; Tue, 1 Dec 2026 10:00:00 +0000',
      want: { ip: '198.51.100.9' },
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const got = parseReceived(row.value, 3);
      expect(got).toMatchObject({ headerIndex: 3, ...row.want });
    });
  }

  it('§4.4 a field without a date says so', () => {
    const got = parseReceived('from a by b');
    expect(got.diagnostics.map((d) => d.code)).toContain('message/received-no-date');
  });

  it(`§4.4 a 1 MB field is cut at ${MAX_RECEIVED_CHARS} characters and still read`, () => {
    const got = parseReceived(
      `from a.example (a.example [192.0.2.3]) by b.example ${'(x) '.repeat(250_000)}; Tue, 1 Dec 2026 10:00:00 +0000`,
    );
    expect(got.ip).toBe('192.0.2.3');
    expect(got.diagnostics.map((d) => d.code)).toContain('message/received-truncated');
  });

  it('§4.4 hops in travel order with delays; a hop dated before the last is reported', () => {
    const fields = [
      { value: 'from b by c; Tue, 1 Dec 2026 10:00:30 +0000', headerIndex: 0 },
      { value: 'from a by b; Tue, 1 Dec 2026 10:00:05 +0000', headerIndex: 2 },
      { value: 'from x by a; Tue, 1 Dec 2026 10:00:10 +0000', headerIndex: 5 },
    ];
    const { hops, diagnostics } = receivedHops(fields);
    expect(hops.map((h) => [h.from, h.by, h.delaySeconds])).toEqual([
      ['x', 'a', undefined],
      ['a', 'b', -5],
      ['b', 'c', 25],
    ]);
    expect(diagnostics.map((d) => d.code)).toEqual(['message/received-time-reversed']);
  });
});

describe('date-time (RFC 5322 §3.3, §4.3)', () => {
  const rows: Array<[string, string, number | undefined]> = [
    ['§3.3 with day name and zone', 'Tue, 1 Dec 2026 10:00:00 +0000', Date.UTC(2026, 11, 1, 10)],
    ['§3.3 without seconds', '1 Dec 2026 10:00 -0130', Date.UTC(2026, 11, 1, 11, 30)],
    ['§4.3 obsolete zone EST', '1 Dec 2026 10:00:00 EST', Date.UTC(2026, 11, 1, 15)],
    ['§4.3 two-digit year 26 is 2026', '1 Dec 26 10:00:00 +0000', Date.UTC(2026, 11, 1, 10)],
    ['§4.3 two-digit year 99 is 1999', '1 Dec 99 10:00:00 +0000', Date.UTC(1999, 11, 1, 10)],
    [
      '§3.3 comment after the zone is ignored',
      'Tue, 01 Dec 2026 02:03:04 -0800 (PST)',
      Date.UTC(2026, 11, 1, 10, 3, 4),
    ],
    ['§3.3 not a date', 'yesterday', undefined],
    ['§3.3 hour out of range', '1 Dec 2026 25:00:00 +0000', undefined],
  ];
  for (const [name, text, want] of rows) it(name, () => expect(parseDateTime(text)).toBe(want));
});

describe('IP literals (RFC 5321 §4.1.3)', () => {
  const rows: Array<[string, string, string | null]> = [
    ['§4.1.3 IPv4 literal in brackets', '[192.0.2.1]', '192.0.2.1'],
    ['§4.1.3 IPv6 literal with tag', 'IPv6:2001:DB8:0:0::1', '2001:db8::1'],
    ['RFC 7208 §5 IPv4-mapped', '::ffff:192.0.2.1', '192.0.2.1'],
    ['§4.1.3 a name is not an address', 'mail.example.com', null],
    ['§4.1.3 an octet over 255 is not an address', '192.0.2.256', null],
  ];
  for (const [name, text, want] of rows) it(name, () => expect(normaliseIp(text)).toBe(want));
  it('RFC 1918 / RFC 4193 / loopback are internal; documentation ranges count as public', () => {
    expect(['10.1.2.3', '192.168.0.1', '127.0.0.1', 'fd00::1', '100.64.0.1'].map(isPrivateIp)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['192.0.2.1', '2001:db8::1', '209.85.220.41'].map(isPrivateIp)).toEqual([false, false, false]);
  });
});

describe('Authentication-Results (RFC 8601 §2.2)', () => {
  it('§2.2 Gmail: authserv-id, dkim with header.i/header.s/header.b, spf with comment, dmarc with policy props', () => {
    const got = parseAuthenticationResults(
      'mx.google.com; dkim=pass header.i=@example.com header.s=s1 header.b=AbCd; spf=pass (google.com: domain of a@example.com designates 192.0.2.1 as permitted sender) smtp.mailfrom=a@example.com; dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.com',
    );
    expect(got.authservId).toBe('mx.google.com');
    expect(got.results.map((r) => [r.method, r.result])).toEqual([
      ['dkim', 'pass'],
      ['spf', 'pass'],
      ['dmarc', 'pass'],
    ]);
    expect(got.results[0].props).toEqual({
      'header.i': '@example.com',
      'header.s': 's1',
      'header.b': 'AbCd',
    });
    expect(got.results[1].comments[0]).toMatch(/designates 192\.0\.2\.1/);
    expect(got.results[2].props['header.from']).toBe('example.com');
    expect(got.diagnostics).toEqual([]);
  });

  it('§2.2 Microsoft: no authserv-id, "sender IP is", bare action= and compauth', () => {
    const got = parseAuthenticationResults(
      'spf=pass (sender IP is 40.107.22.50) smtp.mailfrom=example.com; dkim=pass (signature was verified) header.d=example.com;dmarc=pass action=none header.from=example.com;compauth=pass reason=100',
    );
    expect(got.authservId).toBe('');
    expect(got.results.map((r) => r.method)).toEqual(['spf', 'dkim', 'dmarc', 'compauth']);
    expect(senderIpComment(got.results[0])).toBe('40.107.22.50');
    expect(got.results[2].props.action).toBe('none');
    expect(got.results[3].reason).toBe('100');
    expect(got.diagnostics.map((d) => d.code)).toEqual(['message/auth-results-no-authserv-id']);
  });

  it('§2.2 version after authserv-id, method version, CFWS around "=" and ".", quoted value', () => {
    const got = parseAuthenticationResults(
      'example.org 1; auth/1 = pass smtp . auth = "sender@example.com"; spf=fail',
    );
    expect(got.version).toBe(1);
    expect(got.results[0]).toMatchObject({
      method: 'auth',
      version: 1,
      result: 'pass',
      props: { 'smtp.auth': 'sender@example.com' },
    });
    expect(got.results[1]).toMatchObject({ method: 'spf', result: 'fail' });
  });

  it('§2.2 no-result: "authserv-id; none"', () => {
    const got = parseAuthenticationResults('mx.example.org; none');
    expect(got.authservId).toBe('mx.example.org');
    expect(got.results).toEqual([]);
  });

  it('RFC 8617 §4.1.1 ARC-Authentication-Results: i= instance first', () => {
    const got = parseAuthenticationResults('i=1; mx.microsoft.com 1; spf=pass smtp.mailfrom=example.com', {
      arc: true,
    });
    expect(got.instance).toBe(1);
    expect(got.authservId).toBe('mx.microsoft.com');
    expect(got.results[0].props['smtp.mailfrom']).toBe('example.com');
  });
});

describe('Received-SPF (RFC 7208 §9.1)', () => {
  it('§9.1 Google: result, comment, client-ip', () => {
    const got = parseReceivedSpf(
      'pass (google.com: domain of a@example.com designates 209.85.220.41 as permitted sender) client-ip=209.85.220.41;',
    );
    expect(got).toMatchObject({
      result: 'pass',
      clientIp: '209.85.220.41',
      params: { 'client-ip': '209.85.220.41' },
    });
  });
  it('§9.1 Microsoft: capitalised result, receiver, helo', () => {
    const got = parseReceivedSpf(
      'Pass (protection.outlook.com: domain of example.com designates 40.107.1.2 as permitted sender) receiver=protection.outlook.com; client-ip=40.107.1.2; helo=mail.example.com; pr=C',
    );
    expect(got).toMatchObject({
      result: 'pass',
      clientIp: '40.107.1.2',
      params: { helo: 'mail.example.com', receiver: 'protection.outlook.com' },
    });
  });
  it('§9.1 envelope-from quoted; client IP from the comment when client-ip is absent', () => {
    const got = parseReceivedSpf(
      'softfail (example.org: transitioning domain of a@b.example does not designate 192.0.2.9 as permitted sender) envelope-from="a@b.example"',
    );
    expect(got.result).toBe('softfail');
    expect(got.params['envelope-from']).toBe('a@b.example');
    expect(got.clientIp).toBeUndefined();
    const google = parseReceivedSpf(
      'neutral (google.com: 192.0.2.9 is neither permitted nor denied; x designates 192.0.2.9 as x)',
    );
    expect(google.clientIp).toBe('192.0.2.9');
  });
  it('§9.1 an unknown first word is reported, the rest still read', () => {
    const got = parseReceivedSpf('maybe client-ip=192.0.2.1');
    expect(got.result).toBeNull();
    expect(got.clientIp).toBe('192.0.2.1');
    expect(got.diagnostics.map((d) => d.code)).toEqual(['message/received-spf-unknown-result']);
  });
  it('RFC 7208 Appendix C: the RFC 4408 names error/unknown are temperror/permerror', () => {
    expect(parseReceivedSpf('error').result).toBe('temperror');
    expect(parseReceivedSpf('unknown').result).toBe('permerror');
  });
});
