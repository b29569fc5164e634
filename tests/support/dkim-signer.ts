// A small DKIM signer for tests only (RFC 6376 §5, RFC 8463 §3), written apart from the verifier
// (its own canonicalisation and header selection) so that a signed-then-verified message checks
// the verifier against a second reading of the RFC. WebCrypto only (Node and Chromium); messages are
// ASCII with CRLF.

export type TestAlgorithm = 'rsa-sha256' | 'rsa-sha1' | 'ed25519-sha256';
export type TestCanon = 'simple' | 'relaxed';

export interface TestKey {
  algorithm: TestAlgorithm;
  privateKey: CryptoKey;
  /** base64 of the public key as published in p= (SPKI for RSA, 32 raw octets for Ed25519). */
  p: string;
  /** base64 of the RSA key as a bare PKCS#1 RSAPublicKey (RFC 6376 erratum 3017). */
  pkcs1?: string;
}

/** base64 with btoa, so the signer runs in Node and in the browser tests alike. */
function b64(bytes: ArrayBuffer | Uint8Array): string {
  const octets = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const o of octets) binary += String.fromCharCode(o);
  return btoa(binary);
}

/** SubjectPublicKeyInfo → the RSAPublicKey inside its BIT STRING (DER lengths walked by hand). */
function spkiToPkcs1(spki: Uint8Array): Uint8Array {
  const len = (at: number): [number, number] => {
    const first = spki[at];
    if (first < 0x80) return [first, at + 1];
    let n = 0;
    for (let i = 1; i <= (first & 0x7f); i++) n = n * 256 + spki[at + i];
    return [n, at + 1 + (first & 0x7f)];
  };
  let [, at] = len(1); // outer SEQUENCE content
  const [algLen, algAt] = len(at + 1); // AlgorithmIdentifier
  at = algAt + algLen;
  const [, bitsAt] = len(at + 1); // BIT STRING
  return spki.subarray(bitsAt + 1); // skip the unused-bits octet
}

export async function makeTestKey(algorithm: TestAlgorithm, modulusLength = 2048): Promise<TestKey> {
  if (algorithm === 'ed25519-sha256') {
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    return {
      algorithm,
      privateKey: pair.privateKey,
      p: b64(await crypto.subtle.exportKey('raw', pair.publicKey)),
    };
  }
  const pair = (await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: algorithm === 'rsa-sha1' ? 'SHA-1' : 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  return { algorithm, privateKey: pair.privateKey, p: b64(spki), pkcs1: b64(spkiToPkcs1(spki)) };
}

export interface SignOptions {
  key: TestKey;
  domain: string;
  selector: string;
  headers: string[];
  canon?: `${TestCanon}/${TestCanon}`;
  /** l=: sign only this many octets of the canonical body. */
  bodyLength?: number;
  timestamp?: number;
  expiration?: number;
  identity?: string;
  /** Tags as written, added before b= (to test the verifier's tag handling). */
  extra?: string;
}

function relaxedHeaderField(field: string): string {
  const colon = field.indexOf(':');
  const name = field.slice(0, colon).trim().toLowerCase();
  const value = field
    .slice(colon + 1)
    .split('\r\n')
    .join('')
    .split(/[\t ]+/)
    .join(' ')
    .trim();
  return `${name}:${value}\r\n`;
}

function canonBody(body: string, c: TestCanon): string {
  let lines = body.split('\r\n');
  if (lines.at(-1) === '') lines.pop();
  if (c === 'relaxed') lines = lines.map((l) => l.replace(/[\t ]+/g, ' ').replace(/ $/, ''));
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  if (lines.length === 0) return c === 'simple' ? '\r\n' : '';
  return lines.map((l) => `${l}\r\n`).join('');
}

const ascii = (s: string) => new TextEncoder().encode(s);

/** Signs `message` (CRLF, ASCII) and returns it with the DKIM-Signature field on top. */
export async function signMessage(message: string, o: SignOptions): Promise<string> {
  const split = message.indexOf('\r\n\r\n');
  const head = message.slice(0, split + 2);
  const body = message.slice(split + 4);
  const fields: string[] = [];
  for (const line of head.split('\r\n').slice(0, -1)) {
    if (/^[ \t]/.test(line)) fields[fields.length - 1] += `\r\n${line}`;
    else fields.push(line);
  }
  const [hc, bc] = (o.canon ?? 'relaxed/relaxed').split('/') as [TestCanon, TestCanon];
  const hash = o.key.algorithm === 'rsa-sha1' ? 'SHA-1' : 'SHA-256';
  let canonicalBody = canonBody(body, bc);
  if (o.bodyLength !== undefined) canonicalBody = canonicalBody.slice(0, o.bodyLength);
  const bh = b64(await crypto.subtle.digest(hash, ascii(canonicalBody)));
  const tags = [
    'v=1',
    `a=${o.key.algorithm}`,
    `c=${hc}/${bc}`,
    `d=${o.domain}`,
    `s=${o.selector}`,
    ...(o.identity ? [`i=${o.identity}`] : []),
    ...(o.timestamp !== undefined ? [`t=${o.timestamp}`] : []),
    ...(o.expiration !== undefined ? [`x=${o.expiration}`] : []),
    ...(o.bodyLength !== undefined ? [`l=${o.bodyLength}`] : []),
    `h=${o.headers.join(':')}`,
    ...(o.extra ? [o.extra] : []),
    `bh=${bh}`,
  ];
  const unsigned = `DKIM-Signature: ${tags.join('; ')};\r\n b=`;
  // §5.4.2: fields are taken bottom up, each instance once.
  const used = new Map<string, number>();
  let data = '';
  for (const name of o.headers) {
    const lower = name.toLowerCase();
    const matches = fields.filter((f) => f.slice(0, f.indexOf(':')).trim().toLowerCase() === lower);
    const n = used.get(lower) ?? 0;
    used.set(lower, n + 1);
    const field = matches[matches.length - 1 - n];
    if (field === undefined) continue;
    data += hc === 'simple' ? `${field}\r\n` : relaxedHeaderField(field);
  }
  data += hc === 'simple' ? unsigned : relaxedHeaderField(unsigned).slice(0, -2);
  let signature: ArrayBuffer;
  if (o.key.algorithm === 'ed25519-sha256') {
    // RFC 8463 §3: Ed25519 over the SHA-256 of the header data.
    const digest = await crypto.subtle.digest('SHA-256', ascii(data));
    signature = await crypto.subtle.sign({ name: 'Ed25519' }, o.key.privateKey, digest);
  } else {
    signature = await crypto.subtle.sign({ name: 'RSASSA-PKCS1-v1_5' }, o.key.privateKey, ascii(data));
  }
  return `${unsigned}${b64(signature)}\r\n${message}`;
}

/** The key record to publish for `key`. */
export function keyRecord(key: TestKey, extra = ''): string {
  const k = key.algorithm === 'ed25519-sha256' ? 'ed25519' : 'rsa';
  return `v=DKIM1; k=${k};${extra ? ` ${extra};` : ''} p=${key.p}`;
}
