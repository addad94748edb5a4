/**
 * Saving inspection answers as they are typed: each field's latest value is saved 300 ms after the last
 * keystroke, at once when the field loses focus, and all at once when the page is hidden (the app may be
 * killed next). A value equal to the last one saved for that field is not saved again. Saves run one after
 * another, in the order they were made, so the outbox holds the answers in typing order.
 */
export const AUTOSAVE_DELAY_MS = 300;

export interface AutosaveDeps<V> {
  save(key: string, value: V): Promise<void>;
  delayMs?: number;
  schedule?: (run: () => void, ms: number) => () => void;
  /** Told when a save fails (the storage is full or gone). */
  onError?: (error: unknown) => void;
}

export function createAutosave<V>(deps: AutosaveDeps<V>) {
  const delay = deps.delayMs ?? AUTOSAVE_DELAY_MS;
  const schedule =
    deps.schedule ??
    ((run, ms) => {
      const timer = setTimeout(run, ms);
      return () => clearTimeout(timer);
    });
  const waiting = new Map<string, { value: V; cancel: () => void }>();
  const saved = new Map<string, V>();
  let chain: Promise<void> = Promise.resolve();

  const commit = (key: string): Promise<void> => {
    const entry = waiting.get(key);
    if (entry === undefined) return chain;
    entry.cancel();
    waiting.delete(key);
    if (saved.has(key) && Object.is(saved.get(key), entry.value)) return chain;
    saved.set(key, entry.value);
    chain = chain.then(() =>
      deps.save(key, entry.value).catch((error: unknown) => {
        // Not saved: forget it, so that the next change or blur of this field tries again.
        saved.delete(key);
        deps.onError?.(error);
      }),
    );
    return chain;
  };

  return {
    /** The value a field was loaded with counts as saved. */
    known(key: string, value: V) {
      if (!waiting.has(key)) saved.set(key, value);
    },
    change(key: string, value: V) {
      waiting.get(key)?.cancel();
      const cancel = schedule(() => void commit(key), delay);
      waiting.set(key, { value, cancel });
    },
    blur(key: string): Promise<void> {
      return commit(key);
    },
    flushAll(): Promise<void> {
      for (const key of [...waiting.keys()]) void commit(key);
      return chain;
    },
    /** The latest value of every field typed or loaded, saved or not yet. */
    values(): Record<string, V> {
      const all: Record<string, V> = Object.fromEntries(saved);
      for (const [key, entry] of waiting) all[key] = entry.value;
      return all;
    },
    /** Whether anything typed is not on its way to storage yet. */
    dirty: () => waiting.size > 0,
  };
}

export type Autosave<V> = ReturnType<typeof createAutosave<V>>;
