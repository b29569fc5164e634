// Message lookup by key for texts chosen at run time (diagnostic codes, findings, trace steps).
// Static texts call the compiled paraglide functions directly (`m.nav_check()`).
import * as m from '../../paraglide/messages.js';
import { messageKey, type Diagnostic } from '../../lib/index.ts';

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

export function diagnosticText(d: Pick<Diagnostic, 'code' | 'params'>): string {
  return msg(messageKey(d.code), d.params ?? {});
}
