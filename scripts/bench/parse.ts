// Parser throughput on the shared vectors (../shared/conformance): every SPF record published in
// the zone data of the two SPF suites (RFC 7208 and RFC 4408 files), the DMARC record vectors,
// and the DKIM key record vectors. Records per second, after warm-up.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseDkimKey, parseDmarc, parseSpf, type Zone } from '../../src/lib/index.ts';
import { rate } from './measure.ts';

const CONFORMANCE = '../shared/conformance';
const SPF_SUITES = ['spf/rfc7208-tests.yml', 'spf/rfc4408-tests.yml'];

function readShared(path: string): string {
  return readFileSync(resolve(process.cwd(), CONFORMANCE, path), 'utf8');
}

/**
 * Every distinct TXT or SPF-type value in the suites' zone data that starts with `v=spf1`
 * (a record's strings joined, RFC 7208 §3.3).
 */
export function spfVectors(): string[] {
  const out = new Set<string>();
  for (const file of SPF_SUITES) {
    for (const doc of parseAllDocuments(readShared(file))) {
      const zone = (doc.toJS() as { zonedata?: Zone } | null)?.zonedata ?? {};
      for (const entries of Object.values(zone)) {
        for (const entry of entries) {
          if (typeof entry !== 'object') continue;
          const value = 'TXT' in entry ? entry.TXT : 'SPF' in entry ? (entry as { SPF: unknown }).SPF : null;
          if (value === null) continue;
          const text = Array.isArray(value) ? value.join('') : String(value);
          if (/^v=spf1/i.test(text)) out.add(text);
        }
      }
    }
  }
  return [...out];
}

function recordsOf(path: string): string[] {
  return (JSON.parse(readShared(path)) as Array<{ record: string }>).map((v) => v.record);
}

export interface ParseFigures {
  spf: { records: number; perSecond: number };
  dmarc: { records: number; perSecond: number };
  dkim: { records: number; perSecond: number };
}

export async function benchParsers(budgetMs = 1500): Promise<ParseFigures> {
  const measure = async (records: string[], parse: (text: string) => unknown) => {
    const r = await rate(
      () => {
        for (const text of records) parse(text);
      },
      records.length,
      { warmups: 20, budgetMs },
    );
    return { records: records.length, perSecond: r.perSecond };
  };
  return {
    spf: await measure(spfVectors(), parseSpf),
    dmarc: await measure(recordsOf('dmarc/vectors.json'), parseDmarc),
    dkim: await measure(recordsOf('dkim/vectors.json'), parseDkimKey),
  };
}
