// MTA-STS, TLS-RPT and BIMI share one shape: a single TXT record at a fixed name, recognised by its
// version tag; TXT records without it are discarded, and more than one with it means none applies
// (RFC 8461 §3.1, RFC 8460 §3, BIMI draft §4.3). Looked up at the start of the audit.

import type { ParseResult } from '../diagnostics/model.ts';
import { isTemporaryFailure, partitionTxt, txtRecords } from './answers.ts';
import { areaLookup, type AuditContext } from './context.ts';
import type { AuditArea, Finding, TxtRecord } from './model.ts';
import { finding, fromDiagnostics } from './finding.ts';
import { temporaryFinding } from './temporary.ts';
import type { Code } from '../diagnostics/codes.ts';
import type { AuditLookup, AreaStatus } from './model.ts';
import type { Diagnostic } from '../diagnostics/model.ts';
import type { DnsStatus } from '../dns/model.ts';

export interface TxtArea<T> {
  status: AreaStatus;
  dnsStatus?: DnsStatus;
  lookups: AuditLookup[];
  records: TxtRecord[];
  record?: T;
  diagnostics: Diagnostic[];
}

export interface TxtAreaSpec<T> {
  name: string;
  /** Recognises the record (kept loose, so a near miss is parsed and explained, not ignored). */
  prefix: RegExp;
  parse: (text: string) => ParseResult<T>;
}

/** Looks the record up and parses it; returns the lookup's round (for what depends on it). */
export async function auditTxtArea<T>(
  ctx: AuditContext,
  area: TxtArea<T>,
  spec: TxtAreaSpec<T>,
): Promise<number> {
  const { entry, response } = await areaLookup(ctx, area.lookups, spec.name, 'TXT', 0);
  if (isTemporaryFailure(response.status)) {
    area.status = 'error';
    area.dnsStatus = response.status;
    ctx.changed();
    return entry.round;
  }
  area.records = partitionTxt(txtRecords(response), spec.prefix).matching;
  if (area.records.length === 1) {
    const parsed = spec.parse(area.records[0].text);
    if (parsed.record) area.record = parsed.record;
    area.diagnostics = parsed.diagnostics;
  }
  area.status = 'done';
  ctx.changed();
  return entry.round;
}

/** The findings every such area has: failed lookup, absent (info), several records, syntax. */
export function txtAreaFindings<T>(
  area: TxtArea<T>,
  areaName: AuditArea,
  codes: { missing: Code; multiple: Code },
  params: Record<string, string | number>,
): Finding[] {
  const lookup = area.lookups[0];
  if (area.status === 'error' && lookup) return [temporaryFinding(lookup, areaName)];
  if (area.status === 'loading') return [];
  if (area.records.length === 0) return [finding(codes.missing, areaName, { params })];
  if (area.records.length > 1) {
    return [finding(codes.multiple, areaName, { params: { ...params, count: area.records.length } })];
  }
  return fromDiagnostics(area.diagnostics, areaName, params);
}
