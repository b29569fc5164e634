// DMARC aggregate report XML: RFC 9990 (DMARCbis aggregate reporting, `<version>` and the
// dmarc-2.0 namespace) and RFC 7489 Appendix C (no namespace), read into AggregateReport. Never
// throws. Tolerant of what real reporters send — missing optional elements, whitespace around
// values, wrong case, odd dates, unescaped `<` in text — with one diagnostic per kind of
// deviation and element (its `count` says how often), so a 100,000-row report stays one list.
//
// fast-xml-parser: maintained, pure JS (browser, Worker and Node), no dependencies of its own, and
// `processEntities: false` leaves every entity as text so nothing is ever expanded (billion laughs);
// a DOCTYPE is refused before it is even called (RFC 9990 reports have no use for one).

import ipaddr from 'ipaddr.js';
import { XMLParser } from 'fast-xml-parser';
import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Code } from '../diagnostics/codes.ts';
import type { Diagnostic, ParseResult } from '../diagnostics/model.ts';
import { MAX_RECORDS_PER_REPORT } from './limits.ts';
import type { AggregateRecord, AggregateReport } from './model.ts';
import { scanXml } from './xml-scan.ts';

/** Elements that may repeat (RFC 7489 Appendix C `maxOccurs="unbounded"`). */
const REPEATED = new Set(['record', 'dkim', 'spf', 'reason', 'error']);

/** Unix seconds above this are milliseconds (this is the year 5138 in seconds). */
const MAX_PLAUSIBLE_SECONDS = 1e11;

// RFC 7489 Appendix C / RFC 9990: the enumerations, lower-case.
const DISPOSITIONS = new Set(['none', 'pass', 'quarantine', 'reject']);
const POLICIES = new Set(['none', 'quarantine', 'reject']);
const ALIGNMENTS = new Set(['r', 's']);
const YES_NO = new Set(['y', 'n']);
const VERDICTS = new Set(['pass', 'fail']);

let renamedTags = 0;

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => REPEATED.has(name),
  // Element names are case-sensitive in XML; some reporters capitalise them anyway.
  transformTagName: (name) => {
    const lower = name.toLowerCase();
    if (lower !== name) renamedTags++;
    return lower;
  },
});

type XmlNode = Record<string, unknown>;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Collects deviations by code and element, counting repeats. */
class Deviations {
  private readonly seen = new Map<string, { code: Code; element: string; value?: string; count: number }>();
  malformed = false;

  add(code: Code, element: string, value?: string): void {
    const key = `${code}\u0000${element}`;
    const hit = this.seen.get(key);
    if (hit) hit.count++;
    else this.seen.set(key, { code, element, count: 1, ...(value !== undefined && { value }) });
  }

  list(): Diagnostic[] {
    return [...this.seen.values()].map(({ code, element, value, count }) =>
      diagnostic(code, { params: { element, count, value: value ?? '' } }),
    );
  }
}

/** XML's predefined entities and character references (RFC: XML 1.0 §4.6, §4.1); others stay. */
function decodeEntities(text: string, dev: Deviations, element: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    const named = PREDEFINED[ref];
    if (named !== undefined) return named;
    dev.add('reports/unknown-entity', element, whole);
    return whole;
  });
}

function asNode(value: unknown): XmlNode | undefined {
  if (Array.isArray(value)) value = value[0];
  return value !== null && typeof value === 'object' ? (value as XmlNode) : undefined;
}

function asNodes(value: unknown): XmlNode[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is XmlNode => v !== null && typeof v === 'object');
}

/** The text of a leaf element, trimmed and entity-decoded; undefined when absent or empty. */
function leaf(node: XmlNode | undefined, key: string, dev: Deviations, path: string): string | undefined {
  if (!node) return undefined;
  let value = node[key];
  if (Array.isArray(value)) value = value[0];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    // An element where text belongs: markup inside a value (`<email><a@b></email>`).
    if (value !== null && typeof value === 'object') dev.malformed = true;
    return undefined;
  }
  const trimmed = value.trim();
  if (trimmed.length !== value.length && trimmed !== '') dev.add('reports/whitespace', path);
  if (trimmed === '') return undefined;
  return trimmed.includes('&') ? decodeEntities(trimmed, dev, path) : trimmed;
}

/** An enumerated value, lower-cased; a wrong-case or unknown value is a deviation. */
function enumValue(
  raw: string | undefined,
  allowed: ReadonlySet<string>,
  dev: Deviations,
  path: string,
): string | undefined {
  if (raw === undefined) return undefined;
  const lower = raw.toLowerCase();
  if (lower !== raw) dev.add('reports/wrong-case', path, raw);
  if (!allowed.has(lower)) dev.add('reports/unknown-value', path, raw);
  return lower;
}

