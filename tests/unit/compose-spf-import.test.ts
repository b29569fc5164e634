// importSpfRecord (src/lib/compose/spf-import.ts): a pasted or published record back into the SPF
// builder's fields, or kept whole for merging when a term has no field (RFC 7208 §5, §6).

import { describe, expect, it } from 'vitest';
import { importSpfRecord, spfIncludeTargets } from '../../src/lib/compose/spf-import.ts';

describe('importSpfRecord', () => {
  it('fills the fields of the Exmail record; a known include becomes its provider', () => {
    const r = importSpfRecord(
      '  v=spf1 include:spf.mail.qq.com include:_spf.example.net ip4:192.0.2.0/24 ip6:2001:db8::1 a mx ~all ',
    );
    expect(r.kind === 'filled' && r.fields).toEqual({
      providers: ['tencent-exmail'],
      includes: ['_spf.example.net'],
      ip4: ['192.0.2.0/24'],
      ip6: ['2001:db8::1'],
      a: true,
      mx: true,
      all: '~',
    });
  });
  it('no all and no redirect: ?all, the neutral default made explicit (§4.7)', () => {
    const r = importSpfRecord('v=spf1 mx');
    expect(r.kind === 'filled' && r.fields.all).toBe('?');
  });
  const merges: Array<[string, string, string[]]> = [
    ['redirect (§6.1)', 'v=spf1 redirect=_spf.example.com', ['redirect=_spf.example.com']],
    ['a qualified include (§5.2)', 'v=spf1 -include:bad.example -all', ['-include:bad.example']],
    [
      'ptr and exists (§5.5, §5.7)',
      'v=spf1 ptr exists:%{i}.x.example -all',
      ['ptr', 'exists:%{i}.x.example'],
    ],
    ['a with a domain and a prefix (§5.3)', 'v=spf1 a:mail.example.com/24 -all', ['a:mail.example.com/24']],
    ['an include with macros (§7)', 'v=spf1 include:%{d}.spf.example -all', ['include:%{d}.spf.example']],
  ];
  for (const [name, text, kept] of merges) {
    it(`keeps the record whole for merging: ${name}`, () => {
      const r = importSpfRecord(text);
      expect(r.kind === 'merge' && [r.kept, r.record]).toEqual([kept, text]);
    });
  }
  it('a text that is not SPF is invalid, never an exception', () => {
    expect(importSpfRecord('v=DMARC1; p=none').kind).toBe('invalid');
    expect(importSpfRecord('').kind).toBe('invalid');
  });
});

describe('spfIncludeTargets', () => {
  it('lists each literal include once, lower case, without a trailing dot; macros skipped', () => {
    expect(
      spfIncludeTargets('v=spf1 include:SPF.mail.qq.com. include:spf.mail.qq.com include:%{d}.x -all'),
    ).toEqual(['spf.mail.qq.com']);
  });
});
