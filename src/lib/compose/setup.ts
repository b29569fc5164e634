// The provider setup wizard's record set: everything a domain needs to receive and send mail
// through one provider — MX with priorities, SPF, DKIM, DMARC at p=none with the user's own
// report address, and the CNAMEs the provider documents — each with a one-line reason.
// A record whose inputs are wrong or missing is left out and said so; it is never guessed.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import { providerById } from '../providers/catalog.ts';
import type { Provider, ProviderArea } from '../providers/model.ts';
import { buildDkimRecord, checkSelector, DOMAINKEY_LABEL } from './dkim-builder.ts';
import { buildDmarc } from './dmarc-builder.ts';
import { checkDomainField } from './domain-field.ts';
import { fieldDiagnostic } from './finish.ts';
import type {
  ComposedRecord,
  DkimBuilt,
  DmarcBuilt,
  FieldDiagnostic,
  MessageRef,
  SetupInput,
  SetupResult,
  SpfBuilt,
} from './model.ts';
import { buildSpf } from './spf-builder.ts';

/** The placeholder the composer fills itself: Microsoft 365's `<domain-with-dots-as-dashes>`. */
const DOMAIN_DASHES = 'domain-with-dots-as-dashes';
/** A placeholder stands for one DNS label (RFC 1035 §2.3.1). */
const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** The DMARC policy a new setup starts with: monitor first, then quarantine, then reject. */
const START_POLICY = 'none';

function providerParams(p: Provider): Record<string, string> {
  return { provider: p.name, providerZh: p.nameZh ?? p.name };
}

function unverifiedFor(p: Provider, area: ProviderArea): string[] {
  return [...p.unverifiedAreas[area]];
}

/**
 * Fills `<placeholder>` parts of a provider host; null (with a field diagnostic) when a value is
 * missing or is not a DNS label.
 */
function fillHost(
  host: string,
  domain: string,
  values: Readonly<Record<string, string>>,
  fields: FieldDiagnostic[],
): string | null {
  let ok = true;
  const filled = host.replace(/<([^>]*)>/g, (_, name: string) => {
    if (name === DOMAIN_DASHES) return domain.replace(/\./g, '-');
    const value = values[name]?.trim().toLowerCase();
    if (value === undefined || value === '') {
      fields.push(
        fieldDiagnostic(
          'placeholders',
          diagnostic('composer/placeholder-missing', { params: { placeholder: name, host } }),
        ),
      );
      ok = false;
    } else if (!LABEL.test(value)) {
      fields.push(
        fieldDiagnostic('placeholders', diagnostic('composer/invalid-value', { params: { value } })),
      );
      ok = false;
    }
    return value ?? '';
  });
  return ok ? filled : null;
}

/** Sub-builder errors appear under the wizard's own field names. */
function mapFields(
  diagnostics: readonly FieldDiagnostic[],
  names: Record<string, string>,
  fallback: string,
): FieldDiagnostic[] {
  return diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({ ...d, field: names[d.field] ?? fallback }));
}

function emptyResult(fields: FieldDiagnostic[], provider: Provider | null): SetupResult {
  return {
    provider,
    domain: null,
    records: [],
    authorizations: [],
    fieldDiagnostics: fields,
    todo: [],
    spf: null,
    dmarc: null,
    dkim: null,
  };
}

/** `[unverified: mail, smtp]` in the data's source note names the aliases it could not confirm. */
const UNVERIFIED_ALIASES = /\[unverified: ([^\]]+)\]/;

/**
 * CNAMEs for the chosen aliases (RFC 1035 §3.3.1). A web-mail alias may be proxied in Cloudflare
 * (web access only); a mail-protocol one must stay DNS only (docs/cloudflare.md, Cloudflare mistake 1).
 */
function hostAliasRecords(provider: Provider, domain: string, chosen: readonly string[]): ComposedRecord[] {
  const wanted = new Set(chosen.map((c) => c.trim().toLowerCase()));
  const unconfirmed = UNVERIFIED_ALIASES.exec(provider.hostAliasesSource ?? '')?.[1].split(/,\s*/) ?? [];
  return provider.hostAliases
    .filter((a) => wanted.has(a.name))
    .map((a) => {
      const name = `${a.name}.${domain}`;
      return {
        type: 'CNAME',
        name,
        content: a.content,
        purpose: 'cname',
        proxiable: a.proxiable,
        reason: {
          key: a.role === 'webmail' ? 'hosts_reason_webmail' : 'hosts_reason_protocol',
          params: { ...providerParams(provider), name },
        },
        unverified: unconfirmed.includes(a.name) ? [`hostAliases: ${a.name}`] : [],
      };
    });
}

export function setupRecords(input: SetupInput): SetupResult {
  return composeSetup(providerById(input.providerId) ?? null, input);
}

