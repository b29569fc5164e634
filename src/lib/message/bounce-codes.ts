// The SMTP rejections tied to authentication that the big receivers send, as data with their
// sources (docs/bounces.md). To add one: a row here, its catalog code in diagnostics/codes.ts,
// its texts in messages/message/{en,zh-CN}.json. Rows are tried in order; the first whose status
// (and text pattern, when it has one) matches wins, so text-specific rows come before generic ones.

import type { Code } from '../diagnostics/codes.ts';
import type { BounceArea } from './model.ts';

/** What fixes it (shown as "change this"); keep in sync with BounceExplanation.fix in model.ts. */
export type BounceFix =
  | 'spf'
  | 'spf-or-dkim'
  | 'dkim'
  | 'dmarc-record'
  | 'alignment'
  | 'authentication'
  | 'dns-reliability'
  | 'ptr'
  | 'tls'
  | 'reputation'
  | 'from-domain'
  | 'none';

export interface BounceRule {
  /** Stable name of the row (tests and the report refer to it). */
  id: string;
  provider: 'gmail' | 'microsoft' | 'yahoo';
  /** RFC 3463 enhanced status codes this row covers. */
  statuses: readonly string[];
  /** Text the reply must contain (matched on the joined reply). A row with a pattern and the
   *  status `''` also matches a reply that carries no enhanced status code. */
  pattern?: RegExp;
  code: Code;
  areas: readonly BounceArea[];
  fix: BounceFix;
  /** True when SPF, DKIM and DMARC records do not fix it (docs/bounces.md "Not about records"). */
  notDnsRecords: boolean;
  /** Where the text and its meaning come from. */
  source: string;
  /** docs/bounces.md marks it [unverified]: one secondary page only. */
  unverified?: boolean;
}

const GMAIL_CODES = 'https://support.google.com/a/answer/3726730';
const MICROSOFT =
  'https://techcommunity.microsoft.com/blog/microsoftdefenderforoffice365blog/strengthening-email-ecosystem-outlook%E2%80%99s-new-requirements-for-high%E2%80%90volume-senders/4399730';
const YAHOO = 'https://senders.yahooinc.com/smtp-error-codes/';
const YAHOO_2014 = 'https://help.yahoo.com/kb/SLN7253.html';

