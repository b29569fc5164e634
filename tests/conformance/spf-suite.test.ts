// The openspf / pyspf SPF conformance suites (../shared/conformance/spf, format in FORMAT.md)
// run through checkHost() and zoneResolver(). SPF_SUITES (comma-separated paths, relative to the
// repository root) picks the files; without it the RFC 7208 suite runs, and the RFC 4408 suite
// runs as a second block with the exceptions table below.
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { checkHost, zoneResolver, type Zone } from '../../src/lib/index.ts';

const RFC7208 = '../shared/conformance/spf/rfc7208-tests.yml';
const RFC4408 = '../shared/conformance/spf/rfc4408-tests.yml';

type Result = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

interface SuiteTest {
  host: string;
  helo: string;
  mailfrom: string;
  result: string | string[];
  explanation?: string;
  spec?: string | number | Array<string | number>;
  description?: string;
}

interface Scenario {
  description: string;
  tests: Record<string, SuiteTest>;
  zonedata?: Zone;
}

/**
 * Where a file's verdict differs from RFC 7208, the case is asserted against the RFC 7208
 * answer given here (never silently dropped). Keyed by file name, then test id.
 */
const EXCEPTIONS: Record<string, Record<string, { expect: Result[]; reason: string }>> = {
  // RFC 4408 allowed several answers where RFC 7208 settled on one (rfc7208-tests.CHANGES
  // "Updates for RFC 7208"); these cases are held to the RFC 7208 answer only.
  'rfc4408-tests.yml': {
    txtonly: {
      expect: ['fail'],
      reason: 'RFC 7208 §4.4: only TXT is queried, and the TXT record is the policy',
    },
    spfonly: {
      expect: ['none'],
      reason: 'RFC 7208 §3.1/§4.4: type SPF (99) records are no longer looked up',
    },
    spftimeout: {
      expect: ['fail'],
      reason: 'RFC 7208 §4.4: type SPF is not queried, so its timeout cannot matter',
    },
    txttimeout: {
      expect: ['temperror'],
      reason: 'RFC 7208 §4.4: the TXT query times out and TXT is the only source',
    },
    nospftxttimeout: {
      expect: ['temperror'],
      reason: 'RFC 7208 §4.4: a timed-out TXT query is temperror, never none',
    },
    spfoverride: {
      expect: ['fail'],
      reason: 'RFC 7208 §4.5: a type SPF record no longer overrides the TXT record',
    },
    multitxt1: { expect: ['permerror'], reason: 'RFC 7208 §4.5: two v=spf1 TXT records are a permerror' },
    multispf2: {
      expect: ['pass'],
      reason: 'RFC 7208 §4.5: type SPF records are ignored, leaving one TXT record',
    },
    'exists-dnserr': {
      expect: ['temperror'],
      reason: 'RFC 7208 §5: a DNS error in a mechanism is temperror',
    },
    'cidr6-0-ip4': { expect: ['neutral'], reason: 'RFC 7208 §5.6: ip6 never matches an IPv4 client' },
    'cidr6-ip4': {
      expect: ['neutral'],
      reason: 'RFC 7208 §5: an IPv4-mapped client is IPv4, which ip6 does not match',
    },
    'mx-limit': {
      expect: ['permerror'],
      reason: 'RFC 7208 §4.6.4: more than 10 MX names make mx a permerror',
    },
  },
};

function loadSuite(path: string): Scenario[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  return docs.map((d) => d.toJS() as Scenario).filter((s) => s && s.tests);
}

function specText(spec: SuiteTest['spec']): string {
  if (spec === undefined) return '';
  return (Array.isArray(spec) ? spec : [spec]).map(String).join(', ');
}

/** FORMAT.md §7: null reverse-path → postmaster@helo; "@d" → postmaster@d. */
function identity(t: SuiteTest): { sender: string; domain: string } {
  const sender =
    t.mailfrom === ''
      ? `postmaster@${t.helo}`
      : t.mailfrom.startsWith('@')
        ? `postmaster${t.mailfrom}`
        : t.mailfrom;
  return { sender, domain: sender.slice(sender.lastIndexOf('@') + 1) };
}

/** Old result names (FORMAT.md §3): unknown = permerror, error = temperror. */
function normalize(result: string): string {
  return result === 'unknown' ? 'permerror' : result === 'error' ? 'temperror' : result;
}

const tally = new Map<string, { passed: number; failed: number; nonPreferred: string[] }>();

function runSuite(path: string) {
  const file = basename(path);
  const exceptions = EXCEPTIONS[file] ?? {};
  const scenarios = loadSuite(path);
  it(`${file} has scenarios and tests (a suite that loads nothing must not pass)`, () => {
    expect(scenarios.length).toBeGreaterThan(0);
    expect(scenarios.every((s) => Object.keys(s.tests).length > 0)).toBe(true);
  });
  const count = tally.get(file) ?? { passed: 0, failed: 0, nonPreferred: [] };
  tally.set(file, count);
  for (const scenario of scenarios) {
    describe(scenario.description, () => {
      // FORMAT.md §6: one zone per scenario, nothing carried over.
      const resolver = zoneResolver(scenario.zonedata ?? {});
      for (const [id, t] of Object.entries(scenario.tests)) {
        const exception = exceptions[id];
        const expected = exception
          ? exception.expect
          : (Array.isArray(t.result) ? t.result : [t.result]).map(normalize);
        const name = `${file} ${scenario.description} ${id} (§${specText(t.spec)})${exception ? ` [exception: ${exception.reason}]` : ''}`;
        it(name, async () => {
          const { sender, domain } = identity(t);
          // The IPv4-mapped form (`::FFFF:1.2.3.4`) is passed as is: checkHost maps it (§5), so
          // the suite's six mapped cases test that.
          const r = await checkHost({ ip: String(t.host), domain, sender, helo: String(t.helo) }, resolver, {
            defaultExplanation: 'DEFAULT',
          });
          let ok = false;
          try {
            expect(expected, JSON.stringify(r.trace.slice(-4))).toContain(r.result);
            if (t.explanation !== undefined) expect(r.explanation).toBe(t.explanation);
            ok = true;
          } finally {
            if (ok) count.passed++;
            else count.failed++;
          }
          if (r.result !== expected[0])
            count.nonPreferred.push(`${id}: ${r.result} (preferred ${expected[0]})`);
        });
      }
    });
  }
}

const fromEnv = process.env.SPF_SUITES?.split(',')
  .map((p) => p.trim())
  .filter(Boolean);

describe('SPF conformance', () => {
  for (const path of fromEnv ?? [RFC7208]) {
    describe(basename(path), () => runSuite(resolve(process.cwd(), path)));
  }
});

if (!fromEnv) {
  describe('SPF conformance, RFC 4408 suite (RFC 7208 answers where the RFCs differ)', () => {
    describe(basename(RFC4408), () => runSuite(resolve(process.cwd(), RFC4408)));
  });
}

afterAll(() => {
  for (const [file, c] of tally) {
    console.log(`${file}: ${c.passed} passed, ${c.failed} failed, of ${c.passed + c.failed}`);
    if (c.nonPreferred.length) console.log(`  accepted, not preferred: ${c.nonPreferred.join('; ')}`);
  }
});
