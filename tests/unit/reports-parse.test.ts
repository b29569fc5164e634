// parseAggregateReport (RFC 9990, RFC 7489 Appendix C) and parseTlsReport (RFC 8460 §4): what is
// read, and the one diagnostic each deviation real reporters make gets.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parseAggregateReport, parseTlsReport, type AggregateReport } from '../../src/lib/index.ts';
import { scanXml } from '../../src/lib/reports/xml-scan.ts';

interface Parts {
  root?: string;
  version?: string;
  meta?: string;
  policy?: string;
  records?: string;
}

const META =
  '<org_name>example.net</org_name><email>dmarc@example.net</email><report_id>r-1</report_id>' +
  '<date_range><begin>1700000000</begin><end>1700086399</end></date_range>';
const POLICY =
  '<domain>example.com</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct>';
const RECORD =
  '<record><row><source_ip>192.0.2.1</source_ip><count>3</count><policy_evaluated><disposition>none</disposition>' +
  '<dkim>pass</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from>' +
  '</identifiers><auth_results><dkim><domain>example.com</domain><selector>s1</selector><result>pass</result></dkim>' +
  '<spf><domain>bounce.example.org</domain><scope>mfrom</scope><result>pass</result></spf></auth_results></record>';

function xml(p: Parts = {}): string {
  const root = p.root ?? '<feedback>';
  const close = root.startsWith('<feedback') ? '</feedback>' : `</${root.slice(1, root.search(/[\s>]/))}>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n${root}${p.version ?? ''}` +
    `<report_metadata>${p.meta ?? META}</report_metadata><policy_published>${p.policy ?? POLICY}</policy_published>` +
    `${p.records ?? RECORD}${close}`
  );
}

describe('parseAggregateReport reads both schemas', () => {
  it('RFC 7489 Appendix C (no namespace): every field of the model', () => {
    const { record, diagnostics } = parseAggregateReport(xml());
    expect(diagnostics).toEqual([]);
    expect(record).toEqual<AggregateReport>({
      org: 'example.net',
      reportId: 'r-1',
      begin: 1700000000,
      end: 1700086399,
      domain: 'example.com',
      email: 'dmarc@example.net',
      policy: { p: 'none', sp: 'none', adkim: 'r', aspf: 'r', pct: 100 },
      records: [
        {
          sourceIp: '192.0.2.1',
          count: 3,
          disposition: 'none',
          dkim: 'pass',
          spf: 'fail',
          headerFrom: 'example.com',
          dkimResults: [{ domain: 'example.com', selector: 's1', result: 'pass' }],
          spfResults: [{ domain: 'bounce.example.org', scope: 'mfrom', result: 'pass' }],
        },
      ],
    });
  });

  it('RFC 9990 (dmarc-2.0 namespace, <version>, np and testing; prefixed elements)', () => {
    const text = xml({
      root: '<d:feedback xmlns:d="urn:ietf:params:xml:ns:dmarc-2.0">',
      version: '<d:version>1.0</d:version>',
      policy: '<d:domain>example.com</d:domain><d:p>reject</d:p><d:np>reject</d:np><d:testing>y</d:testing>',
    }).replace('</feedback>', '</d:feedback>');
    const { record, diagnostics } = parseAggregateReport(text);
    expect(diagnostics).toEqual([]);
    expect(record?.namespace).toBe('urn:ietf:params:xml:ns:dmarc-2.0');
    expect(record?.policy).toEqual({ p: 'reject', np: 'reject', testing: 'y' });
    expect(record?.records).toHaveLength(1);
  });
});

interface Deviation {
  name: string;
  spec: string;
  text: string;
  code: string;
  check?: (r: AggregateReport) => void;
}

