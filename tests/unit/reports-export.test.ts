// The report exports (src/lib/reports/export.ts): parsedmarc's CSV columns and JSON shapes, NDJSON
// for the Elasticsearch/OpenSearch _bulk API, CSV quoting (RFC 4180 §2) and hostile text kept inert.
import { describe, expect, it } from 'vitest';
import {
  PARSEDMARC_CSV_FIELDS,
  aggregateCsvRows,
  reportsToBulkNdjson,
  reportsToCsv,
  reportsToJson,
  type AggregateReport,
  type TlsReport,
} from '../../src/lib/index.ts';

const BEGIN = 1538604008; // 2018-10-03 22:00:08 UTC
const END = 1538690408; // 2018-10-04 22:00:08 UTC

function report(over: Partial<AggregateReport> = {}): AggregateReport {
  return {
    org: 'google.com',
    reportId: '15591417298178277408',
    begin: BEGIN,
    end: END,
    domain: 'example.com',
    policy: { p: 'none', sp: 'none', adkim: 'r', aspf: 'r', pct: 100 },
    email: 'noreply-dmarc-support@google.com',
    records: [
      {
        sourceIp: '192.0.2.10',
        count: 3,
        disposition: 'none',
        dkim: 'pass',
        spf: 'fail',
        headerFrom: 'example.com',
        envelopeFrom: 'bounce.example.com',
        dkimResults: [{ domain: 'Example.com', selector: 'S1', result: 'pass' }],
        spfResults: [{ domain: 'bounce.example.com', scope: 'mfrom', result: 'softfail' }],
      },
      {
        sourceIp: '2001:db8::1',
        count: 2,
        disposition: 'quarantine',
        dkim: 'fail',
        spf: 'fail',
        headerFrom: 'example.com',
        dkimResults: [],
        spfResults: [{ domain: 'example.com', result: 'fail' }],
        reasons: [{ type: 'local_policy', comment: 'arc=pass' }, { type: 'forwarded' }],
      },
    ],
    ...over,
  };
}

const TLS: TlsReport = {
  org: 'Google Inc.',
  reportId: '2020-01-01T00:00:00Z_example.com',
  begin: 1577836800,
  end: 1578441599,
  policies: [
    {
      domain: 'example.com',
      type: 'sts',
      successful: 10,
      failed: 2,
      failures: [{ resultType: 'certificate-expired', count: 2, receivingMx: 'mx1.example.com' }],
    },
  ],
};

