export type ValuesTree = Record<string, unknown>;

const isMap = (v: unknown): v is ValuesTree => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Merges `override` over `base` the way Helm merges `-f` files over `values.yaml`: maps merge
 * key by key, lists and scalars replace, and `null` deletes the key. Neither input is changed.
 */
export function mergeValues(base: ValuesTree, override: ValuesTree): ValuesTree {
  const out: ValuesTree = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) {
      delete out[key];
    } else if (isMap(value) && isMap(out[key])) {
      out[key] = mergeValues(out[key] as ValuesTree, value);
    } else {
      // A JSON copy: values are JSON data, and structuredClone would hand back objects of
      // another realm under jest's sandbox, which cdk8s then fails to read.
      out[key] = JSON.parse(JSON.stringify(value));
    }
  }
  return out;
}
