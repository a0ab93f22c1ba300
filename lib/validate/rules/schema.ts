import { K8sObject, kindOf, nameOf } from '../manifest';
import type { ManifestSet, Rule, Violation } from '../rule';
import { checkSchema, SchemaResult } from '../schema-check';

/** Each object is checked once, however many of the schema rules ask. */
const results = new WeakMap<K8sObject, SchemaResult>();

const isObjectLike = (o: K8sObject): o is K8sObject & { readonly apiVersion: string; readonly kind: string } => typeof o.apiVersion === 'string' && typeof o.kind === 'string';

function resultFor(o: K8sObject & { readonly apiVersion: string; readonly kind: string }): SchemaResult {
  let r = results.get(o);
  if (!r) {
    r = checkSchema(o);
    results.set(o, r);
  }
  return r;
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
        const r = resultFor(o);
        if (r.status === 'checked') for (const e of r.errors) out.push({ manifest: m, path: fieldPath(e.path), message: e.message });
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
        const r = isObjectLike(m.object) ? resultFor(m.object) : undefined;
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
      return set.manifests.filter((m) => isObjectLike(m.object) && resultFor(m.object).status === 'no-schema')
        .map((m) => ({ manifest: m, path: 'kind', message: `has no known schema for ${String(m.object.apiVersion)} ${kindOf(m.object)}, so it was not checked` }));
    },
  },
];
