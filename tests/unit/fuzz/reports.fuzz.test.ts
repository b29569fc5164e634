// Property tests for report XML (RFC 7489 Appendix C, RFC 9990): parseAggregateReport never throws
// on documents stitched from real and broken pieces, and the fast scanner (xml-scan.ts), whenever it
// accepts a document, builds the tree fast-xml-parser builds. The generators are checked to reach
// both the fast path and the fallback, and to produce reports, so the properties cannot hold
// vacuously. FUZZ_RUNS raises the budget.
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { isCode, parseAggregateReport } from '../../../src/lib/index.ts';
import { scanXml } from '../../../src/lib/reports/xml-scan.ts';

const numRuns = Number(process.env.FUZZ_RUNS ?? 300);

const REPEATED = new Set(['record', 'dkim', 'spf', 'reason', 'error']);
// Keep in sync with parse-aggregate.ts.
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

const PIECES = [
  '<report_metadata><org_name>x</org_name><report_id>1</report_id><date_range><begin>1</begin><end>2</end></date_range></report_metadata>',
  '<policy_published><domain>example.com</domain><p>none</p></policy_published>',
  '<record><row><source_ip>192.0.2.1</source_ip><count>1</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers></record>',
  '<record><row><source_ip>2001:db8::1</source_ip><count>7</count></row></record>',
  '<Record><ROW><Source_IP>198.51.100.1</Source_IP><count> 3 </count></ROW></Record>',
  '<d:record xmlns:d="urn:x"><d:row><d:source_ip>192.0.2.9</d:source_ip><d:count>2</d:count></d:row></d:record>',
  '<email><a@b></email>',
  '<!-- note -->',
  '<![CDATA[x<y]]>',
  '&amp;',
  '&foo;',
  '<',
  '>',
  '</record>',
  '<record>',
  '<empty/>',
  '<?pi x?>',
  '\n  ',
  'text',
  '\u0000',
  '<a b="c>d">',
];

/** fast-xml-parser keeps layout between children as `#text`; the scanner drops it (mixed content is never read: compare its words only). */
function withoutLayout(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutLayout);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k, x]) => !(k === '#text' && typeof x === 'string' && x.trim() === ''))
      .map(([k, x]) => [
        k,
        k === '#text' && typeof x === 'string' ? x.replace(/\s+/g, '') : withoutLayout(x),
      ]),
  );
}

const documents = fc
  .tuple(fc.boolean(), fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }), fc.string({ maxLength: 20 }))
  .map(([wrapped, pieces, noise]) => {
    const body = pieces.join('') + (noise.includes('<') ? '' : noise);
    return wrapped ? `<?xml version="1.0"?><feedback>${body}</feedback>` : body;
  });

describe('report XML (property)', () => {
  it('parseAggregateReport never throws and its diagnostics are catalog codes', () => {
    let records = 0;
    let refused = 0;
    fc.assert(
      fc.property(documents, (text) => {
        const r = parseAggregateReport(text);
        for (const d of r.diagnostics) expect(isCode(d.code)).toBe(true);
        if (r.record) records++;
        else refused++;
      }),
      { numRuns },
    );
    expect(records).toBeGreaterThan(numRuns / 20);
    expect(refused).toBeGreaterThan(numRuns / 20);
  });

  it('the fast scanner, when it accepts a document, builds what fast-xml-parser builds', () => {
    let fast = 0;
    let declined = 0;
    fc.assert(
      fc.property(documents, (text) => {
        const tree = scanXml(text, { repeated: REPEATED, onRenamed: () => {} });
        if (tree === null) {
          declined++;
          return;
        }
        fast++;
        // CDATA is escaped by the scanner so entity decoding gives it back: compare after decoding "&amp;".
        const norm = (v: unknown) => JSON.parse(JSON.stringify(withoutLayout(v)).replace(/&amp;/g, '&'));
        expect(norm(tree)).toEqual(norm(careful.parse(text)));
      }),
      { numRuns },
    );
    expect(fast).toBeGreaterThan(numRuns / 20);
    expect(declined).toBeGreaterThan(numRuns / 20);
  });
});
