// formatDkimKey ⇄ parseDkimKey from one table (RFC 6376 §3.6.1).
import { describe, expect, it } from 'vitest';
import { formatDkimKey, parseDkimKey, type DkimKeyRecord } from '../../src/lib/index.ts';

const KEY = 'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3id';

const rows: Array<{ spec: string; model: DkimKeyRecord; text: string }> = [
  { spec: 'RFC 6376 §3.6.1', model: { v: 'DKIM1', k: 'rsa', p: KEY }, text: `v=DKIM1; k=rsa; p=${KEY}` },
  { spec: 'RFC 6376 §3.6.1', model: { p: KEY }, text: `p=${KEY}` },
  { spec: 'RFC 6376 §3.6.1 (revoked)', model: { v: 'DKIM1', p: '' }, text: 'v=DKIM1; p=' },
  {
    spec: 'RFC 6376 §3.6.1',
    model: { v: 'DKIM1', k: 'ed25519', h: ['sha256'], s: ['email'], t: ['y', 's'], n: 'a note', p: KEY },
    text: `v=DKIM1; k=ed25519; h=sha256; s=email; t=y:s; n=a note; p=${KEY}`,
  },
  {
    spec: 'RFC 6376 §3.6.1 (unknown tags before p=)',
    model: { v: 'DKIM1', p: KEY, unknown: [{ name: 'g', value: '*' }] },
    text: `v=DKIM1; g=*; p=${KEY}`,
  },
  {
    spec: 'RFC 6376 §3.6.1 (an unknown k= is written back)',
    model: { v: 'DKIM1', p: KEY, invalid: [{ name: 'k', value: 'dsa' }] },
    text: `v=DKIM1; k=dsa; p=${KEY}`,
  },
];

describe('formatDkimKey ⇄ parseDkimKey', () => {
  for (const row of rows) {
    it(`formats ${row.text.slice(0, 40)}… (${row.spec})`, () =>
      expect(formatDkimKey(row.model)).toBe(row.text));
    it(`parses ${row.text.slice(0, 40)}… back (${row.spec})`, () =>
      expect(parseDkimKey(row.text).record).toEqual(row.model));
  }
});
