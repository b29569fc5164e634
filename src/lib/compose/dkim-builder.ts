// The DKIM key record builder (RFC 6376 §3.6.1, RFC 8463): a key pasted from a provider's console,
// with its paste damage repaired by repairDkimKey (each repair listed), published at
// `<selector>._domainkey.<domain>` (RFC 6376 §3.6.2.1).

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/model.ts';
import { rsaSizeDiagnostics } from '../dkim/inspect.ts';
import { readKeyShape } from '../dkim/key-shape.ts';
import type { DkimKeyRecord } from '../dkim/model.ts';
import { parseDkimKey } from '../dkim/parse.ts';
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
 * What the parser leaves to inspectDkimKey and can be known without WebCrypto, so the builder stays
 * synchronous: the RSA key's size (RFC 8301 §3.2). The key's shape itself (damage, a k= that does
 * not match, a wrapped Ed25519 key) the parser reports, with its span (dkim/key-shape.ts).
 */
function keySizeDiagnostics(record: DkimKeyRecord | null): Diagnostic[] {
  if (!record?.p || record.invalid?.some((t) => t.name === 'k')) return [];
  const read = readKeyShape(record.p, record.k ?? 'rsa');
  return read.ok && read.shape.kind === 'rsa' ? rsaSizeDiagnostics(read.shape.bits) : [];
}

/** Everything the builder says about a key record: the parser's diagnostics and the key's size. */
export function dkimRecordDiagnostics(text: string): Diagnostic[] {
  // An empty draft means there is no usable key yet; the field diagnostics say why.
  if (text === '') return [];
  const parsed = parseDkimKey(text);
  return [...parsed.diagnostics, ...keySizeDiagnostics(parsed.record)];
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
      for (const d of dkimRecordDiagnostics(draft)) {
        if (d.severity === 'error') fields.push(fieldDiagnostic('key', d));
      }
    }
  }

  const built = finishRecord(draft, name, fields, dkimRecordDiagnostics);
  return { ...built, selector: selector.ok ? selector.selector : null, repairs };
}
