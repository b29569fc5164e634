// Explaining a bounce: the SMTP replies in a pasted rejection, a DSN (RFC 3464) or a forwarded copy
// of either, matched against the receivers' published codes (bounce-codes.ts, docs/bounces.md).
// Reply lines per RFC 5321 §4.2 (multi-line replies: "550-…" lines, then "550 …"), enhanced status
// codes per RFC 3463 §2. Never throws.

import { parseAddress } from '../spf/ip.ts';
import {
  BOUNCE_RULES,
  GMAIL_TRAILER,
  MICROSOFT_TRAILER,
  YAHOO_TRAILER,
  type BounceRule,
} from './bounce-codes.ts';
import type { BounceExplanation } from './model.ts';

/** Text read; the rest is ignored. A bounce with the original message quoted is a few hundred KB
 *  at most; the replies sit near its top. */
export const MAX_BOUNCE_CHARS = 512 * 1024;
/** Replies explained. A DSN has one per failed recipient; more than this is a digest or noise. */
export const MAX_BOUNCE_REPLIES = 50;

/** RFC 5321 §4.2: Reply-code = %x32-35 %x30-35 %x30-39; RFC 3463 §2: class.subject.detail. */
const REPLY_PREFIX = /(^|[\s:;(])([245][0-5]\d)([ -])(?:([245]\.\d{1,3}\.\d{1,3})(?=[\s,.;:)]|$))?/g;
const STATUS_ONLY = /^([245]\.\d{1,3}\.\d{1,3})\b/;
const DSN_FIELD = /^(status|diagnostic-code|remote-mta|final-recipient|x-postfix-sender|action)\s*:\s*(.*)$/i;

interface Reply {
  reply?: number;
  status?: string;
  text: string;
  /** The DSN Remote-MTA / Final-Recipient near it, for the provider. */
  context: string;
}

/** Drops the `>` quote prefixes of a forwarded bounce and unfolds indented continuation lines. */
function lines(text: string): string[] {
  const raw = text.slice(0, MAX_BOUNCE_CHARS).split(/\r\n|\r|\n/);
  const out: string[] = [];
  for (const line of raw) {
    const unquoted = line.replace(/^(\s*>)+ ?/, '');
    // RFC 5322 §2.2.3 folding (DSN fields) and mail clients' wrapping of long reply lines: a line
    // that starts with white space continues the one before, unless it starts a reply of its own.
    if (out.length > 0 && /^[ \t]+\S/.test(unquoted) && !/^\s*[245]\d\d[ -]/.test(unquoted)) {
      out[out.length - 1] += ' ' + unquoted.trim();
    } else out.push(unquoted.trim());
  }
  return out;
}

interface Segment {
  reply: number;
  status?: string;
  last: boolean;
  text: string;
}

/** The reply prefixes on one line ("host said: 550-5.7.1 … 550 5.7.1 …" puts several on one). */
function segments(line: string): { before: string; segments: Segment[] } {
  const found: Array<{ at: number; end: number; reply: number; status?: string; last: boolean }> = [];
  REPLY_PREFIX.lastIndex = 0;
  for (let m = REPLY_PREFIX.exec(line); m !== null; m = REPLY_PREFIX.exec(line)) {
    const at = m.index + m[1].length;
    // A bare three-digit number inside prose ("in 250 ms") is not a reply; without an enhanced
    // status code a reply is only recognised at the start of the line.
    if (!m[4] && at !== 0) continue;
    found.push({ at, end: m.index + m[0].length, reply: Number(m[2]), last: m[3] === ' ', status: m[4] });
  }
  const out: Segment[] = [];
  for (let i = 0; i < found.length; i++) {
    const f = found[i];
    const stop = i + 1 < found.length ? found[i + 1].at : line.length;
    const seg: Segment = { reply: f.reply, last: f.last, text: line.slice(f.end, stop).trim() };
    if (f.status) seg.status = f.status;
    out.push(seg);
  }
  return { before: found.length > 0 ? line.slice(0, found[0].at) : line, segments: out };
}

