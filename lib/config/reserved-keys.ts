/**
 * Keys a values map may hold that plain JavaScript objects mishandle: `__proto__` (assigning it
 * sets the prototype, so the key vanishes), `constructor` (cdk8s reads `obj.constructor.name`
 * to check an object is plain, and crashes), and the other Object.prototype members. Helm has
 * none of these problems (Go maps), so such keys must render exactly as given.
 *
 * Values reach constructs as plain objects with these keys escaped by a prefix, and synthesized
 * objects are unescaped before they are written. The prefix is from the Unicode private-use
 * area, and a key that already starts with it is escaped once more, so the mapping is exact.
 */
const ESCAPE = '\u{F8FF}kubesynth-key:';
const RESERVED = new Set(Object.getOwnPropertyNames(Object.prototype));

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const escapeKey = (key: string) => (RESERVED.has(key) || key.startsWith(ESCAPE) ? `${ESCAPE}${key}` : key);
const unescapeKey = (key: string) => (key.startsWith(ESCAPE) ? key.slice(ESCAPE.length) : key);

/** A plain-object copy of a values tree with reserved keys escaped, safe to hand to constructs and cdk8s. */
export function escapeReservedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(escapeReservedKeys);
  if (!isMap(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[escapeKey(key)] = escapeReservedKeys(value[key]);
  return out;
}

/**
 * Synthesized objects with escaped keys restored. Restored keys are defined as own properties
 * (never assigned), so `__proto__` stays a key, and the serializer writes it. Only the maps and
 * lists on the way to an escaped key are copied; the rest is returned as it is (issue 15: a
 * full copy of 6,000 objects was a tenth of a plain render, and its garbage more).
 */
export function unescapeReservedKeys<T>(value: T): T {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const restored = unescapeReservedKeys(value[i]);
      if (restored !== value[i]) (copy ??= value.slice())[i] = restored;
    }
    return (copy ?? value) as T;
  }
  if (!isMap(value)) return value;
  let keys = Object.keys(value);
  let restored: Map<string, unknown> | undefined;
  for (const key of keys) {
    const child = unescapeReservedKeys(value[key]);
    if (child !== value[key] || key.startsWith(ESCAPE)) (restored ??= new Map()).set(key, child);
  }
  if (!restored) return value;
  // cdk8s sorted the keys, escaped ones last; sort again where one was restored, as Helm's toYaml sorts.
  if (keys.some((k) => k.startsWith(ESCAPE))) keys = keys.sort((a, b) => (unescapeKey(a) < unescapeKey(b) ? -1 : 1));
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    Object.defineProperty(out, unescapeKey(key), { value: restored.has(key) ? restored.get(key) : value[key], enumerable: true, writable: true, configurable: true });
  }
  return out as T;
}
