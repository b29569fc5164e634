// Every code in the catalog has an English and a Chinese message (docs/decisions.md).
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CODES, messageKey } from '../../src/lib/index.ts';

function catalog(locale: string): Record<string, string> {
  const all: Record<string, string> = {};
  for (const area of readdirSync('messages')) {
    Object.assign(all, JSON.parse(readFileSync(`messages/${area}/${locale}.json`, 'utf8')));
  }
  return all;
}

describe('diagnostics catalog', () => {
  for (const locale of ['en', 'zh-CN']) {
    it(`has a ${locale} message for every code`, () => {
      const messages = catalog(locale);
      const missing = Object.keys(CODES).filter((code) => !(messageKey(code) in messages));
      expect(missing).toEqual([]);
    });
  }
  it('en and zh-CN have the same keys', () => {
    expect(Object.keys(catalog('zh-CN')).sort()).toEqual(Object.keys(catalog('en')).sort());
  });
  it('every code is area/what-is-wrong and has a known severity', () => {
    for (const [code, info] of Object.entries(CODES)) {
      expect(code).toMatch(/^[a-z-]+\/[a-z0-9-]+$/);
      expect(['error', 'warning', 'info']).toContain(info.severity);
    }
  });
});
