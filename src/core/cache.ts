/**
 * A small per-database memo for reference data read on nearly every page (taxonomy, countries,
 * regions). Entries expire after `ttlMs` so that other processes' edits show up; writers in this
 * process call `forget` for an immediate effect.
 */
const stores = new WeakMap<object, Map<string, { expires: number; value: Promise<unknown> }>>();

export function memo<T>(
  owner: object,
  key: string,
  ttlMs: number,
  load: () => Promise<T>,
): Promise<T> {
  let store = stores.get(owner);
  if (!store) {
    store = new Map();
    stores.set(owner, store);
  }
  const hit = store.get(key);
  const now = Date.now();
  if (hit && hit.expires > now) return hit.value as Promise<T>;
  const value = load();
  store.set(key, { expires: now + ttlMs, value });
  value.catch(() => store?.delete(key));
  return value;
}

export function forget(owner: object, keyPrefix: string): void {
  const store = stores.get(owner);
  if (!store) return;
  for (const key of store.keys()) if (key.startsWith(keyPrefix)) store.delete(key);
}
