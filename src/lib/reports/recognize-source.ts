// Who sent the mail a report row counts: a provider of the catalog (src/lib/providers) whose SPF
// include or DKIM `d=` domain the row passes with, a forwarder, or unknown. Reports carry no
// provider names, only the domains SPF (RFC 7208 §2.2 MAIL FROM) and DKIM (RFC 6376 §3.5 d=)
// authenticated, and the DKIM selector (s=).

import { PROVIDERS } from '../providers/catalog.ts';
import type { Provider } from '../providers/model.ts';
import type { AggregateRecord, SourceRecognition } from './model.ts';

/**
 * DKIM `d=` and bounce domains providers sign and send with that are not under their SPF include
 * or MX hosts (their own documentation): Google Workspace signs unconfigured domains as
 * `<domain>.<date>.gappssmtp.com`, Microsoft 365 as `<tenant>.onmicrosoft.com`, Mailchimp as
 * `mcsv.net`/`mcdlv.net`.
 */
const EXTRA_DOMAINS: Readonly<Record<string, readonly string[]>> = {
  'google-workspace': ['gappssmtp.com', 'google.com'],
  'microsoft-365': ['onmicrosoft.com', 'outlook.com'],
  mailchimp: ['mcsv.net', 'mcdlv.net'],
  sendgrid: ['sendgrid.info'],
};

/** Providers that forward mail for their users: SPF fails for what they relay (RFC 7208 §10.1.1). */
const FORWARDING_PROVIDERS = new Set(['improvmx', 'forward-email', 'icloud-custom-domain']);

/** Two-label public suffixes among the providers' domains (no public suffix list offline). */
const TWO_LABEL_SUFFIXES = new Set(['com.cn', 'com.au', 'co.uk', 'com.br']);

/** `_spf.google.com` → `google.com`; `spf.mail.qq.com` → `qq.com`. */
export function baseDomain(name: string): string {
  const labels = name.toLowerCase().replace(/\.$/, '').split('.');
  const keep = labels.length >= 3 && TWO_LABEL_SUFFIXES.has(labels.slice(-2).join('.')) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** Selectors many signers choose for themselves (`s1`, `k2`, `selector1`, `default`, `mail`). */
const GENERIC_SELECTOR = /^(?:s|k|m|key|dkim|sel|selector|mail|default|smtp|mx)[0-9]*$/;

interface Index {
  byDomain: Map<string, Provider>;
  bySelector: Map<string, Provider>;
}

function buildIndex(): Index {
  const byDomain = new Map<string, Provider>();
  const selectorOwners = new Map<string, Provider[]>();
  for (const p of PROVIDERS) {
    const names = [
      p.spfInclude,
      ...p.spfIncludeAlternatives,
      ...(p.spfIncludeLegacy ? [p.spfIncludeLegacy] : []),
      ...p.mx.filter((m) => !m.host.includes('<')).map((m) => m.host),
    ].filter((n) => n !== '');
    const domains = new Set([...names.map(baseDomain), ...(EXTRA_DOMAINS[p.id] ?? [])]);
    // A domain two providers share (Resend sends through Amazon SES) names the first in the catalog.
    for (const d of domains) if (!byDomain.has(d)) byDomain.set(d, p);
    for (const s of p.dkim.selectors) selectorOwners.set(s, [...(selectorOwners.get(s) ?? []), p]);
  }
  const bySelector = new Map<string, Provider>();
  // Only selectors one provider alone uses, and that others do not pick as well, say who signed.
  for (const [s, owners] of selectorOwners)
    if (owners.length === 1 && !GENERIC_SELECTOR.test(s)) bySelector.set(s, owners[0]);
  return { byDomain, bySelector };
}

let index: Index | null = null;

/** The provider whose domain `name` is or is under. */
function providerOfDomain(name: string): Provider | undefined {
  index ??= buildIndex();
  let d = name.toLowerCase();
  for (;;) {
    const hit = index.byDomain.get(d);
    if (hit) return hit;
    const dot = d.indexOf('.');
    if (dot === -1) return undefined;
    d = d.slice(dot + 1);
  }
}

function providerOfSelector(selector: string): Provider | undefined {
  index ??= buildIndex();
  return index.bySelector.get(selector.toLowerCase());
}

/** RFC 9989 §4.4: forwarding is the receiver's reason for overriding a failing evaluation. */
const FORWARD_REASONS = new Set(['forwarded', 'mailing_list', 'trusted_forwarder']);

/**
 * Recognises one row. Order: a provider domain the row passes DKIM or SPF with; a selector only
 * that provider uses (with a passing signature); then forwarding signs; else unknown.
 */
export function recognizeRecord(r: AggregateRecord, ownProviders: ReadonlySet<string>): SourceRecognition {
  let found: SourceRecognition | null = null;
  for (const d of r.dkimResults) {
    if (d.result !== 'pass' || d.domain === '') continue;
    const p = providerOfDomain(d.domain);
    if (p) {
      found = { kind: 'provider', providerId: p.id, providerName: p.name, via: 'dkim', domain: d.domain };
      break;
    }
  }
  if (!found)
    for (const s of r.spfResults) {
      if (s.result !== 'pass' || s.domain === '') continue;
      const p = providerOfDomain(s.domain);
      if (p) {
        found = { kind: 'provider', providerId: p.id, providerName: p.name, via: 'spf', domain: s.domain };
        break;
      }
    }
  if (!found)
    for (const d of r.dkimResults) {
      if (d.result !== 'pass' || d.selector === undefined) continue;
      const p = providerOfSelector(d.selector);
      if (p) {
        found = { kind: 'provider', providerId: p.id, providerName: p.name, via: 'dkim', domain: d.domain };
        break;
      }
    }

  const spfRawPass = r.spfResults.some((s) => s.result === 'pass');
  if (found) {
    if (FORWARDING_PROVIDERS.has(found.providerId!) && !spfRawPass) return { ...found, kind: 'forwarder' };
    if (ownProviders.has(found.providerId!)) return { ...found, kind: 'own-provider' };
    return found;
  }
  const dkimUnaligned = r.dkim === 'fail' && r.dkimResults.some((d) => d.result === 'pass');
  if ((r.reasons ?? []).some((x) => FORWARD_REASONS.has(x.type)) || (dkimUnaligned && !spfRawPass))
    return { kind: 'forwarder' };
  return { kind: 'unknown' };
}

/** Of a source's rows, the recognition that says most: own provider, provider, forwarder, unknown. */
const RANK: Record<SourceRecognition['kind'], number> = {
  'own-provider': 0,
  provider: 1,
  forwarder: 2,
  unknown: 3,
};

export function better(a: SourceRecognition, b: SourceRecognition): SourceRecognition {
  return RANK[b.kind] < RANK[a.kind] ? b : a;
}
