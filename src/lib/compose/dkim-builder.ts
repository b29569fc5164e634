// The DKIM key record builder (RFC 6376 §3.6.1, RFC 8463): a key pasted from a provider's console,
// with its paste damage repaired by repairDkimKey (each repair listed), published at
// `<selector>._domainkey.<domain>` (RFC 6376 §3.6.2.1).

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/model.ts';
import { decodeBase64 } from '../dkim/base64.ts';
import { MIN_RSA_BITS, RECOMMENDED_RSA_BITS } from '../dkim/inspect.ts';
import { parseDkimKey } from '../dkim/parse.ts';
import { classifyPublicKey } from '../dkim/public-key.ts';
import { repairDkimKey } from '../dkim/repair.ts';
import { messageKey } from '../diagnostics/codes.ts';
import { findInvisible } from '../shared/invisible.ts';
import { MAX_NAME_OCTETS } from '../shared/domain-name.ts';
import { checkDomainField } from './domain-field.ts';
import { finishRecord, fieldDiagnostic } from './finish.ts';
import type { DkimBuilderInput, DkimBuilt, DkimRepair, FieldDiagnostic } from './model.ts';

/** RFC 6376 §3.6.2.1: keys live under `<selector>._domainkey.<domain>`. */
export const DOMAINKEY_LABEL = '_domainkey';

// RFC 6376 §3.1: selector = sub-domain *( "." sub-domain ); RFC 5321 §4.1.2:
// sub-domain = Let-dig [Ldh-str], Ldh-str = *( ALPHA / DIGIT / "-" ) Let-dig
const SELECTOR = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;

export type SelectorCheck = { ok: true; selector: string; trimmed: boolean } | { ok: false; empty: boolean };

/**
 * A selector as typed: `lokg123`, or the whole name copied from a console
 * (`lokg123._domainkey` or `lokg123._domainkey.example.com`), which is cut back to the selector.
 */
export function checkSelector(input: string): SelectorCheck {
  let text = input.trim().toLowerCase();
  if (text === '') return { ok: false, empty: true };
  if (findInvisible(text).length > 0) return { ok: false, empty: false };
  const at = text.indexOf(`.${DOMAINKEY_LABEL}`);
  const trimmed = at > 0;
  if (trimmed) text = text.slice(0, at);
  return SELECTOR.test(text) ? { ok: true, selector: text, trimmed } : { ok: false, empty: false };
}

function repairMessage(kind: string): DkimRepair {
  // The repair texts live with the DKIM library's messages (messages/dkim: dkim_repair_<kind>).
  return { kind, message: { key: `dkim_repair_${messageKey(kind)}` } };
}

/**
 * What inspectDkimKey (dkim/inspect.ts) checks without WebCrypto, so the builder can stay
 * synchronous: the key decodes, is a key, matches k=, and is long enough (RFC 8301 §3.2).
 * Keep in sync with inspect.ts.
 */
export function keyShapeDiagnostics(record: string): Diagnostic[] {
  const parsed = parseDkimKey(record);
  const r = parsed.record;
  if (!r || r.p === '') return [];
  const decoded = decodeBase64(r.p);
  if (!decoded.ok) return [diagnostic('dkim/key-damaged', { params: { reason: decoded.reason } })];
  const shape = classifyPublicKey(decoded.bytes);
  if (shape.kind === 'damaged') return [diagnostic('dkim/key-damaged', { params: { reason: shape.reason } })];
  const k = r.k ?? 'rsa';
  if (k !== shape.kind) return [diagnostic('dkim/key-type-mismatch', { params: { k, found: shape.kind } })];
  // RFC 8463 §4.2: the ed25519 key is the 32 raw octets, never SubjectPublicKeyInfo.
  if (shape.kind === 'ed25519')
    return shape.encoding === 'raw' ? [] : [diagnostic('dkim/ed25519-key-wrapped')];
  // RFC 8301 §3.2: "Signers MUST use RSA keys of at least 1024 bits"; 2048 is recommended.
  if (shape.bits < MIN_RSA_BITS) return [diagnostic('dkim/key-too-short', { params: { bits: shape.bits } })];
  if (shape.bits < RECOMMENDED_RSA_BITS)
    return [diagnostic('dkim/key-weak', { params: { bits: shape.bits } })];
  return [];
}

function recordDiagnostics(text: string): Diagnostic[] {
  // An empty draft means there is no usable key yet; the field diagnostics say why.
  if (text === '') return [];
  const parsed = parseDkimKey(text).diagnostics;
  // The parser already reports some damage (a cut-off key) with its span: said once, with the span.
  const said = new Set(parsed.map((d) => `${d.code}|${d.params?.reason ?? ''}`));
  return [
    ...parsed,
    ...keyShapeDiagnostics(text).filter((d) => !said.has(`${d.code}|${d.params?.reason ?? ''}`)),
  ];
}

export function buildDkimRecord(input: DkimBuilderInput): DkimBuilt {
  const fields: FieldDiagnostic[] = [];
  const repairs: DkimRepair[] = [];

  const selector = checkSelector(input.selector ?? '');
  if (!selector.ok) {
    fields.push(
      fieldDiagnostic(
        'selector',
        selector.empty
          ? diagnostic('composer/missing-value')
          : diagnostic('composer/invalid-selector', { params: { value: input.selector } }),
      ),
    );
  } else if (selector.trimmed) {
    repairs.push({
      kind: 'selector-trimmed',
      message: { key: 'composer_repair_selector_trimmed', params: { selector: selector.selector } },
    });
  }

  let domain: string | undefined;
  if ((input.domain ?? '').trim() === '')
    fields.push(fieldDiagnostic('domain', diagnostic('composer/missing-value')));
  else {
    const check = checkDomainField(input.domain);
    if (check.ok) domain = check.domain;
    else
      fields.push(
        fieldDiagnostic('domain', diagnostic('composer/invalid-domain', { params: { value: input.domain } })),
      );
  }

  let name: string | undefined;
  if (selector.ok && domain !== undefined) {
    name = `${selector.selector}.${DOMAINKEY_LABEL}.${domain}`;
    if (name.length > MAX_NAME_OCTETS) {
      fields.push(
        fieldDiagnostic(
          'selector',
          diagnostic('composer/invalid-selector', { params: { value: input.selector } }),
        ),
      );
      name = undefined;
    }
  }

  let draft = '';
  const key = input.key ?? '';
  if (key.trim() === '') {
    fields.push(fieldDiagnostic('key', diagnostic('composer/missing-value')));
  } else {
    const repaired = repairDkimKey(key);
    repairs.push(...repaired.repairs.map((r) => repairMessage(r.kind)));
    if (repaired.record === null) {
      fields.push(
        fieldDiagnostic('key', diagnostic('dkim/key-damaged', { params: { reason: 'not-a-key' } })),
      );
    } else if (repaired.key === '') {
      // RFC 6376 §3.6.1: an empty p= revokes the key; a setup needs a key to publish.
      fields.push(fieldDiagnostic('key', diagnostic('composer/missing-value')));
    } else {
      draft = repaired.record;
      for (const d of recordDiagnostics(draft)) {
        if (d.severity === 'error') fields.push(fieldDiagnostic('key', d));
      }
    }
  }

  const built = finishRecord(draft, name, fields, recordDiagnostics);
  return { ...built, selector: selector.ok ? selector.selector : null, repairs };
}
