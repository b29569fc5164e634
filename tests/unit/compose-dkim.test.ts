// DKIM key record builder (RFC 6376 §3.6.1, §3.6.2.1; RFC 8301; RFC 8463): pasted keys with damage
// are repaired (and the repairs listed), the name is <selector>._domainkey.<domain>.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildDkimRecord } from '../../src/lib/index.ts';
import { checkSelector } from '../../src/lib/compose/dkim-builder.ts';
import { parseDkimKey } from '../../src/lib/dkim/parse.ts';

function rsaKey(bits: number): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}
function pem(base64: string): string {
  const lines = base64.match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN PUBLIC KEY-----\n${lines}\n-----END PUBLIC KEY-----\n`;
}

const KEY_1024 = rsaKey(1024);
const KEY_2048 = rsaKey(2048);
const RECORD_1024 = `v=DKIM1; k=rsa; p=${KEY_1024}`;
const { publicKey: edPublic } = generateKeyPairSync('ed25519');
const ED_SPKI = edPublic.export({ type: 'spki', format: 'der' });
const ED_RAW = ED_SPKI.subarray(ED_SPKI.length - 32).toString('base64');

const kinds = (r: { repairs: { kind: string }[] }) => r.repairs.map((x) => x.kind);

describe('buildDkimRecord: name and content (RFC 6376 §3.6.2.1)', () => {
  it('a whole record pasted as the console shows it is published unchanged', () => {
    const built = buildDkimRecord({ selector: 'lokg123', domain: 'chiqio.com', key: RECORD_1024 });
    expect(built.name).toBe('lokg123._domainkey.chiqio.com');
    expect(built.content).toBe(RECORD_1024);
    expect(built.repairs).toEqual([]);
    expect(built.suggestion).toEqual({
      type: 'TXT',
      name: 'lokg123._domainkey.chiqio.com',
      content: RECORD_1024,
    });
    // RFC 8301 §3.2: 1024 bits is allowed but weak: a warning, never an error.
    expect(built.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'dkim/key-weak', severity: 'warning' }),
    );
  });

  it('a 2048-bit key over 255 octets is split into character-strings (RFC 6376 §3.6.2.2)', () => {
    const built = buildDkimRecord({ selector: 's1', domain: 'example.com', key: KEY_2048 });
    expect(built.content).toBe(`v=DKIM1; k=rsa; p=${KEY_2048}`);
    expect(built.strings.length).toBe(2);
    expect(built.strings.join('')).toBe(built.content);
    expect(built.diagnostics.map((d) => d.code)).not.toContain('dkim/key-weak');
  });
});

describe('buildDkimRecord: repairs of a damaged paste', () => {
  const cases: Array<{ name: string; key: string; repairs: string[] }> = [
    { name: 'bare base64 key', key: KEY_1024, repairs: ['wrapped-bare-key'] },
    { name: 'PEM armour with line breaks', key: pem(KEY_1024), repairs: ['pem-armour', 'wrapped-bare-key'] },
    { name: 'surrounding quotes', key: `"${RECORD_1024}"`, repairs: ['surrounding-quotes'] },
    {
      name: 'pre-split quoted strings from a zone file',
      key: `"${RECORD_1024.slice(0, 100)}" "${RECORD_1024.slice(100)}"`,
      repairs: ['joined-strings'],
    },
    {
      name: 'a `" "` split stored inside the value',
      key: `${RECORD_1024.slice(0, 100)}" "${RECORD_1024.slice(100)}`,
      repairs: ['removed-quotes'],
    },
    {
      name: 'spaces and line breaks inside p=',
      key: `v=DKIM1; k=rsa; p=${KEY_1024.slice(0, 60)}\n  ${KEY_1024.slice(60, 120)} ${KEY_1024.slice(120)}`,
      repairs: ['whitespace-in-key'],
    },
    {
      name: 'zero-width space',
      key: `v=DKIM1; k=rsa;\u200b p=${KEY_1024}`,
      repairs: ['invisible-characters'],
    },
    { name: 'escaped semicolons', key: `v=DKIM1\\; k=rsa\\; p=${KEY_1024}`, repairs: ['unescaped'] },
  ];
  for (const c of cases) {
    it(`repairs ${c.name} and lists it`, () => {
      const built = buildDkimRecord({ selector: 'lokg123', domain: 'chiqio.com', key: c.key });
      expect(built.content).not.toBeNull();
      expect(parseDkimKey(built.content!).record!.p).toBe(KEY_1024);
      expect(kinds(built)).toEqual(c.repairs);
      for (const r of built.repairs) expect(r.message.key).toMatch(/^dkim_repair_[a-z0-9_]+$/);
    });
  }

  it('ed25519 (RFC 8463 §4.2): raw keys get k=ed25519; SPKI-wrapped keys are unwrapped', () => {
    const raw = buildDkimRecord({ selector: 'ed', domain: 'example.com', key: ED_RAW });
    expect(raw.content).toBe(`v=DKIM1; k=ed25519; p=${ED_RAW}`);
    const wrapped = buildDkimRecord({
      selector: 'ed',
      domain: 'example.com',
      key: `v=DKIM1; k=ed25519; p=${ED_SPKI.toString('base64')}`,
    });
    expect(wrapped.content).toBe(`v=DKIM1; k=ed25519; p=${ED_RAW}`);
    expect(kinds(wrapped)).toContain('ed25519-unwrapped');
  });

  it('cuts a selector pasted with ._domainkey… back to the selector', () => {
    const built = buildDkimRecord({
      selector: 'LOKG123._domainkey.chiqio.com',
      domain: 'chiqio.com',
      key: RECORD_1024,
    });
    expect(built.name).toBe('lokg123._domainkey.chiqio.com');
    expect(built.repairs).toContainEqual({
      kind: 'selector-trimmed',
      message: { key: 'composer_repair_selector_trimmed', params: { selector: 'lokg123' } },
    });
  });
});

describe('buildDkimRecord: per-field errors', () => {
  const cases: Array<{
    name: string;
    input: { selector: string; domain: string; key: string };
    code: string;
    field: string;
    spec: string;
  }> = [
    {
      name: 'no selector',
      input: { selector: ' ', domain: 'chiqio.com', key: RECORD_1024 },
      code: 'composer/missing-value',
      field: 'selector',
      spec: 'RFC 6376 §3.1',
    },
    {
      name: 'underscore in selector',
      input: { selector: 'my_sel', domain: 'chiqio.com', key: RECORD_1024 },
      code: 'composer/invalid-selector',
      field: 'selector',
      spec: 'RFC 6376 §3.1',
    },
    {
      name: 'hyphen-led label',
      input: { selector: '-x', domain: 'chiqio.com', key: RECORD_1024 },
      code: 'composer/invalid-selector',
      field: 'selector',
      spec: 'RFC 6376 §3.1',
    },
    {
      name: 'invalid domain',
      input: { selector: 's1', domain: 'chiqio', key: RECORD_1024 },
      code: 'composer/invalid-domain',
      field: 'domain',
      spec: 'RFC 1035 §2.3.4',
    },
    {
      name: 'no key',
      input: { selector: 's1', domain: 'chiqio.com', key: '' },
      code: 'composer/missing-value',
      field: 'key',
      spec: 'RFC 6376 §3.6.1',
    },
    {
      name: 'revoked key (empty p=)',
      input: { selector: 's1', domain: 'chiqio.com', key: 'v=DKIM1; p=' },
      code: 'composer/missing-value',
      field: 'key',
      spec: 'RFC 6376 §3.6.1',
    },
    {
      name: 'not a key at all',
      input: { selector: 's1', domain: 'chiqio.com', key: 'hello world' },
      code: 'dkim/key-damaged',
      field: 'key',
      spec: 'RFC 6376 §3.6.1',
    },
    {
      name: 'truncated key',
      input: { selector: 's1', domain: 'chiqio.com', key: `v=DKIM1; k=rsa; p=${KEY_1024.slice(0, 120)}` },
      code: 'dkim/key-damaged',
      field: 'key',
      spec: 'RFC 6376 §3.6.1',
    },
    {
      name: '512-bit key',
      input: { selector: 's1', domain: 'chiqio.com', key: rsaKey(512) },
      code: 'dkim/key-too-short',
      field: 'key',
      spec: 'RFC 8301 §3.2',
    },
    {
      name: 'k=ed25519 on an RSA key',
      input: { selector: 's1', domain: 'chiqio.com', key: `v=DKIM1; k=ed25519; p=${KEY_1024}` },
      code: 'dkim/key-type-mismatch',
      field: 'key',
      spec: 'RFC 6376 §3.6.1',
    },
    {
      name: 'sha1-only key',
      input: { selector: 's1', domain: 'chiqio.com', key: `v=DKIM1; h=sha1; p=${KEY_1024}` },
      code: 'dkim/hash-sha256-missing',
      field: 'key',
      spec: 'RFC 8301 §3.1',
    },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.code} (${c.spec})`, () => {
      const built = buildDkimRecord(c.input);
      expect(built.content).toBeNull();
      expect(built.fieldDiagnostics).toContainEqual(
        expect.objectContaining({ code: c.code, field: c.field, severity: 'error' }),
      );
      expect(built.fieldDiagnostics.map((d) => d.code)).not.toContain('composer/record-rejected');
    });
  }

  it('a cut-off key is said once, with its span (the parser and the key-shape check both see it)', () => {
    const key = `v=DKIM1; k=rsa; p=${KEY_1024.slice(0, 8)}`;
    const damaged = buildDkimRecord({ selector: 's1', domain: 'chiqio.com', key }).fieldDiagnostics.filter(
      (d) => d.code === 'dkim/key-damaged',
    );
    expect(damaged).toHaveLength(1);
    expect(damaged[0].span).toBeDefined();
  });
});

describe('checkSelector (RFC 6376 §3.1)', () => {
  const cases: Array<[string, string | null]> = [
    ['lokg123', 'lokg123'],
    ['Selector1', 'selector1'],
    ['s1.sub', 's1.sub'],
    ['20240101pm', '20240101pm'],
    ['lokg123._domainkey', 'lokg123'],
    ['a..b', null],
    ['sel\u200b', null],
    ['sel ector', null],
  ];
  for (const [input, selector] of cases) {
    it(`${JSON.stringify(input)} → ${selector}`, () => {
      const c = checkSelector(input);
      expect(c.ok ? c.selector : null).toBe(selector);
    });
  }
});
