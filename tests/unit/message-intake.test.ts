// readMessage: RFC 5322 header fields with folding, the header/body split, line-end normalisation,
// and the limits on hostile input. decodeEncodedWords: RFC 2047, display only.
import { describe, expect, it } from 'vitest';
import {
  MAX_FIELD_VALUE_CHARS,
  MAX_HEADER_FIELDS,
  MAX_HEADER_SECTION_OCTETS,
  decodeEncodedWords,
  headerFieldText,
  headersNamed,
  readMessage,
} from '../../src/lib/message/intake.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const codes = (raw: string | Uint8Array) => readMessage(raw).diagnostics.map((d) => d.code);

describe('readMessage: header fields (RFC 5322 §2.2)', () => {
  const cases: Array<{
    name: string;
    input: string;
    fields: Array<{ name: string; raw: string; value: string; offset: number }>;
    body: string;
    hasBody: boolean;
    codes: string[];
  }> = [
    {
      name: 'unfolds a folded field, keeping its raw form (§2.2.3)',
      input: 'Subject: a\r\n  b\r\n\tc\r\nFrom: x@example.com\r\n\r\nhi\r\n',
      fields: [
        { name: 'Subject', raw: 'Subject: a\r\n  b\r\n\tc', value: 'a  b\tc', offset: 0 },
        { name: 'From', raw: 'From: x@example.com', value: 'x@example.com', offset: 21 },
      ],
      body: 'hi\r\n',
      hasBody: true,
      codes: [],
    },
    {
      name: 'keeps the name as written and allows WSP before the colon (§4.5.8 obsolete syntax)',
      input: 'X-Odd-NAME \t: v\r\n\r\n',
      fields: [{ name: 'X-Odd-NAME', raw: 'X-Odd-NAME \t: v', value: 'v', offset: 0 }],
      body: '',
      hasBody: true,
      codes: [],
    },
    {
      name: 'an empty value is a field (§2.2: unstructured may be empty)',
      input: 'Subject:\r\n\r\nb',
      fields: [{ name: 'Subject', raw: 'Subject:', value: '', offset: 0 }],
      body: 'b',
      hasBody: true,
      codes: [],
    },
    {
      name: 'headers only, no blank line: hasBody false (§2.1)',
      input: 'From: a@b.example\r\nTo: c@d.example\r\n',
      fields: [
        { name: 'From', raw: 'From: a@b.example', value: 'a@b.example', offset: 0 },
        { name: 'To', raw: 'To: c@d.example', value: 'c@d.example', offset: 19 },
      ],
      body: '',
      hasBody: false,
      codes: ['message/headers-only'],
    },
    {
      name: 'no blank line between header and body: the first non-field line starts the body (§2.1)',
      input: 'From: a@b.example\r\nHello there\r\nsecond line\r\n',
      fields: [{ name: 'From', raw: 'From: a@b.example', value: 'a@b.example', offset: 0 }],
      body: 'Hello there\r\nsecond line\r\n',
      hasBody: true,
      codes: ['message/no-header-body-separator'],
    },
    {
      name: 'a line that is not a field inside the header section is skipped (§2.2)',
      input: 'From: a@b.example\r\nnot a field\r\nTo: c\r\n\r\nbody',
      fields: [
        { name: 'From', raw: 'From: a@b.example', value: 'a@b.example', offset: 0 },
        { name: 'To', raw: 'To: c', value: 'c', offset: 32 },
      ],
      body: 'body',
      hasBody: true,
      codes: ['message/malformed-header-line'],
    },
    {
      name: 'an mbox "From " line is skipped (RFC 4155 §2)',
      input: 'From someone@example.com Mon Jan  1 00:00:00 2024\r\nFrom: a\r\n\r\n',
      fields: [{ name: 'From', raw: 'From: a', value: 'a', offset: 51 }],
      body: '',
      hasBody: true,
      codes: ['message/mbox-from-line'],
    },
    {
      name: 'leading empty lines of a paste are skipped, offsets stay in the normalised message',
      input: '\r\n\r\nFrom: a\r\n\r\nb',
      fields: [{ name: 'From', raw: 'From: a', value: 'a', offset: 4 }],
      body: 'b',
      hasBody: true,
      codes: ['message/leading-blank-lines'],
    },
    {
      name: 'a blank line at the very top means no header fields (§2.1)',
      input: '\r\n',
      fields: [],
      body: '',
      hasBody: false,
      codes: ['message/leading-blank-lines', 'message/no-header-fields'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const m = readMessage(c.input);
      expect(m.headers.map(({ name, raw, value, offset }) => ({ name, raw, value, offset }))).toEqual(
        c.fields,
      );
      expect(text(m.body)).toBe(c.body);
      expect(m.hasBody).toBe(c.hasBody);
      expect(m.diagnostics.map((d) => d.code)).toEqual(c.codes);
    });
  }
});

