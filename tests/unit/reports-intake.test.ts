// readReportFiles: formats recognised by content, hostile files refused per file (zip and gzip
// bombs without allocating their claimed size), the rest still read; progress, abort; never throws
// on any bytes (fast-check, with generators checked to reach every reader).
import fc from 'fast-check';
import { gzipSync, strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  MAX_COMPRESSION_RATIO,
  MAX_DECOMPRESSED_BYTES,
  detectContent,
  readReportFiles,
  type ReportFile,
} from '../../src/lib/index.ts';
import { gunzipBounded, newBudget, unzipBounded } from '../../src/lib/reports/decompress.ts';

const numRuns = Number(process.env.FUZZ_RUNS ?? 200);
const MiB = 1024 * 1024;

const REPORT = (id: string) =>
  '<?xml version="1.0"?><feedback><report_metadata><org_name>example.net</org_name><email>d@example.net</email>' +
  `<report_id>${id}</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range>` +
  '</report_metadata><policy_published><domain>example.com</domain><p>none</p></policy_published><record><row>' +
  '<source_ip>192.0.2.1</source_ip><count>2</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim>' +
  '<spf>pass</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers>' +
  '<auth_results><spf><domain>example.com</domain><result>pass</result></spf></auth_results></record></feedback>';

const TLS =
  '{"organization-name":"X","date-range":{"start-datetime":"2020-01-01T00:00:00Z","end-datetime":"2020-01-01T23:59:59Z"},' +
  '"report-id":"t1","policies":[{"policy":{"policy-type":"sts","policy-domain":"example.com"},' +
  '"summary":{"total-successful-session-count":1,"total-failure-session-count":0}}]}';

function eml(attachment: Uint8Array, type: string, name: string): Uint8Array {
  const b64 = btoa(String.fromCharCode(...attachment)).replace(/.{76}/g, '$&\r\n');
  return strToU8(
    'From: noreply@example.net\r\nTo: dmarc@example.com\r\nSubject: Report domain: example.com\r\n' +
      'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n' +
      `report attached\r\n--b\r\nContent-Type: ${type}\r\nContent-Transfer-Encoding: base64\r\n` +
      `Content-Disposition: attachment; filename="${name}"\r\n\r\n${b64}\r\n--b--\r\n`,
  );
}

/** `n` gzip members of 1 MiB of zeros each (RFC 1952 §2.2: members may follow one another). */
function gzipBomb(mib: number): Uint8Array {
  const member = gzipSync(new Uint8Array(MiB), { level: 9 });
  const out = new Uint8Array(member.length * mib);
  for (let i = 0; i < mib; i++) out.set(member, i * member.length);
  return out;
}

function file(name: string, bytes: Uint8Array | string): ReportFile {
  return { name, bytes: typeof bytes === 'string' ? strToU8(bytes) : bytes };
}

