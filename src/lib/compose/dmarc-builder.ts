// The DMARC builder (RFC 9989 §4.7): policy for the domain, its subdomains and its non-existent
// subdomains, alignment modes, report addresses, failure-report options and test mode. Report
// destinations at another domain come with the authorization record that domain must publish.

import { DMARC_FAILURE_OPTIONS, DMARC_POLICIES, DMARC_VERSION } from '../dmarc/vocabulary.ts';
import { diagnostic } from '../diagnostics/diagnostic.ts';
import { REPORT_AUTHORIZATION_LABELS } from '../dmarc/external-destination.ts';
import { formatTagList } from '../shared/tag-list.ts';
import { finishRecord, fieldDiagnostic } from './finish.ts';
import type {
  DmarcBuilderInput,
  DmarcBuilt,
  DmarcFailureOption,
  ExternalAuthorization,
  FieldDiagnostic,
} from './model.ts';
import { dmarcDiagnostics } from './record-checks.ts';
import { checkReportAddress } from './report-address.ts';
import { domainName } from './spf-builder.ts';

// keep one vocabulary: the record's fixed words are defined in dmarc/vocabulary.ts
export { DMARC_POLICIES, DMARC_VERSION } from '../dmarc/vocabulary.ts';
const ALIGNMENTS = ['r', 's'] as const;
const FAILURE_OPTIONS = DMARC_FAILURE_OPTIONS;

/** RFC 9990 §4: the destination authorizes reports with a TXT record starting with v=DMARC1. */
export const AUTHORIZATION_CONTENT = 'v=DMARC1';

function pick<T extends string>(
  field: string,
  value: unknown,
  allowed: readonly T[],
  fields: FieldDiagnostic[],
): T | undefined {
  if (value === undefined) return undefined;
  if (allowed.includes(value as T)) return value as T;
  fields.push(
    fieldDiagnostic(field, diagnostic('composer/invalid-value', { params: { value: String(value) } })),
  );
  return undefined;
}

interface Uris {
  uris: string[];
  domains: string[];
}

function reportUris(
  field: 'rua' | 'ruf',
  values: readonly string[] | undefined,
  fields: FieldDiagnostic[],
): Uris {
  const out: Uris = { uris: [], domains: [] };
  (values ?? []).forEach((value, index) => {
    if (value.trim() === '') return;
    const check = checkReportAddress(value);
    if (!check.ok) {
      fields.push(
        fieldDiagnostic(field, diagnostic('composer/invalid-address', { params: { value } }), index),
      );
      return;
    }
    if (out.uris.some((u) => u.toLowerCase() === check.uri.toLowerCase())) {
      fields.push(
        fieldDiagnostic(field, diagnostic('composer/duplicate-term', { params: { term: check.uri } }), index),
      );
      return;
    }
    out.uris.push(check.uri);
    out.domains.push(check.domain);
  });
  return out;
}

/**
 * Whether reports for `domain` sent to `destination` need the destination's authorization. RFC
 * 9990 §4 asks for it when the Organizational Domains differ; without the public suffix list (the
 * composer works offline) only "same domain or one inside the other" counts as internal. A record
 * suggested for a destination in the same organization is harmless; a missing one loses reports.
 * Keep in sync with dmarc/external-destination.ts (the check page's lookup of the same record).
 */
export function isExternalDestination(domain: string, destination: string): boolean {
  return !(
    destination === domain ||
    destination.endsWith(`.${domain}`) ||
    domain.endsWith(`.${destination}`)
  );
}

export function buildDmarc(input: DmarcBuilderInput): DmarcBuilt {
  const fields: FieldDiagnostic[] = [];
  const domain = domainName(input.domain, fields);
  const name = domain === undefined ? undefined : `_dmarc.${domain}`;

  let p = pick('p', input.p, DMARC_POLICIES, fields);
  if (input.p === undefined) {
    fields.push(fieldDiagnostic('p', diagnostic('composer/missing-value')));
  }
  p ??= 'none';
  const sp = pick('sp', input.sp, DMARC_POLICIES, fields);
  const np = pick('np', input.np, DMARC_POLICIES, fields);
  const adkim = pick('adkim', input.adkim, ALIGNMENTS, fields);
  const aspf = pick('aspf', input.aspf, ALIGNMENTS, fields);
  const fo: DmarcFailureOption[] = [];
  (input.fo ?? []).forEach((value, index) => {
    const option = pick('fo', value, FAILURE_OPTIONS, fields);
    if (option !== undefined && !fo.includes(option)) fo.push(option);
    else if (option !== undefined) {
      fields.push(
        fieldDiagnostic('fo', diagnostic('composer/duplicate-term', { params: { term: option } }), index),
      );
    }
  });
  const rua = reportUris('rua', input.rua, fields);
  const ruf = reportUris('ruf', input.ruf, fields);

  // Tags equal to what a receiver would assume anyway are left out (RFC 9989 §4.7 defaults:
  // sp inherits p, np inherits sp, adkim/aspf "r", fo "0", t "n"), keeping the record short.
  const tags: Array<[string, string]> = [
    ['v', DMARC_VERSION],
    ['p', p],
  ];
  const effectiveSp = sp ?? p;
  if (sp !== undefined && sp !== p) tags.push(['sp', sp]);
  if (np !== undefined && np !== effectiveSp) tags.push(['np', np]);
  if (adkim === 's') tags.push(['adkim', adkim]);
  if (aspf === 's') tags.push(['aspf', aspf]);
  if (rua.uris.length > 0) tags.push(['rua', rua.uris.join(',')]);
  if (ruf.uris.length > 0) tags.push(['ruf', ruf.uris.join(',')]);
  if (fo.length > 0 && !(fo.length === 1 && fo[0] === '0')) tags.push(['fo', fo.join(':')]);
  if (input.t === true) tags.push(['t', 'y']);
  const draft = formatTagList(tags);

  const authorizations: ExternalAuthorization[] = [];
  if (domain !== undefined) {
    const all = [
      ...rua.uris.map((u, i) => [u, rua.domains[i]]),
      ...ruf.uris.map((u, i) => [u, ruf.domains[i]]),
    ];
    for (const [uri, destination] of all) {
      if (!isExternalDestination(domain, destination)) continue;
      const existing = authorizations.find((a) => a.destination === destination);
      if (existing) {
        if (!existing.uris.includes(uri)) existing.uris.push(uri);
        continue;
      }
      authorizations.push({
        destination,
        uris: [uri],
        record: {
          type: 'TXT',
          name: `${domain}.${REPORT_AUTHORIZATION_LABELS}.${destination}`,
          content: AUTHORIZATION_CONTENT,
        },
      });
    }
    for (const a of authorizations) {
      fields.push(
        fieldDiagnostic(
          a.uris.some((u) => rua.uris.includes(u)) ? 'rua' : 'ruf',
          diagnostic('composer/external-destination', {
            params: { destination: a.destination, name: a.record.name, domain },
          }),
        ),
      );
    }
  }

  return { ...finishRecord(draft, name, fields, dmarcDiagnostics), authorizations };
}
