// Checks Kubernetes objects against the OpenAPI/CRD schemas that kubernetes-models and the
// @kubernetes-models/* packages ship (compiled ajv validators), and finds unknown fields.
//
// An ESM script run as a child process (lib/validate/schema.ts) because those packages are
// ESM-only with import-only exports, while kubesynth is CommonJS and runs synchronously (also
// under jest, whose VM cannot run a dynamic import()).
//
// stdin: JSON array of objects. stdout: JSON array, one entry per object:
//   { status: 'checked', errors: [{ path, message }], unknown: [path] } or { status: 'no-schema' }
//
// Unknown fields: kubernetes-models' validators do not reject them (the Kubernetes schemas do
// not say additionalProperties: false; the API server prunes or rejects them instead). The
// validators read every property their schema declares (`data.replicas !== undefined`) and
// enumerate the keys of maps (additionalProperties), so the object is wrapped in proxies that
// record what the validator looked at: in an object whose schema declared properties (the
// validator read at least one) and that it never enumerated (not a map), a key it never read
// is not in the schema. Objects it never looked into (x-kubernetes-preserve-unknown-fields,
// free-form JSON) are left alone. Same schemas, no second copy of them to drift.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

// API group -> package that holds its schemas. Core groups come from kubernetes-models.
const CRD_PACKAGES = {
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

/** Folder of an installed package (its package.json cannot be required through exports, so walk from its main file). */
const packageRoots = new Map();
function packageRoot(name) {
  if (!packageRoots.has(name)) {
    let root;
    try {
      // Every package's node_modules folder sits beside kubesynth's own.
      root = join(dirname(require.resolve('yaml')), '..', '..', ...name.split('/'));
      readFileSync(join(root, 'package.json'));
    } catch {
      root = undefined;
    }
    packageRoots.set(name, root);
  }
  return packageRoots.get(name);
}

/** The compiled validator for apiVersion + kind, or undefined when no package has one. Cached per kind. */
const validators = new Map();
async function validatorFor(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (validators.has(key)) return validators.get(key);
  let validate;
  if (typeof apiVersion === 'string' && typeof kind === 'string' && /^[A-Za-z0-9]+$/.test(kind)) {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const pkg = group && CRD_PACKAGES[group] ? CRD_PACKAGES[group] : 'kubernetes-models';
    const root = packageRoot(pkg);
    if (root && /^[a-z0-9.-]*$/.test(group) && /^v[a-z0-9]+$/.test(version)) {
      const model = group ? join(root, group, version, `${kind}.js`) : join(root, version, `${kind}.js`);
      try {
        // The model module names its schema module: import that directly, by file URL (the
        // packages' exports do not list _schemas/ for every group).
        const text = readFileSync(model, 'utf8');
        const m = /from"(\.\.\/(?:\.\.\/)*_schemas\/[A-Za-z0-9]+\.js)"/.exec(text);
        if (m) validate = (await import(pathToFileURL(join(dirname(model), m[1])).href)).validate;
      } catch {
        validate = undefined;
      }
    }
  }
  validators.set(key, validate);
  return validate;
}

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const pointer = (segments) => segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/** Wraps `value` so reads are recorded in `seen`, keyed by JSON pointer of each object. */
function track(value, path, seen) {
  if (value === null || typeof value !== 'object') return value;
  const at = pointer(path);
  const record = { read: new Set(), enumerated: false, value };
  if (isPlainObject(value)) seen.set(at, record);
  const wrapped = new Map();
  const child = (key) => {
    if (!Object.prototype.hasOwnProperty.call(value, key)) return value[key];
    if (!wrapped.has(key)) wrapped.set(key, track(value[key], [...path, Array.isArray(value) ? Number(key) : key], seen));
    return wrapped.get(key);
  };
  return new Proxy(value, {
    get(target, key) {
      if (typeof key === 'string') {
        record.read.add(key);
        return child(key);
      }
      return target[key];
    },
    has(target, key) {
      if (typeof key === 'string') record.read.add(key);
      return key in target;
    },
    getOwnPropertyDescriptor(target, key) {
      if (typeof key === 'string') record.read.add(key);
      return Object.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      record.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

function unknownFields(seen) {
  const out = [];
  for (const [at, r] of seen) {
    if (r.enumerated || r.read.size === 0) continue;
    for (const key of Object.keys(r.value)) if (!r.read.has(key)) out.push(`${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  }
  return out.sort();
}

const input = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const obj of input) {
  const validate = isPlainObject(obj) ? await validatorFor(obj.apiVersion, obj.kind) : undefined;
  if (!validate) {
    results.push({ status: 'no-schema' });
    continue;
  }
  const seen = new Map();
  const ok = validate(track(obj, [], seen));
  const errors = ok ? [] : (validate.errors ?? []).map((e) => ({ path: e.instancePath, message: messageOf(e) }));
  results.push({ status: 'checked', errors, unknown: unknownFields(seen) });
}
process.stdout.write(JSON.stringify(results));

function messageOf(e) {
  const p = e.params ?? {};
  switch (e.keyword) {
    case 'type': return `must be of type ${[p.type].flat().join(' or ')}`;
    case 'required': return `is missing required field "${p.missingProperty}"`;
    case 'enum': return `must be one of ${(p.allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'format': return `must be in format ${p.format}`;
    default: return e.message ?? `fails ${e.keyword}`;
  }
}
