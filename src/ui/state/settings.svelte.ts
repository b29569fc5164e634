// Which DoH resolvers the app asks: a primary (with the secondary as fallback) and the second
// one used for side-by-side comparison. Stored in localStorage; `?doh=<url>` with
// `?dohDialect=cloudflare|google|wire` (and `?doh2=`, `?doh2Dialect=`) override them for one
// visit without being stored (the tests point the app at their local server this way).
import { jsonCodec, Persisted } from './persisted.svelte.ts';
import {
  createResolver,
  DEFAULT_FALLBACK_PRESET,
  DEFAULT_RESOLVER_PRESET,
  resolverPreset,
  type ConfiguredResolver,
  type ResolverPresetId,
  type ResolverSettings as EndpointSettings,
} from '../../lib/index.ts';
import { e2ePresetEndpoint } from './e2e-presets.ts';

const STORAGE_KEY = 'maildns.resolvers';
/** An audit asks ~30 independent questions in its first round; let them all go out at once. */
const CONCURRENCY = 48;

export interface ResolverChoice {
  preset: ResolverPresetId;
  /** Custom only. */
  endpoint?: string;
  /** Custom only. */
  format?: 'wire' | 'cloudflare' | 'google';
}

function endpointOf(choice: ResolverChoice): EndpointSettings | null {
  if (choice.preset !== 'custom') {
    const p = resolverPreset(choice.preset);
    const endpoint = e2ePresetEndpoint(p?.id ?? '') ?? p?.endpoint ?? '';
    return p ? { kind: p.kind, endpoint, dialect: p.dialect, label: p.name } : null;
  }
  const endpoint = choice.endpoint?.trim() ?? '';
  if (!/^https?:\/\//i.test(endpoint)) return null;
  const format = choice.format ?? 'wire';
  return format === 'wire' ? { kind: 'wire', endpoint } : { kind: 'json', endpoint, dialect: format };
}

/** A named service's endpoint (the e2e build may point it at the test server); the watch page asks
 *  each preset on its own. */
export function presetEndpoint(id: Exclude<ResolverPresetId, 'custom'>): EndpointSettings | null {
  return endpointOf({ preset: id });
}

function fromUrl(param: string): ResolverChoice | null {
  const params = new URLSearchParams(location.search);
  const endpoint = params.get(param);
  if (!endpoint) return null;
  const dialect = params.get(`${param}Dialect`);
  const format = dialect === 'cloudflare' || dialect === 'google' ? dialect : 'wire';
  return { preset: 'custom', endpoint, format };
}

interface StoredChoices {
  primary: ResolverChoice;
  secondary: ResolverChoice;
}

function isStoredChoices(value: unknown): value is StoredChoices {
  const v = value as Partial<StoredChoices> | null;
  return typeof v === 'object' && v !== null && !!v.primary?.preset && !!v.secondary?.preset;
}

/** The stored choice; the defaults when nothing (or nothing readable) is stored. */
const stored = new Persisted<StoredChoices>(
  STORAGE_KEY,
  { primary: { preset: DEFAULT_RESOLVER_PRESET }, secondary: { preset: DEFAULT_FALLBACK_PRESET } },
  jsonCodec(isStoredChoices),
);

function load(): StoredChoices {
  return stored.current;
}

export function isValidChoice(choice: ResolverChoice): boolean {
  return endpointOf(choice) !== null;
}

export function choiceLabel(choice: ResolverChoice): string {
  if (choice.preset === 'custom') return choice.endpoint ?? '';
  return resolverPreset(choice.preset)?.name ?? choice.preset;
}

export class ResolverSettingsState {
  primary = $state<ResolverChoice>({ preset: DEFAULT_RESOLVER_PRESET });
  secondary = $state<ResolverChoice>({ preset: DEFAULT_FALLBACK_PRESET });
  /** Set by `?doh=`: this visit only, not stored. */
  overridden = $state(false);

  /** The resolver every lookup uses: primary, then the secondary when the primary fails. */
  resolver: ConfiguredResolver = $derived(this.build([this.primary, this.secondary]));
  /** The secondary alone, for the side-by-side comparison. */
  compareResolver: ConfiguredResolver = $derived(this.build([this.secondary]));
  /** The primary alone, for the side-by-side comparison. */
  primaryResolver: ConfiguredResolver = $derived(this.build([this.primary]));
  label = $derived(choiceLabel(this.primary));
  compareLabel = $derived(choiceLabel(this.secondary));

  constructor() {
    const stored = load();
    const urlPrimary = fromUrl('doh');
    const urlSecondary = fromUrl('doh2');
    this.primary = urlPrimary ?? stored.primary;
    this.secondary = urlSecondary ?? (urlPrimary ? urlPrimary : stored.secondary);
    this.overridden = !!(urlPrimary || urlSecondary);
  }

  private build(choices: ResolverChoice[]): ConfiguredResolver {
    const endpoints = choices.map(endpointOf).filter((e): e is EndpointSettings => e !== null);
    const unique = endpoints.filter((e, i) => endpoints.findIndex((o) => o.endpoint === e.endpoint) === i);
    const list = unique.length > 0 ? unique : [endpointOf({ preset: DEFAULT_RESOLVER_PRESET })!];
    return createResolver(list, { concurrency: CONCURRENCY });
  }

  /** One service for everything (the unreachable notice's buttons): no fallback to the services
   *  that could not be reached, and nothing sent to one the user did not pick. Saved. */
  useOnly(choice: ResolverChoice): void {
    this.save({ ...choice }, { ...choice });
  }

  save(primary: ResolverChoice, secondary: ResolverChoice): void {
    this.primary = primary;
    this.secondary = secondary;
    this.overridden = false;
    stored.current = { primary, secondary };
  }
}

export const resolverSettings = new ResolverSettingsState();