describe('headerFieldText: a field as written, for display (RFC 6532 §3.2)', () => {
  it('keeps the folding and the invisible characters, decoded from UTF-8 octets', () => {
    const [subject] = readMessage('Subject: Invoice\u200b 42\r\n \u53d1\u7968\r\n\r\nhi\r\n').headers;
    // The stored raw form is one char per octet: U+200B is three of them.
    expect(subject.raw).not.toContain('\u200b');
    expect(headerFieldText(subject)).toBe('Subject: Invoice\u200b 42\r\n \u53d1\u7968');
  });
  it('an invalid UTF-8 octet in a file becomes U+FFFD, never an exception', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('X-Odd: a'), 0xff, 0x0d, 0x0a, 0x0d, 0x0a]);
    expect(headerFieldText(readMessage(bytes).headers[0])).toBe('X-Odd: a\ufffd');
  });
});

describe('readMessage: line ends (RFC 5322 §2.1, §2.3)', () => {
  const cases = [
    { name: 'bare LF → CRLF', input: 'A: 1\nB: 2\n\nx\ny\n', lf: 5, cr: 0 },
    { name: 'bare CR → CRLF', input: 'A: 1\rB: 2\r\rx\ry\r', lf: 0, cr: 5 },
    { name: 'mixed: CRLF kept, LF and CR converted', input: 'A: 1\r\nB: 2\n\r\nx\ry\r\n', lf: 1, cr: 1 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const m = readMessage(c.input);
      expect(m.headers.map((h) => h.raw)).toEqual(['A: 1', 'B: 2']);
      expect(text(m.body)).toBe('x\r\ny\r\n');
      const lf = m.diagnostics.find((d) => d.code === 'message/bare-lf-normalised');
      const cr = m.diagnostics.find((d) => d.code === 'message/bare-cr-normalised');
      expect(lf?.params?.count ?? 0).toBe(c.lf);
      expect(cr?.params?.count ?? 0).toBe(c.cr);
    });
  }
});

describe('readMessage: octets', () => {
  it('keeps raw as a binary string of UTF-8 octets and decodes value for display (RFC 6532 §3.2)', () => {
    const m = readMessage('Subject: café\r\n\r\n');
    expect(m.headers[0].raw).toBe('Subject: caf\u00c3\u00a9');
    expect(m.headers[0].value).toBe('café');
  });
  it('reads a Uint8Array as octets (an .eml file), 8-bit octets kept', () => {
    const bytes = Uint8Array.from(
      [...'X: '].map((c) => c.charCodeAt(0)).concat([0xff, 0x80, 13, 10, 13, 10, 0x90]),
    );
    const m = readMessage(bytes);
    expect(m.headers[0].raw).toBe('X: \u00ff\u0080');
    expect([...m.body]).toEqual([0x90]);
  });
  it('the empty input is a diagnostic, not an exception', () => {
    expect(codes('')).toEqual(['message/empty']);
    expect(codes(new Uint8Array(0))).toEqual(['message/empty']);
  });
});

