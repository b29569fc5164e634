// Message lookup by key for texts chosen at run time (diagnostic codes, findings, trace steps).
// Static texts call the compiled paraglide functions directly (`m.nav_check()`).
import * as m from '../../paraglide/messages.js';
import { findInvisible, messageKey, type Diagnostic } from '../../lib/index.ts';

type MessageFn = (inputs?: Record<string, unknown>) => string;
const table = m as unknown as Record<string, MessageFn | undefined>;

export function hasMessage(key: string): boolean {
  return typeof table[key] === 'function';
}

/** The localized text of `key`, with missing parameters shown as `…` rather than "undefined". */
export function msg(key: string, params: Record<string, string | number> = {}): string {
  const fn = table[key];
  if (!fn) return key;
  const safe = new Proxy(params, {
    get: (target, prop: string) => (prop in target ? target[prop] : '…'),
  });
  return fn(safe);
}

/**
 * Parameters whose values are tokens with localized texts of their own, e.g. the `reason` of
 * `dkim/key-damaged` (`quotes` → `dkim_damage_quotes`; keep in sync with src/lib/dkim/inspect.ts).
 */
const TOKEN_PARAMS: Record<string, (code: string, value: string) => string> = {
  reason: (code, value) => `${code.split('/')[0]}_damage_${messageKey(value)}`,
};

/**
 * Parameters often quote DNS or pasted text (a tag name, a term): its invisible and control
 * characters become the same ⟦U+XXXX⟧ marks RevealedText shows, never the characters themselves
 * (keep the mark in sync with RevealedText.svelte).
 */
function revealInvisible(value: string): string {
  let out = '';
  let at = 0;
  for (const c of findInvisible(value)) {
    out += `${value.slice(at, c.index)}⟦${c.codePoint}⟧`;
    at = c.index + c.char.length;
  }
  return at === 0 ? value : out + value.slice(at);
}

export function diagnosticText(d: Pick<Diagnostic, 'code' | 'params'>): string {
  const params: Record<string, string | number> = { ...d.params };
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string') params[name] = revealInvisible(value);
  }
  for (const [name, toKey] of Object.entries(TOKEN_PARAMS)) {
    const value = params[name];
    if (typeof value !== 'string') continue;
    const key = toKey(d.code, value);
    if (hasMessage(key)) params[name] = msg(key, params);
  }
  return msg(messageKey(d.code), params);
}
