// Component test in real Chromium: the language switch changes the locale state.
import { expect, test } from 'vitest';
import { render } from 'vitest-browser-svelte';
import { page } from 'vitest/browser';
import LanguageSwitch from '../../src/ui/components/LanguageSwitch.svelte';
import { i18n } from '../../src/ui/state/locale.svelte.ts';

test('pressing 简体中文 then English switches the locale and the pressed state', async () => {
  render(LanguageSwitch);
  await page.getByRole('button', { name: '简体中文' }).click();
  expect(i18n.current).toBe('zh-CN');
  expect(document.documentElement.lang).toBe('zh-CN');
  await expect
    .element(page.getByRole('button', { name: '简体中文' }))
    .toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'English' }).click();
  expect(i18n.current).toBe('en');
  await expect.element(page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
});
