// The BIMI Assertion Record (draft-brand-indicators-for-message-identification-10 §4.3).
// Splitting is the RFC 6376 §3.2 tag-list (the draft says Assertion Records "follow the
// extensible "tag-value" syntax for DNS-based key records as defined in DKIM"). Never throws;
// every problem carries a span into `text`.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic, ParseResult, Span } from '../diagnostics/model.ts';
import { parseTagList, type Tag } from '../shared/tag-list.ts';
import { isFqdnHost, uriHost, uriProblem, uriScheme } from '../shared/uri.ts';
import type { BimiAvatarPreference, BimiRecord, Extension } from './model.ts';

export const BIMI_VERSION = 'BIMI1';
const KNOWN = ['v', 'l', 'a', 'avp', 'lps'];
/** RFC 6376 §3.2: tag-name = ALPHA *ALNUMPUNC */
const VALID_TAG_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** §4.3.2: only SVG (and SVGZ) may be named by l=; a URI ending in another image suffix is a
 *  permanent error. */
const OTHER_IMAGE_SUFFIX = /\.(png|jpe?g|gif|webp|bmp|ico|tiff?|avif|heic|heif)$/i;

function where(tag: Tag): Span {
  return tag.value === '' ? tag.span : tag.valueSpan;
}

/** §4.3: the a= and l= URIs "MUST contain a fully qualified domain name (FQDN) and MUST specify
 *  HTTPS as the URI scheme". */
function httpsUriProblem(value: string): 'not-https' | 'bad' | null {
  if (uriProblem(value) !== null) return 'bad';
  if (uriScheme(value) !== 'https') return 'not-https';
  const host = uriHost(value);
  return host && isFqdnHost(host) ? null : 'bad';
}

