// "What to do" for one received message: findings in the shared catalog from what SPF, DKIM, DMARC
// and ARC gave, and the verdict — would Gmail have delivered it, put it in spam, or refused it
// (Gmail's sender guidelines and SMTP codes, docs/bounces.md).

import { CODES, type Code } from '../diagnostics/codes.ts';
import type { Diagnostic, Severity } from '../diagnostics/model.ts';
import type { FromIdentity } from './dmarc.ts';
import { domainOf } from './spf.ts';
import type { MessageArea, MessageFinding, MessageReport, ReceiverResults, Verdict } from './model.ts';

/** RFC 8301 §3.2 allows 1024-bit keys; RFC 6376 §3.3.3 and every large receiver recommend 2048. */
export const RECOMMENDED_KEY_BITS = 2048;

/** Sender Rewriting Scheme local parts (a forwarder's rewritten MAIL FROM). */
const SRS = /^SRS[01][=+-]/i;

export function finding(
  code: Code,
  area: MessageArea,
  params?: Record<string, string | number>,
  severity?: Severity,
): MessageFinding {
  const info = CODES[code] as { severity: Severity; spec?: string };
  const f: MessageFinding = { code, severity: severity ?? info.severity, area };
  if (info.spec) f.spec = info.spec;
  if (params) f.params = params;
  return f;
}

/** Diagnostics that are also things to do (the From field problems). */
export function fromFindings(diagnostics: readonly Diagnostic[]): MessageFinding[] {
  return diagnostics.map((d) => {
    const f: MessageFinding = { code: d.code, severity: d.severity, area: 'message' };
    if (d.spec) f.spec = d.spec;
    if (d.params) f.params = d.params;
    return f;
  });
}

export interface FindingInput {
  report: MessageReport;
  from: FromIdentity;
  /** The message was pasted as text (not read from a file's bytes). */
  pasted: boolean;
}

/** The receiver that delivered the message to the mailbox: the topmost Authentication-Results. */
function topReceiver(results: readonly ReceiverResults[]): ReceiverResults | undefined {
  return results[0];
}

function spfFindings(input: FindingInput): MessageFinding[] {
  const { report } = input;
  const out: MessageFinding[] = [];
  const spf = report.spf;
  const fromDomain = report.dmarc.fromDomain;
  if (!report.envelope.ip) out.push(finding('message/no-connecting-ip', 'spf'));
  if (!spf) return out;
  if (spf.result !== 'pass') {
    const severity: Severity = spf.result === 'fail' || spf.result === 'permerror' ? 'error' : 'warning';
    out.push(
      finding(
        'message/spf-not-pass',
        'spf',
        { result: spf.result, domain: spf.domain, ip: spf.ip },
        severity,
      ),
    );
  } else if (fromDomain && !report.dmarc.spfAligned) {
    const local = (report.envelope.mailFrom ?? '').split('@')[0];
    const forwarded = SRS.test(local) || report.arc.instances > 0;
    out.push(
      finding(forwarded ? 'message/spf-pass-forwarder' : 'message/spf-pass-not-aligned', 'spf', {
        domain: spf.domain,
        fromDomain,
      }),
    );
  }
  if (spf.helo && spf.helo.result !== 'pass' && spf.helo.result !== 'none')
    out.push(finding('message/spf-helo-not-pass', 'spf', { result: spf.helo.result, helo: spf.helo.domain }));
  return out;
}

function dkimFindings(input: FindingInput): MessageFinding[] {
  const { report, pasted } = input;
  const out: MessageFinding[] = [];
  const fromDomain = report.dmarc.fromDomain ?? report.from?.domain ?? '';
  const sigs = report.dkim;
  if (sigs.length === 0) {
    out.push(finding('message/no-dkim-signature', 'dkim', { fromDomain }));
    return out;
  }
  const passing = sigs.filter((v) => v.result === 'pass');
  // Headers only: a signature over the header fields verifies, its body hash cannot be checked
  // (RFC 6376 §3.7). That is said as such, not as "none verifies".
  const bodyUnchecked = sigs.filter(
    (v) => v.code === 'message/dkim-body-missing' && v.signatureValid === true,
  );
  if (passing.length === 0 && bodyUnchecked.length > 0)
    out.push(finding('message/dkim-body-missing', 'dkim'));
  else if (passing.length === 0)
    out.push(finding('message/dkim-none-passed', 'dkim', { count: sigs.length }));
  for (const v of sigs) {
    // Headers intact (the signature over them verifies), body different: changed after signing.
    if (v.bodyHashMatches === false && v.signatureValid !== false) {
      // Pasted text loses trailing spaces, re-wraps lines and turns tabs into spaces; a file's
      // octets are what the receiver got.
      const code = pasted ? 'message/dkim-body-changed-pasted' : 'message/dkim-body-changed';
      out.push(finding(code, 'dkim', { domain: v.domain }));
    }
    if (
      (v.result === 'pass' || bodyUnchecked.includes(v)) &&
      v.keyBits !== undefined &&
      v.keyBits < RECOMMENDED_KEY_BITS
    )
      out.push(
        finding('message/dkim-weak-key', 'dkim', { domain: v.domain, selector: v.selector, bits: v.keyBits }),
      );
  }
  if (passing.length > 0 && fromDomain && !passing.some((v) => v.aligned))
    out.push(finding('message/dkim-not-aligned', 'dkim', { domain: passing[0].domain, fromDomain }));
  return out;
}