/** Reads an RFC 4180 document (quoted fields may hold commas, quotes and line breaks) into rows. */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted && c === '"' && csv[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\r' && csv[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

function csvObjects(csv: string): Array<Record<string, string>> {
  const [names, ...rows] = parseCsv(csv);
  return rows.map((r) => Object.fromEntries(r.map((v, i) => [names[i], v])));
}

describe('reportsToCsv: parsedmarc aggregate CSV', () => {
  const csv = reportsToCsv([report()]);
  const rows = csvObjects(csv);

  it('has parsedmarc’s header, in its order, and one line per record (RFC 4180 §2 CRLF)', () => {
    expect(csv.split('\r\n')[0]).toBe(PARSEDMARC_CSV_FIELDS.join(','));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(rows).toHaveLength(2);
  });

  const cases: Array<{ row: number; field: string; want: string; why: string }> = [
    { row: 0, field: 'org_name', want: 'google.com', why: 'report_metadata/org_name' },
    { row: 0, field: 'begin_date', want: '2018-10-03 22:00:08', why: 'UTC human time' },
    { row: 0, field: 'end_date', want: '2018-10-04 22:00:08', why: 'UTC human time' },
    { row: 0, field: 'pct', want: '100', why: 'RFC 7489 pct' },
    { row: 0, field: 'count', want: '3', why: 'row/count' },
    { row: 0, field: 'dkim_aligned', want: 'True', why: 'policy_evaluated/dkim pass' },
    { row: 0, field: 'spf_aligned', want: 'False', why: 'policy_evaluated/spf fail' },
    { row: 0, field: 'dmarc_aligned', want: 'True', why: 'RFC 9989 §4.4: either aligned pass' },
    { row: 0, field: 'dkim_domains', want: 'example.com', why: 'lower-cased as parsedmarc' },
    { row: 0, field: 'dkim_selectors', want: 's1', why: 'lower-cased as parsedmarc' },
    { row: 0, field: 'spf_results', want: 'softfail', why: 'raw auth_results' },
    { row: 1, field: 'dmarc_aligned', want: 'False', why: 'RFC 9989 §4.4: neither aligned' },
    { row: 1, field: 'disposition', want: 'quarantine', why: 'policy_evaluated/disposition' },
    { row: 1, field: 'spf_scopes', want: 'mfrom', why: 'parsedmarc’s default scope' },
    { row: 1, field: 'policy_override_reasons', want: 'local_policy,forwarded', why: 'reason types' },
    { row: 1, field: 'policy_override_comments', want: 'arc=pass|none', why: 'blank comment is none' },
    { row: 1, field: 'envelope_from', want: '', why: 'absent stays empty' },
    { row: 1, field: 'source_ip_address', want: '2001:db8::1', why: 'IPv6 source' },
  ];
  for (const c of cases) {
    it(`row ${c.row} ${c.field} = ${JSON.stringify(c.want)} (${c.why})`, () => {
      expect(rows[c.row][c.field]).toBe(c.want);
    });
  }

  it('fills source_reverse_dns from the names the user asked for', () => {
    const named = csvObjects(
      reportsToCsv([report()], { reverseDns: new Map([['192.0.2.10', 'mail.example.com']]) }),
    );
    expect(named.map((r) => r.source_reverse_dns)).toEqual(['mail.example.com', '']);
  });

  it('quotes commas, quotes and line breaks (RFC 4180 §2) and round-trips them', () => {
    const org = 'Evil, "Inc."\r\nline two';
    const back = csvObjects(reportsToCsv([report({ org })]));
    expect(back[0].org_name).toBe(org);
  });

  const formulas = ['=HYPERLINK("http://x")', '+1+1', '-2', '@SUM(A1)', '\tx'];
  for (const org of formulas) {
    it(`keeps a spreadsheet formula inert: ${JSON.stringify(org)} gets a leading quote (OWASP CSV injection)`, () => {
      const back = csvObjects(reportsToCsv([report({ org })]));
      expect(back[0].org_name).toBe(`'${org}`);
    });
  }

  it('writes only the header for no reports', () => {
    expect(reportsToCsv([])).toBe(`${PARSEDMARC_CSV_FIELDS.join(',')}\r\n`);
  });

  it('counts every record’s messages (rows sum to the report total)', () => {
    const rowsOf = aggregateCsvRows([report(), report({ reportId: 'b' })]);
    expect(rowsOf.reduce((n, r) => n + Number(r.count), 0)).toBe(10);
  });
});

describe('reportsToJson: parsedmarc JSON output', () => {
  const parsed = JSON.parse(reportsToJson({ aggregate: [report()], tls: [TLS] }));

  it('has parsedmarc’s top-level keys', () => {
    expect(Object.keys(parsed)).toEqual(['aggregate_reports', 'smtp_tls_reports']);
  });
  it('nests metadata, policy and records as parsedmarc does', () => {
    const a = parsed.aggregate_reports[0];
    expect(a.report_metadata.report_id).toBe('15591417298178277408');
    expect(a.policy_published.pct).toBe('100');
    expect(a.records[0].alignment).toEqual({ spf: false, dkim: true, dmarc: true });
    expect(a.records[1].auth_results.spf[0]).toEqual({
      domain: 'example.com',
      scope: 'mfrom',
      result: 'fail',
    });
    expect(a.records[0].auth_results.dkim[0].selector).toBe('S1');
  });
  it('writes TLS-RPT reports (RFC 8460 §4.4) with parsedmarc’s smtp_tls names', () => {
    const t = parsed.smtp_tls_reports[0];
    expect(t.organization_name).toBe('Google Inc.');
    expect(t.begin_date).toBe('2020-01-01T00:00:00Z');
    expect(t.policies[0]).toMatchObject({
      policy_domain: 'example.com',
      policy_type: 'sts',
      successful_session_count: 10,
      failed_session_count: 2,
    });
    expect(t.policies[0].failure_details[0]).toEqual({
      result_type: 'certificate-expired',
      failed_session_count: 2,
      receiving_mx_hostname: 'mx1.example.com',
    });
  });
});

describe('reportsToBulkNdjson: Elasticsearch/OpenSearch _bulk body', () => {
  const body = reportsToBulkNdjson({ aggregate: [report()], tls: [TLS] });
  const lines = body.split('\n');

  it('ends with a newline and pairs an action line with each document', () => {
    expect(body.endsWith('\n')).toBe(true);
    expect(lines.pop()).toBe('');
    // 2 aggregate records + 1 TLS report, two lines each
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });
  it('indexes by the report’s first day, as parsedmarc names its indexes', () => {
    expect(JSON.parse(lines[0])).toEqual({ index: { _index: 'dmarc_aggregate-2018-10-03' } });
    expect(JSON.parse(lines[4])).toEqual({ index: { _index: 'smtp_tls-2020-01-01' } });
  });
  it('uses monthly indexes and a prefix when asked', () => {
    const first = reportsToBulkNdjson(
      { aggregate: [report()], tls: [] },
      { monthly: true, indexPrefix: 'x_' },
    );
    expect(JSON.parse(first.split('\n')[0])).toEqual({ index: { _index: 'x_dmarc_aggregate-2018-10' } });
  });
  it('writes _AggregateReportDoc fields per record', () => {
    const doc = JSON.parse(lines[1]);
    expect(doc).toMatchObject({
      org_name: 'google.com',
      source_ip_address: '192.0.2.10',
      message_count: 3,
      dkim_aligned: true,
      spf_aligned: false,
      passed_dmarc: true,
      date_begin: '2018-10-03T22:00:08Z',
      published_policy: { domain: 'example.com', p: 'none', pct: 100 },
    });
    expect(JSON.parse(lines[3]).policy_overrides).toEqual([
      { type: 'local_policy', comment: 'arc=pass' },
      { type: 'forwarded' },
    ]);
  });
  it('keeps hostile text as JSON strings: a line break in a name never splits a document', () => {
    const hostile = reportsToBulkNdjson({ aggregate: [report({ org: 'a\n{"index":{}}' })], tls: [] });
    const docs = hostile.trimEnd().split('\n');
    expect(docs).toHaveLength(4);
    expect(JSON.parse(docs[1]).org_name).toBe('a\n{"index":{}}');
  });
  it('is empty for nothing', () => {
    expect(reportsToBulkNdjson({ aggregate: [], tls: [] })).toBe('');
  });
});
