// The audit benchmark (docs/decisions.md "Tests"): a full auditDomain() of the realistic
// zone (tests/support/zones/realistic.ts) served by the test DoH server with a fixed latency added
// to every request, through the same createResolver() the UI builds (Cloudflare JSON dialect,
// a fresh cache per run). Compared with the critical path of dependent lookups (rounds × RTT) and
// with the same lookups asked one after another.

import {
  auditDomain,
  createResolver,
  type AuditReport,
  type ResolverSettings,
  type RRType,
} from '../../src/lib/index.ts';
import { startDohServerProcess, type DohServerProcess } from './doh-process.ts';
import {
  REALISTIC_DOMAIN,
  REALISTIC_ROUNDS,
  REALISTIC_SELECTORS,
  REALISTIC_ZONE,
  realisticPolicyFetch,
} from '../../tests/support/zones/index.ts';
import { median } from './measure.ts';

/** Queries in flight at once: above the ~30 independent questions of the first round. */
export const AUDIT_CONCURRENCY = 64;

export interface AuditFigures {
  latencyMs: number;
  rttMs: number;
  criticalPathRounds: number;
  /** The rounds the audit's own journal counted (should equal the hand count). */
  reportedRounds: number;
  wallMs: number;
  walls: number[];
  ratioToCriticalPath: number;
  sequentialWallMs: number;
  speedupVsSequential: number;
  /** Questions that reached the server in one audit. */
  queries: number;
  /** Most requests the server had in flight at once during one audit. */
  maxInFlight: number;
  /** The journal's questions that waited for an answer of the round before (should be none). */
  summary: string;
}

function endpoint(server: DohServerProcess): ResolverSettings {
  return { kind: 'json', dialect: 'cloudflare', endpoint: `${server.url}/dns-query`, label: 'bench' };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

async function oneAudit(server: DohServerProcess): Promise<{ ms: number; report: AuditReport }> {
  // A fresh cache per run: nothing is answered from an earlier run.
  const resolver = createResolver(endpoint(server), { concurrency: AUDIT_CONCURRENCY });
  const { ms, value } = await timed(() =>
    auditDomain(REALISTIC_DOMAIN, {
      resolver,
      selectors: REALISTIC_SELECTORS,
      commonSelectors: false,
      fetch: realisticPolicyFetch,
    }),
  );
  return { ms, report: value };
}

export async function benchAudit(o: { runs?: number; latencyMs?: number } = {}): Promise<AuditFigures> {
  const runs = o.runs ?? 5;
  const latencyMs = o.latencyMs ?? 50;
  // In a process of its own, as a real resolver is: the client's work and the server's do not
  // take turns on one event loop.
  const server = await startDohServerProcess({ zone: REALISTIC_ZONE, latencyMs });
  try {
    // RTT: one question at a time through an uncached resolver, as the audit's questions travel.
    const single = createResolver(endpoint(server), { cache: false });
    await single.resolve(REALISTIC_DOMAIN, 'MX');
    const rtts: number[] = [];
    for (let i = 0; i < 15; i++) rtts.push((await timed(() => single.resolve(REALISTIC_DOMAIN, 'MX'))).ms);
    const rttMs = median(rtts);

    await oneAudit(server); // warm-up: JIT, connection pool
    const walls: number[] = [];
    let last: AuditReport | null = null;
    let queries: Array<{ name: string; type: string }> = [];
    let maxInFlight = 0;
    for (let i = 0; i < runs; i++) {
      await server.resetStats();
      const { ms, report } = await oneAudit(server);
      walls.push(ms);
      last = report;
      const stats = await server.stats();
      queries = stats.queries;
      maxInFlight = Math.max(maxInFlight, stats.maxInFlight);
    }
    const wallMs = median(walls);

    // The same questions, one after another, through an uncached resolver.
    const sequential = createResolver(endpoint(server), { cache: false, concurrency: 1 });
    const sequentialWalls: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { ms } = await timed(async () => {
        for (const q of queries) await sequential.resolve(q.name, q.type as RRType);
      });
      sequentialWalls.push(ms);
    }
    const sequentialWallMs = median(sequentialWalls);

    const summary = last
      ? `${last.lookups.length} questions in the journal, ${last.findings.length} findings, done=${last.done}`
      : '';
    return {
      latencyMs,
      rttMs,
      criticalPathRounds: REALISTIC_ROUNDS,
      reportedRounds: last?.stats.rounds ?? Number.NaN,
      wallMs,
      walls,
      ratioToCriticalPath: wallMs / (REALISTIC_ROUNDS * rttMs),
      sequentialWallMs,
      speedupVsSequential: sequentialWallMs / wallMs,
      queries: queries.length,
      maxInFlight,
      summary,
    };
  } finally {
    await server.close();
  }
}
