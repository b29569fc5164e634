// The test DoH server (tests/support/doh-server.ts, through its CLI doh-server-cli.ts) in a child
// process for the benchmark, driven over its HTTP control API (zone, stats).

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Zone } from '../../src/lib/index.ts';
import type { ZoneStats } from '../../tests/support/doh-server.ts';

export interface DohServerProcess {
  url: string;
  stats(): Promise<ZoneStats>;
  resetStats(): Promise<void>;
  close(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;

export async function startDohServerProcess(o: { zone: Zone; latencyMs: number }): Promise<DohServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/support/doh-server-cli.ts', '--port', '0', '--latency', String(o.latencyMs)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the DoH server process did not start')),
      STARTUP_TIMEOUT_MS,
    );
    child.once('exit', (code) => reject(new Error(`the DoH server process exited (${code})`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^DOH_URL=(.+)$/.exec(line);
      if (!m) return;
      clearTimeout(timer);
      resolve(m[1]);
    });
  });
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}`);
    return res;
  };
  await control('POST', '/_zone/default', o.zone);
  return {
    url,
    stats: async () => (await (await control('GET', '/_stats/default')).json()) as ZoneStats,
    resetStats: async () => void (await control('DELETE', '/_stats/default')),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