const DEVIATIONS: Deviation[] = [
  {
    name: 'spaces around a value',
    spec: 'RFC 7489 Appendix C',
    text: xml({ meta: META.replace('<end>1700086399</end>', '<end> 1700086399 </end>') }),
    code: 'reports/whitespace',
    check: (r) => expect(r.end).toBe(1700086399),
  },
  {
    name: 'a result in the wrong case ("Pass")',
    spec: 'RFC 7489 Appendix C',
    text: xml({ records: RECORD.replace('<dkim>pass</dkim>', '<dkim>Pass</dkim>') }),
    code: 'reports/wrong-case',
    check: (r) => expect(r.records[0].dkim).toBe('pass'),
  },
  {
    name: 'element names in the wrong case',
    spec: 'RFC 7489 Appendix C',
    text: xml({ records: RECORD.replace(/<(\/?)count>/g, '<$1Count>') }),
    code: 'reports/wrong-case',
    check: (r) => expect(r.records[0].count).toBe(3),
  },
  {
    name: 'dates in milliseconds',
    spec: 'RFC 7489 Appendix C',
    text: xml({ meta: META.replace('1700000000', '1700000000000') }),
    code: 'reports/date-not-epoch',
    check: (r) => expect(r.begin).toBe(1700000000),
  },
  {
    name: 'an ISO 8601 date',
    spec: 'RFC 7489 Appendix C',
    text: xml({ meta: META.replace('1700000000', '2023-11-14T22:13:20Z') }),
    code: 'reports/date-not-epoch',
    check: (r) => expect(r.begin).toBe(1700000000),
  },
  {
    name: 'a date that is no date',
    spec: 'RFC 7489 Appendix C',
    text: xml({ meta: META.replace('1700000000', 'yesterday') }),
    code: 'reports/invalid-date',
  },
  {
    name: 'begin after end',
    spec: 'RFC 7489 Appendix C',
    text: xml({ meta: META.replace('1700000000', '1800000000') }),
    code: 'reports/date-range-reversed',
    check: (r) => expect([r.begin, r.end]).toEqual([1700086399, 1800000000]),
  },
  {
    name: 'missing org_name (the reporter address stands in)',
    spec: 'RFC 7489 Appendix C',
    text: xml({ meta: META.replace('<org_name>example.net</org_name>', '<org_name></org_name>') }),
    code: 'reports/missing-element',
    check: (r) => expect(r.org).toBe('example.net'),
  },
  {
    name: 'missing optional auth_results',
    spec: 'RFC 7489 Appendix C',
    text: xml({ records: RECORD.replace(/<auth_results>.*<\/auth_results>/, '') }),
    code: '',
    check: (r) => expect([r.records[0].dkimResults, r.records[0].spfResults]).toEqual([[], []]),
  },
  {
    name: 'an unknown disposition',
    spec: 'RFC 7489 Appendix C',
    text: xml({
      records: RECORD.replace('<disposition>none</disposition>', '<disposition>junk</disposition>'),
    }),
    code: 'reports/unknown-value',
  },
  {
    name: 'a record without a source IP (left out)',
    spec: 'RFC 7489 Appendix C',
    text: xml({ records: RECORD + RECORD.replace('192.0.2.1', 'not-an-ip') }),
    code: 'reports/invalid-source-ip',
    check: (r) => expect(r.records).toHaveLength(1),
  },
  {
    name: 'a count that is not a number (left out)',
    spec: 'RFC 7489 Appendix C',
    text: xml({ records: RECORD + RECORD.replace('<count>3</count>', '<count>many</count>') }),
    code: 'reports/invalid-count',
    check: (r) => expect(r.records).toHaveLength(1),
  },
  {
    name: 'an unescaped "<" inside a value (repaired)',
    spec: 'XML 1.0 §2.4',
    text: xml({ meta: META.replace('dmarc@example.net', '<dmarc@example.net>') }),
    code: 'reports/xml-repaired',
    check: (r) => expect([r.email, r.reportId]).toEqual(['<dmarc@example.net>', 'r-1']),
  },
  {
    name: 'predefined entities decoded, an undefined one kept as text (never expanded)',
    spec: 'XML 1.0 §4.6',
    text: xml({ meta: META.replace('example.net</org_name>', 'AT&amp;T &foo;</org_name>') }),
    code: 'reports/unknown-entity',
    check: (r) => expect(r.org).toBe('AT&T &foo;'),
  },
];

