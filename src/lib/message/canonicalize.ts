// DKIM canonicalisation (RFC 6376 §3.4): the "simple" and "relaxed" forms of header fields and of
// the body. Header fields are binary strings (one char per octet, see intake.ts); the body is octets
// whose line ends are already CRLF (readMessage normalises them). ARC (RFC 8617 §5.1.1) uses the
// same algorithms.

export type Canonicalization = 'simple' | 'relaxed';

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HTAB = 0x09;

/** Body octets canonicalised between two yields, so that a 10 MB body never freezes a page. */
export const BODY_SLICE_OCTETS = 512 * 1024;

/**
 * RFC 6376 §3.4.1 "simple": the field exactly as it is, followed by CRLF.
 * RFC 6376 §3.4.2 "relaxed": name lower-cased; unfolded; WSP runs → one SP; WSP at the end of the
 * value and around the colon deleted. Returns the canonical field with its CRLF.
 */
export function canonicalHeader(raw: string, c: Canonicalization): string {
  return c === 'simple' ? `${raw}\r\n` : `${relaxedHeader(raw)}\r\n`;
}

/** RFC 6376 §3.4.2, without the final CRLF. */
export function relaxedHeader(raw: string): string {
  const colon = raw.indexOf(':');
  if (colon === -1) return raw.toLowerCase();
  // Field names are ASCII (RFC 5322 §3.6.8 ftext), so toLowerCase touches nothing else.
  const name = raw
    .slice(0, colon)
    .replace(/[ \t\r\n]+$/, '')
    .toLowerCase();
  const value = raw
    .slice(colon + 1)
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/^ /, '')
    .replace(/ $/, '');
  return `${name}:${value}`;
}

/**
 * RFC 6376 §3.4.3 "simple": "ignores all empty lines at the end of the message body ... If there is
 * no body or no trailing CRLF on the message body, a CRLF is added." Returns the canonical body.
 * No copy when the body already ends with exactly one CRLF (the common case).
 */
export function simpleBody(body: Uint8Array): Uint8Array {
  let end = body.length;
  while (end >= 2 && body[end - 2] === CR && body[end - 1] === LF) end -= 2;
  if (end + 2 <= body.length) return body.subarray(0, end + 2);
  const out = new Uint8Array(end + 2);
  out.set(body.subarray(0, end));
  out[end] = CR;
  out[end + 1] = LF;
  return out;
}

/** The state of the relaxed body canonicaliser between slices. */
interface RelaxedState {
  out: Uint8Array;
  length: number;
  /** WSP seen since the last content octet of the line. */
  wsp: boolean;
  /** Line ends not yet written: they are dropped if only empty lines follow. */
  crlfs: number;
}

function relaxedSlice(body: Uint8Array, from: number, to: number, s: RelaxedState): void {
  const out = s.out;
  let o = s.length;
  let wsp = s.wsp;
  let crlfs = s.crlfs;
  for (let i = from; i < to; i++) {
    const b = body[i];
    if (b === SP || b === HTAB) wsp = true;
    else if (b === LF) {
      // §3.4.4 a: "Ignore all whitespace at the end of lines."
      wsp = false;
      crlfs++;
    } else if (b === CR) {
      // part of the CRLF that ends the line (the body is normalised); the LF counts it
    } else {
      for (; crlfs > 0; crlfs--) {
        out[o++] = CR;
        out[o++] = LF;
      }
      // §3.4.4 b: "Reduce all sequences of WSP within a line to a single SP character."
      if (wsp) out[o++] = SP;
      wsp = false;
      out[o++] = b;
    }
  }
  s.length = o;
  s.wsp = wsp;
  s.crlfs = crlfs;
}

function relaxedFinish(s: RelaxedState): Uint8Array {
  // §3.4.4: "Ignore all empty lines at the end of the message body ... If the body is non-empty
  // but does not end with a CRLF, a CRLF is added." An empty body stays empty.
  if (s.length > 0) {
    s.out[s.length++] = CR;
    s.out[s.length++] = LF;
  }
  return s.out.subarray(0, s.length);
}

function relaxedState(body: Uint8Array): RelaxedState {
  // The canonical body is never longer than the body plus one added CRLF.
  return { out: new Uint8Array(body.length + 2), length: 0, wsp: false, crlfs: 0 };
}

/** RFC 6376 §3.4.4 "relaxed", in one go. */
export function relaxedBody(body: Uint8Array): Uint8Array {
  const s = relaxedState(body);
  relaxedSlice(body, 0, body.length, s);
  return relaxedFinish(s);
}

/** Lets the page paint and handle input between slices of work (a macrotask, not a microtask). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The canonical body (§3.4.3, §3.4.4), computed in slices of BODY_SLICE_OCTETS with a yield to the
 * event loop between them when the body is large. Rejects only when `signal` aborts.
 */
export async function canonicalBody(
  body: Uint8Array,
  c: Canonicalization,
  o: { signal?: AbortSignal } = {},
): Promise<Uint8Array> {
  if (c === 'simple') return simpleBody(body);
  if (body.length <= BODY_SLICE_OCTETS) return relaxedBody(body);
  const s = relaxedState(body);
  for (let from = 0; from < body.length; from += BODY_SLICE_OCTETS) {
    if (from > 0) {
      await yieldToEventLoop();
      o.signal?.throwIfAborted();
    }
    relaxedSlice(body, from, Math.min(body.length, from + BODY_SLICE_OCTETS), s);
  }
  return relaxedFinish(s);
}
