// Playwright global setup: the test DoH server on 127.0.0.1:8053 (fixed, so the built app can
// be pointed at it by a setting or URL parameter), serving CHIQIO_ZONE as the default zone and
// any zone an e2e test registers with `registerZone` (doh-zones.ts). Stopped at teardown.
import { startDohServer } from './doh-server.ts';
import { E2E_DOH_URL } from './doh-zones.ts';
import { CHIQIO_ZONE } from './fixture-zones.ts';

export const E2E_DOH_PORT = Number(new URL(E2E_DOH_URL).port);

export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await startDohServer({ port: E2E_DOH_PORT, zone: CHIQIO_ZONE });
  process.env.MAILDNS_DOH_URL = server.url;
  return () => server.close();
}
