// Verifying external report destinations (RFC 9990 §4, formerly RFC 7489 §7.1): reports for
// `example.com` go to a mailbox at another organization only if that organization publishes a TXT
// record starting with v=DMARC1 at `example.com._report._dmarc.<destination host>`.
// Tencent Exmail's default `rua=mailto:mailauth-reports@qq.com` is such a destination.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/model.ts';
import type { DnsStatus, Resolver } from '../dns/model.ts';
import { checkDnsName, normalizeDomainInput } from '../shared/domain-name.ts';
import { parseTagList } from '../shared/tag-list.ts';
import { joinTxt } from '../shared/txt.ts';
import type { DmarcUri } from './model.ts';
import { isDmarcRecordText } from './select.ts';
import { isTemporaryFailure, txtAnswer } from './txt-answer.ts';
import { parseUriList, reportUriHost } from './uri.ts';

export const REPORT_AUTHORIZATION_LABELS = '_report._dmarc';

export interface ExternalDestinationCheck {
  /** The domain the policy was retrieved from. */
  domain: string;
  /** The destination host (the mail domain of a `mailto:` URI). */
  destination: string;
  /** `<domain>._report._dmarc.<destination>` */
  name: string;
  /** `authorized`: a v=DMARC1 record is there. `unauthorized`: receivers ignore the URI.
   *  `temperror`: the lookup failed; nothing is known. `not-external`: same organization, no
   *  check needed. `invalid`: a name that cannot be used. */
  status: 'authorized' | 'unauthorized' | 'temperror' | 'not-external' | 'invalid';
  /** The DNS outcome of the query, when one was made. */
  response?: { status: DnsStatus; error?: string };
  /** TXT records at the name (after any CNAME), each joined. */
  txt: string[];
  /** CNAME targets followed to reach the answer. */
  cnames: string[];
  /** The authorizing record. */
  record?: string;
  /** rua=/ruf= in the authorizing record: they replace the destination (RFC 9990 §4 step 8). */
  rua?: DmarcUri[];
  ruf?: DmarcUri[];
  diagnostics: Diagnostic[];
}

export interface CheckExternalDestinationOptions {
  signal?: AbortSignal;
  /** The policy domain's Organizational Domain, when known (RFC 9989 §4.10.2): a destination under
   *  it is not external. */
  organizationalDomain?: string;
}

function isUnder(name: string, parent: string): boolean {
  return name === parent || name.endsWith(`.${parent}`);
}

/**
 * RFC 9990 §4: the check applies when "the Organizational Domain at which that record was discovered
 * is not identical to the Organizational Domain of the host part" of the URI. Without a public
 * suffix list, a destination at, above or below the policy domain (or under its known
 * Organizational Domain) counts as the same organization.
 */
export function isExternalDestination(
  domain: string,
  destination: string,
  organizationalDomain?: string,
): boolean {
  if (isUnder(destination, domain) || isUnder(domain, destination)) return false;
  return !(organizationalDomain !== undefined && isUnder(destination, organizationalDomain));
}

/**
 * `uriHost` may be a host name, an e-mail address or a report URI (`mailto:…`). Resolver failures
 * give `temperror`, never `unauthorized`.
 */
export async function checkExternalDestination(
  domain: string,
  uriHost: string,
  resolver: Resolver,
  o: CheckExternalDestinationOptions = {},
): Promise<ExternalDestinationCheck> {
  const policy = normalizeDomainInput(domain);
  const host = reportUriHost(uriHost) ?? uriHost;
  const target = normalizeDomainInput(host);
  const result: ExternalDestinationCheck = {
    domain: policy.ok ? policy.name : domain,
    destination: target.ok ? target.name : uriHost,
    name: '',
    status: 'invalid',
    txt: [],
    cnames: [],
    diagnostics: [],
  };
  if (!policy.ok || !target.ok) {
    const bad = !policy.ok ? domain : uriHost;
    result.diagnostics.push(
      diagnostic('dmarc/invalid-domain', { params: { domain: bad, problem: 'not-a-domain' } }),
    );
    return result;
  }
  result.name = `${policy.name}.${REPORT_AUTHORIZATION_LABELS}.${target.name}`;
  const org = o.organizationalDomain?.toLowerCase().replace(/\.$/, '');
  if (!isExternalDestination(policy.name, target.name, org)) {
    result.status = 'not-external';
    return result;
  }
  const unauthorized = () => {
    result.status = 'unauthorized';
    result.diagnostics.push(
      diagnostic('dmarc/external-destination-unauthorized', {
        params: { destination: target.name, record: result.name },
      }),
    );
    return result;
  };
  // RFC 9990 §4: a name longer than DNS allows cannot carry an authorization.
  if (checkDnsName(result.name) !== null) return unauthorized();

  const response = await resolver.resolve(result.name, 'TXT', { signal: o.signal });
  result.response = response.error
    ? { status: response.status, error: response.error }
    : { status: response.status };
  if (isTemporaryFailure(response.status)) {
    result.status = 'temperror';
    result.diagnostics.push(
      diagnostic('dmarc/lookup-failed', { params: { name: result.name, status: response.status } }),
    );
    return result;
  }
  const answer = txtAnswer(response);
  result.txt = answer.records.map(joinTxt);
  result.cnames = answer.cnames;
  // RFC 9990 §4 step 5: "the "v=DMARC1" tag is mandatory and MUST appear first in the list. Discard
  // any that do not pass this test." Any other TXT (an SPF record under a wildcard, say) does not
  // authorize anything.
  const index = result.txt.findIndex(isDmarcRecordText);
  if (index === -1) return unauthorized();
  const record = result.txt[index];
  result.record = record;

  // Step 8: rua/ruf here override the destination, but "the overriding URI MUST use the same
  // destination host"; otherwise "the Mail Receiver ... MUST NOT generate a report to either the
  // original or the override URI".
  for (const tag of parseTagList(record, { caseInsensitiveNames: true }).tags) {
    const name = tag.name.toLowerCase();
    if (name !== 'rua' && name !== 'ruf') continue;
    const uris = parseUriList(tag.value, tag.valueSpan.start, name).uris;
    if (uris.length > 0) result[name] = uris;
  }
  const overrides = [...(result.rua ?? []), ...(result.ruf ?? [])];
  const elsewhere = overrides.find((u) => reportUriHost(u) !== target.name);
  if (elsewhere) {
    result.diagnostics.push(
      diagnostic('dmarc/external-destination-override-elsewhere', {
        params: { record: result.name, uri: elsewhere.uri },
      }),
    );
    return unauthorized();
  }

  result.status = 'authorized';
  const owner = answer.owners[index];
  // RFC 9990 §4: "A Report Receiver that is willing to receive reports for any domain can use a
  // wildcard DNS record" — valid, but worth saying where the authorization came from.
  if (owner.startsWith('*.')) {
    result.diagnostics.push(diagnostic('dmarc/external-destination-wildcard', { params: { owner } }));
  }
  result.diagnostics.push(
    diagnostic('dmarc/external-destination-authorized', {
      params: { destination: target.name, record: result.name },
    }),
  );
  return result;
}
