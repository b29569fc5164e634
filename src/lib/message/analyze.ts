// One received message (or a bounce) in → the MessageReport of docs/public-api.md "Mail itself": hops,
// receiver stamps, the envelope, DKIM verified, SPF checked, DMARC evaluated, ARC, findings and a
// verdict. DNS work runs concurrently; partial reports stream through onUpdate as answers arrive.

import type { DnsResponse, Resolver, RRType } from '../dns/model.ts';
import { discoverDmarcPolicy } from '../dmarc/discover.ts';
import { verifyArc } from './arc.ts';
import { parseAuthenticationResults } from './authentication-results.ts';
import { explainBounce } from './bounce.ts';
import { verifyDkim } from './dkim-verify.ts';
import { evaluateDmarc, organizationalDomain, readFrom } from './dmarc.ts';
import { deriveEnvelope } from './envelope.ts';
import { finding, gmailVerdict, messageFindings } from './findings.ts';
import { readMessage, type MessageInput } from './intake.ts';
import type {
  AnalyzeMessageOptions,
  AuthenticationResults,
  MessageReport,
  ReceiverResults,
} from './model.ts';
import { receivedHops } from './received.ts';
import { parseReceivedSpf } from './received-spf.ts';
import { checkMessageSpf } from './spf.ts';

/** Octets of a message searched for bounce replies (they sit at the top of a DSN's first part). */
const BOUNCE_SCAN_OCTETS = 256 * 1024;

/** Each name/type asked once per analysis: the DMARC walks of the From, SPF and DKIM domains overlap. */
function memoResolver(resolver: Resolver): Resolver {
  const cache = new Map<string, Promise<DnsResponse>>();
  return {
    resolve(name: string, type: RRType, init?: { signal?: AbortSignal }) {
      const key = `${type} ${name.toLowerCase().replace(/\.$/, '')}`;
      let p = cache.get(key);
      if (!p) cache.set(key, (p = resolver.resolve(name, type, init)));
      return p;
    },
  };
}

/** The text a bounce would be in: the pasted string, or the start of the file's octets. */
function bounceText(raw: string | Uint8Array): string {
  if (typeof raw === 'string') return raw;
  if (!(raw instanceof Uint8Array)) return '';
  return new TextDecoder('utf-8').decode(raw.subarray(0, BOUNCE_SCAN_OCTETS));
}

/**
 * A bounce rather than a message: replies found, and either no header fields at all (just the
 * reply pasted), or a DSN (RFC 3464 §2: multipart/report; report-type=delivery-status), or a
 * message from the mailer daemon.
 */
function isBounce(input: MessageInput, replies: number): boolean {
  if (replies === 0) return false;
  const has = (name: string, re: RegExp) =>
    input.headers.some((h) => h.lowerName === name && re.test(h.value));
  return (
    !input.headers.some((h) => h.lowerName === 'from' || h.lowerName === 'received') ||
    has('content-type', /multipart\/report/i) ||
    has('from', /mailer-daemon|postmaster|mail delivery/i) ||
    has('subject', /undeliver|delivery status|failure notice|returned mail|退信|无法投递|退回/i)
  );
}

function receiverResultsOf(list: readonly AuthenticationResults[]): ReceiverResults[] {
  return list.map((a) => ({
    authservId: a.authservId,
    results: a.results.map((r) => ({ method: r.method, result: r.result, props: { ...r.props } })),
    headerIndex: a.headerIndex,
  }));
}

function snapshot(report: MessageReport): MessageReport {
  return {
    ...report,
    diagnostics: [...report.diagnostics],
    findings: [...report.findings],
    envelope: { ...report.envelope },
    hops: [...report.hops],
    dkim: report.dkim.map((d) => ({ ...d })),
    dmarc: { ...report.dmarc },
    arc: { ...report.arc },
    receiverResults: [...report.receiverResults],
  };
}

/**
 * Analyses one message: a pasted string (taken as text) or a file's octets. Never rejects for
 * anything in the message or the DNS; rejects only when `signal` aborts.
 */
