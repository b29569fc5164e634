// The chosen language (zh-CN / en): from `?lang=`, then what the user picked before
// (localStorage, written by paraglide's setLocale), then the browser's languages.
import { baseLocale, locales, setLocale, type Locale } from '../../paraglide/runtime.js';
import { Persisted } from './persisted.svelte.ts';

const STORAGE_KEY = 'PARAGLIDE_LOCALE';

function isLocale(value: string | null | undefined): value is Locale {
  return !!value && (locales as readonly string[]).includes(value);
}

function initialLocale(): Locale {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (isLocale(fromUrl)) return fromUrl;
  // Written by paraglide's setLocale; read here only.
  const stored = new Persisted<Locale | null>(STORAGE_KEY, null, {
    parse: (text) => (isLocale(text) ? text : undefined),
    stringify: (v) => v ?? '',
  }).current;
  if (stored) return stored;
  const zh = navigator.languages?.some((l) => l.toLowerCase().startsWith('zh'));
  return zh ? 'zh-CN' : baseLocale;
}

export class LocaleState {
  current = $state<Locale>(baseLocale);

  constructor() {
    this.set(initialLocale());
  }

  set(locale: Locale): void {
    setLocale(locale, { reload: false });
    this.current = locale;
    document.documentElement.lang = locale;
  }
}

export const i18n = new LocaleState();
