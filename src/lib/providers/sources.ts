// Where a provider preset's facts come from, vendor's own page first (issue 10 item 7): the data
// names a main source (`docs`) and more (`docsMore`), some of them third-party guides; a page on
// the vendor's own site is the one to read before anything else.

import type { Provider } from './model.ts';

export interface ProviderSource {
  /** An https URL, or a non-URL reference as the data writes it (`Domain-Connect/Templates …`). */
  ref: string;
  /** `ref` is an http(s) URL that can be linked. */
  link: boolean;
  /** The page is on one of the vendor's own domains. */
  vendor: boolean;
}

/**
 * Words of a provider's name and labels of its hosts that say nothing about whose site a page is
 * on ("Huawei Cloud Enterprise Mail": only "huawei" names the vendor).
 */
const GENERIC = new Set([
  'mail',
  'email',
  'cloud',
  'enterprise',
  'custom',
  'domain',
  'marketing',
  'transactional',
  'core',
  'crm',
  'for',
  'the',
  'formerly',
  'forwarding',
  'www',
  'help',
  'support',
  'docs',
  'com',
  'net',
  'org',
]);
/** Shorter words are abbreviations or suffixes more often than names (`365`, `qq` aside). */
const MIN_LABEL = 2;

/** The name of the registrable part of a host, roughly: its label before the last one or two. */
function hostLabels(host: string): string[] {
  return host
    .toLowerCase()
    .split('.')
    .filter((l) => l.length >= MIN_LABEL && !GENERIC.has(l) && !l.includes('<'));
}

/** Labels that identify the vendor: words of its name, the domains of its MX hosts and SPF include. */
function vendorLabels(p: Provider): Set<string> {
  const out = new Set<string>();
  for (const word of p.name.toLowerCase().split(/[^a-z0-9]+/)) {
    if (word.length > MIN_LABEL && !GENERIC.has(word)) out.add(word);
  }
  for (const host of [...p.mx.map((m) => m.host), p.spfInclude]) {
    const labels = host.toLowerCase().split('.');
    // The label left of the top-level domain (`qq` of mxbiz1.qq.com, `aliyun` of qiye.aliyun.com).
    const second = labels[labels.length - 2];
    if (second && second.length >= MIN_LABEL && !GENERIC.has(second) && !second.includes('<'))
      out.add(second);
  }
  return out;
}

function urlHost(ref: string): string | null {
  if (!/^https?:\/\//i.test(ref)) return null;
  try {
    return new URL(ref).hostname;
  } catch {
    return null;
  }
}

/** The provider's sources, the vendor's own pages first, each once, otherwise in the data's order. */
export function providerSources(p: Provider): ProviderSource[] {
  const labels = vendorLabels(p);
  const seen = new Set<string>();
  const out: ProviderSource[] = [];
  for (const ref of [p.docs, ...p.docsMore]) {
    const trimmed = ref.trim();
    if (trimmed === '' || seen.has(trimmed)) continue;
    seen.add(trimmed);
    const host = urlHost(trimmed);
    out.push({
      ref: trimmed,
      link: host !== null,
      vendor: host !== null && hostLabels(host).some((l) => labels.has(l)),
    });
  }
  // Stable: vendor pages first, the rest keep their order.
  return [...out.filter((s) => s.vendor), ...out.filter((s) => !s.vendor)];
}