export async function analyzeMessage(
  raw: string | Uint8Array,
  o: AnalyzeMessageOptions,
): Promise<MessageReport> {
  o.signal?.throwIfAborted();
  const resolver = memoResolver(o.resolver);
  const input = o.input ?? readMessage(raw);
  const pasted = typeof raw === 'string';
  const emit = (report: MessageReport) => {
    if (!o.onUpdate) return;
    try {
      o.onUpdate(snapshot(report));
    } catch {
      // A failing listener must not stop the analysis.
    }
  };

  const indexed = input.headers.map((h, headerIndex) => ({ h, headerIndex }));
  const named = (name: string) => indexed.filter((x) => x.h.lowerName === name);
  const trace = receivedHops(
    named('received').map((x) => ({ value: x.h.value, headerIndex: x.headerIndex })),
  );
  const authResults = named('authentication-results').map((x) =>
    parseAuthenticationResults(x.h.value, { headerIndex: x.headerIndex }),
  );
  const receivedSpf = named('received-spf').map((x) => parseReceivedSpf(x.h.value, x.headerIndex));
  const from = readFrom(input.headers);
  const { envelope, diagnostics: envelopeDiagnostics } = deriveEnvelope(
    { headers: input.headers, received: trace.fields, authResults, receivedSpf },
    o,
  );

  const report: MessageReport = {
    done: false,
    diagnostics: [
      ...input.diagnostics,
      ...trace.diagnostics,
      ...trace.fields.flatMap((f) => f.diagnostics),
      ...authResults.flatMap((a) => a.diagnostics),
      ...receivedSpf.flatMap((r) => r.diagnostics),
      ...from.diagnostics,
      ...envelopeDiagnostics,
    ],
    findings: [],
    from: from.addresses.length > 0 ? { address: from.addresses[0], domain: from.domains[0] } : null,
    fromAddresses: from.addresses,
    envelope: {
      ...(envelope.ip !== undefined ? { ip: envelope.ip } : {}),
      ...(envelope.helo !== undefined ? { helo: envelope.helo } : {}),
      ...(envelope.mailFrom !== undefined ? { mailFrom: envelope.mailFrom } : {}),
      ...(envelope.ipSource !== undefined ? { ipSource: envelope.ipSource } : {}),
      candidates: envelope.candidates,
    },
    hops: trace.hops,
    dkim: [],
    spf: null,
    dmarc: { result: 'none', spfAligned: false, dkimAligned: false },
    arc: { result: 'none', instances: named('arc-seal').length },
    receiverResults: receiverResultsOf(authResults),
    receivedSpf,
  };
  if (from.domain) report.dmarc.fromDomain = from.domain;

  const bounce = explainBounce(bounceText(raw));
  if (isBounce(input, bounce.length)) {
    report.bounce = bounce;
    report.findings = [finding('message/is-bounce', 'message', { count: bounce.length })];
    report.verdict = { receiver: 'gmail', outcome: 'refuse', code: 'message/verdict-bounce' };
    report.done = true;
    emit(report);
    return report;
  }
  emit(report);

  // Start the From domain's DMARC walks now, so their answers are cached when DMARC is evaluated.
  const fromDomain = from.domains.length === 1 ? from.domains[0] : undefined;
  const warm = fromDomain
    ? Promise.all([
        discoverDmarcPolicy(fromDomain, resolver, { signal: o.signal }),
        organizationalDomain(fromDomain, resolver, { signal: o.signal }),
      ]).catch(() => undefined)
    : Promise.resolve(undefined);
  const spfP = checkMessageSpf(envelope, resolver, { signal: o.signal, now: o.now }).then((spf) => {
    report.spf = spf;
    emit(report);
    return spf;
  });
  const dkimP = verifyDkim(input, { resolver, now: o.now, signal: o.signal }).then((dkim) => {
    report.dkim = dkim;
    emit(report);
    return dkim;
  });
  // RFC 8617: informational here (DMARC is not overridden), but it tells a forwarder's mail apart.
  const arcP = verifyArc(input, { resolver, now: o.now, signal: o.signal }).then((arc) => {
    report.arc = {
      result: arc.result,
      instances: arc.instances,
      ...(arc.failedInstance !== undefined ? { failedInstance: arc.failedInstance } : {}),
      ...(arc.code !== undefined ? { code: arc.code } : {}),
    };
    emit(report);
  });
  const [spf, dkim] = await Promise.all([spfP, dkimP, warm, arcP]);
  o.signal?.throwIfAborted();

  const evaluated = await evaluateDmarc({ fromDomain, spf, dkim }, resolver, { signal: o.signal });
  o.signal?.throwIfAborted();
  report.dkim = evaluated.dkim;
  report.dmarc = evaluated.dmarc;
  // No single Author Domain: say which From problem it was.
  if (!fromDomain)
    report.dmarc.code = from.diagnostics[from.diagnostics.length - 1]?.code ?? 'message/no-from';
  report.findings = messageFindings({ report, from, pasted });
  report.verdict = gmailVerdict(report, from);
  report.done = true;
  emit(report);
  return report;
}