/** RFC 7489 Appendix C: `begin`/`end` are xs:integer seconds since the epoch (UTC). */
function dateValue(raw: string | undefined, dev: Deviations, path: string): number | undefined {
  if (raw === undefined) {
    dev.add('reports/missing-element', path);
    return undefined;
  }
  if (/^[0-9]+$/.test(raw)) {
    const n = Number(raw);
    if (n > MAX_PLAUSIBLE_SECONDS) {
      dev.add('reports/date-not-epoch', path, raw);
      return Math.floor(n / 1000);
    }
    return n;
  }
  const parsed = Date.parse(raw);
  if (Number.isFinite(parsed)) {
    dev.add('reports/date-not-epoch', path, raw);
    return Math.floor(parsed / 1000);
  }
  dev.add('reports/invalid-date', path, raw);
  return undefined;
}

const IPV4 =
  /^(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$/;

/** RFC 7489 Appendix C `IPAddress`: dotted-quad IPv4 or IPv6 (ipaddr.js for the latter). */
function isIp(text: string): boolean {
  if (IPV4.test(text)) return true;
  return text.includes(':') && ipaddr.IPv6.isValid(text);
}

/** Escapes `<` and `&`-less markup inside the text of leaf elements, for reporters that forget. */
function repairLeafText(xml: string): string {
  return xml.replace(
    /<(org_name|email|extra_contact_info|report_id|error|domain|header_from|envelope_from|envelope_to|human_result|comment|selector|type|result|scope)>([\s\S]*?)<\/\1>/gi,
    (whole, name: string, inner: string) =>
      inner.includes('<') || inner.includes('>')
        ? `<${name}>${inner.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</${name}>`
        : whole,
  );
}

const SCAN_OPTIONS = {
  repeated: REPEATED,
  onRenamed: () => {
    renamedTags++;
  },
};

/** The fast scanner for well-formed XML (xml-scan.ts); fast-xml-parser for everything else. */
function parseTree(xml: string): unknown {
  const scanned = scanXml(xml, SCAN_OPTIONS);
  if (scanned !== null) return scanned;
  renamedTags = 0;
  try {
    return parser.parse(xml);
  } catch {
    return undefined;
  }
}

function namespaceOf(xml: string): string | undefined {
  const head = xml.slice(0, 4096);
  return /<(?:[A-Za-z_][\w.-]*:)?feedback\b[^>]*?\sxmlns(?::[A-Za-z_][\w.-]*)?\s*=\s*["']([^"']*)["']/i.exec(
    head,
  )?.[1];
}

function readRecord(node: XmlNode, dev: Deviations): AggregateRecord | null {
  const row = asNode(node.row);
  const evaluated = asNode(row?.policy_evaluated);
  const identifiers = asNode(node.identifiers);
  const auth = asNode(node.auth_results);

  const sourceIp = leaf(row, 'source_ip', dev, 'record/row/source_ip');
  if (sourceIp === undefined || !isIp(sourceIp)) {
    dev.add('reports/invalid-source-ip', 'record/row/source_ip', sourceIp ?? '');
    return null;
  }
  const countText = leaf(row, 'count', dev, 'record/row/count');
  if (countText === undefined || !/^[0-9]+$/.test(countText)) {
    dev.add('reports/invalid-count', 'record/row/count', countText ?? '');
    return null;
  }

  const disposition = enumValue(
    leaf(evaluated, 'disposition', dev, 'record/row/policy_evaluated/disposition'),
    DISPOSITIONS,
    dev,
    'record/row/policy_evaluated/disposition',
  );
  if (disposition === undefined)
    dev.add('reports/missing-element', 'record/row/policy_evaluated/disposition');

  const verdict = (key: 'dkim' | 'spf'): 'pass' | 'fail' => {
    const path = `record/row/policy_evaluated/${key}`;
    const v = enumValue(leaf(evaluated, key, dev, path), VERDICTS, dev, path);
    if (v === undefined) dev.add('reports/missing-element', path);
    // Anything but an aligned pass does not make DMARC pass (RFC 9989 §4.4).
    return v === 'pass' ? 'pass' : 'fail';
  };

  const headerFrom = leaf(identifiers, 'header_from', dev, 'record/identifiers/header_from');
  if (headerFrom === undefined) dev.add('reports/missing-element', 'record/identifiers/header_from');
  const envelopeFrom = leaf(identifiers, 'envelope_from', dev, 'record/identifiers/envelope_from');

  const dkimResults: AggregateRecord['dkimResults'] = [];
  for (const d of asNodes(auth?.dkim)) {
    const result = leaf(d, 'result', dev, 'record/auth_results/dkim/result');
    const domain = leaf(d, 'domain', dev, 'record/auth_results/dkim/domain');
    const selector = leaf(d, 'selector', dev, 'record/auth_results/dkim/selector');
    if (result !== undefined && result !== result.toLowerCase())
      dev.add('reports/wrong-case', 'record/auth_results/dkim/result', result);
    dkimResults.push({
      domain: (domain ?? '').toLowerCase(),
      ...(selector !== undefined && { selector }),
      result: (result ?? 'none').toLowerCase(),
    });
  }
  const spfResults: AggregateRecord['spfResults'] = [];
  for (const s of asNodes(auth?.spf)) {
    const result = leaf(s, 'result', dev, 'record/auth_results/spf/result');
    const domain = leaf(s, 'domain', dev, 'record/auth_results/spf/domain');
    const scope = leaf(s, 'scope', dev, 'record/auth_results/spf/scope');
    if (result !== undefined && result !== result.toLowerCase())
      dev.add('reports/wrong-case', 'record/auth_results/spf/result', result);
    spfResults.push({
      domain: (domain ?? '').toLowerCase(),
      ...(scope !== undefined && { scope: scope.toLowerCase() }),
      result: (result ?? 'none').toLowerCase(),
    });
  }

  const reasons: NonNullable<AggregateRecord['reasons']> = [];
  for (const r of asNodes(evaluated?.reason)) {
    const type = leaf(r, 'type', dev, 'record/row/policy_evaluated/reason/type');
    const comment = leaf(r, 'comment', dev, 'record/row/policy_evaluated/reason/comment');
    if (type !== undefined)
      reasons.push({ type: type.toLowerCase(), ...(comment !== undefined && { comment }) });
  }

  const record: AggregateRecord = {
    sourceIp,
    count: Number(countText),
    disposition: disposition ?? 'none',
    dkim: verdict('dkim'),
    spf: verdict('spf'),
    headerFrom: (headerFrom ?? '').toLowerCase(),
    dkimResults,
    spfResults,
  };
  if (envelopeFrom !== undefined) record.envelopeFrom = envelopeFrom.toLowerCase();
  if (reasons.length > 0) record.reasons = reasons;
  return record;
}

/** `<feedback>` at the root, or one level down inside a wrapper some reporters add (`<xs:schema>`). */
function findFeedback(tree: unknown, dev: Deviations): XmlNode | undefined {
  const root = asNode(tree);
  const direct = asNode(root?.feedback);
  if (direct || !root) return direct;
  for (const child of Object.values(root)) {
    const nested = asNode(asNode(child)?.feedback);
    if (nested) {
      dev.add('reports/xml-repaired', 'feedback');
      return nested;
    }
  }
  return undefined;
}

function readReport(tree: unknown, xml: string, dev: Deviations): ParseResult<AggregateReport> | null {
  const feedback = findFeedback(tree, dev);
  if (!feedback) return null;

  const meta = asNode(feedback.report_metadata);
  if (!meta) dev.add('reports/missing-element', 'report_metadata');
  const email = leaf(meta, 'email', dev, 'report_metadata/email');
  let org = leaf(meta, 'org_name', dev, 'report_metadata/org_name');
  if (org === undefined) {
    dev.add('reports/missing-element', 'report_metadata/org_name');
    // As parsedmarc does: the reporter's mail domain stands in for a missing organisation name.
    org = email?.includes('@') ? email.slice(email.lastIndexOf('@') + 1) : '';
  }
  const reportId = leaf(meta, 'report_id', dev, 'report_metadata/report_id');
  if (reportId === undefined) dev.add('reports/missing-element', 'report_metadata/report_id');

  const range = asNode(meta?.date_range);
  let begin =
    dateValue(
      leaf(range, 'begin', dev, 'report_metadata/date_range/begin'),
      dev,
      'report_metadata/date_range/begin',
    ) ?? 0;
  let end =
    dateValue(
      leaf(range, 'end', dev, 'report_metadata/date_range/end'),
      dev,
      'report_metadata/date_range/end',
    ) ?? begin;
  if (begin > end) {
    dev.add('reports/date-range-reversed', 'report_metadata/date_range');
    [begin, end] = [end, begin];
  }
  const errors = (Array.isArray(meta?.error) ? meta.error : [])
    .filter((e): e is string => typeof e === 'string' && e.trim() !== '')
    .map((e) => e.trim());

  const published = asNode(feedback.policy_published);
  if (!published) dev.add('reports/missing-element', 'policy_published');
  const domain = leaf(published, 'domain', dev, 'policy_published/domain');
  if (domain === undefined) dev.add('reports/missing-element', 'policy_published/domain');
  const policy: AggregateReport['policy'] = {};
  const pick = (key: 'p' | 'sp' | 'np' | 'adkim' | 'aspf' | 'testing', allowed: ReadonlySet<string>) => {
    const v = enumValue(
      leaf(published, key, dev, `policy_published/${key}`),
      allowed,
      dev,
      `policy_published/${key}`,
    );
    if (v !== undefined) policy[key] = v;
  };
  pick('p', POLICIES);
  if (policy.p === undefined) dev.add('reports/missing-element', 'policy_published/p');
  pick('sp', POLICIES);
  pick('np', POLICIES);
  pick('adkim', ALIGNMENTS);
  pick('aspf', ALIGNMENTS);
  pick('testing', YES_NO);
  const pct = leaf(published, 'pct', dev, 'policy_published/pct');
  if (pct !== undefined) {
    if (/^[0-9]{1,3}$/.test(pct) && Number(pct) <= 100) policy.pct = Number(pct);
    else dev.add('reports/unknown-value', 'policy_published/pct', pct);
  }

  const records: AggregateRecord[] = [];
  const recordNodes = asNodes(feedback.record);
  for (const node of recordNodes.slice(0, MAX_RECORDS_PER_REPORT)) {
    const record = readRecord(node, dev);
    if (record) records.push(record);
  }

  const report: AggregateReport = {
    org,
    reportId: reportId ?? '',
    begin,
    end,
    domain: (domain ?? '').toLowerCase(),
    policy,
    records,
  };
  if (email !== undefined) report.email = email;
  if (errors.length > 0) report.errors = errors;
  const namespace = namespaceOf(xml);
  if (namespace !== undefined) report.namespace = namespace;

  const diagnostics = dev.list();
  if (renamedTags > 0)
    diagnostics.push(
      diagnostic('reports/wrong-case', { params: { element: '*', count: renamedTags, value: '' } }),
    );
  if (recordNodes.length > MAX_RECORDS_PER_REPORT)
    diagnostics.push(diagnostic('reports/too-many-records', { params: { max: MAX_RECORDS_PER_REPORT } }));
  // RFC 7489 Appendix C: `<record maxOccurs="unbounded">` with the default minOccurs of 1.
  if (records.length === 0) {
    diagnostics.push(diagnostic('reports/no-records'));
    return { record: null, diagnostics };
  }
  return { record: report, diagnostics };
}

/** Parses one aggregate report's XML text (already decoded from its bytes). Never throws. */
export function parseAggregateReport(xml: string): ParseResult<AggregateReport> {
  try {
    return parseChecked(typeof xml === 'string' ? xml : '');
  } catch {
    // Defensive: the parser library is outside our control; an exception is a malformed file.
    return { record: null, diagnostics: [diagnostic('reports/xml-malformed')] };
  }
}

function parseChecked(xml: string): ParseResult<AggregateReport> {
  if (xml.trim() === '') return { record: null, diagnostics: [diagnostic('reports/empty-file')] };
  // Entities are what bombs (billion laughs) and external fetches (XXE) are made of; no report
  // needs a document type declaration.
  if (/<!(?:DOCTYPE|ENTITY)/i.test(xml))
    return { record: null, diagnostics: [diagnostic('reports/xml-doctype')] };

  renamedTags = 0;
  let dev = new Deviations();
  const result = readReport(parseTree(xml), xml, dev);
  if (result === null || dev.malformed) {
    const repaired = repairLeafText(xml);
    if (repaired !== xml) {
      renamedTags = 0;
      dev = new Deviations();
      const second = readReport(parseTree(repaired), repaired, dev);
      if (second !== null && !dev.malformed) {
        second.diagnostics.unshift(diagnostic('reports/xml-repaired'));
        return second;
      }
    }
  }
  if (result === null) {
    const looksXml = xml.trimStart().startsWith('<');
    return {
      record: null,
      diagnostics: [diagnostic(looksXml ? 'reports/not-aggregate' : 'reports/xml-malformed')],
    };
  }
  if (dev.malformed) result.diagnostics.unshift(diagnostic('reports/xml-malformed', { severity: 'warning' }));
  return result;
}
