// SPF for a received message (RFC 7208 §2.3, §2.4): check_host() with the MAIL FROM domain, or with
// the HELO name when MAIL FROM is the null path; and the HELO identity on its own when it is a name.

import type { Resolver } from '../dns/model.ts';
import { checkHost } from '../spf/check-host.ts';
import type { Envelope, MessageSpf } from './model.ts';

/** The domain of an address (after the last "@"); an address without "@" is taken as a domain. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return (at === -1 ? address : address.slice(at + 1)).trim().toLowerCase().replace(/\.$/, '');
}

/** A HELO argument that is an address literal (RFC 5321 §4.1.3) has no SPF record to check. */
function isHeloName(helo: string | undefined): helo is string {
  return (
    helo !== undefined && helo !== '' && !helo.startsWith('[') && /[a-z]/i.test(helo) && helo.includes('.')
  );
}

/**
 * Null when there is nothing to check with: no IP, or neither a MAIL FROM domain nor a HELO name.
 * Never rejects (checkHost turns DNS failures and an aborted signal into temperror).
 */
export async function checkMessageSpf(
  envelope: Envelope,
  resolver: Resolver,
  o: { signal?: AbortSignal; now?: Date } = {},
): Promise<MessageSpf | null> {
  const ip = envelope.ip;
  if (!ip) return null;
  const helo = envelope.helo;
  const timestamp = Math.floor((o.now ?? new Date()).getTime() / 1000);
  const options = { signal: o.signal, timestamp };
  const mailFrom = envelope.mailFrom;
  // RFC 7208 §2.4: "When the reverse-path is null, this document defines the "MAIL FROM" identity
  // to be the mailbox composed of the local-part "postmaster" and the "HELO" identity".
  const nullPath = mailFrom === '' || mailFrom === undefined;
  if (nullPath && !isHeloName(helo)) return null;
  const domain = nullPath ? (helo as string).toLowerCase() : domainOf(mailFrom);
  const sender = nullPath ? '' : mailFrom;
  const heloCheck =
    !nullPath && isHeloName(helo)
      ? checkHost({ ip, domain: helo, sender: '', helo }, resolver, options)
      : Promise.resolve(null);
  const [main, heloResult] = await Promise.all([
    checkHost({ ip, domain, sender, helo: helo ?? '' }, resolver, options),
    heloCheck,
  ]);
  const out: MessageSpf = {
    result: main.result,
    domain,
    ip,
    identity: nullPath ? 'helo' : 'mailfrom',
    lookups: main.lookups,
  };
  if (main.explanation !== undefined) out.explanation = main.explanation;
  if (heloResult) out.helo = { result: heloResult.result, domain: (helo as string).toLowerCase() };
  return out;
}
