// A dnscontrol (dnsconfig.js) snippet for a zone at Cloudflare. Names are relative (`@` for the
// apex), MX/CNAME targets absolute with the trailing dot, TXT values whole (dnscontrol splits
// strings over 255 octets itself), CNAMEs pinned to CF_PROXY_OFF.

import type { ExportRecord } from './model.ts';
import { absolute, inZone, normalizeZone, relativeTo, unverifiedNote } from './zone-scope.ts';

/** A JavaScript string literal (JSON strings are valid JavaScript since ES2019). */
function js(text: string): string {
  return JSON.stringify(text);
}

function call(r: ExportRecord, zone: string): string {
  const name = js(relativeTo(r.name, zone));
  const ttl = r.ttl !== undefined ? `, TTL(${r.ttl})` : '';
  switch (r.type) {
    case 'MX':
      return `MX(${name}, ${r.priority ?? 0}, ${js(absolute(r.content))}${ttl})`;
    case 'CNAME':
      return `CNAME(${name}, ${js(absolute(r.content))}, CF_PROXY_OFF${ttl})`;
    case 'TXT':
      return `TXT(${name}, ${js(r.content)}${ttl})`;
  }
}

export function toDnscontrol(records: readonly ExportRecord[], zone: string): string {
  const z = normalizeZone(zone);
  const lines = [
    `// dnsconfig.js: mail records of ${z} (MailDNS).`,
    '// dnscontrol owns the whole zone: copy these records into your existing D() block. Pushing a',
    '// D() that lists only these records deletes every other record of the zone.',
    'var REG_NONE = NewRegistrar("none");',
    'var DSP_CLOUDFLARE = NewDnsProvider("cloudflare");',
    '',
    `D(${js(z)}, REG_NONE, DnsProvider(DSP_CLOUDFLARE),`,
  ];
  const body: string[] = [];
  for (const r of records) {
    if (!inZone(r.name, z)) {
      body.push(`    // skipped ${absolute(r.name)} ${r.type}: not in zone ${z}.`);
      continue;
    }
    const note = unverifiedNote(r);
    if (note) body.push(`    // ${note}`);
    body.push(`    ${call(r, z)},`);
  }
  // No trailing comma after the last record (older dnscontrol versions reject it).
  for (let i = body.length - 1; i >= 0; i--) {
    if (body[i].trimStart().startsWith('//')) continue;
    body[i] = body[i].replace(/,$/, '');
    break;
  }
  lines.push(...body, ');');
  return `${lines.join('\n')}\n`;
}