export const BOUNCE_RULES: readonly BounceRule[] = [
  // ── Gmail (support.google.com/a/answer/3726730, snapshot 2026-02-15) ──
  {
    id: 'gmail-4.7.26-dns',
    provider: 'gmail',
    statuses: ['4.7.26'],
    pattern: /temporary DNS failures?/i,
    code: 'message/bounce-auth-dns-failure',
    areas: ['spf', 'dkim', 'dmarc'],
    fix: 'dns-reliability',
    notDnsRecords: false,
    source: GMAIL_CODES,
  },
  {
    id: 'gmail-5.7.26-dmarc',
    provider: 'gmail',
    statuses: ['5.7.26', '4.7.26'],
    pattern: /DMARC policy/i,
    code: 'message/bounce-dmarc-policy',
    areas: ['dmarc', 'spf', 'dkim'],
    fix: 'alignment',
    notDnsRecords: false,
    source: GMAIL_CODES,
  },
  {
    id: 'gmail-5.7.26-spf-hardfail',
    provider: 'gmail',
    statuses: ['5.7.26'],
    pattern: /hard ?fail policy|\(-all\)/i,
    code: 'message/bounce-spf-hardfail',
    areas: ['spf'],
    fix: 'spf',
    notDnsRecords: false,
    source: GMAIL_CODES,
  },
  {
    id: 'gmail-4.7.26-unauthenticated',
    provider: 'gmail',
    statuses: ['4.7.26'],
    code: 'message/bounce-unauthenticated-rate-limited',
    areas: ['spf', 'dkim'],
    fix: 'spf-or-dkim',
    notDnsRecords: false,
    source: GMAIL_CODES,
  },
  {
    id: 'gmail-5.7.26-unauthenticated',
    provider: 'gmail',
    statuses: ['5.7.26'],
    code: 'message/bounce-unauthenticated',
    areas: ['spf', 'dkim'],
    fix: 'spf-or-dkim',
    notDnsRecords: false,
    source: GMAIL_CODES,
  },
  {
    id: 'gmail-x.7.27-spf',
    provider: 'gmail',
    statuses: ['4.7.27', '5.7.27'],
    code: 'message/bounce-spf-required',
    areas: ['spf'],
    fix: 'spf',
    notDnsRecords: false,
    source: GMAIL_CODES,
  },
  {
    id: 'gmail-x.7.30-dkim',
    provider: 'gmail',
    statuses: ['4.7.30', '5.7.30'],
    code: 'message/bounce-dkim-required',
    areas: ['dkim'],
    fix: 'dkim',
    notDnsRecords: false,
    source: GMAIL_CODES,
  },
  {
    id: 'gmail-x.7.40-no-dmarc',
    provider: 'gmail',
    // 4.7.31 is what the sender FAQ (answer 14229414) lists for the same case.
    statuses: ['4.7.40', '5.7.40', '4.7.31', '5.7.31'],
    // 504 5.7.40 is also "Unrecognized authentication type" (SMTP AUTH): not this.
    pattern: /DMARC/i,
    code: 'message/bounce-dmarc-missing',
    areas: ['dmarc'],
    fix: 'dmarc-record',
    notDnsRecords: false,
    source: GMAIL_CODES,
  },
  {
    id: 'gmail-x.7.32-alignment',
    provider: 'gmail',
    statuses: ['4.7.32', '5.7.32'],
    code: 'message/bounce-not-aligned',
    areas: ['dmarc', 'spf', 'dkim'],
    fix: 'alignment',
    notDnsRecords: false,
    source: GMAIL_CODES,
  },
  {
    id: 'gmail-x.7.24-spf-suspicious',
    provider: 'gmail',
    statuses: ['4.7.24', '5.7.24'],
    code: 'message/bounce-spf-suspicious',
    areas: ['spf'],
    fix: 'spf',
    notDnsRecords: false,
    source: GMAIL_CODES,
  },
  {
    id: 'gmail-x.7.28-rate',
    provider: 'gmail',
    statuses: ['4.7.28', '5.7.28'],
    code: 'message/bounce-rate-limited',
    areas: ['rate'],
    fix: 'reputation',
    notDnsRecords: true,
    source: GMAIL_CODES,
  },
  {
    id: 'gmail-ptr',
    provider: 'gmail',
    statuses: ['4.7.23', '5.7.25'],
    code: 'message/bounce-no-ptr',
    areas: ['ptr'],
    fix: 'ptr',
    notDnsRecords: true,
    source: GMAIL_CODES,
  },
  {
    id: 'gmail-4.7.0-ptr',
    provider: 'gmail',
    statuses: ['4.7.0', '4.7.1'],
    pattern: /PTR record/i,
    code: 'message/bounce-no-ptr',
    areas: ['ptr'],
    fix: 'ptr',
    notDnsRecords: true,
    source: GMAIL_CODES,
  },
  {
    id: 'gmail-x.7.29-tls',
    provider: 'gmail',
    statuses: ['4.7.29', '5.7.29'],
    code: 'message/bounce-no-tls',
    areas: ['tls'],
    fix: 'tls',
    notDnsRecords: true,
    source: GMAIL_CODES,
  },
  {
    id: 'gmail-5.7.1-ipv6',
    provider: 'gmail',
    statuses: ['5.7.1'],
    pattern: /IPv6 sending guidelines/i,
    code: 'message/bounce-ipv6-guidelines',
    areas: ['ptr', 'spf', 'dkim'],
    fix: 'authentication',
    notDnsRecords: false,
    source: GMAIL_CODES,
  },
  {
    id: 'gmail-5.7.1-multiple-from',
    provider: 'gmail',
    statuses: ['5.7.1'],
    pattern: /multiple addresses in (the )?From|multiple From/i,
    code: 'message/bounce-from-header',
    areas: ['other'],
    fix: 'from-domain',
    notDnsRecords: true,
    source: GMAIL_CODES,
  },
  {
    id: 'gmail-5.7.1-no-from',
    provider: 'gmail',
    statuses: ['5.7.1'],
    pattern: /missing a valid address in the From|From: header is missing|non-compliant domain name/i,
    code: 'message/bounce-from-header',
    areas: ['other'],
    fix: 'from-domain',
    notDnsRecords: true,
    source: GMAIL_CODES,
  },
  // ── Microsoft (Outlook.com, Hotmail, Live), from 5 May 2025 ──
  {
    id: 'microsoft-5.7.515',
    provider: 'microsoft',
    statuses: ['5.7.515'],
    code: 'message/bounce-microsoft-auth-level',
    areas: ['spf', 'dkim', 'dmarc'],
    fix: 'authentication',
    notDnsRecords: false,
    source: MICROSOFT,
  },
  // ── Yahoo / AOL ──
  {
    id: 'yahoo-unresolvable-domain',
    provider: 'yahoo',
    statuses: ['4.1.8', '5.1.8', '4.7.1', '5.7.1', '5.7.9', '4.7.9', ''],
    pattern: /unresolvable (RFC ?5321|RFC ?5322)|unresolvable .*from domain/i,
    code: 'message/bounce-unresolvable-domain',
    areas: ['other'],
    fix: 'from-domain',
    notDnsRecords: false,
    source: YAHOO,
  },
  {
    id: 'yahoo-authentication',
    provider: 'yahoo',
    statuses: ['4.7.1', '5.7.1', '5.7.9', '4.7.9', ''],
    pattern: /authentication (failure|fail|requirements)|not (properly )?authenticated/i,
    code: 'message/bounce-yahoo-authentication',
    areas: ['spf', 'dkim', 'dmarc'],
    fix: 'authentication',
    notDnsRecords: false,
    source: YAHOO,
  },
  {
    id: 'yahoo-5.7.9-policy',
    provider: 'yahoo',
    statuses: ['5.7.9'],
    pattern: /not accepted for policy reasons/i,
    code: 'message/bounce-yahoo-policy',
    areas: ['other'],
    fix: 'none',
    notDnsRecords: true,
    source: YAHOO_2014,
    unverified: true,
  },
];

/** Gmail ends every reply with "gsmtp" (answer 3726730); used to name the provider of a generic status. */
export const GMAIL_TRAILER = /\bgsmtp\b/i;
/** Microsoft's replies name its protection service or carry its `[Name=…]` trailer. */
export const MICROSOFT_TRAILER = /outlook\.com|protection\.outlook|hotmail|\[Hostname=|Access denied/i;
export const YAHOO_TRAILER = /yahoo|aol\.com|yahoodns/i;
