// Spec references link to the RFC Editor's section anchors.
import { describe, expect, it } from 'vitest';
import { specUrl } from '../../src/lib/index.ts';

describe('specUrl', () => {
  const rows: Array<[string, string | null]> = [
    ['RFC 7208 §4.6.4', 'https://www.rfc-editor.org/rfc/rfc7208#section-4.6.4'],
    ['RFC 9990 §4', 'https://www.rfc-editor.org/rfc/rfc9990#section-4'],
    ['RFC 6376 §3.6.1', 'https://www.rfc-editor.org/rfc/rfc6376#section-3.6.1'],
    ['RFC 8461', 'https://www.rfc-editor.org/rfc/rfc8461'],
    ['RFC 6376 §C.1', 'https://www.rfc-editor.org/rfc/rfc6376#appendix-C.1'],
    ['draft-brand-indicators-for-message-identification-10 §4.3', null],
  ];
  for (const [spec, url] of rows) it(`${spec} → ${url}`, () => expect(specUrl(spec)).toBe(url));
});