describe('parseAggregateReport: tolerant, with a diagnostic per deviation', () => {
  for (const d of DEVIATIONS) {
    it(`${d.name} (${d.spec})`, () => {
      const { record, diagnostics } = parseAggregateReport(d.text);
      expect(record).not.toBeNull();
      if (d.code === '') expect(diagnostics).toEqual([]);
      else expect(diagnostics.map((x) => x.code)).toContain(d.code);
      d.check?.(record!);
    });
  }

  it('a deviation repeated in every row is one diagnostic with its count (RFC 7489 Appendix C)', () => {
    const rows = RECORD.replace('<spf>fail</spf>', '<spf>FAIL</spf>').repeat(500);
    const { record, diagnostics } = parseAggregateReport(xml({ records: rows }));
    expect(record?.records).toHaveLength(500);
    const caseDiagnostics = diagnostics.filter((x) => x.code === 'reports/wrong-case');
    expect(caseDiagnostics).toHaveLength(1);
    expect(caseDiagnostics[0].params).toMatchObject({
      element: 'record/row/policy_evaluated/spf',
      count: 500,
    });
  });
});

const REFUSED: Array<[string, string, string]> = [
  ['empty text', '', 'reports/empty-file'],
  [
    'a DOCTYPE (billion laughs, XXE)',
    `<!DOCTYPE feedback [<!ENTITY a "aaaa">]>${xml()}`,
    'reports/xml-doctype',
  ],
  [
    'an ENTITY declaration anywhere',
    xml().replace('<record>', '<!ENTITY x SYSTEM "file:///etc/passwd"><record>'),
    'reports/xml-doctype',
  ],
  ['XML that is not <feedback>', '<html><body>hi</body></html>', 'reports/not-aggregate'],
  ['text that is not XML', 'hello', 'reports/xml-malformed'],
  ['no records (RFC 7489 Appendix C: at least one)', xml({ records: '' }), 'reports/no-records'],
];

describe('parseAggregateReport refuses', () => {
  for (const [name, text, code] of REFUSED) {
    it(`${name} → ${code}`, () => {
      const { record, diagnostics } = parseAggregateReport(text);
      expect(record).toBeNull();
      expect(diagnostics.map((d) => d.code)).toContain(code);
    });
  }
});

const TLS = {
  'organization-name': 'Company-X',
  'date-range': { 'start-datetime': '2016-04-01T00:00:00Z', 'end-datetime': '2016-04-01T23:59:59Z' },
  'contact-info': 'sts-reporting@company-x.example',
  'report-id': '5065427c-23d3',
  policies: [
    {
      policy: {
        'policy-type': 'sts',
        'policy-domain': 'company-y.example',
        'mx-host': ['*.mail.company-y.example'],
      },
      summary: { 'total-successful-session-count': 5326, 'total-failure-session-count': 303 },
      'failure-details': [
        {
          'result-type': 'certificate-expired',
          'receiving-mx-hostname': 'mx1.mail.company-y.example.',
          'failed-session-count': 100,
        },
        { 'result-type': 'starttls-not-supported', 'failed-session-count': 203 },
      ],
    },
  ],
};