function dmarcFindings(input: FindingInput): MessageFinding[] {
  const { dmarc, arc } = input.report;
  const out: MessageFinding[] = [];
  const fromDomain = dmarc.fromDomain;
  if (!fromDomain) return out;
  if (dmarc.result === 'fail') {
    const disposition = dmarc.disposition ?? 'none';
    out.push(
      finding(
        'message/dmarc-fail',
        'dmarc',
        { fromDomain, policy: dmarc.policy ?? 'none', disposition },
        disposition === 'none' ? 'warning' : 'error',
      ),
    );
    if (arc.result === 'pass')
      out.push(finding('message/forwarded-arc-pass', 'arc', { instances: arc.instances }));
  } else if (dmarc.result === 'none') out.push(finding('message/dmarc-no-record', 'dmarc', { fromDomain }));
  else if (dmarc.result === 'temperror')
    out.push(finding('message/dmarc-temperror', 'dmarc', { fromDomain }));
  if (dmarc.testing) out.push(finding('message/dmarc-testing', 'dmarc', { fromDomain }));
  return out;
}

/** Where the receiver's own stamp and what MailDNS finds now disagree (RFC 8601 §2.7). */
function disagreements(input: FindingInput): MessageFinding[] {
  const { report } = input;
  const receiver = topReceiver(report.receiverResults);
  if (!receiver) return [];
  const out: MessageFinding[] = [];
  const name = receiver.authservId || 'receiver';
  const passes = (r: string) => r === 'pass';
  for (const r of receiver.results) {
    let ours: string | undefined;
    if (r.method === 'dkim') {
      const d = (r.props['header.d'] ?? domainOf(r.props['header.i'] ?? '')).toLowerCase();
      const s = r.props['header.s'];
      const match = report.dkim.find(
        (v) => v.domain.toLowerCase() === d && (s === undefined || v.selector === s),
      );
      ours = match?.result;
    } else if (r.method === 'spf' && report.spf) ours = report.spf.result;
    else if (r.method === 'dmarc' && report.dmarc.fromDomain) ours = report.dmarc.result;
    if (ours !== undefined && passes(ours) !== passes(r.result))
      out.push(
        finding(
          'message/receiver-disagrees',
          r.method === 'spf' ? 'spf' : r.method === 'dkim' ? 'dkim' : 'dmarc',
          { method: r.method, receiver: name, theirs: r.result, ours },
        ),
      );
  }
  return out;
}

export function messageFindings(input: FindingInput): MessageFinding[] {
  return [
    ...fromFindings(input.from.diagnostics),
    ...spfFindings(input),
    ...dkimFindings(input),
    ...dmarcFindings(input),
    ...disagreements(input),
  ];
}

/** What Gmail would have done with the message, and why (a catalog code and its parameters). */
export function gmailVerdict(report: MessageReport, from: FromIdentity): Verdict {
  const fromDomain = report.dmarc.fromDomain ?? '';
  const v = (outcome: Verdict['outcome'], code: Code, params?: Record<string, string | number>): Verdict =>
    params ? { receiver: 'gmail', outcome, code, params } : { receiver: 'gmail', outcome, code };
  // Gmail answer 3726730: 550 5.7.1 for a missing From, several From fields or several addresses.
  if (from.fieldCount !== 1 || from.domains.length !== 1) return v('refuse', 'message/verdict-refuse-from');
  const spfPass = report.spf?.result === 'pass';
  const dkimPass = report.dkim.some((d) => d.result === 'pass');
  const dmarc = report.dmarc;
  if (dmarc.result === 'temperror' || (report.spf?.result === 'temperror' && !dkimPass))
    return v('unknown', 'message/verdict-unknown-temporary');
  if (!spfPass && !dkimPass)
    return report.spf === null
      ? v('unknown', 'message/verdict-unknown-no-ip')
      : v('refuse', 'message/verdict-refuse-unauthenticated');
  if (dmarc.result === 'fail') {
    // Without the IP, an aligned SPF pass cannot be ruled out.
    if (report.spf === null) return v('unknown', 'message/verdict-unknown-no-ip');
    if (dmarc.disposition === 'reject') return v('refuse', 'message/verdict-refuse-reject', { fromDomain });
    if (dmarc.disposition === 'quarantine')
      return v('junk', 'message/verdict-junk-quarantine', { fromDomain });
    return v('deliver', 'message/verdict-deliver-unaligned', { fromDomain });
  }
  if (dmarc.result === 'pass') return v('deliver', 'message/verdict-deliver', { fromDomain });
  return v('deliver', 'message/verdict-deliver-no-dmarc', { fromDomain });
}
