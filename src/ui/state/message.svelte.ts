// The message page's run (#/message): the pasted text or the file's bytes analysed in the page,
// streamed into `report` as keys and policies arrive; a new run cancels the previous one.
import {
  analyzeMessage,
  readMessage,
  utf8Length,
  type HeaderField,
  type MessageReport,
} from '../../lib/index.ts';
import { ReachabilityWatch } from './reachability.svelte.ts';
import { resolverSettings } from './settings.svelte.ts';

/** The SMTP envelope the user may give (the message itself does not carry it). */
export interface EnvelopeInput {
  ip?: string;
  helo?: string;
  mailFrom?: string;
}

/** Only what was typed: an empty field means "read it from the message". */
function given(e: EnvelopeInput): EnvelopeInput {
  const out: EnvelopeInput = {};
  for (const key of ['ip', 'helo', 'mailFrom'] as const) {
    const value = e[key]?.trim();
    if (value) out[key] = value;
  }
  return out;
}

export class MessageRun {
  report = $state.raw<MessageReport | null>(null);
  /** The header fields of the message analysed, for the raw view. */
  headers = $state.raw<HeaderField[]>([]);
  running = $state(false);
  /** Whether the chosen resolver can be reached (issue 15 notice). */
  readonly reachability = new ReachabilityWatch();
  #controller: AbortController | null = null;
  #last: { raw: string | Uint8Array; envelope: EnvelopeInput } | null = null;

  start(raw: string | Uint8Array, envelope: EnvelopeInput = {}): void {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    const typed = given(envelope);
    this.#last = { raw, envelope: typed };
    this.report = null;
    // Read once: the raw view shows the header fields, the analysis goes on from the same reading.
    const input = readMessage(raw);
    this.headers = input.headers;
    this.running = true;
    const resolver = resolverSettings.resolver;
    this.reachability.follow(resolver);
    const current = () => this.#controller === controller;
    analyzeMessage(raw, {
      resolver,
      ...typed,
      input,
      signal: controller.signal,
      onUpdate: (partial) => {
        if (current()) this.report = partial;
      },
    }).then(
      (report) => {
        if (!current()) return;
        this.report = report;
        this.running = false;
      },
      () => {
        if (current()) this.running = false;
      },
    );
  }

  /** The same message again (after another resolver was chosen). */
  rerun(): void {
    if (this.#last) this.start(this.#last.raw, this.#last.envelope);
  }
}

/** Octets of a pasted text, for the status line. */
export const textOctets = (text: string) => utf8Length(text);

export const messageRun = new MessageRun();
