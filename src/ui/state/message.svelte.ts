// The message page's run (#/message): the pasted text or the file's bytes analysed in the page,
// streamed into `report` as keys and policies arrive; a new run cancels the previous one.
import { analyzeMessage, utf8Length, type MessageReport } from '../../lib/index.ts';
import { ReachabilityWatch } from './reachability.svelte.ts';
import { resolverSettings } from './settings.svelte.ts';

export class MessageRun {
  report = $state.raw<MessageReport | null>(null);
  running = $state(false);
  /** Whether the chosen resolver can be reached (issue 15 notice). */
  readonly reachability = new ReachabilityWatch();
  #controller: AbortController | null = null;
  #last: { raw: string | Uint8Array; ip?: string } | null = null;

  start(raw: string | Uint8Array, ip?: string): void {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#last = { raw, ...(ip ? { ip } : {}) };
    this.report = null;
    this.running = true;
    const resolver = resolverSettings.resolver;
    this.reachability.follow(resolver);
    const current = () => this.#controller === controller;
    analyzeMessage(raw, {
      resolver,
      ...(ip ? { ip } : {}),
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
    if (this.#last) this.start(this.#last.raw, this.#last.ip);
  }
}

/** Octets of a pasted text, for the status line. */
export const textOctets = (text: string) => utf8Length(text);

export const messageRun = new MessageRun();
