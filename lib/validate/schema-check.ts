import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Checks Kubernetes objects against the OpenAPI/CRD schemas that kubernetes-models and the
 * @kubernetes-models/* packages ship (compiled ajv validators), and finds unknown fields.
 *
 * In process: those packages are ESM-only, and kubesynth is CommonJS and synchronous (also under
 * jest, whose VM cannot run a dynamic import()), so this used to run in a child process that
 * cost more than every rule together (a node start-up, schema loading, JSON both ways). Node's
 * own `require` loads ES modules synchronously since 20.19 (kubesynth's `engines`), and the
 * one used here is Node's even under jest (see nodeRequire), so the same code runs in both.
 *
 * Unknown fields: kubernetes-models' validators do not reject them (the Kubernetes schemas do
 * not say additionalProperties: false; the API server prunes or rejects them instead). The
 * validators read every property their schema declares (`data.replicas !== undefined`) and
 * enumerate the keys of maps (additionalProperties), so the object is wrapped in proxies that
 * record what the validator looked at: in an object whose schema declared properties (the
 * validator read at least one) and that it never enumerated (not a map), a key it never read
 * is not in the schema. Objects it never looked into (x-kubernetes-preserve-unknown-fields,
 * free-form JSON) are left alone. Same schemas, no second copy of them to drift.
 */

/** What the schemas say about one object; paths are JSON pointers. */
export type SchemaResult =
  | { readonly status: 'checked'; readonly errors: ReadonlyArray<{ readonly path: string; readonly message: string }>; readonly unknown: readonly string[] }
  | { readonly status: 'no-schema' };

/** An ajv standalone validator as the packages compile them. */
interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ReadonlyArray<{ instancePath: string; keyword: string; params?: Record<string, unknown>; message?: string }> | null;
}

/**
 * Node's own require (see the module comment). Jest hands modules a `module` whose createRequire
 * is jest's (which cannot load ES modules); process.getBuiltinModule is Node's under jest too.
 */
const nodeRequire = (process.getBuiltinModule?.('node:module') as typeof import('node:module') | undefined ?? { createRequire }).createRequire(__filename);

/** API group -> package that holds its schemas. Core groups come from kubernetes-models. */
const CRD_PACKAGES: Readonly<Record<string, string>> = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'external-secrets.io': '@kubernetes-models/external-secrets',
  'generators.external-secrets.io': '@kubernetes-models/external-secrets',
  'cert-manager.io': '@kubernetes-models/cert-manager',
  'acme.cert-manager.io': '@kubernetes-models/cert-manager',
  'postgresql.cnpg.io': '@kubernetes-models/cloudnative-pg',
  'argoproj.io': '@kubernetes-models/argo-cd',
  'kustomize.toolkit.fluxcd.io': '@kubernetes-models/flux-cd',
  'source.toolkit.fluxcd.io': '@kubernetes-models/flux-cd',
  'helm.toolkit.fluxcd.io': '@kubernetes-models/flux-cd',
  'notification.toolkit.fluxcd.io': '@kubernetes-models/flux-cd',
  'image.toolkit.fluxcd.io': '@kubernetes-models/flux-cd',
};

/** Folder of an installed package (its package.json cannot be required through exports, so walk from a CommonJS package beside it). */
const packageRoots = new Map<string, string | undefined>();
function packageRoot(name: string): string | undefined {
  if (!packageRoots.has(name)) {
    let root: string | undefined;
    try {
      // Every package's node_modules folder sits beside kubesynth's own.
      root = join(dirname(nodeRequire.resolve('yaml')), '..', '..', ...name.split('/'));
      readFileSync(join(root, 'package.json'));
    } catch {
      root = undefined;
    }
    packageRoots.set(name, root);
  }
  return packageRoots.get(name);
}

/** The compiled validator for apiVersion + kind, or undefined when no package has one. Loaded once per kind. */
const validators = new Map<string, CompiledValidator | undefined>();
function validatorFor(apiVersion: string, kind: string): CompiledValidator | undefined {
  const key = `${apiVersion}/${kind}`;
  if (validators.has(key)) return validators.get(key);
  let validate: CompiledValidator | undefined;
  if (/^[A-Za-z0-9]+$/.test(kind)) {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const pkg = group && Object.hasOwn(CRD_PACKAGES, group) ? CRD_PACKAGES[group] : 'kubernetes-models';
    const root = packageRoot(pkg);
    if (root && /^[a-z0-9.-]*$/.test(group) && /^v[a-z0-9]+$/.test(version)) {
      const model = group ? join(root, group, version, `${kind}.js`) : join(root, version, `${kind}.js`);
      let text: string | undefined;
      try {
        text = readFileSync(model, 'utf8');
      } catch {
        // No model file: no schema for this apiVersion and kind.
      }
      // The model module names its schema module: load that directly, by path (the packages'
      // exports do not list _schemas/ for every group).
      const m = text === undefined ? null : /from"(\.\.\/(?:\.\.\/)*_schemas\/[A-Za-z0-9]+\.js)"/.exec(text);
      if (m) validate = loadSchemaModule(join(dirname(model), m[1]));
    }
  }
  validators.set(key, validate);
  return validate;
}

