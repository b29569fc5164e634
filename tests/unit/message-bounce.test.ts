// explainBounce (RFC 5321 §4.2 replies, RFC 3463 statuses, RFC 3464 DSNs) over the receivers'
// texts of docs/bounces.md: one row per published reply, in the forms users paste them.
import { describe, expect, it } from 'vitest';
import { CODES, isCode } from '../../src/lib/index.ts';
import { BOUNCE_RULES } from '../../src/lib/message/bounce-codes.ts';
import { explainBounce } from '../../src/lib/message/bounce.ts';

interface Row {
  name: string;
  text: string;
  want: {
    reply?: number;
    status?: string;
    provider?: string;
    code: string;
    areas?: string[];
    notDnsRecords?: boolean;
    domain?: string;
    ip?: string;
  };
}

const gmailMultiLine = [
  '550-5.7.26 This mail has been blocked because the sender is unauthenticated.',
  '550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM.',
  '550-5.7.26',
  '550-5.7.26  Authentication results:',
  '550-5.7.26  DKIM = did not pass',
  '550-5.7.26  SPF [chiqio.com] with ip: [183.3.225.42] = did not pass',
  '550-5.7.26',
  '550-5.7.26  For instructions on setting up authentication, go to',
  '550 5.7.26  https://support.google.com/mail/answer/81126#authentication a1si123 - gsmtp',
].join('\n');