function readReplies(text: string): { replies: Reply[]; dsnStatuses: string[] } {
  const replies: Reply[] = [];
  const dsnStatuses: string[] = [];
  let open: Reply | null = null;
  let context = '';
  for (const line of lines(text)) {
    const field = DSN_FIELD.exec(line);
    if (field) {
      const name = field[1].toLowerCase();
      if (name === 'status') {
        const s = STATUS_ONLY.exec(field[2]);
        if (s) dsnStatuses.push(s[1]);
        continue;
      }
      if (name !== 'diagnostic-code') {
        context += ' ' + field[2];
        continue;
      }
    }
    const { before, segments: segs } = segments(field ? field[2].replace(/^[a-z-]+\s*;\s*/i, '') : line);
    // "host gmail-smtp-in.l.google.com[…] said: 550-5.7.26 …": the host names the receiver.
    if (segs.length > 0 && before !== '') context += ' ' + before;
    if (segs.length === 0) {
      open = null;
      continue;
    }
    for (const seg of segs) {
      const continues =
        open !== null && open.reply === seg.reply && (seg.status === undefined || seg.status === open.status);
      if (!continues) {
        open = { reply: seg.reply, text: '', context };
        if (seg.status) open.status = seg.status;
        if (replies.length < MAX_BOUNCE_REPLIES) replies.push(open);
      }
      const current = open as Reply;
      if (!current.status) {
        const s = STATUS_ONLY.exec(seg.text);
        if (s) current.status = s[1];
      }
      current.text = current.text === '' ? seg.text : `${current.text} ${seg.text}`;
      if (seg.last) open = null;
    }
  }
  return { replies, dsnStatuses };
}

function providerOf(text: string): string | undefined {
  if (GMAIL_TRAILER.test(text) || /google\.com|gmail/i.test(text)) return 'gmail';
  if (MICROSOFT_TRAILER.test(text)) return 'microsoft';
  if (YAHOO_TRAILER.test(text)) return 'yahoo';
  return undefined;
}

function ruleFor(
  status: string | undefined,
  text: string,
  provider: string | undefined,
): BounceRule | undefined {
  return BOUNCE_RULES.find((r) => {
    const statusMatches = status === undefined ? r.statuses.includes('') : r.statuses.includes(status);
    if (!statusMatches) return false;
    if (r.pattern && !r.pattern.test(text)) return false;
    // A generic status (5.7.1) or no status names a provider's text only when its pattern matched;
    // a provider-specific status (5.7.26) is Gmail's wherever it came from.
    if (!r.pattern && provider && provider !== r.provider && r.provider !== 'gmail') return false;
    return true;
  });
}

// Gmail: "SPF [example.com] with ip: [192.0.2.1]", "(E)MAIL FROM domain [example.com]",
// "Unauthenticated email from example.com is not accepted", "your DKIM domain example.com";
// Microsoft: "sending domain example.com does not meet".
const DOMAIN_PATTERNS = [
  /\bSPF \[?([a-z0-9.-]+\.[a-z]{2,63})\s*\]? with ip/i,
  /MAIL FROM domain \[?([a-z0-9.-]+\.[a-z]{2,63})\s*\]?/i,
  /Unauthenticated email from \[?([a-z0-9.-]+\.[a-z]{2,63})\]? is not accepted/i,
  /\b(?:DKIM|SPF) domain \[?([a-z0-9.-]+\.[a-z]{2,63})\]?/i,
  /sending domain \[?([a-z0-9.-]+\.[a-z]{2,63})\]? does not/i,
  /unresolvable .*?from domain:? \[?([a-z0-9.-]+\.[a-z]{2,63})\]?/i,
];
const IP = '([0-9a-f][0-9a-f.:]*[0-9a-f])';
const IP_PATTERNS = [
  new RegExp(`with (?:the )?ip:? \\[?${IP}\\s*\\]?`, 'i'),
  new RegExp(`from your IP (?:address|Netblock) \\[?${IP}`, 'i'),
  // Gmail starts many replies with "[<client ip> <n>]".
  new RegExp(`^\\[${IP} \\d+\\]`, 'i'),
  new RegExp(`sending IP (?:address )?\\[?${IP}`, 'i'),
];

