// Property tests of the record builders: every reachable form state yields either a record the
// real parser accepts (no error diagnostic) or per-field errors saying why not — never a record
// the parser rejects, never `composer/record-rejected`, never a throw. Both branches must be
// reached, so the test cannot pass vacuously. Also: exports round-trip arbitrary TXT values.
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PROVIDERS,
  buildDkimRecord,
  buildDmarc,
  setupRecords,
  buildSpf,
  mergeSpf,
  toBindZone,
  toCloudflareApi,
  type BuiltRecord,
  type DmarcBuilderInput,
  type SpfBuilderInput,
} from '../../../src/lib/index.ts';
import { parseDmarc } from '../../../src/lib/dmarc/parse.ts';
import { parseSpf } from '../../../src/lib/spf/parse.ts';
import { parseDkimKey } from '../../../src/lib/dkim/parse.ts';
import { dkimRecordDiagnostics } from '../../../src/lib/compose/dkim-builder.ts';
import { joinTxt, utf8Length } from '../../../src/lib/shared/txt.ts';
import type { Diagnostic } from '../../../src/lib/diagnostics/model.ts';

const numRuns = Number(process.env.FUZZ_RUNS ?? 300);

// ── generators: valid entries, near misses, and garbage ─────────────────────────────────────
const octet = fc.integer({ min: 0, max: 255 });
const validIp4 = fc
  .tuple(octet, octet, octet, octet, fc.option(fc.integer({ min: 0, max: 32 })))
  .map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}${p === null ? '' : `/${p}`}`);
const ip4 = fc.oneof(
  { arbitrary: validIp4, weight: 12 },
  fc.tuple(octet, octet, fc.integer({ min: 33, max: 300 })).map(([a, b, p]) => `${a}.${b}.0.0/${p}`),
  fc.constantFrom(
    '01.2.3.4',
    '1.2.3',
    '256.1.1.1',
    ' 192.0.2.1 ',
    '１９２.0.2.1',
    '192.0.2.1/08',
    'ip4:192.0.2.1',
    '',
  ),
  fc.string({ maxLength: 20 }),
);
const hex = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
const validIp6 = fc.oneof(
  fc
    .tuple(fc.array(hex, { minLength: 8, maxLength: 8 }), fc.option(fc.integer({ min: 0, max: 128 })))
    .map(([g, p]) => `${g.join(':')}${p === null ? '' : `/${p}`}`),
  fc
    .tuple(hex, hex, fc.option(fc.integer({ min: 0, max: 128 })))
    .map(([a, b, p]) => `${a}:${b}::${p === null ? '' : `/${p}`}`),
  fc.tuple(octet, octet).map(([a, b]) => `::ffff:192.0.${a}.${b}`),
);
const ip6 = fc.oneof(
  { arbitrary: validIp6, weight: 12 },
  fc.constantFrom(
    '::1',
    'fe80::1%eth0',
    '2001:db8:::1',
    '192.0.2.1',
    '::ffff:1.2.3',
    '2001:DB8::/32',
    '::/129',
    '',
  ),
  fc.string({ maxLength: 20 }),
);
const domainText = fc.oneof(
  { arbitrary: fc.domain(), weight: 10 },
  { arbitrary: fc.domain().map((d) => `include:${d.toUpperCase()}.`), weight: 3 },
  fc.constantFrom(
    '_spf.google.com',
    'spf.mail.qq.com',
    '例子.中国',
    'localhost',
    '192.0.2.1',
    '%{d}.example.com',
    'a..b.com',
    'spf.qq\u200b.com',
    'a b.com',
    '',
  ),
  fc.string({ maxLength: 30 }),
);
const providerId = fc.oneof(
  { arbitrary: fc.constantFrom(...PROVIDERS.map((p) => p.id)), weight: 10 },
  fc.constantFrom('nope', ''),
);
const qualifier = fc.option(
  fc.oneof({ arbitrary: fc.constantFrom('-', '~', '?'), weight: 10 }, fc.constantFrom('+', 'x', '')),
  { nil: undefined },
);

const spfInput: fc.Arbitrary<SpfBuilderInput> = fc.record(
  {
    domain: fc.oneof({ arbitrary: fc.domain(), weight: 8 }, fc.string({ maxLength: 15 })),
    providers: fc.array(providerId, { maxLength: 3 }),
    includes: fc.array(domainText, { maxLength: 3 }),
    ip4: fc.array(ip4, { maxLength: 4 }),
    ip6: fc.array(ip6, { maxLength: 3 }),
    a: fc.boolean(),
    mx: fc.boolean(),
    all: qualifier as fc.Arbitrary<SpfBuilderInput['all']>,
    lookupCosts: fc.dictionary(
      fc.constantFrom('spf.mail.qq.com', '_spf.google.com', 'amazonses.com'),
      fc.integer({ min: 0, max: 8 }),
    ),
  },
  { requiredKeys: [] },
);

const spfTerm = fc.oneof(
  { arbitrary: validIp4.map((s) => `ip4:${s}`), weight: 4 },
  { arbitrary: validIp6.map((s) => `ip6:${s}`), weight: 2 },
  { arbitrary: fc.domain().map((d) => `include:${d}`), weight: 4 },
  {
    arbitrary: fc.constantFrom(
      'a',
      'mx',
      '-all',
      '~all',
      '?all',
      'redirect=_spf.example.com',
      'exp=x.example.com',
      'foo=bar',
      'MX',
      '+Include:spf.mail.qq.com',
    ),
    weight: 6,
  },
  fc.constantFrom('+all', 'ptr', 'bad:term', 'ip4:1.2.3.400', 'include:%{q}'),
  fc.string({ maxLength: 12 }).filter((s) => !/\s/.test(s)),
);
const existingSpf = fc.oneof(
  {
    arbitrary: fc
      .array(
        fc.array(spfTerm, { maxLength: 6 }).map((t) => ['v=spf1', ...t].join(' ')),
        { minLength: 1, maxLength: 3 },
      )
      .map((r) => r.join('\n')),
    weight: 8,
  },
  fc.constantFrom('', 'google-site-verification=x', '"v=spf1 mx " "-all"'),
  fc.string({ maxLength: 80 }),
);

const policy = fc.oneof(
  { arbitrary: fc.constantFrom('none', 'quarantine', 'reject'), weight: 12 },
  fc.string({ maxLength: 6 }),
);
const alignment = fc.oneof({ arbitrary: fc.constantFrom('r', 's'), weight: 12 }, fc.string({ maxLength: 2 }));
const address = fc.oneof(
  { arbitrary: fc.emailAddress(), weight: 8 },
  { arbitrary: fc.emailAddress().map((a) => `mailto:${a.toUpperCase()}`), weight: 2 },
  fc.constantFrom(
    'mailauth-reports@qq.com',
    'a!b@example.com',
    'a,b@example.com',
    'x@localhost',
    'x@192.0.2.1',
    '报告@example.com',
    'a@例子.中国',
    'a%2@example.com',
    '',
    'mailto:',
  ),
  fc.string({ maxLength: 20 }),
);
const dmarcInput: fc.Arbitrary<DmarcBuilderInput> = fc.record(
  {
    domain: fc.oneof(
      { arbitrary: fc.domain(), weight: 6 },
      fc.constantFrom('chiqio.com', 'qq.com'),
      fc.string({ maxLength: 10 }),
    ),
    p: policy,
    sp: policy,
    np: policy,
    adkim: alignment,
    aspf: alignment,
    rua: fc.array(address, { maxLength: 2 }),
    ruf: fc.array(address, { maxLength: 1 }),
    fo: fc.array(
      fc.oneof({ arbitrary: fc.constantFrom('0', '1', 'd', 's'), weight: 12 }, fc.string({ maxLength: 2 })),
      { maxLength: 3 },
    ),
    t: fc.boolean(),
  },
  { requiredKeys: ['p'] },
) as fc.Arbitrary<DmarcBuilderInput>;

// DKIM: real keys (RSA 512/1024/2048, ed25519 raw and SPKI), then the damage pastes pick up.
const der = (bits: number) =>
  generateKeyPairSync('rsa', { modulusLength: bits })
    .publicKey.export({ type: 'spki', format: 'der' })
    .toString('base64');
const edSpki = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' });
const KEYS = [
  der(512),
  der(1024),
  der(2048),
  edSpki.subarray(edSpki.length - 32).toString('base64'),
  edSpki.toString('base64'),
];
const keyText = fc
  .tuple(
    fc.constantFrom(...KEYS),
    fc.constantFrom(
      '',
      'v=DKIM1; ',
      'v=DKIM1; k=rsa; ',
      'k=ed25519; ',
      'v=DKIM1; h=sha1; ',
      'v=DKIM1; t=y; ',
    ),
  )
  .map(([k, prefix]) => `${prefix}p=${k}`);
const damage = fc.constantFrom<Array<(s: string) => string>>(
  (s) => s,
  (s) => `"${s}"`,
  (s) => `"${s.slice(0, 100)}" "${s.slice(100)}"`,
  (s) => `${s.slice(0, 100)}" "${s.slice(100)}`,
  (s) => s.replace(/(.{50})/g, '$1\n'),
  (s) => s.replace(';', ';\u200b'),
  (s) => s.replace(/;/g, '\\;'),
  (s) => s.slice(0, Math.max(10, s.length - 7)),
  (s) => `${s}!`,
  (s) => s.replace(/^.*p=/, ''),
  (s) =>
    `-----BEGIN PUBLIC KEY-----\n${s.replace(/^.*p=/, '').replace(/(.{64})/g, '$1\n')}\n-----END PUBLIC KEY-----`,
);
const dkimInput = fc.record({
  selector: fc.oneof(
    {
      arbitrary: fc.constantFrom('lokg123', 's1', 'Selector2', 'a.b', 'x._domainkey.example.com'),
      weight: 10,
    },
    fc.string({ maxLength: 10 }),
  ),
  domain: fc.oneof({ arbitrary: fc.domain(), weight: 10 }, fc.string({ maxLength: 10 })),
  key: fc.oneof(
    { arbitrary: fc.tuple(keyText, damage).map(([k, d]) => d(k)), weight: 10 },
    fc.string({ maxLength: 60 }),
  ),
});

// ── the contract ─────────────────────────────────────────────────────────────────────────────
interface Branches {
  record: number;
  errors: number;
}

function holdsContract(built: BuiltRecord, parse: (t: string) => Diagnostic[], branches: Branches): void {
  const errors = built.fieldDiagnostics.filter((d) => d.severity === 'error');
  // The builder's own safety net must never fire: that would be a record it built wrongly.
  expect(built.fieldDiagnostics.map((d) => d.code)).not.toContain('composer/record-rejected');
  if (built.content !== null) {
    branches.record++;
    expect(errors).toEqual([]);
    expect(parse(built.content).filter((d) => d.severity === 'error')).toEqual([]);
    expect(joinTxt(built.strings)).toBe(built.content);
    for (const s of built.strings) expect(utf8Length(s)).toBeLessThanOrEqual(255);
  } else {
    branches.errors++;
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(typeof e.field).toBe('string');
    expect(built.strings).toEqual([]);
    expect(built.suggestion).toBeNull();
  }
}

const spfParse = (t: string) => parseSpf(t).diagnostics;
const dmarcParse = (t: string) => parseDmarc(t).diagnostics;

describe('builders: a record the parser accepts, or per-field errors (fast-check)', () => {
  it('buildSpf', () => {
    const branches: Branches = { record: 0, errors: 0 };
    fc.assert(
      fc.property(spfInput, (input) => holdsContract(buildSpf(input), spfParse, branches)),
      { numRuns },
    );
    expect(branches.record).toBeGreaterThan(numRuns / 10);
    expect(branches.errors).toBeGreaterThan(numRuns / 10);
  });

  it('mergeSpf', () => {
    const branches: Branches = { record: 0, errors: 0 };
    let merged = 0;
    fc.assert(
      fc.property(existingSpf, spfInput, (existing, input) => {
        const result = mergeSpf(existing, input);
        holdsContract(result, spfParse, branches);
        if (result.replaces > 1 && result.content !== null) merged++;
        // Never a second record: the merged text holds exactly one version tag.
        if (result.content !== null) expect(result.content.match(/\bv=spf1\b/gi)!.length).toBe(1);
      }),
      { numRuns },
    );
    expect(branches.record).toBeGreaterThan(numRuns / 10);
    expect(branches.errors).toBeGreaterThan(numRuns / 10);
    expect(merged).toBeGreaterThan(0);
  });

  it('buildDmarc', () => {
    const branches: Branches = { record: 0, errors: 0 };
    let external = 0;
    fc.assert(
      fc.property(dmarcInput, (input) => {
        const built = buildDmarc(input);
        holdsContract(built, dmarcParse, branches);
        for (const a of built.authorizations) {
          external++;
          expect(a.record).toMatchObject({ type: 'TXT', content: 'v=DMARC1' });
          expect(a.record.name.endsWith(`._report._dmarc.${a.destination}`)).toBe(true);
        }
      }),
      { numRuns },
    );
    expect(branches.record).toBeGreaterThan(numRuns / 10);
    expect(branches.errors).toBeGreaterThan(numRuns / 10);
    expect(external).toBeGreaterThan(0);
  });
});

const encoder = new TextEncoder();

describe('DKIM builder and provider setup (fast-check)', () => {
  it('buildDkimRecord', () => {
    const branches: Branches = { record: 0, errors: 0 };
    let repaired = 0;
    fc.assert(
      fc.property(dkimInput, (input) => {
        const built = buildDkimRecord(input);
        holdsContract(built, dkimRecordDiagnostics, branches);
        if (built.content !== null && built.repairs.length > 0) repaired++;
      }),
      { numRuns },
    );
    expect(branches.record).toBeGreaterThan(numRuns / 10);
    expect(branches.errors).toBeGreaterThan(numRuns / 10);
    expect(repaired).toBeGreaterThan(numRuns / 20);
  });

  it('setupRecords: every record it gives passes its parser; wrong inputs are field errors', () => {
    let withDkim = 0;
    let withErrors = 0;
    fc.assert(
      fc.property(
        fc.record({
          providerId: providerId,
          domain: fc.oneof({ arbitrary: fc.domain(), weight: 10 }, fc.string({ maxLength: 10 })),
          dkimSelector: fc.option(
            dkimInput.map((d) => d.selector),
            { nil: undefined },
          ),
          dkimKey: fc.option(
            dkimInput.map((d) => d.key),
            { nil: undefined },
          ),
          dkimTarget: fc.option(fc.oneof(fc.domain(), fc.string({ maxLength: 8 })), { nil: undefined }),
          reportAddress: fc.option(address, { nil: undefined }),
          mailFromSubdomain: fc.option(fc.constantFrom('mail', 'send', 'bad sub', ''), { nil: undefined }),
          placeholders: fc.option(fc.record({ region: fc.constantFrom('us-east-1', 'eu west', '') }), {
            nil: undefined,
          }),
        }),
        (input) => {
          const r = setupRecords(input);
          expect(r.fieldDiagnostics.map((d) => d.code)).not.toContain('composer/record-rejected');
          if (r.fieldDiagnostics.some((d) => d.severity === 'error')) withErrors++;
          for (const rec of r.records) {
            expect(rec.name).toMatch(/^[a-z0-9_.-]+$/);
            if (rec.purpose === 'spf')
              expect(parseSpf(rec.content).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
            if (rec.purpose === 'dmarc')
              expect(parseDmarc(rec.content).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
            if (rec.purpose === 'dkim' && rec.type === 'TXT') {
              withDkim++;
              expect(parseDkimKey(rec.content).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
            }
          }
        },
      ),
      { numRuns },
    );
    expect(withDkim).toBeGreaterThan(0);
    expect(withErrors).toBeGreaterThan(0);
  });
});

/** `"a" "b\"c" "\228"` → decoded strings; throws on anything the BIND export must not write. */
function readCharacterStrings(rdata: string): { text: string; octets: number }[] {
  const out: { text: string; octets: number }[] = [];
  const re = /"((?:[^"\\]|\\\d{3}|\\[^\d])*)"/gy;
  let pos = 0;
  while (pos < rdata.length) {
    if (rdata[pos] === ' ') {
      pos++;
      continue;
    }
    re.lastIndex = pos;
    const m = re.exec(rdata);
    if (!m) throw new Error(`bad rdata at ${pos}: ${rdata}`);
    const bytes: number[] = [];
    const body = [...m[1]];
    for (let i = 0; i < body.length; i++) {
      if (body[i] === '\\') {
        const ddd = /^\d{3}/.exec(body.slice(i + 1, i + 4).join(''));
        if (ddd) {
          bytes.push(Number(ddd[0]));
          i += 3;
        } else bytes.push(...encoder.encode(body[++i]));
      } else bytes.push(...encoder.encode(body[i]));
    }
    out.push({ text: new TextDecoder().decode(new Uint8Array(bytes)), octets: bytes.length });
    pos = re.lastIndex;
  }
  return out;
}

describe('exports round-trip any TXT value (fast-check)', () => {
  it('BIND fragment and Cloudflare API content decode back to the value, ≤255 octets per string', () => {
    let split = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 60 }),
          fc.string({ unit: 'grapheme', minLength: 130, maxLength: 400 }),
          fc.string({ unit: 'binary', minLength: 200, maxLength: 600 }),
        ),
        (content) => {
          const zone = toBindZone([{ type: 'TXT', name: 'x.example.com', content }], 'example.com');
          const line = zone.split('\n').find((l) => l.startsWith('x.example.com.'))!;
          const rdata = line.split('\t')[4];
          const strings = readCharacterStrings(rdata);
          if (strings.length > 1) split++;
          expect(strings.map((s) => s.text).join('')).toBe(content);
          for (const s of strings) expect(s.octets).toBeLessThanOrEqual(255);
          expect(/^[\x20-\x7e\t\n]*$/.test(zone)).toBe(true);
          const [api] = toCloudflareApi([{ type: 'TXT', name: 'x.example.com', content }], 'example.com');
          expect(
            readCharacterStrings(api.body.content)
              .map((s) => s.text)
              .join(''),
          ).toBe(content);
        },
      ),
      { numRuns },
    );
    expect(split).toBeGreaterThan(0);
  });
});