const rows: Row[] = [
  {
    name: 'RFC 5321 §4.2.1 multi-line 550-5.7.26 joined: unauthenticated (Gmail), domain and IP named',
    text: gmailMultiLine,
    want: {
      reply: 550,
      status: '5.7.26',
      provider: 'gmail',
      code: 'message/bounce-unauthenticated',
      areas: ['spf', 'dkim'],
      notDnsRecords: false,
      domain: 'chiqio.com',
      ip: '183.3.225.42',
    },
  },
  {
    name: 'RFC 3463 §3.8 550 5.7.26 DMARC policy (Gmail, mailman report)',
    text: [
      'SMTP error from remote mail server after end of data:',
      "550-5.7.26 Unauthenticated email from gmail.com is not accepted due to domain's",
      '550-5.7.26 DMARC policy. Please contact the administrator of gmail.com domain',
      '550-5.7.26 if this was a legitimate mail. Please visit',
      '550-5.7.26 https://support.google.com/mail/answer/2451690 to learn about the',
      '550 5.7.26 DMARC initiative.',
    ].join('\n'),
    want: { reply: 550, status: '5.7.26', code: 'message/bounce-dmarc-policy', domain: 'gmail.com' },
  },
  {
    name: 'RFC 7208 §2.6.2 550 5.7.26 hard fail (-all) names the MAIL FROM domain and IP',
    text: '550-5.7.26 The MAIL FROM domain [example.org] has an SPF record with a hard fail\n550-5.7.26 policy (-all) but it fails to pass SPF checks with the ip:\n550 5.7.26 [198.51.100.7]. To best protect our users from spam, the message has been blocked. - gsmtp',
    want: {
      status: '5.7.26',
      code: 'message/bounce-spf-hardfail',
      areas: ['spf'],
      domain: 'example.org',
      ip: '198.51.100.7',
    },
  },
  {
    name: 'RFC 3463 §3.8 451 4.7.26 temporary DNS failure is DNS reliability, not a missing record',
    text: "451-4.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy, but temporary DNS failures prevent authentication.\n451 4.7.26 Please contact the administrator of example.com domain - gsmtp",
    want: { reply: 451, status: '4.7.26', code: 'message/bounce-auth-dns-failure', domain: 'example.com' },
  },
  {
    name: 'RFC 3463 §3.8 421 4.7.26 rate limited, unauthenticated (one line)',
    text: '421 4.7.26 This email has been rate limited because it is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. Authentication results: DKIM = did not pass SPF example.net with ip: 203.0.113.9 = did not pass. - gsmtp',
    want: {
      reply: 421,
      code: 'message/bounce-unauthenticated-rate-limited',
      domain: 'example.net',
      ip: '203.0.113.9',
    },
  },
  {
    name: 'RFC 7208 §2.6 5.7.27 SPF required of bulk senders',
    text: "550-5.7.27 This message was blocked because it didn't pass SPF authentication.\n550 5.7.27 Authentication results: SPF with 192.0.2.10 = did not pass - gsmtp",
    want: { status: '5.7.27', code: 'message/bounce-spf-required', areas: ['spf'] },
  },
  {
    name: 'RFC 6376 §6.1 4.7.30 DKIM required of bulk senders',
    text: "421-4.7.30 Your email has been rate limited because DKIM authentication didn't pass for this message.\n421 4.7.30 Authentication results: DKIM = Did not pass. - gsmtp",
    want: { status: '4.7.30', code: 'message/bounce-dkim-required', areas: ['dkim'] },
  },
  {
    name: 'RFC 9989 §4.10.1 5.7.40 no DMARC record',
    text: "550 5.7.40 Your message was blocked because the sending domain doesn't have a DMARC record or the DMARC record doesn't specify a DMARC policy. - gsmtp",
    want: { status: '5.7.40', code: 'message/bounce-dmarc-missing', areas: ['dmarc'] },
  },
  {
    name: 'RFC 4954 504 5.7.40 "Unrecognized authentication type" is SMTP AUTH, not DMARC',
    text: '504 5.7.40 Unrecognized authentication type. - gsmtp',
    want: { status: '5.7.40', code: 'message/bounce-policy-other' },
  },
  {
    name: 'RFC 9989 §4.4 4.7.32 From not aligned',
    text: "421-4.7.32 Your email has been rate limited because the From: header (RFC5322) in this message isn't aligned with either the authenticated SPF or DKIM organizational domain. - gsmtp",
    want: { status: '4.7.32', code: 'message/bounce-not-aligned' },
  },
  {
    name: 'docs/bounces.md "Not about records": 4.7.28 rate is not fixed by records',
    text: '421-4.7.28 Gmail has detected an unusual rate of unsolicited email originating from your IP address 192.0.2.44. To protect our users from spam, email sent from your IP address has been temporarily rate limited. - gsmtp',
    want: {
      status: '4.7.28',
      code: 'message/bounce-rate-limited',
      areas: ['rate'],
      notDnsRecords: true,
      ip: '192.0.2.44',
    },
  },
  {
    name: 'docs/bounces.md "Not about records": 5.7.25 PTR is reverse DNS of the sending host',
    text: "550-5.7.25 This message was blocked because the sending IP address doesn't have a PTR record, or the forwarding DNS entry doesn't reference the sending IP address. - gsmtp",
    want: { status: '5.7.25', code: 'message/bounce-no-ptr', areas: ['ptr'], notDnsRecords: true },
  },
  {
    name: 'docs/bounces.md "Not about records": 4.7.23 PTR',
    text: "451-4.7.23 The sending IP address for this message doesn't have a PTR record - gsmtp",
    want: { status: '4.7.23', code: 'message/bounce-no-ptr', notDnsRecords: true },
  },
  {
    name: 'docs/bounces.md "Not about records": 5.7.29 TLS',
    text: "550-5.7.29 This message was blocked because it wasn't sent over a TLS connection. - gsmtp",
    want: { status: '5.7.29', code: 'message/bounce-no-tls', areas: ['tls'], notDnsRecords: true },
  },
  {
    name: 'RFC 3463 §3.8 550 5.7.1 IPv6 guidelines (PTR and authentication)',
    text: '550-5.7.1 This message does not meet IPv6 sending guidelines regarding PTR records\n550 5.7.1 and authentication. - gsmtp',
    want: { status: '5.7.1', code: 'message/bounce-ipv6-guidelines', areas: ['ptr', 'spf', 'dkim'] },
  },
  {
    name: 'RFC 3464 §2.3.6 DSN Diagnostic-Code folded, Postfix "said:", client IP in brackets (multiple From)',
    text: [
      '<heanzi@gmail.com>: host gmail-smtp-in.l.google.com[108.177.96.27] said:',
      '    550-5.7.1 [85.114.140.120 13] Messages with multiple addresses in',
      '    From: 550 5.7.1 header are not accepted. e29si70840edc.142 - gsmtp (in',
      '    reply to end of DATA command)',
      '',
      'Reporting-MTA: dns; mail.schneidermayer.com',
      'X-Postfix-Sender: rfc822; Alprec@schneidermayer.com',
      'Final-Recipient: rfc822; heanzi@gmail.com',
      'Action: failed',
      'Status: 5.7.1',
      'Remote-MTA: dns; gmail-smtp-in.l.google.com',
      'Diagnostic-Code: smtp; 550-5.7.1 [85.114.140.120 13] Messages with',
      '    multiple addresses in From: 550 5.7.1 header are not accepted.',
      '    e29si70840edc.142 - gsmtp',
    ].join('\n'),
    want: { status: '5.7.1', provider: 'gmail', code: 'message/bounce-from-header', ip: '85.114.140.120' },
  },
  {
    name: 'RFC 5321 §4.2 bounce quoted with "> " in a forwarded message',
    text: gmailMultiLine
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n'),
    want: { status: '5.7.26', code: 'message/bounce-unauthenticated', domain: 'chiqio.com' },
  },
  {
    name: 'RFC 3464 §2.3.4 only the Status field (human part translated): explained by status',
    text: '邮件无法投递。\nStatus: 5.7.26\nAction: failed',
    want: { status: '5.7.26', code: 'message/bounce-unauthenticated' },
  },
  {
    name: 'Microsoft 550 5.7.515 names the sending domain',
    text: "550 5.7.515 Access denied, sending domain chiqio.com does not meet the required authentication level. The sender's domain in the 5322.From address doesn't meet the authentication requirements defined for the sender.",
    want: {
      status: '5.7.515',
      provider: 'microsoft',
      code: 'message/bounce-microsoft-auth-level',
      domain: 'chiqio.com',
    },
  },
  {
    name: 'Yahoo 554 unresolvable RFC 5321 from domain',
    text: '554 Message not accepted: unresolvable RFC 5321 or RFC 5322 from domain',
    want: { reply: 554, provider: 'yahoo', code: 'message/bounce-unresolvable-domain' },
  },
  {
    name: 'RFC 3463 §3.2 5.1.1 unknown mailbox is not about authentication',
    text: '550-5.1.1 The email account that you tried to reach does not exist. - gsmtp',
    want: { status: '5.1.1', code: 'message/bounce-not-authentication', notDnsRecords: true },
  },
];