/** What every part of the setup needs: the provider, the domain, and where its notes go. */
interface SetupContext {
  provider: Provider;
  domain: string;
  input: SetupInput;
  params: Record<string, string>;
  records: ComposedRecord[];
  fields: FieldDiagnostic[];
  todo: MessageRef[];
}

/**
 * Sending services on a custom MAIL FROM subdomain (Amazon SES and those built on it) take MX and
 * SPF there, never at the apex: the domain those records go on, or null when the field is wrong.
 */
function mailFromDomain(c: SetupContext): string | null {
  if (!c.provider.mailFrom) return c.domain;
  const given = c.input.mailFromSubdomain?.trim().toLowerCase().replace(/\.$/, '') ?? '';
  const sub = given || (c.provider.mailFrom.suggestedSubdomain ?? '');
  if (sub === '') {
    c.fields.push(fieldDiagnostic('mailFromSubdomain', diagnostic('composer/missing-value')));
    return null;
  }
  const check = checkDomainField(`${sub}.${c.domain}`);
  if (!check.ok) {
    c.fields.push(
      fieldDiagnostic('mailFromSubdomain', diagnostic('composer/invalid-domain', { params: { value: sub } })),
    );
    return null;
  }
  return check.domain;
}

/** MX (RFC 5321 §5.1): lower priorities are tried first. */
function composeMx(c: SetupContext, mailDomain: string | null): void {
  for (const mx of mailDomain === null ? [] : c.provider.mx) {
    const host = fillHost(mx.host, c.domain, c.input.placeholders ?? {}, c.fields);
    if (host === null) continue;
    c.records.push({
      type: 'MX',
      name: mailDomain ?? c.domain,
      content: host,
      priority: mx.priority,
      purpose: 'mx',
      reason: {
        key: c.provider.mxPattern ? 'composer_reason_mx_pattern' : 'composer_reason_mx',
        params: { ...c.params, host, priority: mx.priority },
      },
      unverified: unverifiedFor(c.provider, 'mx'),
    });
  }
}

/** SPF (RFC 7208): the provider's include, softfail for the rest. */
function composeSpf(c: SetupContext, mailDomain: string | null): SpfBuilt | null {
  const spf =
    mailDomain === null ? null : buildSpf({ domain: mailDomain, providers: [c.provider.id], all: '~' });
  if (spf?.suggestion) {
    c.records.push({
      ...spf.suggestion,
      purpose: 'spf',
      reason: { key: 'composer_reason_spf', params: { ...c.params, include: c.provider.spfInclude } },
      unverified: unverifiedFor(c.provider, 'spf'),
    });
  }
  if (spf) {
    c.fields.push(...mapFields(spf.fieldDiagnostics, {}, 'spf'));
    // RFC 7208 §4.5: never a second SPF record; an existing one is merged (the builder's merge mode).
    c.todo.push({ key: 'composer_todo_spf_merge', params: { ...c.params, domain: mailDomain ?? c.domain } });
  }
  return spf;
}

/** DKIM (RFC 6376 §3.6.2.1): the key from the console, or the provider's CNAME. */
function composeDkim(c: SetupContext): DkimBuilt | null {
  const { provider, domain, input, params, records, fields, todo } = c;
  let dkim: DkimBuilt | null = null;
  const key = input.dkimKey?.trim() ?? '';
  const target = input.dkimTarget?.trim() ?? '';
  const selectorInput =
    input.dkimSelector?.trim() || (provider.dkim.selectors.length === 1 ? provider.dkim.selectors[0] : '');
  if (key !== '') {
    dkim = buildDkimRecord({ selector: selectorInput, domain, key });
    if (target !== '') fields.push(fieldDiagnostic('dkimTarget', diagnostic('composer/dkim-target-ignored')));
    if (dkim.suggestion && dkim.selector) {
      records.push({
        ...dkim.suggestion,
        purpose: 'dkim',
        reason: { key: 'composer_reason_dkim_txt', params: { ...params, selector: dkim.selector } },
        unverified: unverifiedFor(provider, 'dkim'),
      });
    }
    fields.push(
      ...mapFields(
        dkim.fieldDiagnostics,
        { selector: 'dkimSelector', key: 'dkimKey', domain: 'domain' },
        'dkimKey',
      ),
    );
  } else if (target !== '') {
    const selector = checkSelector(selectorInput);
    const targetCheck = checkDomainField(target);
    if (!selector.ok) {
      fields.push(
        fieldDiagnostic(
          'dkimSelector',
          selector.empty
            ? diagnostic('composer/missing-value')
            : diagnostic('composer/invalid-selector', { params: { value: selectorInput } }),
        ),
      );
    }
    if (!targetCheck.ok) {
      fields.push(
        fieldDiagnostic('dkimTarget', diagnostic('composer/invalid-domain', { params: { value: target } })),
      );
    }
    if (selector.ok && targetCheck.ok) {
      records.push({
        type: 'CNAME',
        name: `${selector.selector}.${DOMAINKEY_LABEL}.${domain}`,
        content: targetCheck.domain,
        purpose: 'dkim',
        reason: { key: 'composer_reason_dkim_cname', params: { ...params, selector: selector.selector } },
        unverified: unverifiedFor(provider, 'dkim'),
      });
    }
  } else {
    todo.push({
      key: provider.dkim.kind === 'cname' ? 'composer_todo_dkim_cname' : 'composer_todo_dkim_txt',
      params: { ...params, hint: provider.dkim.selectorHint },
    });
  }
  return dkim;
}

