// The Cloudflare API requests as curl commands, with the token and zone id left as shell
// variables ($CLOUDFLARE_API_TOKEN, $CLOUDFLARE_ZONE_ID) so no secret is ever in the text.

import { CLOUDFLARE_API_BASE, cloudflareBody } from './cloudflare-api.ts';
import type { ExportRecord } from './model.ts';
import { absolute, inZone, normalizeZone } from './zone-scope.ts';

/** POSIX shell single quotes: nothing inside is expanded; a `'` is closed, escaped, reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function toCurl(records: readonly ExportRecord[], zone: string): string {
  const z = normalizeZone(zone);
  const out = [
    `# ${z}: create the mail records with the Cloudflare API (MailDNS).`,
    '# First set a token with the "Zone > DNS > Edit" permission and the zone id (dashboard Overview):',
    "#   export CLOUDFLARE_API_TOKEN='…'",
    "#   export CLOUDFLARE_ZONE_ID='…'",
  ];
  for (const r of records) {
    if (!inZone(r.name, z)) {
      out.push('', `# skipped ${absolute(r.name)} ${r.type}: not in zone ${z}.`);
      continue;
    }
    out.push(
      '',
      `curl "${CLOUDFLARE_API_BASE}/zones/$CLOUDFLARE_ZONE_ID/dns_records" \\`,
      '  --request POST \\',
      '  --header "Authorization: Bearer $CLOUDFLARE_API_TOKEN" \\',
      "  --header 'Content-Type: application/json' \\",
      `  --data ${shellQuote(JSON.stringify(cloudflareBody(r)))}`,
    );
  }
  return `${out.join('\n')}\n`;
}
