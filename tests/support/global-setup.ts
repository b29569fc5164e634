// Vitest global setup: starts the test DoH server on 127.0.0.1 at a free port and hands its URL
// to the tests (`inject('dohUrl')`). Each project (unit, browser) gets its own server; tests
// register their zones under their own ids (doh-zones.ts), so parallel files do not clash.
import type { TestProject } from 'vitest/node';
import { startDohServer } from './doh-server.ts';
import { CHIQIO_ZONE } from './fixture-zones.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the test DoH server (see tests/support/doh-server.ts). */
    dohUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startDohServer({ zone: CHIQIO_ZONE });
  project.provide('dohUrl', server.url);
  return () => server.close();
}
