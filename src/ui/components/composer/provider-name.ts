// A provider's name in the reader's language: the Chinese name where the data has one.
import type { Provider } from '../../../lib/index.ts';
import { i18n } from '../../state/locale.svelte.ts';

export function providerName(p: Pick<Provider, 'name' | 'nameZh'>): string {
  return i18n.current === 'zh-CN' && p.nameZh ? p.nameZh : p.name;
}
