// Macro expansion (RFC 7208 §7.3), with the examples of §7.4.
import { describe, expect, it } from 'vitest';
import { expandMacro, parseMacroString, type MacroValues } from '../../src/lib/index.ts';
import { clientAddress } from '../../src/lib/spf/ip.ts';

function values(ip: string, sender: string, domain: string): MacroValues {
  const client = clientAddress(ip)!;
  const at = sender.lastIndexOf('@');
  return {
    s: sender,
    l: sender.slice(0, at),
    o: sender.slice(at + 1),
    d: domain,
    i: client.dotted,
    p: 'unknown',
    v: client.v,
    h: 'mx.example.org',
    c: client.readable,
    r: 'receiver.example',
    t: '1700000000',
  };
}

function expand(text: string, v: MacroValues, context: 'domain' | 'explanation' = 'domain'): string {
  const parsed = parseMacroString(text, context);
  expect(parsed.diagnostics).toEqual([]);
  return expandMacro(parsed.parts, v);
}

// RFC 7208 §7.4: "The <sender> is strong-bad@email.example.com. The IPv4 SMTP client IP is
// 192.0.2.3. The IPv6 SMTP client IP is 2001:db8::cb01. The PTR domain name of the client IP
// is mx.example.org."
const v4 = values('192.0.2.3', 'strong-bad@email.example.com', 'email.example.com');
const v6 = values('2001:db8::cb01', 'strong-bad@email.example.com', 'email.example.com');

const examples: Array<[string, string, MacroValues?]> = [
  ['%{s}', 'strong-bad@email.example.com'],
  ['%{o}', 'email.example.com'],
  ['%{d}', 'email.example.com'],
  ['%{d4}', 'email.example.com'],
  ['%{d3}', 'email.example.com'],
  ['%{d2}', 'example.com'],
  ['%{d1}', 'com'],
  ['%{dr}', 'com.example.email'],
  ['%{d2r}', 'example.email'],
  ['%{l}', 'strong-bad'],
  ['%{l-}', 'strong.bad'],
  ['%{lr}', 'strong-bad'],
  ['%{lr-}', 'bad.strong'],
  ['%{l1r-}', 'strong'],
  ['%{ir}.%{v}._spf.%{d2}', '3.2.0.192.in-addr._spf.example.com'],
  ['%{lr-}.lp._spf.%{d2}', 'bad.strong.lp._spf.example.com'],
  ['%{lr-}.lp.%{ir}.%{v}._spf.%{d2}', 'bad.strong.lp.3.2.0.192.in-addr._spf.example.com'],
  ['%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}', '3.2.0.192.in-addr.strong.lp._spf.example.com'],
  ['%{d2}.trusted-domains.example.net', 'example.com.trusted-domains.example.net'],
  [
    '%{ir}.%{v}._spf.%{d2}',
    '1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com',
    v6,
  ],
];

describe('expandMacro: RFC 7208 §7.4 examples', () => {
  for (const [macro, expected, v] of examples) {
    it(`${macro} → ${expected} (§7.4)`, () => expect(expand(macro, v ?? v4)).toBe(expected));
  }
});

describe('expandMacro: rules of §7.3', () => {
  it('upper-case letters are URL-escaped: all but unreserved characters (§7.3)', () => {
    const v = values('192.0.2.3', '~jack&jill=up-a_b3.c@e8.example.com', 'e8.example.com');
    expect(expand('http://example.com/why.html?l=%{L}', v, 'explanation')).toBe(
      'http://example.com/why.html?l=~jack%26jill%3Dup-a_b3.c',
    );
  });
  it('%% %_ %- expand to "%", " ", "%20" (§7.1)', () => {
    expect(expand('macro%%percent%_%_space%-url-space.example.com', v4)).toBe(
      'macro%percent  space%20url-space.example.com',
    );
  });
  it('several delimiters split together (§7.3)', () => {
    const v = values('1.2.3.4', 'foo-bar+zip+quux@e12.example.com', 'e12.example.com');
    expect(expand('%{l2r+-}.user.%{d2}', v)).toBe('bar.foo.user.example.com');
  });
  it('%{c} is readable, %{v} names the family, %{i} of IPv6 is nibbles (§7.3)', () => {
    const v = values('CAFE:BABE::1', 'a@b.example', 'b.example');
    expect(expand('%{c} is queried as %{ir}.%{v}.arpa', v, 'explanation')).toBe(
      'cafe:babe::1 is queried as 1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.E.B.A.B.E.F.A.C.ip6.arpa',
    );
  });
  it('an IPv4-mapped IPv6 client is IPv4 for %{i} and %{v} (§5)', () => {
    const v = values('::FFFF:192.0.2.3', 'a@b.example', 'b.example');
    expect(expand('%{ir}.%{v}', v)).toBe('3.2.0.192.in-addr');
  });
  it('c, r, t expand in explanation text (§7.3)', () => {
    expect(expand('%{c} %{r} %{t}', v4, 'explanation')).toBe('192.0.2.3 receiver.example 1700000000');
  });
  it('explanation text may hold spaces, domain-specs may not (§6.2 explain-string)', () => {
    expect(parseMacroString('a b', 'explanation').ok).toBe(true);
    expect(parseMacroString('a b', 'domain').ok).toBe(false);
  });
});
