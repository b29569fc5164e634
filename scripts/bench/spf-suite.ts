// The RFC 7208 conformance suite (../shared/conformance/spf/rfc7208-tests.yml, 203 tests) as a
// throughput benchmark: every test through our checkHost() over zoneResolver(), and the same
// tests through mailauth 4's spf() over the same zone data, in one process after warm-up.
// A test passes when the result is one of the suite's accepted results (explanations are not
// compared: mailauth does not return the `exp` text).

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createRequire } from 'node:module';
import { parseAllDocuments } from 'yaml';
import { checkHost, zoneResolver, type Zone } from '../../src/lib/index.ts';
import { nodeStyleResolver, type NodeStyleResolver } from './mailauth-resolver.ts';
import { rate } from './measure.ts';

export const RFC7208_SUITE = '../shared/conformance/spf/rfc7208-tests.yml';

interface SuiteTest {
  host: string;
  helo: string;
  mailfrom: string;
  result: string | string[];
}

interface SuiteCase {
  id: string;
  zone: Zone;
  ip: string;
  helo: string;
  sender: string;
  domain: string;
  accepted: string[];
}

type MailauthSpf = (o: {
  sender: string;
  ip: string;
  helo: string;
  mta: string;
  resolver: NodeStyleResolver;
}) => Promise<{ status: { result: string } }>;

/** FORMAT.md §3: the old names `unknown` and `error` are permerror and temperror. */
function normalizeResult(result: string): string {
  return result === 'unknown' ? 'permerror' : result === 'error' ? 'temperror' : result;
}

/** FORMAT.md §7: an empty MAIL FROM means postmaster@<helo>; `@d` means postmaster@d. */
function identity(t: SuiteTest): { sender: string; domain: string } {
  const sender =
    t.mailfrom === ''
      ? `postmaster@${t.helo}`
      : t.mailfrom.startsWith('@')
        ? `postmaster${t.mailfrom}`
        : t.mailfrom;
  return { sender, domain: sender.slice(sender.lastIndexOf('@') + 1) };
}

export function loadSuite(path = RFC7208_SUITE): SuiteCase[] {
  const docs = parseAllDocuments(readFileSync(resolve(process.cwd(), path), 'utf8'));
  const cases: SuiteCase[] = [];
  for (const doc of docs) {
    const scenario = doc.toJS() as { tests?: Record<string, SuiteTest>; zonedata?: Zone } | null;
    if (!scenario?.tests) continue;
    for (const [id, t] of Object.entries(scenario.tests)) {
      const { sender, domain } = identity(t);
      cases.push({
        id,
        zone: scenario.zonedata ?? {},
        ip: String(t.host),
        helo: String(t.helo),
        sender,
        domain,
        accepted: (Array.isArray(t.result) ? t.result : [t.result]).map(normalizeResult),
      });
    }
  }
  return cases;
}

export interface SuiteFigures {
  tests: number;
  passed: number;
  mailauthPassed: number;
  testsPerSecond: number;
  mailauthTestsPerSecond: number;
  mailauthFailures: string[];
  failures: string[];
}

export async function benchSpfSuite(budgetMs = 3000): Promise<SuiteFigures> {
  const cases = loadSuite();
  const require = createRequire(import.meta.url);
  const { spf } = require('mailauth/lib/spf') as { spf: MailauthSpf };

  // One resolver per scenario zone, made once for each implementation (the suite runner does the
  // same), so the timed loop measures evaluation, not zone indexing.
  const ours = new Map<Zone, ReturnType<typeof zoneResolver>>();
  const theirs = new Map<Zone, NodeStyleResolver>();
  for (const c of cases) {
    if (!ours.has(c.zone)) ours.set(c.zone, zoneResolver(c.zone));
    if (!theirs.has(c.zone)) theirs.set(c.zone, nodeStyleResolver(c.zone));
  }

  const runOurs = async (c: SuiteCase) => {
    const resolver = ours.get(c.zone)!;
    const r = await checkHost({ ip: c.ip, domain: c.domain, sender: c.sender, helo: c.helo }, resolver, {
      defaultExplanation: 'DEFAULT',
    });
    resolver.clearLog();
    return r.result;
  };
  const runMailauth = async (c: SuiteCase) => {
    const r = await spf({
      sender: c.sender,
      ip: c.ip,
      helo: c.helo,
      mta: 'bench.local',
      resolver: theirs.get(c.zone)!,
    });
    return r.status.result;
  };

  const failures: string[] = [];
  const mailauthFailures: string[] = [];
  let passed = 0;
  let mailauthPassed = 0;
  for (const c of cases) {
    const a = await runOurs(c);
    if (c.accepted.includes(a)) passed++;
    else failures.push(`${c.id}: ${a} (expected ${c.accepted.join('|')})`);
    const b = await runMailauth(c);
    if (c.accepted.includes(b)) mailauthPassed++;
    else mailauthFailures.push(`${c.id}: ${b} (expected ${c.accepted.join('|')})`);
  }

  const oursRate = await rate(
    async () => {
      for (const c of cases) await runOurs(c);
    },
    cases.length,
    { budgetMs },
  );
  const mailauthRate = await rate(
    async () => {
      for (const c of cases) await runMailauth(c);
    },
    cases.length,
    { budgetMs },
  );
  return {
    tests: cases.length,
    passed,
    mailauthPassed,
    testsPerSecond: oursRate.perSecond,
    mailauthTestsPerSecond: mailauthRate.perSecond,
    failures,
    mailauthFailures,
  };
}
