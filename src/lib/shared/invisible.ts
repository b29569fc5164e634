// Characters a user cannot see but a parser can: zero-width, bidi controls, control bytes,
// look-alike spaces and the full-width punctuation of CJK input methods (docs/cloudflare.md: pasted
// invisible characters break records and domains).

export interface InvisibleChar {
  index: number;
  char: string;
  /** `U+200B` */
  codePoint: string;
  kind: 'control' | 'zero-width' | 'bidi' | 'space' | 'fullwidth';
}

function kindOf(cp: number): InvisibleChar['kind'] | null {
  if (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) return 'control';
  if (cp === 0x7f || (cp >= 0x80 && cp <= 0x9f)) return 'control';
  if ((cp >= 0x200b && cp <= 0x200d) || cp === 0x2060 || cp === 0xfeff || cp === 0x00ad) return 'zero-width';
  if (cp === 0x200e || cp === 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
    return 'bidi';
  if (cp === 0x00a0 || cp === 0x3000 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x202f || cp === 0x205f)
    return 'space';
  if (cp >= 0xff01 && cp <= 0xff5e) return 'fullwidth';
  return null;
}

export function findInvisible(text: string): InvisibleChar[] {
  const out: InvisibleChar[] = [];
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const kind = kindOf(cp);
    if (kind) {
      out.push({
        index: i,
        char: String.fromCodePoint(cp),
        codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`,
        kind,
      });
    }
    if (cp > 0xffff) i++;
  }
  return out;
}

/** Replaces invisible characters by nothing and full-width ASCII by its ASCII form. */
export function stripInvisible(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const kind = kindOf(cp);
    if (kind === 'fullwidth') out += String.fromCodePoint(cp - 0xfee0);
    else if (kind === 'space') out += ' ';
    else if (kind === null) out += ch;
  }
  return out;
}
