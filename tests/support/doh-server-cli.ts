// Runs the test DoH server from a shell (benchmark, manual e2e runs):
//   npm run doh-server -- [--port 8053] [--host 127.0.0.1] [--latency 50] [--zone zone.json]
// (node 20 cannot run .ts itself: the script runs it with tsx, a dev dependency.) Prints one line
// `DOH_URL=http://127.0.0.1:<port>` once listening, then serves until SIGINT/SIGTERM.
// Without --zone it serves CHIQIO_ZONE; --zone takes a Zone or a ZoneConfig as JSON.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startDohServer } from './doh-server.ts';
import { CHIQIO_ZONE } from './fixture-zones.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    latency: { type: 'string', default: '0' },
    zone: { type: 'string' },
  },
});

const zone = values.zone ? JSON.parse(readFileSync(values.zone, 'utf8')) : CHIQIO_ZONE;
const server = await startDohServer({
  port: Number(values.port),
  host: values.host,
  latencyMs: Number(values.latency),
  zone,
});
console.log(`DOH_URL=${server.url}`);

const stop = () => {
  server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
