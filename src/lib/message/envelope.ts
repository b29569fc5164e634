// The SMTP envelope of a received message, which the message itself does not carry: the connecting
// IP, the HELO name and the MAIL FROM address, given by the user or read back from what the final
// receiver wrote (Received-SPF, Authentication-Results, its own Received field, Return-Path).
// Every IP candidate is listed with where it came from, so the page can show why one was used.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/model.ts';
import { senderIpComment } from './authentication-results.ts';
import type { HeaderField } from './intake.ts';
import { isPrivateIp, normaliseIp } from './ip-literal.ts';
import type { AuthenticationResults, Envelope, IpCandidate, ReceivedField, ReceivedSpf } from './model.ts';

export interface EnvelopeOptions {
  ip?: string;
  helo?: string;
  mailFrom?: string;
}

export interface EnvelopeSources {
  headers: readonly HeaderField[];
  received: readonly ReceivedField[];
  authResults: readonly AuthenticationResults[];
  receivedSpf: readonly ReceivedSpf[];
}

/** Does the host name `by` belong to the receiver `authservId` (same name, or one inside the other)? */
function sameHost(by: string | undefined, authservId: string): boolean {
  if (!by || authservId === '') return false;
  const a = by.toLowerCase().replace(/\.$/, '');
  const b = authservId.toLowerCase();
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

/** Candidates from the receiver stamps, top of the message first. */
function stampCandidates(src: EnvelopeSources): IpCandidate[] {
  const out: IpCandidate[] = [];
  for (const spf of src.receivedSpf) {
    if (!spf.clientIp) continue;
    const c: IpCandidate = {
      ip: spf.clientIp,
      source: 'received-spf',
      headerIndex: spf.headerIndex,
      detail: spf.params['client-ip'] ? 'client-ip' : 'designates-comment',
    };
    if (spf.params.receiver) c.authservId = spf.params.receiver.toLowerCase();
    out.push(c);
  }
  for (const ar of src.authResults) {
    for (const r of ar.results) {
      const found: Array<[string | undefined, string]> = [
        [r.props['smtp.remote-ip'], 'smtp.remote-ip'],
        [senderIpComment(r), 'sender-ip-comment'],
        [
          r.method === 'spf' ? /designates ([0-9A-Fa-f.:]+) as/i.exec(r.comments.join(' '))?.[1] : undefined,
          'designates-comment',
        ],
      ];
      for (const [text, detail] of found) {
        const ip = text ? normaliseIp(text) : null;
        if (!ip) continue;
        const c: IpCandidate = { ip, source: 'authentication-results', headerIndex: ar.headerIndex, detail };
        if (ar.authservId) c.authservId = ar.authservId;
        if (!out.some((o) => o.ip === ip && o.headerIndex === ar.headerIndex)) out.push(c);
      }
    }
  }
  return out;
}

/** Candidates from Received fields: the one the stamping receiver added, and the topmost public one. */
function receivedCandidates(src: EnvelopeSources, receiverId: string | undefined): IpCandidate[] {
  const out: IpCandidate[] = [];
  if (receiverId) {
    const own = src.received.find((r) => r.ip && !isPrivateIp(r.ip) && sameHost(r.by, receiverId));
    if (own?.ip)
      out.push({
        ip: own.ip,
        source: 'received',
        headerIndex: own.headerIndex,
        detail: 'by-authserv-id',
        authservId: receiverId,
      });
  }
  const top = src.received.find((r) => r.ip && !isPrivateIp(r.ip));
  if (top?.ip && !out.some((c) => c.headerIndex === top.headerIndex))
    out.push({ ip: top.ip, source: 'received', headerIndex: top.headerIndex, detail: 'topmost-public' });
  return out;
}

/** `<a@b.example>` → `a@b.example`; `<>` → '' (the null reverse-path, RFC 5321 §4.5.5). */
export function readPath(value: string): string {
  const m = /<([^>]*)>/.exec(value);
  const inner = (m ? m[1] : value).trim();
  // RFC 5321 §4.1.2: a source route ("@a,@b:user@c") is ignored.
  return inner.replace(/^@[^:]*:/, '');
}

/**
 * Works out the envelope. Options win; then the final receiver's own stamps (the topmost ones),
 * then the Received field it added, then the topmost Received field with a public address.
 */
export function deriveEnvelope(
  src: EnvelopeSources,
  o: EnvelopeOptions = {},
): { envelope: Envelope; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const envelope: Envelope = { candidates: [] };
  const receiverId = src.authResults.find((a) => a.authservId !== '')?.authservId;

  if (o.ip !== undefined && o.ip.trim() !== '') {
    const ip = normaliseIp(o.ip);
    if (ip) envelope.candidates.push({ ip, source: 'option' });
    else diagnostics.push(diagnostic('message/ip-option-invalid', { params: { ip: o.ip.slice(0, 100) } }));
  }
  envelope.candidates.push(...stampCandidates(src), ...receivedCandidates(src, receiverId));
  // Priority: the option; a Received-SPF client-ip; an A-R address; the receiver's own Received
  // field; the topmost public Received address. Within a kind, the topmost field (the final hop).
  const rank = (c: IpCandidate) =>
    c.source === 'option'
      ? 0
      : c.source === 'received-spf'
        ? 1
        : c.source === 'authentication-results'
          ? 2
          : c.detail === 'by-authserv-id'
            ? 3
            : 4;
  const chosen = [...envelope.candidates].sort((a, b) => rank(a) - rank(b))[0];
  if (chosen) {
    envelope.ip = chosen.ip;
    envelope.ipSource = chosen.source;
    const other = envelope.candidates.find(
      (c) => c.ip !== chosen.ip && c.detail !== 'topmost-public' && c.source !== 'option',
    );
    if (other && chosen.source !== 'option')
      diagnostics.push(
        diagnostic('message/ip-candidates-disagree', {
          params: { ip: chosen.ip, other: other.ip, otherSource: other.source },
        }),
      );
  } else diagnostics.push(diagnostic('message/no-connecting-ip'));

  // MAIL FROM: the option, Return-Path (RFC 5321 §4.4: the final delivery adds it from MAIL FROM),
  // the receiver's smtp.mailfrom, Received-SPF envelope-from.
  const returnPath = src.headers.find((h) => h.lowerName === 'return-path');
  const arMailFrom = src.authResults.flatMap((a) => a.results).find((r) => r.props['smtp.mailfrom'])?.props[
    'smtp.mailfrom'
  ];
  const spfEnvelope = src.receivedSpf.find((r) => r.params['envelope-from'])?.params['envelope-from'];
  if (o.mailFrom !== undefined) {
    envelope.mailFrom = readPath(o.mailFrom);
    envelope.mailFromSource = 'option';
  } else if (returnPath) {
    envelope.mailFrom = readPath(returnPath.value);
    envelope.mailFromSource = 'return-path';
  } else if (arMailFrom) {
    envelope.mailFrom = readPath(arMailFrom);
    envelope.mailFromSource = 'authentication-results';
  } else if (spfEnvelope) {
    envelope.mailFrom = readPath(spfEnvelope);
    envelope.mailFromSource = 'received-spf';
  } else diagnostics.push(diagnostic('message/no-mail-from'));

  // HELO: the option, Received-SPF helo=, A-R smtp.helo, the `from` of the Received field the IP came from.
  const spfHelo = src.receivedSpf.find((r) => r.params.helo)?.params.helo;
  const arHelo = src.authResults.flatMap((a) => a.results).find((r) => r.props['smtp.helo'])?.props[
    'smtp.helo'
  ];
  const hopHelo = src.received.find((r) => r.ip !== undefined && r.ip === envelope.ip && r.from)?.from;
  if (o.helo !== undefined && o.helo.trim() !== '') {
    envelope.helo = o.helo.trim();
    envelope.heloSource = 'option';
  } else if (spfHelo) {
    envelope.helo = spfHelo;
    envelope.heloSource = 'received-spf';
  } else if (arHelo) {
    envelope.helo = arHelo;
    envelope.heloSource = 'authentication-results';
  } else if (hopHelo) {
    envelope.helo = hopHelo;
    envelope.heloSource = 'received';
  }
  if (envelope.mailFrom === '')
    diagnostics.push(diagnostic('message/null-mail-from', { params: { helo: envelope.helo ?? '' } }));
  return { envelope, diagnostics };
}
