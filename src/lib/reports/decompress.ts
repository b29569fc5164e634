// gzip (RFC 1952) and zip archives as receivers send aggregate reports (RFC 9990 §2.1: gzip or
// zip, one report per file), unpacked with a running byte count so a bomb is refused after at most
// one inflate step — never by allocating the size it claims.
//
// fflate: small (~8 KB of what is used), pure JS for browser, Worker and Node, maintained, and it
// streams: input is pushed in slices and output arrives per slice, so the count can stop it.

import { Gunzip, Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import type { Code } from '../diagnostics/codes.ts';
import {
  INFLATE_CHUNK_BYTES,
  MAX_COMPRESSION_RATIO,
  MAX_DECOMPRESSED_BYTES,
  MAX_ZIP_ENTRIES,
  RATIO_CHECK_MIN_BYTES,
} from './limits.ts';

export interface Entry {
  name: string;
  bytes: Uint8Array;
}

export type Unpacked =
  | { ok: true; entries: Entry[] }
  | {
      ok: false;
      code: Code;
      params?: Record<string, string | number>;
      /** Bytes inflated before stopping: what refusing the file cost. */
      inflated?: number;
    };

export type Refusal = Extract<Unpacked, { ok: false }>;

/** What one file may still expand to, shared by its layers and entries. */
export interface Budget {
  /** Decompressed bytes left of MAX_DECOMPRESSED_BYTES. */
  remaining: number;
}

export function newBudget(): Budget {
  return { remaining: MAX_DECOMPRESSED_BYTES };
}

/** RFC 1952 §2.3: a 10-byte header and an 8-byte trailer at least. */
const GZIP_MIN_BYTES = 18;
/** CR, LF, NUL and space after the last member, up to a few of them. */
const TRAILING_JUNK = new Set([0x0d, 0x0a, 0x00, 0x20]);
const MAX_TRAILING_JUNK = 8;

/** RFC 1952 §2.3.1: ID1 = 31, ID2 = 139. */
export function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** APPNOTE.TXT §4.3.7 local file header `PK\x03\x04`, §4.3.16 end of central directory `PK\x05\x06`. */
export function isZip(b: Uint8Array): boolean {
  return (
    b.length >= 4 &&
    b[0] === 0x50 &&
    b[1] === 0x4b &&
    ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6))
  );
}

/** Tracks output against the budget and the ratio to the input consumed so far. */
class Meter {
  out = 0;
  failure: Refusal | null = null;
  constructor(private readonly budget: Budget) {}

  /** False once a limit is crossed (and `failure` says which). */
  take(bytes: number, consumed: number): boolean {
    this.out += bytes;
    this.budget.remaining -= bytes;
    if (this.budget.remaining < 0) {
      this.failure = {
        ok: false,
        code: 'reports/decompressed-too-large',
        params: { max: MAX_DECOMPRESSED_BYTES },
      };
      return false;
    }
    if (this.out >= RATIO_CHECK_MIN_BYTES && this.out / Math.max(consumed, 1) > MAX_COMPRESSION_RATIO) {
      this.failure = { ok: false, code: 'reports/compression-ratio', params: { max: MAX_COMPRESSION_RATIO } };
      return false;
    }
    return true;
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Inflates a gzip file (all its members). */
export function gunzipBounded(bytes: Uint8Array, budget: Budget): Unpacked {
  const meter = new Meter(budget);
  const chunks: Uint8Array[] = [];
  let consumed = 0;
  let stopped = false;
  const gunzip = new Gunzip((chunk) => {
    if (stopped) return;
    if (!meter.take(chunk.length, consumed)) {
      stopped = true;
      return;
    }
    chunks.push(chunk);
  });
  // Where each member after the first starts (input offset) and how much output came before it.
  const members: Array<{ offset: number; out: number }> = [];
  gunzip.onmember = (offset) => {
    members.push({ offset, out: meter.out });
  };
  try {
    for (let at = 0; at < bytes.length && !stopped; at += INFLATE_CHUNK_BYTES) {
      const end = Math.min(at + INFLATE_CHUNK_BYTES, bytes.length);
      consumed = end;
      gunzip.push(bytes.subarray(at, end), end === bytes.length);
    }
  } catch {
    if (!stopped) return { ok: false, code: 'reports/corrupt-archive' };
  }
  if (meter.failure) return { ...meter.failure, inflated: meter.out };
  // RFC 1952 §2.3.1: a member ends with ISIZE, its input size modulo 2^32. fflate does not say
  // when the input stops early, so a last member whose output disagrees is a truncated file.
  // Mail gateways append line ends to attachments (parsedmarc's mimecast sample): the trailer
  // may sit before them (ISIZE's own last bytes can be 0x00 or 0x0A, so the untrimmed end is tried first).
  const trailerOk = (end: number): boolean => {
    if (end < GZIP_MIN_BYTES) return false;
    const last = members.filter((m) => m.offset <= end - GZIP_MIN_BYTES).pop() ?? { offset: 0, out: 0 };
    const isize = new DataView(bytes.buffer, bytes.byteOffset).getUint32(end - 4, true);
    return isize === (meter.out - last.out) % 2 ** 32;
  };
  let ok = trailerOk(bytes.length);
  for (let k = 1; !ok && k <= MAX_TRAILING_JUNK && TRAILING_JUNK.has(bytes[bytes.length - k]); k++)
    ok = trailerOk(bytes.length - k);
  if (!ok) return { ok: false, code: 'reports/corrupt-archive' };
  return { ok: true, entries: [{ name: '', bytes: concat(chunks, meter.out) }] };
}

/** Unpacks every file of a zip archive (directories skipped). */
export function unzipBounded(bytes: Uint8Array, budget: Budget): Unpacked {
  const meter = new Meter(budget);
  const entries: Entry[] = [];
  let consumed = 0;
  let stopped = false;
  let failure: Refusal | null = null;
  let count = 0;
  const unzip = new Unzip((file: UnzipFile) => {
    if (stopped || file.name.endsWith('/')) return;
    if (++count > MAX_ZIP_ENTRIES) {
      stopped = true;
      failure = {
        ok: false,
        code: 'reports/decompressed-too-large',
        params: { max: MAX_DECOMPRESSED_BYTES },
      };
      return;
    }
    // The sizes the archive claims: refused up front when they already cross a limit.
    if (file.originalSize !== undefined && file.originalSize > budget.remaining) {
      stopped = true;
      failure = {
        ok: false,
        code: 'reports/decompressed-too-large',
        params: { max: MAX_DECOMPRESSED_BYTES },
      };
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (err, chunk, final) => {
      if (stopped) return;
      if (err) {
        stopped = true;
        failure = { ok: false, code: 'reports/corrupt-archive' };
        return;
      }
      if (!meter.take(chunk.length, consumed)) {
        stopped = true;
        file.terminate();
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
      if (final) entries.push({ name: file.name, bytes: concat(chunks, size) });
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.length && !stopped; at += INFLATE_CHUNK_BYTES) {
      const end = Math.min(at + INFLATE_CHUNK_BYTES, bytes.length);
      consumed = end;
      unzip.push(bytes.subarray(at, end), end === bytes.length);
    }
  } catch {
    if (!stopped) return { ok: false, code: 'reports/corrupt-archive' };
  }
  if (meter.failure) return { ...meter.failure, inflated: meter.out };
  if (failure) return { ...(failure as Refusal), inflated: meter.out };
  if (entries.length === 0) return { ok: false, code: 'reports/empty-archive' };
  return { ok: true, entries };
}