/** DMARC (RFC 9989): p=none with the user's own report address, then the staged rollout. */
function composeDmarc(c: SetupContext): DmarcBuilt {
  const { domain, input, records, fields, todo } = c;
  const address = input.reportAddress?.trim() ?? '';
  const dmarc: DmarcBuilt = buildDmarc({ domain, p: START_POLICY, rua: address === '' ? [] : [address] });
  if (dmarc.suggestion) {
    records.push({
      ...dmarc.suggestion,
      purpose: 'dmarc',
      reason:
        address === ''
          ? { key: 'composer_reason_dmarc_no_report', params: { domain } }
          : { key: 'composer_reason_dmarc', params: { domain, address } },
      unverified: [],
    });
  }
  fields.push(...mapFields(dmarc.fieldDiagnostics, { rua: 'reportAddress', domain: 'domain' }, 'dmarc'));
  for (const a of dmarc.authorizations) {
    todo.push({
      key: 'composer_todo_authorization',
      params: { destination: a.destination, name: a.record.name },
    });
  }
  todo.push({ key: 'composer_todo_dmarc_rollout', params: { domain } });
  return dmarc;
}

/**
 * The notes of the inputs that do not depend on the domain (the DKIM selector, key and target, the
 * report address) while the domain is missing or wrong: a form submitted before the domain names
 * every field still missing, not just the first (the wizard shows "required" only once a field
 * was left or the form submitted). No record is composed; the domain's own note is already there.
 */
function notesWithoutDomain(provider: Provider, input: SetupInput): FieldDiagnostic[] {
  const c: SetupContext = {
    provider,
    domain: '',
    input,
    params: providerParams(provider),
    records: [],
    fields: [],
    todo: [],
  };
  composeDkim(c);
  composeDmarc(c);
  return c.fields.filter((d) => d.field !== 'domain');
}

/** `setupRecords` for a given provider preset (null: the id was unknown). */
export function composeSetup(provider: Provider | null, input: SetupInput): SetupResult {
  const fields: FieldDiagnostic[] = [];
  if (!provider) {
    fields.push(
      fieldDiagnostic(
        'providerId',
        diagnostic('composer/unknown-provider', { params: { id: String(input.providerId) } }),
      ),
    );
  }
  const domainCheck = checkDomainField(input.domain ?? '');
  if (!domainCheck.ok) {
    fields.push(
      fieldDiagnostic(
        'domain',
        (input.domain ?? '').trim() === ''
          ? diagnostic('composer/missing-value')
          : diagnostic('composer/invalid-domain', { params: { value: input.domain } }),
      ),
    );
  }
  if (!provider) return emptyResult(fields, provider);
  if (!domainCheck.ok) return emptyResult([...fields, ...notesWithoutDomain(provider, input)], provider);
  const domain = domainCheck.domain;
  const records: ComposedRecord[] = [];
  const c: SetupContext = {
    provider,
    domain,
    input,
    params: providerParams(provider),
    records,
    fields,
    todo: [],
  };
  const mailDomain = mailFromDomain(c);
  composeMx(c, mailDomain);
  const spf = composeSpf(c, mailDomain);
  const dkim = composeDkim(c);
  const dmarc = composeDmarc(c);
  const { params, todo } = c;

  // ── CNAMEs the provider documents (webmail, autodiscover) ────────────────
  for (const c of provider.cnames) {
    records.push({
      type: 'CNAME',
      name: c.name === '@' ? domain : `${c.name.toLowerCase()}.${domain}`,
      content: c.target.toLowerCase().replace(/\.$/, ''),
      purpose: 'cname',
      reason: { key: `composer_reason_cname_${c.purpose}`, params: { ...params, target: c.target } },
      unverified: provider.unverified ? [...provider.unverifiedFields] : [],
    });
  }

  // ── the provider's host aliases the user ticked (web mail, mail clients); optional ──
  records.push(...hostAliasRecords(provider, domain, input.hostAliases ?? []));

  return {
    provider,
    domain,
    records,
    authorizations: dmarc.authorizations,
    fieldDiagnostics: fields,
    todo,
    spf,
    dmarc,
    dkim,
  };
}