function firstMatch(patterns: RegExp[], text: string, ok: (s: string) => boolean): string | undefined {
  for (const p of patterns) {
    const m = p.exec(text);
    if (m && ok(m[1])) return m[1].replace(/\.$/, '');
  }
  return undefined;
}

function isDomainLike(s: string): boolean {
  return /[a-z]/i.test(s) && !/^(example\.)?domain-name$/i.test(s) && !s.includes('..');
}

function senderDomainOf(context: string): string | undefined {
  const m = /rfc822;\s*[^\s@]*@([a-z0-9.-]+\.[a-z]{2,63})/i.exec(context);
  return m ? m[1].toLowerCase() : undefined;
}

function explain(reply: Reply): BounceExplanation {
  const text = reply.text;
  const provider = providerOf(`${text} ${reply.context}`);
  const rule = ruleFor(reply.status, text, provider);
  const out: BounceExplanation = rule
    ? {
        code: rule.code,
        areas: [...rule.areas],
        fix: rule.fix,
        notDnsRecords: rule.notDnsRecords,
        provider: rule.pattern || !provider ? rule.provider : provider,
        text,
        rule: rule.id,
        source: rule.source,
      }
    : otherReply(reply.status, provider, text);
  if (reply.reply !== undefined) {
    out.reply = reply.reply;
    out.permanent = reply.reply >= 500;
  } else if (reply.status) out.permanent = reply.status.startsWith('5');
  if (reply.status) out.status = reply.status;
  const domain = firstMatch(DOMAIN_PATTERNS, text, isDomainLike) ?? senderDomainOf(reply.context);
  if (domain) out.domain = domain.toLowerCase();
  const ip = firstMatch(IP_PATTERNS, text, (s) => parseAddress(s) !== null);
  if (ip) out.ip = ip;
  return out;
}

/** A reply no row knows: a policy reply (X.7.Y) or something that is not about authentication. */
function otherReply(
  status: string | undefined,
  provider: string | undefined,
  text: string,
): BounceExplanation {
  const policy = status !== undefined && /^[45]\.7\./.test(status);
  const out: BounceExplanation = {
    code: policy ? 'message/bounce-policy-other' : 'message/bounce-not-authentication',
    areas: ['other'],
    fix: 'none',
    notDnsRecords: !policy,
    text,
  };
  if (provider) out.provider = provider;
  return out;
}

/**
 * The SMTP replies in a bounce, each explained: which receiver, which record or setting fixes it,
 * whether it is about DNS records at all, and the sending domain / IP when the reply names them.
 * Empty when the text holds no SMTP reply or DSN status. Never throws.
 */
export function explainBounce(text: string): BounceExplanation[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const { replies, dsnStatuses } = readReplies(text);
  // A DSN whose Diagnostic-Code lacks an enhanced code still has the Status field (RFC 3464 §2.3.4).
  for (const r of replies) {
    if (
      !r.status &&
      dsnStatuses.length > 0 &&
      r.reply !== undefined &&
      String(r.reply)[0] === dsnStatuses[0][0]
    )
      r.status = dsnStatuses[0];
  }
  // Only a Status field (the human part of a DSN pasted without the reply): explain the status.
  if (replies.length === 0)
    for (const status of new Set(dsnStatuses)) replies.push({ status, text: '', context: '' });
  const out: BounceExplanation[] = [];
  const seen = new Set<string>();
  for (const reply of replies) {
    const e = explain(reply);
    // The same reply quoted twice (the human part and the Diagnostic-Code) is one explanation.
    const key = `${e.reply ?? ''}|${e.status ?? ''}|${e.rule ?? e.code}|${e.domain ?? ''}|${e.ip ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

/** True when the text looks like a bounce rather than a message (a reply or DSN status in it). */
export function looksLikeBounce(text: string): boolean {
  return explainBounce(text).some(
    (e) => e.code !== 'message/bounce-not-authentication' || e.status !== undefined,
  );
}