describe('parseTlsReport (RFC 8460 §4.4)', () => {
  it('policies, session counts and failure types per MX', () => {
    const { record, diagnostics } = parseTlsReport(JSON.stringify(TLS));
    expect(diagnostics).toEqual([]);
    expect(record).toEqual({
      org: 'Company-X',
      reportId: '5065427c-23d3',
      begin: 1459468800,
      end: 1459555199,
      policies: [
        {
          domain: 'company-y.example',
          type: 'sts',
          successful: 5326,
          failed: 303,
          failures: [
            { resultType: 'certificate-expired', count: 100, receivingMx: 'mx1.mail.company-y.example' },
            { resultType: 'starttls-not-supported', count: 203 },
          ],
        },
      ],
    });
  });

  const BAD: Array<[string, string, string]> = [
    ['not JSON', '{', 'reports/tls-invalid-json'],
    ['a JSON array', '[]', 'reports/tls-invalid-json'],
    [
      'no report-id (§4.4 required)',
      JSON.stringify({ ...TLS, 'report-id': undefined }),
      'reports/tls-missing-field',
    ],
    [
      'a policy without policy-domain (§4.4 required)',
      JSON.stringify({ ...TLS, policies: [{ policy: { 'policy-type': 'sts' }, summary: {} }] }),
      'reports/tls-missing-field',
    ],
  ];
  for (const [name, text, code] of BAD) {
    it(`${name} → ${code}`, () => {
      const r = parseTlsReport(text);
      expect(r.record).toBeNull();
      expect(r.diagnostics.map((d) => d.code)).toContain(code);
    });
  }

  it('a negative session count is a warning and counts as 0 (§4.4: non-negative integer)', () => {
    const bad = structuredClone(TLS);
    bad.policies[0].summary['total-failure-session-count'] = -1;
    const r = parseTlsReport(JSON.stringify(bad));
    expect(r.record?.policies[0].failed).toBe(0);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['reports/tls-invalid-value']);
  });
});

// The fast scanner (xml-scan.ts) and fast-xml-parser must build the same tree from well-formed
// XML; keep these options in sync with parse-aggregate.ts.
describe('xml-scan: the fast path builds what fast-xml-parser builds (differential)', () => {
  const REPEATED = new Set(['record', 'dkim', 'spf', 'reason', 'error']);
  const careful = new XMLParser({
    processEntities: false,
    htmlEntities: false,
    ignoreAttributes: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    removeNSPrefix: true,
    parseTagValue: false,
    trimValues: false,
    isArray: (name) => REPEATED.has(name),
    transformTagName: (name) => name.toLowerCase(),
  });
  /** fast-xml-parser keeps the whitespace between child elements as `#text`; the scanner drops it. */
  function withoutLayout(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(withoutLayout);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k, x]) => !(k === '#text' && typeof x === 'string' && x.trim() === ''))
        // Stray text between children (`11` in one sample) keeps its words, not its layout.
        .map(([k, x]) => [
          k,
          k === '#text' && typeof x === 'string' ? x.replace(/\s+/g, '') : withoutLayout(x),
        ]),
    );
  }
  const root = new URL('../../../shared/conformance/dmarc-reports/', import.meta.url).pathname;
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  const texts = [
    ...walk(root)
      .filter((p) => /\.(xml|txt)$/.test(p))
      .map((p) => [relative(root, p), new TextDecoder().decode(readFileSync(p))] as const),
    ...DEVIATIONS.map((d) => [d.name, d.text] as const),
  ];
  const opts = { repeated: REPEATED, onRenamed: () => {} };
  let scanned = 0;
  for (const [name, text] of texts) {
    it(name, () => {
      const fast = scanXml(text, opts);
      if (fast === null) return; // not for the fast path: fast-xml-parser alone reads it
      scanned++;
      expect(withoutLayout(fast)).toEqual(withoutLayout(careful.parse(text.replace(/^\uFEFF/, ''))));
    });
  }
  it('CDATA is literal text and comments are skipped (XML 1.0 §2.7, §2.5)', () => {
    const text = xml({
      meta: META.replace('example.net</org_name>', '<![CDATA[A&amp;B]]><!-- c -->x</org_name>'),
    });
    expect(scanXml(text, opts)).not.toBeNull();
    expect(parseAggregateReport(text).record?.org).toBe('A&amp;Bx');
  });
  it('the fast path took most of them', () => expect(scanned).toBeGreaterThan(texts.length * 0.8));
});
