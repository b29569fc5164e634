// Builder inputs that survive a reload, the back button and a crash: each builder encodes its
// inputs as one query string, kept in the URL hash (`#/build/spf?…`, shareable) and in
// localStorage. The URL wins when it carries inputs; otherwise the last inputs typed come back.

import { Persisted, textCodec } from './persisted.svelte.ts';
import { hashQuery, parseRoute } from './router.svelte.ts';

const STORAGE_PREFIX = 'maildns.composer.';

/** One stored query string per builder, made on first use (not state: the stores are). */
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const stores = new Map<string, Persisted<string>>();
function store(storageKey: string): Persisted<string> {
  let s = stores.get(storageKey);
  if (!s) stores.set(storageKey, (s = new Persisted(STORAGE_PREFIX + storageKey, '', textCodec)));
  return s;
}

/** The inputs to start from: the URL's hash query if it has any, else what was stored last. */
export function restoreQuery(storageKey: string): URLSearchParams {
  const fromUrl = hashQuery(location.hash);
  if ([...fromUrl.keys()].length > 0) return fromUrl;
  // A fresh, non-reactive copy: read once when the page opens.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  return new URLSearchParams(store(storageKey).current);
}

/**
 * Writes the inputs to localStorage and, while the page at `path` is showing, to the URL hash with
 * `history.replaceState` (no history entry per keystroke; `?lang=` and the rest of the URL stay).
 */
export function persistQuery(storageKey: string, path: string, query: URLSearchParams): void {
  const text = query.toString();
  store(storageKey).current = text;
  const current = parseRoute(location.hash);
  const wanted = parseRoute(`#${path}`);
  if (current.name !== wanted.name) return;
  // A one-off value for replaceState, not state.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  const url = new URL(location.href);
  url.hash = text ? `${path}?${text}` : path;
  if (url.href !== location.href) history.replaceState(history.state, '', url.href);
}

/** Forgets the stored inputs (the "start over" button). */
export function forgetQuery(storageKey: string): void {
  store(storageKey).forget();
}

/**
 * Keeps a builder form persisted while the component that made it is mounted: call from the form's
 * constructor (forms are made during a page's initialisation), so no page has to remember an effect.
 */
export function persistWhileMounted(form: { persist(): void }): void {
  $effect(() => form.persist());
}

// ── small codecs shared by the builders ──────────────────────────────────────

/** Non-empty entries of a repeated parameter (`ip4=…&ip4=…`). */
export function getList(q: URLSearchParams, name: string): string[] {
  return q.getAll(name);
}

export function setList(q: URLSearchParams, name: string, values: readonly string[]): void {
  for (const v of values) q.append(name, v);
}

export function getFlag(q: URLSearchParams, name: string): boolean {
  return q.get(name) === '1';
}

export function setFlag(q: URLSearchParams, name: string, value: boolean): void {
  if (value) q.set(name, '1');
}

/** `value` when it is one of `allowed`, else `fallback` (a hand-edited URL cannot break the form). */
export function getChoice<T extends string>(
  q: URLSearchParams,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const v = q.get(name);
  return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

export function setText(q: URLSearchParams, name: string, value: string): void {
  if (value !== '') q.set(name, value);
}
