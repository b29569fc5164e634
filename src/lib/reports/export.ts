// Parsed reports out of the browser in parsedmarc's vocabulary, so a user who outgrows the page can
// load the same data into the engine parsedmarc feeds (Elasticsearch / OpenSearch) or its CSV tools:
// the flat CSV of parsedmarc's `parsed_aggregate_reports_to_csv`, its JSON output
// (`aggregate_reports` / `smtp_tls_reports`) and NDJSON for the `_bulk` API with the documents of
// parsedmarc's elastic.py (`dmarc_aggregate-<date>` and `smtp_tls-<date>` indexes).
// Field names follow parsedmarc 10.x; what our model does not hold (country, base domain, envelope_to)
// is left empty or out, never invented.

import type { AggregateRecord, AggregateReport, TlsReport } from './model.ts';

/** Columns of parsedmarc's aggregate CSV, in its order (parsedmarc/__init__.py). */
export const PARSEDMARC_CSV_FIELDS = [
  'xml_schema',
  'org_name',
  'org_email',
  'org_extra_contact_info',
  'report_id',
  'begin_date',
  'end_date',
  'normalized_timespan',
  'errors',
  'domain',
  'adkim',
  'aspf',
  'p',
  'sp',
  'pct',
  'fo',
  'source_ip_address',
  'source_country',
  'source_reverse_dns',
  'source_base_domain',
  'source_name',
  'source_type',
  'count',
  'spf_aligned',
  'dkim_aligned',
  'dmarc_aligned',
  'disposition',
  'policy_override_reasons',
  'policy_override_comments',
  'envelope_from',
  'header_from',
  'envelope_to',
  'dkim_domains',
  'dkim_selectors',
  'dkim_results',
  'spf_domains',
  'spf_scopes',
  'spf_results',
] as const;

export type ParsedmarcCsvField = (typeof PARSEDMARC_CSV_FIELDS)[number];
export type ParsedmarcCsvRow = Record<ParsedmarcCsvField, string | number | boolean>;

/**
 * RFC 9990 reports carry the dmarc-2.0 namespace. parsedmarc names the others by their `<version>`
 * (`1.0`) or `draft` without one; the model does not keep `<version>`, so they are all `1.0` here.
 */
const RFC9990_NAMESPACE = 'urn:ietf:params:xml:ns:dmarc-2.0';

export interface ReportExportOptions {
  /** Reverse DNS names by source IP, when the user asked for them. */
  reverseDns?: ReadonlyMap<string, string>;
}

export interface ReportBulkOptions extends ReportExportOptions {
  /** Index name prefix, as parsedmarc's `index_prefix` (e.g. `maildns_`). */
  indexPrefix?: string;
  /** One index per month instead of per day (parsedmarc's `monthly_indexes`). */
  monthly?: boolean;
}

