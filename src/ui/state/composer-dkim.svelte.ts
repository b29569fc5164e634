// The DKIM page's inputs (#/build/dkim): domain, selector and the public key (pasted from a
// provider's console, or the record of a key pair generated here). The URL and localStorage
// keep only these public values: a generated private key lives in the page's memory until it is
// downloaded, and nowhere else.

import { buildDkimRecord, type DkimBuilt } from '../../lib/index.ts';
import {
  getChoice,
  persistQuery,
  persistWhileMounted,
  restoreQuery,
  setText,
} from './composer-persist.svelte.ts';

export const DKIM_PATH = '/build/dkim';
const STORAGE_KEY = 'dkim';

export type DkimMode = 'paste' | 'generate';

export class DkimForm {
  mode = $state<DkimMode>('paste');
  domain = $state('');
  selector = $state('');
  /** The public key as pasted (whole record, bare base64 or PEM) or as generated. */
  key = $state('');

  result = $derived<DkimBuilt>(
    buildDkimRecord({ selector: this.selector, domain: this.domain, key: this.key }),
  );

  constructor(query: URLSearchParams = restoreQuery(STORAGE_KEY)) {
    this.mode = getChoice(query, 'mode', ['paste', 'generate'] as const, 'paste');
    this.domain = query.get('d') ?? '';
    this.selector = query.get('s') ?? '';
    this.key = query.get('key') ?? '';
    persistWhileMounted(this);
  }

  toQuery(): URLSearchParams {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const q = new URLSearchParams();
    if (this.mode === 'generate') q.set('mode', 'generate');
    setText(q, 'd', this.domain);
    setText(q, 's', this.selector);
    setText(q, 'key', this.key);
    return q;
  }

  persist(): void {
    persistQuery(STORAGE_KEY, DKIM_PATH, this.toQuery());
  }
}