export function parseBimi(text: string): ParseResult<BimiRecord> {
  if (text.trim() === '') return { record: null, diagnostics: [diagnostic('record/empty')] };
  const { tags, problems } = parseTagList(text);
  const diagnostics: Diagnostic[] = [];
  for (const p of problems) {
    if (p.kind === 'missing-equals')
      diagnostics.push(diagnostic('bimi/malformed-tag', { span: p.span, params: { text: p.text } }));
    else if (p.kind === 'bad-name')
      diagnostics.push(diagnostic('bimi/bad-tag-name', { span: p.span, params: { name: p.name } }));
    else if (p.kind === 'bad-value-char') {
      diagnostics.push(diagnostic('bimi/bad-value-char', { span: p.span, params: { char: p.char } }));
    } else if (p.kind === 'empty-spec') diagnostics.push(diagnostic('bimi/empty-tag', { span: p.span }));
    // RFC 6376 §3.2: "Tags with duplicate names MUST NOT occur within a single tag-list; if a tag
    // name does occur more than once, the entire tag-list is invalid."
    else diagnostics.push(diagnostic('bimi/duplicate-tag', { span: p.span, params: { name: p.name } }));
  }

  // §4.3: v= "MUST have the value of "BIMI1" ... The value of this tag MUST match precisely ...
  // It MUST be the first tag in the list." and "Mail receivers MUST NOT attempt to fix
  // syntactical or capitalization errors."
  let version = false;
  const first = tags[0];
  if (first && first.name.toLowerCase() === 'v') {
    if (first.name !== 'v')
      diagnostics.push(
        diagnostic('bimi/tag-case', { span: first.nameSpan, params: { name: first.name, expected: 'v' } }),
      );
    if (first.value !== BIMI_VERSION) {
      diagnostics.push(
        diagnostic('bimi/bad-version', { span: where(first), params: { value: first.value } }),
      );
    } else {
      version = first.name === 'v';
    }
  } else if (tags.some((t) => t.name === 'v')) {
    diagnostics.push(diagnostic('bimi/version-not-first', { span: tags.find((t) => t.name === 'v')!.span }));
  } else {
    diagnostics.push(
      diagnostic('bimi/missing-version', { span: { start: 0, end: first ? first.span.end : text.length } }),
    );
  }

  const firstOf = new Map<string, Tag>();
  const extensions: Extension[] = [];
  tags.forEach((tag, index) => {
    if (index === 0 && tag.name.toLowerCase() === 'v') return;
    if (firstOf.has(tag.name)) return;
    firstOf.set(tag.name, tag);
    if (KNOWN.includes(tag.name)) return;
    const expected = KNOWN.find((k) => k === tag.name.toLowerCase());
    if (expected) {
      diagnostics.push(
        diagnostic('bimi/tag-case', { span: tag.nameSpan, params: { name: tag.name, expected } }),
      );
    } else if (VALID_TAG_NAME.test(tag.name)) {
      // §4.3: "unknown tags MUST be ignored". (Bad names are reported as bimi/bad-tag-name.)
      diagnostics.push(diagnostic('bimi/unknown-tag', { span: tag.span, params: { name: tag.name } }));
      extensions.push({ name: tag.name, value: tag.value });
    }
  });

  let location: string | null = null;
  const l = firstOf.get('l');
  if (!l) {
    // §4.3: l= is REQUIRED; "If a required tag is missing ... it is an error." (An `L=` tag is
    // already reported as bimi/tag-case.)
    if (!firstOf.has('L'))
      diagnostics.push(diagnostic('bimi/missing-location', { span: { start: 0, end: text.length } }));
  } else if (l.value === '') {
    location = '';
  } else if (l.value.includes(',')) {
    // §4.3: "a single URI"; commas "MUST be encoded" (earlier drafts allowed a list).
    diagnostics.push(diagnostic('bimi/location-multiple', { span: l.valueSpan, params: { value: l.value } }));
  } else {
    const problem = httpsUriProblem(l.value);
    if (problem === 'not-https')
      diagnostics.push(
        diagnostic('bimi/location-not-https', { span: l.valueSpan, params: { uri: l.value } }),
      );
    else if (problem === 'bad')
      diagnostics.push(diagnostic('bimi/bad-location', { span: l.valueSpan, params: { uri: l.value } }));
    else if (OTHER_IMAGE_SUFFIX.test(new URL(l.value).pathname)) {
      diagnostics.push(diagnostic('bimi/location-not-svg', { span: l.valueSpan, params: { uri: l.value } }));
    } else location = l.value;
  }

  // Known tags whose value does not hold give no model (avp= aside: receivers ignore a bad one).
  let badValue = false;
  let authority: string | undefined;
  const a = firstOf.get('a');
  if (a && a.value !== '') {
    const problem = httpsUriProblem(a.value);
    const params = { uri: a.value };
    if (problem === 'not-https')
      diagnostics.push(diagnostic('bimi/authority-not-https', { span: a.valueSpan, params }));
    else if (problem === 'bad')
      diagnostics.push(diagnostic('bimi/bad-authority', { span: a.valueSpan, params }));
    else authority = a.value;
    badValue ||= problem !== null;
  } else if (a) {
    authority = '';
  }

  let avatarPreference: BimiAvatarPreference | undefined;
  const avp = firstOf.get('avp');
  if (avp) {
    if (avp.value === 'brand' || avp.value === 'personal') avatarPreference = avp.value;
    // §4.3: "Any other values MUST be ignored"; a provider "MAY choose to treat an invalid
    // preference value as a failing record" (hence a warning, not an error).
    else diagnostics.push(diagnostic('bimi/bad-avp', { span: where(avp), params: { value: avp.value } }));
  }

  let localPartSelector: boolean | undefined;
  const lps = firstOf.get('lps');
  if (lps) {
    if (lps.value === 'true' || lps.value === 'false') {
      localPartSelector = lps.value === 'true';
    } else {
      badValue = true;
      diagnostics.push(diagnostic('bimi/bad-lps', { span: where(lps), params: { value: lps.value } }));
    }
  }

  if (l && l.value === '' && (!a || a.value === '')) {
    diagnostics.push(diagnostic('bimi/declined', { span: l.span }));
  } else if (l && l.value === '') {
    diagnostics.push(diagnostic('bimi/location-empty', { span: l.span }));
  } else if (location && (!a || a.value === '')) {
    diagnostics.push(diagnostic('bimi/no-evidence', a ? { span: a.span } : {}));
  }

  diagnostics.sort((x, y) => (x.span?.start ?? 0) - (y.span?.start ?? 0));
  if (!version || location === null || badValue) return { record: null, diagnostics };
  const record: BimiRecord = { version: BIMI_VERSION, location, extensions };
  if (authority !== undefined) record.authority = authority;
  if (avatarPreference) record.avatarPreference = avatarPreference;
  if (localPartSelector !== undefined) record.localPartSelector = localPartSelector;
  return { record, diagnostics };
}