describe('readReportFiles detects formats by content, not name (RFC 9990 §2.1)', () => {
  const xml = strToU8(REPORT('a'));
  const cases: Array<[string, Uint8Array, 'aggregate' | 'tls']> = [
    ['xml named .txt', xml, 'aggregate'],
    ['gzip named .xml', gzipSync(xml), 'aggregate'],
    ['zip named .gz', zipSync({ 'r.xml': xml }), 'aggregate'],
    [
      'an .eml with a gzip attachment (RFC 2045 base64)',
      eml(gzipSync(xml), 'application/gzip', 'r.xml.gz'),
      'aggregate',
    ],
    [
      'an .eml with a zip attachment',
      eml(zipSync({ 'r.xml': xml }), 'application/zip', 'r.zip'),
      'aggregate',
    ],
    ['TLS-RPT json.gz (RFC 8460 §5.3)', gzipSync(strToU8(TLS)), 'tls'],
    ['TLS-RPT json with a UTF-8 BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8(TLS)]), 'tls'],
  ];
  for (const [name, bytes, kind] of cases) {
    it(name, async () => {
      const r = await readReportFiles([file('report.bin', bytes)]);
      expect(r.problems).toEqual([]);
      expect(kind === 'aggregate' ? r.aggregate : r.tls).toHaveLength(1);
    });
  }

  it('an mbox (RFC 4155) with three report mails gives three reports', async () => {
    const mails = ['a', 'b', 'c'].map((id) =>
      new TextDecoder().decode(eml(gzipSync(strToU8(REPORT(id))), 'application/gzip', `${id}.xml.gz`)),
    );
    const mbox = mails
      .map((m) => `From MAILER-DAEMON Wed Dec  2 19:46:17 2026\n${m.replace(/\r\n/g, '\n')}\n`)
      .join('');
    const r = await readReportFiles([file('export.mbox', mbox)]);
    expect(r.problems).toEqual([]);
    expect(r.aggregate.map((a) => a.reportId)).toEqual(['a', 'b', 'c']);
  });

  it('detectContent: magic bytes and the first character', () => {
    expect(
      [
        new Uint8Array(),
        gzipSync(xml),
        zipSync({ a: xml }),
        xml,
        strToU8(' {"a":1}'),
        strToU8('From x\n'),
        strToU8('Subject: x\r\n'),
        strToU8('hello'),
      ].map(detectContent),
    ).toEqual(['empty', 'gzip', 'zip', 'xml', 'json', 'mbox', 'message', 'unknown']);
  });
});

describe('readReportFiles: one problem per bad file, the others still read', () => {
  it('a broken file among good ones, and the same report twice counted once (RFC 9990 §2.1)', async () => {
    const good = strToU8(REPORT('a'));
    const r = await readReportFiles([
      file('a.xml', good),
      file('broken.xml.gz', new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3])),
      file('a-again.xml.gz', gzipSync(good)),
      file('b.xml', REPORT('b')),
    ]);
    expect(r.aggregate.map((a) => a.reportId)).toEqual(['a', 'b']);
    expect(r.problems.map((p) => [p.file, p.code])).toEqual([
      ['broken.xml.gz', 'reports/corrupt-archive'],
      ['a-again.xml.gz', 'reports/duplicate'],
    ]);
    expect(r.problems[1].params).toMatchObject({ first: 'a.xml', reportId: 'a' });
  });

  it('a gzip cut short is damaged, not a shorter report (RFC 1952 §2.3.1 ISIZE); line ends after it are tolerated', async () => {
    const gz = gzipSync(strToU8(REPORT('cut').repeat(20)));
    const r = await readReportFiles([
      file('cut.xml.gz', gz.subarray(0, Math.floor(gz.length / 2))),
      file('crlf.xml.gz', new Uint8Array([...gz, 0x0d, 0x0a])),
    ]);
    expect(r.problems.map((p) => [p.file, p.code])).toEqual([['cut.xml.gz', 'reports/corrupt-archive']]);
    expect(r.aggregate).toHaveLength(1);
  });

  it('reports progress per file and stops at an abort, naming the unread files', async () => {
    const controller = new AbortController();
    const seen: Array<[number, number]> = [];
    const r = await readReportFiles(
      ['a', 'b', 'c'].map((id) => file(`${id}.xml`, REPORT(id))),
      {
        signal: controller.signal,
        onProgress: (done, total) => {
          seen.push([done, total]);
          if (done === 1) controller.abort();
        },
      },
    );
    expect(seen).toEqual([[1, 3]]);
    expect(r.aggregate).toHaveLength(1);
    expect(r.problems.map((p) => [p.file, p.code])).toEqual([
      ['b.xml', 'reports/aborted'],
      ['c.xml', 'reports/aborted'],
    ]);
  });
});

