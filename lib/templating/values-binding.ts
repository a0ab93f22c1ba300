/**
 * Binding by reading: a platform's `build` gets its values through an observing proxy, so a
 * construct learns where a value sits in the values tree from the read itself
 * (`pathOf(() => v.sandbox.maxConcurrent)`, `chart.when(() => v.ingress.enabled, ...)`), never
 * from a path written as a string. A mistyped read is a tsc error; a mistyped string was a
 * silently hard-coded knob in the chart.
 *
 * Numbers and booleans cannot carry their path (they are primitives the platform's code also
 * computes with), so a path is taken from the last read the proxy saw while a callback ran:
 * the callback must return exactly the value it read.
 */

declare const VALUES_PATH: unique symbol;

/**
 * Where a value sits in a platform's values, dot-separated (`sandbox.limits.memoryMiB`). Only
 * {@link pathOf} makes one, so a construct prop of this type cannot be given a hand-written path.
 * The type parameter is the value's type, so a construct can ask for the subtree it reads.
 */
export type ValuesPath<T = unknown> = string & { readonly [VALUES_PATH]: T };

/** One read of a leaf (string, number, boolean, null) a platform made while building. */
export interface ValuesRead {
  readonly path: readonly (string | number)[];
  readonly value: unknown;
}

/** The most recent read through any observed values (see {@link pathOf}). Builds are synchronous, so one slot is enough. */
let lastRead: { readonly path: readonly (string | number)[]; readonly value: unknown } | undefined;
/** Set while {@link recordValueReads} runs: every leaf read is appended. */
let recorder: ValuesRead[] | undefined;

/** Each observed subtree's path, so a construct given a subtree finds where it sits ({@link subtreePath}). */
const PATHS = new WeakMap<object, readonly (string | number)[]>();

/**
 * `values` behind a proxy that remembers the path of each read, at every depth. The values
 * themselves are unchanged (reads return the same strings, numbers and booleans), so a
 * platform's code computes with them as before.
 */
export function observeValues<V>(values: V): V {
  return observe(values, []) as V;
}

function observe(target: unknown, path: readonly (string | number)[]): unknown {
  if (target === null || typeof target !== 'object' || PATHS.has(target)) return target;
  // One proxy per child, so a subtree read twice is the same object (constructs compare identities).
  const children = new Map<PropertyKey, unknown>();
  const proxy = new Proxy(target, {
    get(t, key, receiver) {
      const value = Reflect.get(t, key, receiver);
      if (typeof key === 'symbol' || !Object.prototype.hasOwnProperty.call(t, key)) return value;
      const segment = Array.isArray(t) && /^\d+$/.test(key) ? Number(key) : key;
      if (Array.isArray(t) && key === 'length') return value;
      const childPath = [...path, segment];
      const descriptor = Object.getOwnPropertyDescriptor(t, key);
      // A frozen property must read as itself (a proxy invariant): it is seen, not wrapped.
      const wrapped = descriptor && !descriptor.configurable && !descriptor.writable ? value : childOf(children, key, value, childPath);
      lastRead = { path: childPath, value: wrapped };
      if (recorder && (wrapped === null || typeof wrapped !== 'object')) recorder.push({ path: childPath, value: wrapped });
      return wrapped;
    },
  });
  PATHS.set(proxy, path);
  return proxy;
}

function childOf(children: Map<PropertyKey, unknown>, key: PropertyKey, value: unknown, path: readonly (string | number)[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  let child = children.get(key);
  if (child === undefined) {
    child = observe(value, path);
    children.set(key, child);
  }
  return child;
}

/**
 * The path of the value `read` returns, which must be read from a platform's observed values
 * (`() => v.api.image`): the proxy saw the read, so nobody writes the path.
 */
export function pathOf<T>(read: () => T): ValuesPath<T> {
  lastRead = undefined;
  const value = read();
  const seen = lastRead as { readonly path: readonly (string | number)[]; readonly value: unknown } | undefined;
  if (!seen || !Object.is(seen.value, value) || seen.path.length === 0) {
    throw new Error(
      `pathOf: ${String(read)} must return one value read from the platform's values (as \`() => v.api.replicas\`), `
      + 'not a value computed from them or read from plain data; the platform builds with the values its build function was given.',
    );
  }
  return seen.path.join('.') as ValuesPath<T>;
}

/**
 * Where a subtree a construct was given (`v.kafka.egress`) sits in the values, when it was read
 * from a platform's observed values (undefined for data made up in code, e.g. a test's literal).
 */
export function subtreePath<T extends object>(subtree: T): ValuesPath<T> | undefined {
  const path = PATHS.get(subtree);
  return path && path.length ? (path.join('.') as ValuesPath<T>) : undefined;
}

/**
 * {@link subtreePath} for a construct that cannot work unbound: a copy of the values (or data
 * made up in code) would silently hard-code the knobs in the chart, so it is refused, naming `who`.
 */
export function boundSubtree<T extends object>(subtree: T, who: string): ValuesPath<T> {
  const path = subtreePath(subtree);
  if (!path) {
    throw new Error(`${who}: give it a subtree read from the platform's values (as \`v.api\`), not a copy or an object made in code: the chart binds its knobs to where the subtree sits in the values.`);
  }
  return path;
}

/** The path's segments (the inverse of the join {@link pathOf} makes), for template expressions. */
export function pathSegments(path: ValuesPath): string[] {
  return path.split('.');
}

/**
 * A subtree's path extended by keys below it, for a construct that binds parts of a subtree it
 * was given (lib only: the keys are the construct's own knowledge of the subtree's shape).
 */
export function childPath(path: ValuesPath, ...keys: readonly string[]): ValuesPath {
  return [path, ...keys].join('.') as ValuesPath;
}

/**
 * Runs `run` and returns every leaf of observed values read meanwhile, in order (a test proves
 * with it that every value a platform reads is bound in its chart).
 */
export function recordValueReads<R>(run: () => R): { readonly result: R; readonly reads: readonly ValuesRead[] } {
  const outer = recorder;
  const reads: ValuesRead[] = [];
  recorder = reads;
  try {
    return { result: run(), reads };
  } finally {
    recorder = outer;
  }
}
