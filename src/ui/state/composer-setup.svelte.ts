// The provider setup wizard's inputs (#/setup) and the record set the library composes from
// them; every input lives in the URL and in localStorage.

import {
  PROVIDERS,
  setupRecords,
  type FieldDiagnostic,
  type SetupInput,
  type SetupResult,
} from '../../lib/index.ts';
import {
  getList,
  persistQuery,
  persistWhileMounted,
  restoreQuery,
  setList,
  setText,
} from './composer-persist.svelte.ts';

export const SETUP_PATH = '/setup';
const STORAGE_KEY = 'setup';
/** The user this wizard is built for moved to Tencent Exmail (docs/user.md): it comes first. */
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
  /** The provider's optional host aliases chosen (`mail`, `smtp`…). */
  hostAliases = $state<string[]>([]);
  /** Fields the user has left at least once, and whether the form was submitted: a field is only
   *  called "required" after either (issue 10 item 7), never before anything was typed. */
  left = $state<Record<string, true>>({});
  submitted = $state(false);

  input = $derived<SetupInput>({
    providerId: this.providerId,
    domain: this.domain,
    dkimSelector: this.dkimSelector,
    dkimKey: this.dkimKey,
    dkimTarget: this.dkimTarget,
    reportAddress: this.reportAddress,
    ...(this.mailFromSubdomain.trim() !== '' && { mailFromSubdomain: this.mailFromSubdomain }),
    placeholders: this.placeholders,
    hostAliases: this.hostAliases,
  });

  result = $derived<SetupResult>(setupRecords(this.input));

  /** The field notes to show now: "required" waits until the field was left or the form submitted. */
  shown = $derived<FieldDiagnostic[]>(
    this.result.fieldDiagnostics.filter(
      (d) => d.code !== 'composer/missing-value' || this.submitted || this.left[d.field] === true,
    ),
  );

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
    this.hostAliases = getList(query, 'ha');
    persistWhileMounted(this);
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
    setList(q, 'ha', this.hostAliases);
    return q;
  }

  persist(): void {
    persistQuery(STORAGE_KEY, SETUP_PATH, this.toQuery());
  }

  setHostAlias(name: string, on: boolean): void {
    this.hostAliases = on
      ? this.hostAliases.includes(name)
        ? this.hostAliases
        : [...this.hostAliases, name]
      : this.hostAliases.filter((n) => n !== name);
  }

  leave(field: string): void {
    if (!this.left[field]) this.left = { ...this.left, [field]: true };
  }

  submit(): void {
    this.submitted = true;
  }

  setPlaceholder(name: string, value: string): void {
    this.placeholders = { ...this.placeholders, [name]: value };
  }
}