describe('bombs are refused without allocating their claimed size', () => {
  it(`a gzip bomb claiming 1 GiB: refused by the ratio cap (${MAX_COMPRESSION_RATIO}×) after a few MiB`, async () => {
    const bomb = gzipBomb(1024);
    const direct = gunzipBounded(bomb, newBudget());
    expect(direct).toMatchObject({ ok: false, code: 'reports/compression-ratio' });
    // What was inflated before the refusal: one inflate step, far below the 1 GiB claimed.
    expect((direct as { inflated: number }).inflated).toBeLessThan(32 * MiB);
    const r = await readReportFiles([file('bomb.xml.gz', bomb), file('ok.xml', REPORT('ok'))]);
    expect(r.problems.map((p) => p.code)).toEqual(['reports/compression-ratio']);
    expect(r.aggregate).toHaveLength(1);
  });

  it('a zip holding the gzip bomb: the budget is shared across layers', async () => {
    const r = await readReportFiles([
      file('bomb.zip', zipSync({ 'r.xml.gz': gzipBomb(1024) }, { level: 0 })),
    ]);
    expect(r.problems.map((p) => p.code)).toEqual(['reports/compression-ratio']);
  });

  it('a zip bomb (one entry, 48 MiB of zeros): refused by the ratio cap after one inflate step', () => {
    const bomb = zipSync({ 'bomb.xml': new Uint8Array(48 * MiB) }, { level: 1 });
    const r = unzipBounded(bomb, newBudget());
    expect(r).toMatchObject({ ok: false, code: 'reports/compression-ratio' });
    expect((r as { inflated: number }).inflated).toBeLessThan(32 * MiB);
  });

  it('a zip entry whose header claims 4 GiB: refused before inflating anything', () => {
    const zip = zipSync({ 'r.xml': strToU8(REPORT('a')) });
    // APPNOTE.TXT §4.3.7: the local header's uncompressed size is at offset 22.
    new DataView(zip.buffer, zip.byteOffset).setUint32(22, 0xfffffff0, true);
    const r = unzipBounded(zip, newBudget());
    expect(r).toMatchObject({ ok: false, code: 'reports/decompressed-too-large', inflated: 0 });
  });

  it(`output beyond MAX_DECOMPRESSED_BYTES (${MAX_DECOMPRESSED_BYTES / MiB} MiB) at a plausible ratio is refused`, () => {
    const budget = newBudget();
    budget.remaining = 2 * MiB; // as if earlier layers had used the rest
    const text = strToU8(REPORT('x').repeat(6000)); // ~4 MiB, compresses well below the ratio cap
    const r = gunzipBounded(gzipSync(text), budget);
    expect(r).toMatchObject({ ok: false, code: 'reports/decompressed-too-large' });
  });
});

describe('readReportFiles never throws on arbitrary bytes (property)', () => {
  const xml = strToU8(REPORT('p'));
  const seeds = [
    xml,
    gzipSync(xml),
    zipSync({ 'a.xml': xml }),
    strToU8(TLS),
    eml(gzipSync(xml), 'application/gzip', 'a.gz'),
  ];
  /** A real file with bytes flipped, cut or appended: reaches every reader's error paths. */
  const mutated = fc
    .tuple(
      fc.constantFrom(...seeds),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      fc.nat(),
      fc.uint8Array({ maxLength: 64 }),
    )
    .map(([seed, flips, cut, tail]) => {
      const b = seed.slice(0, Math.max(2, seed.length - (cut % Math.max(1, seed.length))));
      for (const [at, v] of flips) b[at % b.length] = v;
      return new Uint8Array([...b, ...tail]);
    });
  const bytes = fc.oneof(fc.uint8Array({ maxLength: 2048 }), mutated);

  it('resolves with reports or problems, one outcome at least per file', async () => {
    const kinds = new Set<string>();
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(bytes, { minLength: 1, maxLength: 3 }), async (list) => {
        list.forEach((b) => kinds.add(detectContent(b)));
        const r = await readReportFiles(list.map((b, i) => ({ name: `f${i}`, bytes: b })));
        for (const p of r.problems) codes.add(p.code);
        expect(r.aggregate.length + r.tls.length + r.problems.length).toBeGreaterThanOrEqual(1);
      }),
      { numRuns },
    );
    // The generators reached every reader and several kinds of failure.
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining(['gzip', 'json', 'message', 'unknown', 'xml', 'zip']),
    );
    expect(codes.size).toBeGreaterThanOrEqual(5);
  });

  it('parseAggregateReport-level junk inside a valid gzip never throws either', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 500 }), async (s) => {
        const r = await readReportFiles([
          { name: 'x.gz', bytes: gzipSync(strToU8(`<feedback>${s}</feedback>`)) },
        ]);
        expect(r.aggregate.length + r.problems.length).toBe(1);
      }),
      { numRuns },
    );
  });
});
