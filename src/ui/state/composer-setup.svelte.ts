// The provider setup wizard's inputs (#/setup) and the record set the library composes from
// them; every input lives in the URL and in localStorage.

import { PROVIDERS, setupRecords, type SetupInput, type SetupResult } from '../../lib/index.ts';
import { persistQuery, restoreQuery, setText } from './composer-persist.svelte.ts';

export const SETUP_PATH = '/setup';
const STORAGE_KEY = 'setup';
/** The user this wizard is built for moved to Tencent Exmail (DESIGN.md): it comes first. */
export const FIRST_PROVIDER = 'tencent-exmail';
/** URL parameters `ph.<name>` carry the values of `<name>` placeholders in MX hosts. */
const PLACEHOLDER_PREFIX = 'ph.';

export class SetupForm {
  providerId = $state(FIRST_PROVIDER);
  domain = $state('');
  dkimSelector = $state('');
  dkimKey = $state('');
  dkimTarget = $state('');
  reportAddress = $state('');
  mailFromSubdomain = $state('');
  placeholders = $state<Record<string, string>>({});

  input = $derived<SetupInput>({
    providerId: this.providerId,
    domain: this.domain,
    dkimSelector: this.dkimSelector,
    dkimKey: this.dkimKey,
    dkimTarget: this.dkimTarget,
    reportAddress: this.reportAddress,
    ...(this.mailFromSubdomain.trim() !== '' && { mailFromSubdomain: this.mailFromSubdomain }),
    placeholders: this.placeholders,
  });

  result = $derived<SetupResult>(setupRecords(this.input));

  constructor(query: URLSearchParams = restoreQuery(STORAGE_KEY)) {
    const id = query.get('p');
    this.providerId = id !== null && PROVIDERS.some((p) => p.id === id) ? id : FIRST_PROVIDER;
    this.domain = query.get('d') ?? '';
    this.dkimSelector = query.get('s') ?? '';
    this.dkimKey = query.get('key') ?? '';
    this.dkimTarget = query.get('target') ?? '';
    this.reportAddress = query.get('rua') ?? '';
    this.mailFromSubdomain = query.get('mf') ?? '';
    const placeholders: Record<string, string> = {};
    for (const [name, value] of query) {
      if (name.startsWith(PLACEHOLDER_PREFIX)) placeholders[name.slice(PLACEHOLDER_PREFIX.length)] = value;
    }
    this.placeholders = placeholders;
  }

  toQuery(): URLSearchParams {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const q = new URLSearchParams();
    q.set('p', this.providerId);
    setText(q, 'd', this.domain);
    setText(q, 's', this.dkimSelector);
    setText(q, 'key', this.dkimKey);
    setText(q, 'target', this.dkimTarget);
    setText(q, 'rua', this.reportAddress);
    setText(q, 'mf', this.mailFromSubdomain);
    for (const [name, value] of Object.entries(this.placeholders))
      setText(q, PLACEHOLDER_PREFIX + name, value);
    return q;
  }

  persist(): void {
    persistQuery(STORAGE_KEY, SETUP_PATH, this.toQuery());
  }

  setPlaceholder(name: string, value: string): void {
    this.placeholders = { ...this.placeholders, [name]: value };
  }
}
