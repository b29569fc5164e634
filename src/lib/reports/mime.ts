// Report mails (RFC 9990 §2.1: the report travels as a MIME attachment) from `.eml` files and
// `.mbox` exports (RFC 4155) of the report mailbox: the attachments that may be reports.
//
// postal-mime: MIME parsing for browser, Worker and Node as an ES module with no dependencies, by
// the author of mailauth; it bounds nesting depth and header size itself.

import PostalMime from 'postal-mime';
import { MAX_MBOX_MESSAGES } from './limits.ts';

export interface MessageParts {
  /** Attachments (and, without any, a body that holds a report), as bytes. */
  parts: Array<{ name: string; mimeType: string; bytes: Uint8Array }>;
  /** RFC 6591: a failure report (`message/feedback-report`), which is not an aggregate report. */
  failureReport: boolean;
}

/** postal-mime's own limits, kept well below its defaults: report mails are shallow. */
const MIME_OPTIONS = { maxNestingDepth: 32, maxHeadersSize: 1024 * 1024, maxRfc822NestingDepth: 2 } as const;

const encoder = new TextEncoder();

function asBytes(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof content === 'string') return encoder.encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

export async function messageParts(bytes: Uint8Array): Promise<MessageParts> {
  const email = await PostalMime.parse(bytes, MIME_OPTIONS);
  const contentType = email.headers.find((h) => h.key === 'content-type')?.value ?? '';
  const failureReport =
    /report-type\s*=\s*"?feedback-report/i.test(contentType) ||
    email.attachments.some((a) => a.mimeType.toLowerCase() === 'message/feedback-report');
  const parts: MessageParts['parts'] = email.attachments.map((a) => ({
    name: a.filename ?? '',
    mimeType: a.mimeType.toLowerCase(),
    bytes: asBytes(a.content),
  }));
  // Some reporters put the XML in the body instead of attaching it.
  if (parts.length === 0 && email.text && /<feedback[\s>]/i.test(email.text))
    parts.push({ name: '', mimeType: 'text/plain', bytes: encoder.encode(email.text) });
  return { parts, failureReport };
}

function isFromLine(b: Uint8Array, at: number): boolean {
  return (
    b[at] === 0x46 && b[at + 1] === 0x72 && b[at + 2] === 0x6f && b[at + 3] === 0x6d && b[at + 4] === 0x20
  );
}

/**
 * RFC 4155 §2: each message of an mbox starts with a line beginning "From " (the separator is
 * not part of the message); a "From " inside a body is written ">From ", so every line that
 * begins with "From " starts a message. Returns the messages without their separator lines.
 */
export function splitMbox(b: Uint8Array): { messages: Uint8Array[]; truncated: boolean } {
  const starts: number[] = [];
  for (let at = 0; at < b.length;) {
    if ((at === 0 || b[at - 1] === 0x0a) && isFromLine(b, at)) starts.push(at);
    const nl = b.indexOf(0x0a, at);
    if (nl === -1) break;
    at = nl + 1;
  }
  const messages: Uint8Array[] = [];
  for (let i = 0; i < starts.length && messages.length < MAX_MBOX_MESSAGES; i++) {
    const lineEnd = b.indexOf(0x0a, starts[i]);
    if (lineEnd === -1) continue;
    const end = i + 1 < starts.length ? starts[i + 1] : b.length;
    messages.push(b.subarray(lineEnd + 1, end));
  }
  return { messages, truncated: starts.length > MAX_MBOX_MESSAGES };
}
