// Conformance: every sample under ../shared/conformance/dmarc-reports (real aggregate and TLS-RPT
// reports from parsedmarc, mail-auth, dmarc-cat, dmarc-report-converter, dmarc-report-parser; see
// its SOURCE.md), read in place with readReportFiles. Per aggregate file: record count, message
// total, published p and the DMARC-pass total equal parsedmarc 10.4.3's figures (expected.json);
// report id and date range equal the XML's (parsedmarc's raw values). TLS-RPT files against
// expected_smtp_tls.json. Where we differ from parsedmarc, the file is listed with the reason.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReportFiles, type AggregateReport, type ReportFile } from '../../src/lib/index.ts';

const ROOT = new URL('../../../shared/conformance/dmarc-reports/', import.meta.url).pathname;

interface ExpectedAggregate {
  report_id: string;
  policy: { p: string | null };
  record_count: number;
  total_messages: number;
  dmarc_pass_messages: number;
  raw: { org_name?: string; report_id?: string; begin?: string; end?: string };
}
interface ExpectedTls {
  organization_name: string;
  report_id: string;
  policy_count: number;
  policies: Array<{
    policy_domain: string;
    policy_type: string;
    successful: number;
    failed: number;
    failure_result_types: string[];
  }>;
}

const expected = JSON.parse(readFileSync(join(ROOT, 'expected.json'), 'utf8')) as {
  aggregate: Record<string, ExpectedAggregate>;
  rejected: Record<string, { error: string }>;
  _synthetic_mbox: {
    file: string;
    result: { aggregate_reports: number; failure_reports: number; smtp_tls_reports: number };
  };
  duplicate_groups: { parsedmarc_key_org_reportid: Record<string, string[]> };
};
const expectedTls = JSON.parse(readFileSync(join(ROOT, 'expected_smtp_tls.json'), 'utf8')) as {
  smtp_tls: Record<string, ExpectedTls>;
  failure: Record<string, unknown>;
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const SAMPLES = walk(ROOT)
  .map((p) => relative(ROOT, p))
  .filter((p) => p !== 'SOURCE.md' && !p.startsWith('expected') && !p.startsWith('schemas/'))
  .sort();

function file(path: string): ReportFile {
  return { name: path, bytes: new Uint8Array(readFileSync(join(ROOT, path))) };
}

const sum = (
  r: AggregateReport,
  pick: (x: AggregateReport['records'][number]) => boolean = () => true,
): number => r.records.filter(pick).reduce((s, x) => s + x.count, 0);

// ── Where we read a file parsedmarc rejects (or the other way round), and why ────────────────
const READ_THOUGH_PARSEDMARC_REJECTS: Record<string, string> = {
  'dmarc-report-converter/pkg/dmarc/testdata/test.xml.gz.gz':
    'gzip applied twice: parsedmarc unwraps one layer; we unwrap up to MAX_REPORT_NESTING layers within ' +
    'the same size and ratio budget, so the report inside is read (2 records, 7 messages, as test.xml).',
  'mail-auth/resources/tlsrpt/rpt02.eml':
    'the TLS-RPT attachment is labelled application/tlsrpt (RFC 8460 §5.3 registers application/tlsrpt+json ' +
    'and +gzip); parsedmarc goes by the MIME type, we by the content, so the JSON report inside is read.',
};
const FAILURE_REPORT_NOT_RECOGNISED: Record<string, string> = {
  'parsedmarc/samples/failure/exim_plain_text_only_no_arf_part.eml':
    'no message/feedback-report part (RFC 6591 §2 requires one): parsedmarc reads the plain text, we only ' +
    'say the message holds no report (reports/no-report-in-message). Failure reports are not counted either way.',
};
/** Expected problem per rejected file (our catalog code). */
const REJECTED_AS: Record<string, string> = {
  'dmarc-cat/testdata/bad.xml': 'reports/empty-file',
  'dmarc-cat/testdata/bad.zip': 'reports/empty-file', // the zip's only entry, bad.xml, is empty
  'dmarc-cat/testdata/notempty.txt.gz': 'reports/unknown-format',
  'dmarc-cat/testdata/notempty.zip': 'reports/unknown-format',
  'dmarc-report-converter/pkg/dmarc/testdata/test_empty.xml': 'reports/no-records', // its only record has no source IP
  'dmarc-report-parser/tests/fixtures/plain.txt': 'reports/unknown-format',
  'mail-auth/resources/tlsrpt/rpt03.json': 'reports/tls-missing-field', // RFC 8460 §4.4: policy-domain is required
  'parsedmarc/samples/empty.xml': 'reports/empty-file',
};

describe('DMARC aggregate samples vs parsedmarc (RFC 9990, RFC 7489 Appendix C)', () => {
  it('every sample file is covered by one of the expectation lists', () => {
    const covered = new Set([
      ...Object.keys(expected.aggregate),
      ...Object.keys(expected.rejected),
      ...Object.keys(expectedTls.smtp_tls),
      ...Object.keys(expectedTls.failure),
      expected._synthetic_mbox.file,
    ]);
    expect(SAMPLES.filter((s) => !covered.has(s))).toEqual([]);
    expect(Object.keys(expected.aggregate).length).toBeGreaterThan(40);
  });

  for (const [path, want] of Object.entries(expected.aggregate)) {
    it(`${path}: records, messages, p and DMARC-pass messages equal parsedmarc's`, async () => {
      const got = await readReportFiles([file(path)]);
      expect(got.problems).toEqual([]);
      expect(got.aggregate).toHaveLength(1);
      const r = got.aggregate[0];
      expect({
        records: r.records.length,
        messages: sum(r),
        p: r.policy.p ?? null,
        dmarcPass: sum(r, (x) => x.dkim === 'pass' || x.spf === 'pass'),
      }).toEqual({
        records: want.record_count,
        messages: want.total_messages,
        p: want.policy.p,
        dmarcPass: want.dmarc_pass_messages,
      });
      // parsedmarc cuts report_id at '@' (its quirk); raw.report_id is the XML text we keep.
      if (want.raw.report_id !== undefined) expect(r.reportId).toBe(want.raw.report_id.trim());
      else expect(r.reportId.split('@')[0]).toBe(want.report_id);
      if (want.raw.begin !== undefined) expect(r.begin).toBe(Number(want.raw.begin));
      if (want.raw.end !== undefined) expect(r.end).toBe(Number(want.raw.end));
      if (want.raw.org_name) expect(r.org).toBe(want.raw.org_name.trim());
    });
  }

  for (const path of Object.keys(expected.rejected)) {
    const reason = READ_THOUGH_PARSEDMARC_REJECTS[path];
    if (reason) {
      it(`${path}: rejected by parsedmarc, read by us — ${reason}`, async () => {
        const got = await readReportFiles([file(path)]);
        expect(got.problems).toEqual([]);
        expect(got.aggregate.length + got.tls.length).toBe(1);
      });
      continue;
    }
    it(`${path}: rejected by parsedmarc, one problem here (${REJECTED_AS[path]})`, async () => {
      const got = await readReportFiles([file(path)]);
      expect(got.aggregate).toEqual([]);
      expect(got.tls).toEqual([]);
      expect(got.problems.map((p) => [p.file, p.code])).toEqual([[path, REJECTED_AS[path]]]);
    });
  }

  it('the same report in several files counts once (RFC 9990 §2.1), as parsedmarc groups them', async () => {
    const paths = Object.keys(expected.aggregate);
    const got = await readReportFiles(paths.map(file));
    const duplicates = new Set(got.problems.filter((p) => p.code === 'reports/duplicate').map((p) => p.file));
    // parsedmarc's key is org_name + report_id cut at '@'; ours is org + the whole report_id, so
    // each of its groups is one report here too: every file but the first is a duplicate.
    const want = Object.values(expected.duplicate_groups.parsedmarc_key_org_reportid).flatMap((g) =>
      g.filter((p) => p !== g.filter((x) => paths.includes(x))[0]),
    );
    expect([...duplicates].sort()).toEqual(want.sort());
    expect(got.aggregate.length).toBe(paths.length - want.length);
  });

  it(`${expected._synthetic_mbox.file}: the mbox export gives parsedmarc's aggregate count (RFC 4155)`, async () => {
    const got = await readReportFiles([file(expected._synthetic_mbox.file)]);
    const want = expected._synthetic_mbox.result;
    expect(got.aggregate).toHaveLength(want.aggregate_reports);
    // One more TLS report than parsedmarc: rpt02.eml (see READ_THOUGH_PARSEDMARC_REJECTS).
    expect(got.tls).toHaveLength(want.smtp_tls_reports + 1);
    const codes = got.problems.map((p) => p.code);
    expect(codes.filter((c) => c === 'reports/duplicate')).toHaveLength(1);
    // parsedmarc's failure reports: the ARF ones here, exim's plain-text one as "no report".
    expect(codes.filter((c) => c === 'reports/failure-report')).toHaveLength(want.failure_reports - 1);
    expect(codes.filter((c) => c === 'reports/no-report-in-message')).toHaveLength(1);
  });
});

describe('TLS-RPT samples vs parsedmarc (RFC 8460 §4)', () => {
  for (const [path, want] of Object.entries(expectedTls.smtp_tls)) {
    it(`${path}: policies, session counts and failure types equal parsedmarc's`, async () => {
      const got = await readReportFiles([file(path)]);
      expect(got.problems).toEqual([]);
      expect(got.tls).toHaveLength(1);
      const r = got.tls[0];
      expect(r.org).toBe(want.organization_name);
      expect(r.reportId).toBe(want.report_id);
      expect(
        r.policies.map((p) => ({
          policy_domain: p.domain,
          policy_type: p.type,
          successful: p.successful,
          failed: p.failed,
          failure_result_types: [...new Set(p.failures.map((f) => f.resultType))].sort(),
        })),
      ).toEqual(
        want.policies.map((p) => ({ ...p, failure_result_types: [...p.failure_result_types].sort() })),
      );
    });
  }

  for (const path of Object.keys(expectedTls.failure)) {
    const reason = FAILURE_REPORT_NOT_RECOGNISED[path];
    it(`${path}: a failure report is not counted${reason ? ` — ${reason}` : ' (reports/failure-report)'}`, async () => {
      const got = await readReportFiles([file(path)]);
      expect(got.aggregate).toEqual([]);
      expect(got.problems.map((p) => p.code)).toEqual([
        reason ? 'reports/no-report-in-message' : 'reports/failure-report',
      ]);
    });
  }
});