describe('explainBounce', () => {
  for (const row of rows) {
    it(row.name, () => {
      const got = explainBounce(row.text);
      expect(got.length).toBeGreaterThan(0);
      expect(got[0]).toMatchObject(row.want);
      // Every code it returns has a catalog entry (so the UI can say it in both languages).
      for (const e of got) expect(isCode(e.code)).toBe(true);
    });
  }

  it('RFC 5321 §4.2 the DSN human part and its Diagnostic-Code are one explanation, not two', () => {
    const text = `${gmailMultiLine}\n\nStatus: 5.7.26\nDiagnostic-Code: smtp; ${gmailMultiLine.replace(/\n/g, '\n ')}`;
    expect(explainBounce(text)).toHaveLength(1);
  });

  it('text without any SMTP reply gives nothing (a number in prose is not a reply)', () => {
    expect(explainBounce('Hello, the meeting moved to 550 Main Street at 4.7 pm.')).toEqual([]);
    expect(explainBounce('')).toEqual([]);
  });

  it('every rule has a catalog code, a source, and a non-empty status list', () => {
    for (const rule of BOUNCE_RULES) {
      expect(Object.hasOwn(CODES, rule.code), rule.id).toBe(true);
      expect(rule.source, rule.id).toMatch(/^https:\/\//);
      expect(rule.statuses.length, rule.id).toBeGreaterThan(0);
    }
  });
});
