// A value kept in localStorage (svelte.dev's Persisted pattern): read once with a fallback, written
// on every change, forgotten on request, and synced when another tab changes it. The one place the
// app touches localStorage: storage may be missing or full (private mode, quota), and then the value
// simply lives for this visit.

export interface PersistedCodec<T> {
  /** undefined when the stored text is not a value of this kind (then the fallback is used). */
  parse(text: string): T | undefined;
  stringify(value: T): string;
}

/** Values stored as text. */
export const textCodec: PersistedCodec<string> = { parse: (t) => t, stringify: (v) => v };

/** Values stored as JSON; `check` says whether what was read has the right shape. */
export function jsonCodec<T>(check: (value: unknown) => value is T): PersistedCodec<T> {
  return {
    parse(text) {
      try {
        const value: unknown = JSON.parse(text);
        return check(value) ? value : undefined;
      } catch {
        return undefined;
      }
    },
    stringify: (v) => JSON.stringify(v),
  };
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // A sandboxed frame or disabled storage throws on access itself.
    return null;
  }
}

export class Persisted<T> {
  #value = $state.raw<T>() as T;
  readonly #key: string;
  readonly #fallback: T;
  readonly #codec: PersistedCodec<T>;

  constructor(key: string, fallback: T, codec: PersistedCodec<T>) {
    this.#key = key;
    this.#fallback = fallback;
    this.#codec = codec;
    this.#value = this.#read() ?? fallback;
    if (typeof window !== 'undefined') {
      // Cross-tab sync: another tab wrote (or cleared) the same key.
      window.addEventListener('storage', (e) => {
        if (e.key !== this.#key && e.key !== null) return;
        this.#value = this.#read() ?? this.#fallback;
      });
    }
  }

  /** Whether a value was stored (as opposed to the fallback standing in). */
  get stored(): boolean {
    return this.#read() !== undefined;
  }

  get current(): T {
    return this.#value;
  }

  set current(value: T) {
    this.#value = value;
    try {
      storage()?.setItem(this.#key, this.#codec.stringify(value));
    } catch {
      // quota or private mode: the value holds for this visit
    }
  }

  /** Removes the stored value; the fallback stands in again. */
  forget(): void {
    this.#value = this.#fallback;
    try {
      storage()?.removeItem(this.#key);
    } catch {
      // see `current`
    }
  }

  #read(): T | undefined {
    let text: string | null;
    try {
      text = storage()?.getItem(this.#key) ?? null;
    } catch {
      return undefined;
    }
    return text === null ? undefined : this.#codec.parse(text);
  }
}