describe('readMessage: limits on hostile input', () => {
  it(`10,000 fields: the first ${MAX_HEADER_FIELDS} are read, the limit is said`, () => {
    const input = Array.from({ length: 10_000 }, (_, i) => `X-${i}: ${i}\r\n`).join('') + '\r\nbody';
    const m = readMessage(input);
    expect(m.headers).toHaveLength(MAX_HEADER_FIELDS);
    expect(m.headers.at(-1)?.value).toBe(String(MAX_HEADER_FIELDS - 1));
    expect(text(m.body)).toBe('body');
    expect(m.diagnostics.find((d) => d.code === 'message/too-many-header-fields')?.params).toEqual({
      limit: MAX_HEADER_FIELDS,
    });
  });
  it(`a header section over ${MAX_HEADER_SECTION_OCTETS} octets: the start is read, the body still found`, () => {
    const filler = `X-Filler: ${'y'.repeat(998 - 10)}\r\n`;
    const count = Math.ceil(MAX_HEADER_SECTION_OCTETS / filler.length) + 10;
    const m = readMessage(`From: a\r\n${filler.repeat(count)}\r\nbody`);
    expect(m.headers[0].name).toBe('From');
    expect(m.headers.length).toBeLessThan(count);
    expect(text(m.body)).toBe('body');
    expect(m.diagnostics.map((d) => d.code)).toContain('message/header-section-too-large');
  });
  it('50 MB without a line end: read as a body, not as one header line', () => {
    const m = readMessage(new Uint8Array(50 * 1024 * 1024).fill(0x61));
    expect(m.headers).toEqual([]);
    expect(m.body.length).toBe(50 * 1024 * 1024);
    expect(m.diagnostics.map((d) => d.code)).toEqual([
      'message/header-section-too-large',
      'message/no-header-body-separator',
      'message/line-too-long',
      'message/no-header-fields',
    ]);
  });
  it('a 1 MB Received field: raw kept whole, display value cut, long lines said (RFC 5322 §2.1.1)', () => {
    const long = 'x'.repeat(1024 * 1024);
    const m = readMessage(`Received: ${long}\r\nFrom: a\r\n\r\n`);
    expect(m.headers[0].raw.length).toBe(long.length + 'Received: '.length);
    expect(m.headers[0].value.length).toBe(MAX_FIELD_VALUE_CHARS);
    expect(headersNamed(m, 'from')).toHaveLength(1);
    expect(m.diagnostics.map((d) => d.code)).toEqual([
      'message/line-too-long',
      'message/field-value-truncated',
    ]);
  });
});

describe('decodeEncodedWords (RFC 2047)', () => {
  const cases = [
    { name: 'B encoding, UTF-8 (§4.1)', input: '=?UTF-8?B?5L2g5aW9?=', out: '你好' },
    {
      name: 'Q encoding with _ as space (§4.2)',
      input: '=?iso-8859-1?Q?caf=E9_au_lait?=',
      out: 'café au lait',
    },
    {
      name: 'whitespace between adjacent encoded-words is dropped (§6.2)',
      input: '=?utf-8?q?a?= \r\n =?utf-8?q?b?=',
      out: 'ab',
    },
    { name: 'text around a word is kept', input: 'Re: =?utf-8?q?hi?= there', out: 'Re: hi there' },
    { name: 'an unknown charset is left as written', input: '=?x-nope?q?a?=', out: '=?x-nope?q?a?=' },
    { name: 'bad base64 is left as written', input: '=?utf-8?b?***?=', out: '=?utf-8?b?***?=' },
    { name: 'GB2312 (common in Chinese mail)', input: '=?gb2312?B?xOO6ww==?=', out: '你好' },
  ];
  for (const c of cases) it(c.name, () => expect(decodeEncodedWords(c.input)).toBe(c.out));
});
