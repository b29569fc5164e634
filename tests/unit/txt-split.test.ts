// splitTxt / joinTxt (shared/txt.ts): TXT character-strings hold at most 255 octets
// (RFC 1035 §3.3.14); SPF (RFC 7208 §3.3) and DKIM (RFC 6376 §3.6.2.2) join them without a
// separator. Splits fall between characters (UTF-8 sequences, surrogate pairs), never inside one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinTxt, quoteTxt, splitTxt, utf8Length } from '../../src/lib/index.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const MAX = 255;

/** The invariants of one split: lengths, greediness, whole characters, and the inverse. */
function checkSplit(value: string): string[] {
  const parts = splitTxt(value);
  expect(joinTxt(parts)).toBe(value);
  expect(parts.length).toBeGreaterThan(0);
  parts.forEach((part, i) => {
    expect(utf8Length(part)).toBeLessThanOrEqual(MAX);
    if (value !== '') expect(part).not.toBe('');
    // No string ends in the first half of a surrogate pair whose second half starts the next.
    const last = part.charCodeAt(part.length - 1);
    const next = parts[i + 1]?.charCodeAt(0);
    expect(last >= 0xd800 && last <= 0xdbff && next !== undefined && next >= 0xdc00 && next <= 0xdfff).toBe(
      false,
    );
    // Greedy: the next character would not have fitted.
    if (i < parts.length - 1) {
      const nextChar = String.fromCodePoint(parts[i + 1].codePointAt(0)!);
      expect(utf8Length(part) + utf8Length(nextChar)).toBeGreaterThan(MAX);
    }
  });
  return parts;
}

describe('splitTxt (RFC 1035 §3.3.14)', () => {
  const rows: Array<{ title: string; value: string; lengths: number[] }> = [
    { title: 'empty value is one empty string', value: '', lengths: [0] },
    { title: 'exactly 255 ASCII octets stay one string', value: 'a'.repeat(255), lengths: [255] },
    { title: '256 ASCII octets become 255 + 1', value: 'a'.repeat(256), lengths: [255, 1] },
    {
      title: 'a 2048-bit DKIM key record (410 octets) becomes 255 + 155',
      value: `v=DKIM1; k=rsa; p=${'A'.repeat(392)}`,
      lengths: [255, 155],
    },
    // 中 is 3 octets: 85 fit in 255, the 86th would need 258.
    { title: 'CJK: 86 three-octet characters split 85 + 1', value: '中'.repeat(86), lengths: [255, 3] },
    {
      title: 'CJK after one ASCII octet: no character is cut',
      value: `a${'中'.repeat(85)}`,
      lengths: [253, 3],
    },
    // 😀 is 4 octets (a surrogate pair in JS): 63 fit in 252, the 64th would need 256.
    { title: 'emoji: 64 four-octet characters split 63 + 1', value: '😀'.repeat(64), lengths: [252, 4] },
    { title: 'two-octet characters (é) split at 254', value: 'é'.repeat(128), lengths: [254, 2] },
  ];
  for (const row of rows) {
    it(row.title, () => {
      const parts = checkSplit(row.value);
      expect(parts.map(utf8Length)).toEqual(row.lengths);
    });
  }

  it(
    'joinTxt(splitTxt(x)) === x and every string is ≤255 octets, for any text (property)',
    { timeout: Math.max(20000, RUNS * 30) },
    () => {
      let multi = 0;
      let wide = 0;
      const text = fc.oneof(
        fc.string({ unit: 'binary', minLength: 40, maxLength: 600 }),
        fc.string({ unit: 'grapheme', maxLength: 600 }),
        fc.string({ unit: 'binary-ascii', minLength: 200, maxLength: 600 }),
        fc
          .array(fc.constantFrom('a', '中', '😀', 'é', '\u200b', ';', ' ', '\ud800', '\udc00'), {
            maxLength: 700,
          })
          .map((a) => a.join('')),
      );
      fc.assert(
        fc.property(text, (value) => {
          const parts = checkSplit(value);
          if (parts.length > 1) multi++;
          if (parts.some((p) => [...p].some((c) => utf8Length(c) > 2))) wide++;
        }),
        { numRuns: RUNS },
      );
      // The generators reached the interesting paths: multi-string splits and wide characters.
      expect(multi).toBeGreaterThan(RUNS / 20);
      expect(wide).toBeGreaterThan(RUNS / 20);
    },
  );

  it('quoteTxt escapes quotes and backslashes (RFC 1035 §5.1)', () => {
    expect(quoteTxt(splitTxt('say "hi" \\ bye'))).toBe('"say \\"hi\\" \\\\ bye"');
    expect(quoteTxt(['a', 'b'])).toBe('"a" "b"');
  });
});
