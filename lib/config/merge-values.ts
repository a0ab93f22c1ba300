/**
 * A values tree as read from YAML or `--set`. Maps are null-prototype objects: a key such as
 * `__proto__` or `constructor` is then an ordinary own key, as it is in Helm's Go maps, and
 * assigning it can never reach `Object.prototype`.
 */
export type ValuesTree = Record<string, unknown>;

/** An empty map of values with no prototype. */
export const emptyTree = (): ValuesTree => Object.create(null) as ValuesTree;

const isMap = (v: unknown): v is ValuesTree => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A deep copy of JSON-like data with every map a null-prototype object. Own keys are read
 * with Object.keys, so a `__proto__` key that a parser stored as an own property is kept.
 */
export function toValuesTree(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toValuesTree);
  if (!isMap(value)) return value;
  const out = emptyTree();
  for (const key of Object.keys(value)) out[key] = toValuesTree(value[key]);
  return out;
}

/**
 * Merges `override` over `base` the way Helm merges `-f` files over `values.yaml`: maps merge
 * key by key, lists and scalars replace, and `null` deletes the key. Neither input is changed.
 */
export function mergeValues(base: ValuesTree, override: ValuesTree): ValuesTree {
  const out = toValuesTree(base) as ValuesTree;
  for (const key of Object.keys(override)) {
    const value = override[key];
    if (value === null) {
      delete out[key];
    } else if (isMap(value) && isMap(out[key])) {
      out[key] = mergeValues(out[key] as ValuesTree, value);
    } else {
      out[key] = toValuesTree(value);
    }
  }
  return out;
}
