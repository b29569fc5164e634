// The "Check a record" page's state: the pasted text survives a language switch and a reload
// (sessionStorage), and the result follows the text.
import { checkRecord, type CheckResult, type Span } from '../../lib/index.ts';

const STORAGE_KEY = 'maildns.check.text';
const DEBOUNCE_MS = 120;

function stored(): string {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

export class CheckState {
  text = $state(stored());
  result = $state<CheckResult | null>(null);
  highlight = $state<Span | undefined>(undefined);
  checking = $state(false);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #generation = 0;

  constructor() {
    if (this.text) void this.run();
  }

  setText(text: string): void {
    this.text = text;
    this.highlight = undefined;
    try {
      sessionStorage.setItem(STORAGE_KEY, text);
    } catch {
      // storage unavailable: the text stays for this page view
    }
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.run(), DEBOUNCE_MS);
  }

  async run(): Promise<void> {
    const generation = ++this.#generation;
    if (this.text.trim() === '') {
      this.result = null;
      return;
    }
    this.checking = true;
    const result = await checkRecord(this.text);
    // A newer text may have been typed while this one was checked (DKIM keys are decoded async).
    if (generation !== this.#generation) return;
    this.result = result;
    this.checking = false;
  }
}

export const checkState = new CheckState();