/** `YYYY-MM-DD HH:MM:SS` in UTC: parsedmarc's human timestamps (run with TZ=UTC). */
function humanTime(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  if (Number.isNaN(d.getTime())) return '';
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** ISO 8601 in UTC, as Elasticsearch's `date` type reads it. */
function isoTime(unixSeconds: number): string | undefined {
  const d = new Date(unixSeconds * 1000);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().replace('.000Z', 'Z');
}

function xmlSchema(r: AggregateReport): string {
  return r.namespace === RFC9990_NAMESPACE ? '2.0' : '1.0';
}

/** parsedmarc fills a missing DKIM selector with `none` and a missing SPF scope with `mfrom`. */
const selectorOf = (x: { selector?: string }) => x.selector ?? 'none';
const scopeOf = (x: { scope?: string }) => x.scope ?? 'mfrom';

const spfAligned = (rec: AggregateRecord) => rec.spf === 'pass';
const dkimAligned = (rec: AggregateRecord) => rec.dkim === 'pass';
/** RFC 9989 §4.4: DMARC passes when aligned SPF or aligned DKIM passes. */
const dmarcAligned = (rec: AggregateRecord) => spfAligned(rec) || dkimAligned(rec);

/** One row per report record, as parsedmarc's `parsed_aggregate_reports_to_csv_rows`. */
export function aggregateCsvRows(
  reports: readonly AggregateReport[],
  o: ReportExportOptions = {},
): ParsedmarcCsvRow[] {
  const rows: ParsedmarcCsvRow[] = [];
  for (const r of reports) {
    for (const rec of r.records) {
      rows.push({
        xml_schema: xmlSchema(r),
        org_name: r.org,
        org_email: r.email ?? '',
        org_extra_contact_info: '',
        report_id: r.reportId,
        begin_date: humanTime(r.begin),
        end_date: humanTime(r.end),
        normalized_timespan: false,
        errors: (r.errors ?? []).join('|'),
        domain: r.domain,
        adkim: r.policy.adkim ?? '',
        aspf: r.policy.aspf ?? '',
        p: r.policy.p ?? '',
        sp: r.policy.sp ?? '',
        pct: r.policy.pct ?? '',
        fo: '',
        source_ip_address: rec.sourceIp,
        source_country: '',
        source_reverse_dns: o.reverseDns?.get(rec.sourceIp) ?? '',
        source_base_domain: '',
        source_name: '',
        source_type: '',
        count: rec.count,
        spf_aligned: spfAligned(rec),
        dkim_aligned: dkimAligned(rec),
        dmarc_aligned: dmarcAligned(rec),
        disposition: rec.disposition,
        // parsedmarc joins the override types with ',' and the comments with '|', "none" for a blank.
        policy_override_reasons: (rec.reasons ?? []).map((x) => x.type || 'none').join(','),
        policy_override_comments: (rec.reasons ?? []).map((x) => x.comment || 'none').join('|'),
        envelope_from: rec.envelopeFrom ?? '',
        header_from: rec.headerFrom,
        envelope_to: '',
        // parsedmarc lower-cases the joined auth_results values.
        dkim_domains: rec.dkimResults.map((x) => x.domain.toLowerCase()).join(','),
        dkim_selectors: rec.dkimResults.map((x) => selectorOf(x).toLowerCase()).join(','),
        dkim_results: rec.dkimResults.map((x) => x.result.toLowerCase()).join(','),
        spf_domains: rec.spfResults.map((x) => x.domain.toLowerCase()).join(','),
        spf_scopes: rec.spfResults.map((x) => scopeOf(x).toLowerCase()).join(','),
        spf_results: rec.spfResults.map((x) => x.result.toLowerCase()).join(','),
      });
    }
  }
  return rows;
}

/**
 * A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
 * formula; report text is hostile (an org name can be `=HYPERLINK(…)`), so such text cells get a
 * leading `'` (OWASP "CSV Injection"). Numbers and booleans are written as they are.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180 §2: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
function csvField(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False'; // as Python's csv writes bools
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** parsedmarc's aggregate CSV: a header line, then one line per record; CRLF line ends (RFC 4180 §2). */
export function reportsToCsv(reports: readonly AggregateReport[], o: ReportExportOptions = {}): string {
  const lines = [PARSEDMARC_CSV_FIELDS.join(',')];
  for (const row of aggregateCsvRows(reports, o)) {
    lines.push(PARSEDMARC_CSV_FIELDS.map((f) => csvField(row[f])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

// ── JSON (parsedmarc's output shapes) ────────────────────────────────────────

function parsedmarcAggregate(r: AggregateReport, o: ReportExportOptions) {
  return {
    xml_schema: xmlSchema(r),
    report_metadata: {
      org_name: r.org,
      org_email: r.email ?? null,
      org_extra_contact_info: null,
      report_id: r.reportId,
      begin_date: humanTime(r.begin),
      end_date: humanTime(r.end),
      errors: r.errors ?? [],
    },
    policy_published: {
      domain: r.domain,
      adkim: r.policy.adkim ?? null,
      aspf: r.policy.aspf ?? null,
      p: r.policy.p ?? null,
      sp: r.policy.sp ?? null,
      np: r.policy.np ?? null,
      pct: r.policy.pct !== undefined ? String(r.policy.pct) : null,
      fo: null,
      testing: r.policy.testing ?? null,
    },
    records: r.records.map((rec) => ({
      source: {
        ip_address: rec.sourceIp,
        country: null,
        reverse_dns: o.reverseDns?.get(rec.sourceIp) ?? null,
        base_domain: null,
      },
      count: rec.count,
      alignment: { spf: spfAligned(rec), dkim: dkimAligned(rec), dmarc: dmarcAligned(rec) },
      policy_evaluated: {
        disposition: rec.disposition,
        dkim: rec.dkim,
        spf: rec.spf,
        policy_override_reasons: (rec.reasons ?? []).map((x) => ({
          type: x.type,
          comment: x.comment ?? null,
        })),
      },
      identifiers: {
        header_from: rec.headerFrom,
        envelope_from: rec.envelopeFrom ?? null,
        envelope_to: null,
      },
      auth_results: {
        dkim: rec.dkimResults.map((x) => ({ domain: x.domain, selector: selectorOf(x), result: x.result })),
        spf: rec.spfResults.map((x) => ({ domain: x.domain, scope: scopeOf(x), result: x.result })),
      },
    })),
  };
}

function parsedmarcTls(r: TlsReport) {
  return {
    organization_name: r.org,
    begin_date: isoTime(r.begin) ?? null,
    end_date: isoTime(r.end) ?? null,
    report_id: r.reportId,
    policies: r.policies.map((p) => ({
      policy_domain: p.domain,
      policy_type: p.type,
      successful_session_count: p.successful,
      failed_session_count: p.failed,
      failure_details: p.failures.map((f) => ({
        result_type: f.resultType,
        failed_session_count: f.count,
        ...(f.receivingMx !== undefined && { receiving_mx_hostname: f.receivingMx }),
      })),
    })),
  };
}

/** parsedmarc's combined JSON output: `{ aggregate_reports, smtp_tls_reports }`, indented. */
export function reportsToJson(
  data: { aggregate: readonly AggregateReport[]; tls: readonly TlsReport[] },
  o: ReportExportOptions = {},
): string {
  return `${JSON.stringify(
    {
      aggregate_reports: data.aggregate.map((r) => parsedmarcAggregate(r, o)),
      smtp_tls_reports: data.tls.map(parsedmarcTls),
    },
    null,
    2,
  )}\n`;
}

// ── NDJSON for the _bulk API ─────────────────────────────────────────────────

function indexName(base: string, unixSeconds: number, o: ReportBulkOptions): string {
  const iso = isoTime(unixSeconds) ?? '1970-01-01T00:00:00Z';
  return `${o.indexPrefix ?? ''}${base}-${o.monthly ? iso.slice(0, 7) : iso.slice(0, 10)}`;
}

/**
 * Newline-delimited JSON for `POST /_bulk` (Elasticsearch and OpenSearch): an `index` action line,
 * then the document, for each aggregate record (parsedmarc's `_AggregateReportDoc`, one per
 * record) and each TLS report (`_SMTPTLSReportDoc`). Ends with a newline, as `_bulk` requires.
 */
export function reportsToBulkNdjson(
  data: { aggregate: readonly AggregateReport[]; tls: readonly TlsReport[] },
  o: ReportBulkOptions = {},
): string {
  const lines: string[] = [];
  for (const r of data.aggregate) {
    const begin = isoTime(r.begin);
    const end = isoTime(r.end);
    const index = indexName('dmarc_aggregate', r.begin, o);
    for (const rec of r.records) {
      const reverse = o.reverseDns?.get(rec.sourceIp);
      lines.push(JSON.stringify({ index: { _index: index } }));
      lines.push(
        JSON.stringify({
          xml_schema: xmlSchema(r),
          org_name: r.org,
          ...(r.email !== undefined && { org_email: r.email }),
          report_id: r.reportId,
          ...(begin && end && { date_range: [begin, end], date_begin: begin, date_end: end }),
          normalized_timespan: false,
          errors: r.errors ?? [],
          published_policy: {
            domain: r.domain,
            ...(r.policy.adkim !== undefined && { adkim: r.policy.adkim }),
            ...(r.policy.aspf !== undefined && { aspf: r.policy.aspf }),
            ...(r.policy.p !== undefined && { p: r.policy.p }),
            ...(r.policy.sp !== undefined && { sp: r.policy.sp }),
            ...(r.policy.pct !== undefined && { pct: r.policy.pct }),
          },
          ...(r.policy.np !== undefined && { np: r.policy.np }),
          ...(r.policy.testing !== undefined && { testing: r.policy.testing }),
          source_ip_address: rec.sourceIp,
          ...(reverse !== undefined && { source_reverse_dns: reverse }),
          message_count: rec.count,
          disposition: rec.disposition,
          dkim_aligned: dkimAligned(rec),
          spf_aligned: spfAligned(rec),
          passed_dmarc: dmarcAligned(rec),
          policy_overrides: (rec.reasons ?? []).map((x) => ({
            type: x.type,
            ...(x.comment !== undefined && { comment: x.comment }),
          })),
          header_from: rec.headerFrom,
          ...(rec.envelopeFrom !== undefined && { envelope_from: rec.envelopeFrom }),
          dkim_results: rec.dkimResults.map((x) => ({
            domain: x.domain,
            selector: selectorOf(x),
            result: x.result,
          })),
          spf_results: rec.spfResults.map((x) => ({ domain: x.domain, scope: scopeOf(x), result: x.result })),
        }),
      );
    }
  }
  for (const r of data.tls) {
    const begin = isoTime(r.begin);
    const end = isoTime(r.end);
    lines.push(JSON.stringify({ index: { _index: indexName('smtp_tls', r.begin, o) } }));
    lines.push(
      JSON.stringify({
        organization_name: r.org,
        ...(begin && end && { date_range: [begin, end], date_begin: begin, date_end: end }),
        report_id: r.reportId,
        policies: parsedmarcTls(r).policies,
      }),
    );
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
