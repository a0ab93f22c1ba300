import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../cli/project-root';
import { K8sObject, kindOf, nameOf } from '../manifest';
import type { ManifestSet, Rule, Violation } from '../rule';

/** What lib/validate/schema-worker.mjs says about one object. */
type SchemaResult =
  | { status: 'checked'; errors: Array<{ path: string; message: string }>; unknown: string[] }
  | { status: 'no-schema' };

const WORKER = join(projectRoot(), 'lib', 'validate', 'schema-worker.mjs');
const results = new WeakMap<K8sObject, SchemaResult>();

/**
 * Checks objects against their schemas in one child process (the schema packages are ESM-only,
 * see schema-worker.mjs). Call it once with every object about to be validated: a child costs
 * about 0.3 s to start and load schemas, each object then well under a millisecond.
 */
export function checkSchemas(objects: readonly K8sObject[]): void {
  const todo = objects.filter((o) => !results.has(o) && isObjectLike(o));
  if (!todo.length) return;
  const r = spawnSync(process.execPath, [WORKER], { input: JSON.stringify(todo), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`the schema checker (${WORKER}) failed: ${(r.stderr || String(r.error ?? '')).trim().split('\n')[0]}`);
  const parsed = JSON.parse(r.stdout) as SchemaResult[];
  todo.forEach((o, i) => results.set(o, parsed[i]));
}

const isObjectLike = (o: K8sObject): boolean => typeof o.apiVersion === 'string' && typeof o.kind === 'string';

function resultFor(set: ManifestSet, o: K8sObject): SchemaResult | undefined {
  if (!results.has(o)) checkSchemas(set.manifests.map((m) => m.object));
  return results.get(o);
}

/** `/spec/template/spec/containers/0/image` -> `spec.template.spec.containers[0].image`. */
export function fieldPath(pointer: string): string {
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, s) => (/^\d+$/.test(s) ? `${out}[${s}]` : out ? `${out}.${s}` : s), '');
}

export const schemaRules: readonly Rule[] = [
  {
    id: 'schema',
    severity: 'error',
    checks: 'Each object is a Kubernetes object (apiVersion, kind, metadata.name) that validates against the Kubernetes or CRD schema of its apiVersion and kind (types, required fields, enums, formats).',
    fix: 'Correct the field to the type and value the schema asks for (`kubectl explain <kind>.<field>` describes it).',
    check(set: ManifestSet): Violation[] {
      const out: Violation[] = [];
      for (const m of set.manifests) {
        const o = m.object;
        if (!isObjectLike(o)) {
          out.push({ manifest: m, path: '', message: 'is not a Kubernetes object: apiVersion and kind must be strings' });
          continue;
        }
        if (!nameOf(o)) out.push({ manifest: m, path: 'metadata.name', message: 'is missing: every object needs a name' });
        const r = resultFor(set, o);
        if (r?.status === 'checked') for (const e of r.errors) out.push({ manifest: m, path: fieldPath(e.path), message: e.message });
      }
      return out;
    },
  },
  {
    id: 'schema-unknown-field',
    severity: 'error',
    checks: 'No object has a field its schema does not define (a typo such as `imagePullPolice` is silently dropped by the API server).',
    fix: 'Remove the field or correct its spelling.',
    check(set: ManifestSet): Violation[] {
      return set.manifests.flatMap((m) => {
        const r = isObjectLike(m.object) ? resultFor(set, m.object) : undefined;
        return r?.status === 'checked' ? r.unknown.map((p) => ({ manifest: m, path: fieldPath(p), message: 'is not a field of this kind' })) : [];
      });
    },
  },
  {
    id: 'schema-unknown-kind',
    severity: 'warning',
    checks: 'Each apiVersion and kind has a schema kubesynth knows (Kubernetes core, prometheus-operator, external-secrets, cert-manager, CloudNativePG, Argo CD, Flux); others cannot be checked.',
    fix: 'Check the apiVersion and kind spelling; for another CRD, waive the rule on the object.',
    check(set: ManifestSet): Violation[] {
      return set.manifests.filter((m) => isObjectLike(m.object) && resultFor(set, m.object)?.status === 'no-schema')
        .map((m) => ({ manifest: m, path: 'kind', message: `has no known schema for ${String(m.object.apiVersion)} ${kindOf(m.object)}, so it was not checked` }));
    },
  },
];
