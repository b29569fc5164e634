// Conformance: the CSV export (src/lib/reports/export.ts) of every aggregate sample in
// ../shared/conformance/dmarc-reports, read in place with readReportFiles, against parsedmarc
// 10.4.3's own figures for the file (expected.json): one CSV row per record, the messages in the
// `count` column, those with `dmarc_aligned` True (RFC 9989 §4.4: aligned SPF or aligned DKIM
// passed), and the published policy in `p`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aggregateCsvRows, readReportFiles } from '../../src/lib/index.ts';

const BASE = new URL('../../../shared/conformance/dmarc-reports/', import.meta.url);

interface ExpectedFile {
  record_count: number;
  total_messages: number;
  dmarc_pass_messages: number;
  policy: { p: string | null };
}
const EXPECTED: Record<string, ExpectedFile> = JSON.parse(
  readFileSync(new URL('expected.json', BASE), 'utf8'),
).aggregate;

describe('CSV export of the sample reports agrees with parsedmarc (expected.json)', () => {
  const files = Object.entries(EXPECTED);
  it('has samples to compare', () => {
    expect(files.length).toBeGreaterThan(40);
  });
  for (const [file, want] of files) {
    it(file, async () => {
      const bytes = new Uint8Array(readFileSync(new URL(file, BASE)));
      const { aggregate } = await readReportFiles([{ name: file, bytes }]);
      const rows = aggregateCsvRows(aggregate);
      const messages = (pass: boolean) =>
        rows.filter((r) => !pass || r.dmarc_aligned === true).reduce((n, r) => n + Number(r.count), 0);
      expect({
        rows: rows.length,
        messages: messages(false),
        dmarcPass: messages(true),
        p: [...new Set(rows.map((r) => r.p))],
      }).toEqual({
        rows: want.record_count,
        messages: want.total_messages,
        dmarcPass: want.dmarc_pass_messages,
        p: [want.policy.p ?? ''],
      });
    });
  }
});