function loadSchemaModule(file: string): CompiledValidator {
  try {
    return (nodeRequire(file) as { validate: CompiledValidator }).validate;
  } catch (e) {
    // An older Node cannot require() an ES module: say what to do rather than skip the schemas.
    if ((e as NodeJS.ErrnoException).code === 'ERR_REQUIRE_ESM') throw new Error(`the schema checker needs Node.js 20.19 or later to load ${file} (running ${process.version})`);
    throw e;
  }
}

const escapeSegment = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Where a value sits in the object: its parent's place and its key (the JSON pointer is only spelled out for a finding). */
interface Place {
  readonly parent?: Place;
  readonly key: string;
}

const pointerOf = (p: Place | undefined): string => (p ? `${pointerOf(p.parent)}/${escapeSegment(p.key)}` : '');

/** What the validator did with one object (not array) of the input. */
interface Looked {
  readonly place: Place | undefined;
  readonly read: Set<string>;
  enumerated: boolean;
  readonly value: Record<string, unknown>;
}

/** Wraps `value` so reads are recorded in `seen`, one entry per object. */
function track(value: unknown, place: Place | undefined, seen: Looked[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  const target = value as Record<string, unknown>;
  const record: Looked = { place, read: new Set(), enumerated: false, value: target };
  if (!Array.isArray(value)) seen.push(record);
  const wrapped = new Map<string, unknown>();
  const child = (key: string) => {
    if (!Object.prototype.hasOwnProperty.call(target, key)) return target[key];
    let w = wrapped.get(key);
    if (w === undefined && !wrapped.has(key)) {
      w = track(target[key], { parent: place, key }, seen);
      wrapped.set(key, w);
    }
    return w;
  };
  return new Proxy(target, {
    get(t, key) {
      if (typeof key === 'string') {
        record.read.add(key);
        return child(key);
      }
      return Reflect.get(t, key);
    },
    has(t, key) {
      if (typeof key === 'string') record.read.add(key);
      return key in t;
    },
    getOwnPropertyDescriptor(t, key) {
      if (typeof key === 'string') record.read.add(key);
      return Reflect.getOwnPropertyDescriptor(t, key);
    },
    ownKeys(t) {
      record.enumerated = true;
      return Reflect.ownKeys(t);
    },
  });
}

function unknownFields(seen: readonly Looked[]): string[] {
  const out: string[] = [];
  for (const r of seen) {
    if (r.enumerated || r.read.size === 0) continue;
    for (const key of Object.keys(r.value)) {
      // A key set to undefined (an in-memory object) is no field: JSON, and so the API server, never sees it.
      if (!r.read.has(key) && r.value[key] !== undefined) out.push(`${pointerOf(r.place)}/${escapeSegment(key)}`);
    }
  }
  return out.sort();
}

function messageOf(e: NonNullable<CompiledValidator['errors']>[number]): string {
  const p = e.params ?? {};
  switch (e.keyword) {
    case 'type': return `must be of type ${[p.type].flat().join(' or ')}`;
    case 'required': return `is missing required field "${String(p.missingProperty)}"`;
    case 'enum': return `must be one of ${((p.allowedValues ?? []) as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'format': return `must be in format ${String(p.format)}`;
    default: return e.message ?? `fails ${e.keyword}`;
  }
}

/** Checks one object (a map with string apiVersion and kind) against the schema of its apiVersion and kind. */
export function checkSchema(obj: Readonly<Record<string, unknown>> & { readonly apiVersion: string; readonly kind: string }): SchemaResult {
  const validate = validatorFor(obj.apiVersion, obj.kind);
  if (!validate) return { status: 'no-schema' };
  const seen: Looked[] = [];
  const ok = validate(track(obj, undefined, seen));
  const errors = ok ? [] : (validate.errors ?? []).map((e) => ({ path: e.instancePath, message: messageOf(e) }));
  return { status: 'checked', errors, unknown: unknownFields(seen) };
}
