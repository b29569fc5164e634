// TLS-RPT aggregate reports (RFC 8460 §4): the JSON a sending MTA mails to the `rua` of
// `_smtp._tls.<domain>`. Policies, success and failure session counts, failure types per MX.
// Never throws; a missing required field is an error naming the field.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic, ParseResult } from '../diagnostics/model.ts';
import type { TlsReport } from './model.ts';

type Json = Record<string, unknown>;

/** RFC 8460 §4.4 "policy-type": the three types the RFC defines. */
const POLICY_TYPES = new Set(['tlsa', 'sts', 'no-policy-found']);

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** RFC 8460 §4.4: "date-time" per RFC 3339 §5.6; unix seconds, or undefined. */
function seconds(v: unknown): number | undefined {
  const t = text(v);
  if (t === undefined) return undefined;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

function sessionCount(v: unknown, field: string, diagnostics: Diagnostic[]): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  diagnostics.push(
    diagnostic('reports/tls-invalid-value', { params: { field, value: v === undefined ? '' : String(v) } }),
  );
  return 0;
}

function missing(field: string): Diagnostic {
  return diagnostic('reports/tls-missing-field', { params: { field } });
}

/** Parses one TLS-RPT report's JSON text. Never throws. */
export function parseTlsReport(json: string): ParseResult<TlsReport> {
  let data: unknown;
  try {
    data = JSON.parse(typeof json === 'string' ? json : '');
  } catch {
    return { record: null, diagnostics: [diagnostic('reports/tls-invalid-json')] };
  }
  if (!isObject(data)) return { record: null, diagnostics: [diagnostic('reports/tls-invalid-json')] };

  const diagnostics: Diagnostic[] = [];
  const org = text(data['organization-name']);
  if (org === undefined) diagnostics.push(missing('organization-name'));
  const reportId = text(data['report-id']);
  if (reportId === undefined) diagnostics.push(missing('report-id'));
  const range = isObject(data['date-range']) ? data['date-range'] : undefined;
  const begin = seconds(range?.['start-datetime']);
  const end = seconds(range?.['end-datetime']);
  if (begin === undefined) diagnostics.push(missing('date-range.start-datetime'));
  if (end === undefined) diagnostics.push(missing('date-range.end-datetime'));

  const policies: TlsReport['policies'] = [];
  const list = data.policies;
  if (!Array.isArray(list)) diagnostics.push(missing('policies'));
  else
    list.forEach((item: unknown, i) => {
      const at = `policies[${i}]`;
      const entry = isObject(item) ? item : {};
      const policy = isObject(entry.policy) ? entry.policy : {};
      const summary = isObject(entry.summary) ? entry.summary : {};
      const type = text(policy['policy-type'])?.toLowerCase();
      if (type === undefined) diagnostics.push(missing(`${at}.policy.policy-type`));
      else if (!POLICY_TYPES.has(type))
        diagnostics.push(
          diagnostic('reports/tls-invalid-value', {
            params: { field: `${at}.policy.policy-type`, value: type },
          }),
        );
      const domain = text(policy['policy-domain'])?.toLowerCase();
      if (domain === undefined) diagnostics.push(missing(`${at}.policy.policy-domain`));

      const failures: TlsReport['policies'][number]['failures'] = [];
      const details = Array.isArray(entry['failure-details']) ? entry['failure-details'] : [];
      details.forEach((d: unknown, j) => {
        const detail = isObject(d) ? d : {};
        const resultType = text(detail['result-type']);
        if (resultType === undefined) {
          diagnostics.push(missing(`${at}.failure-details[${j}].result-type`));
          return;
        }
        // RFC 8460 §4.4: "receiving-mx-hostname" names the MX the sender tried.
        const mx = text(detail['receiving-mx-hostname']);
        failures.push({
          resultType: resultType.toLowerCase(),
          count: sessionCount(
            detail['failed-session-count'],
            `${at}.failure-details[${j}].failed-session-count`,
            diagnostics,
          ),
          ...(mx !== undefined && { receivingMx: mx.toLowerCase().replace(/\.$/, '') }),
        });
      });

      policies.push({
        domain: domain ?? '',
        type: type ?? '',
        successful: sessionCount(
          summary['total-successful-session-count'],
          `${at}.summary.total-successful-session-count`,
          diagnostics,
        ),
        failed: sessionCount(
          summary['total-failure-session-count'],
          `${at}.summary.total-failure-session-count`,
          diagnostics,
        ),
        failures,
      });
    });

  if (diagnostics.some((d) => d.severity === 'error')) return { record: null, diagnostics };
  return {
    record: { org: org!, reportId: reportId!, begin: begin!, end: end!, policies },
    diagnostics,
  };
}
