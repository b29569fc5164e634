// The audit request codec (src/lib/audit/request.ts): one reading for the search box, the report's
// form and the route, and the route path as the request's key.

import { describe, expect, it } from 'vitest';
import { parseRequest, readRequest, requestPath, splitSelectors } from '../../src/lib/audit/request.ts';

describe('readRequest (the forms)', () => {
  const rows = [
    { name: 'a plain domain', input: { domain: 'chiqio.com' }, path: '/d/chiqio.com' },
    { name: 'upper case, trailing dot, spaces', input: { domain: '  ChiQio.COM. ' }, path: '/d/chiqio.com' },
    {
      name: 'an e-mail address gives its domain',
      input: { domain: 'boss@chiqio.com' },
      path: '/d/chiqio.com',
    },
    {
      name: 'a URL gives its host',
      input: { domain: 'https://www.chiqio.com/contact' },
      path: '/d/www.chiqio.com',
    },
    { name: 'an IDN becomes A-labels', input: { domain: '例子.中国' }, path: '/d/xn--fsqu00a.xn--fiqs8s' },
    {
      name: 'selectors split on commas, semicolons and spaces',
      input: { domain: 'chiqio.com', selectors: 'lokg123, s1;s2  google' },
      path: '/d/chiqio.com?s=lokg123,s1,s2,google',
    },
    {
      name: 'a subdomain is normalised too',
      input: { domain: 'chiqio.com', subdomain: 'News.Chiqio.com' },
      path: '/d/chiqio.com?sub=news.chiqio.com',
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const r = readRequest(row.input);
      expect(r.ok && r.path).toBe(row.path);
    });
  }
  it('an invisible character in the domain is a problem of the domain field, never an exception', () => {
    const r = readRequest({ domain: 'chiqio\u200b.com' });
    expect(r.ok ? null : [r.field, r.problem.kind]).toEqual(['domain', 'invisible']);
  });
  it('a bad subdomain is a problem of the subdomain field', () => {
    const r = readRequest({ domain: 'chiqio.com', subdomain: 'a..b' });
    expect(r.ok ? null : r.field).toBe('subdomain');
  });
});

describe('parseRequest (the route) and requestPath', () => {
  it('reads back the path it writes: the path is the key', () => {
    const r = readRequest({ domain: 'chiqio.com', selectors: 'lokg123 s1', subdomain: 'news.chiqio.com' });
    if (!r.ok) throw new Error('expected a request');
    const back = parseRequest('chiqio.com', new URLSearchParams(r.path.split('?')[1]));
    expect(back.ok && back.request).toEqual(r.request);
    expect(back.ok && back.path).toBe(r.path);
    expect(requestPath(r.request)).toBe(r.path);
  });
  it('a subdomain in a link that is not a name is passed on for the audit to report', () => {
    const r = parseRequest('chiqio.com', new URLSearchParams('sub=a..b'));
    expect(r.ok && r.request.subdomain).toBe('a..b');
  });
  it('selectors are percent-encoded in the path', () => {
    expect(requestPath({ domain: 'example.com', selectors: ['a&b'] })).toBe('/d/example.com?s=a%26b');
  });
  it('splitSelectors drops empty parts', () => {
    expect(splitSelectors(' ,a,, b ;')).toEqual(['a', 'b']);
  });
});
