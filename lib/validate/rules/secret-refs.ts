/* eslint-disable @typescript-eslint/no-explicit-any */
import { Manifest, nameOf, namespaceOf } from '../manifest';
import { containersOf } from '../pods';
import type { ManifestSet, Rule, Violation } from '../rule';

/** A Secret some object in the set will make exist; `keys` undefined when they cannot be known. */
interface SecretSource {
  readonly name: string;
  readonly namespace: string;
  readonly keys?: readonly string[];
  readonly by: string;
}

/**
 * Secrets the set creates: Secret objects; an ExternalSecret's target (spec.target.name, else
 * its own name); CloudNativePG's `<cluster>-app` and `<cluster>-superuser`; a cert-manager
 * Certificate's spec.secretName; and the TLS secrets cert-manager's ingress-shim makes for an
 * Ingress annotated with an issuer.
 */
function secretSources(set: ManifestSet): SecretSource[] {
  const out: SecretSource[] = [];
  const ns = (m: Manifest) => namespaceOf(m.object) ?? '';
  for (const m of set.ofKind('Secret')) out.push({ name: nameOf(m.object), namespace: ns(m), by: `Secret ${nameOf(m.object)}` });
  for (const m of set.ofKind('ExternalSecret', 'external-secrets.io')) {
    const spec = m.object.spec ?? {};
    const data: any[] = Array.isArray(spec.data) ? spec.data : [];
    // dataFrom or a template can add any key: only plain `data` lists them all.
    const keys = spec.dataFrom || spec.target?.template ? undefined : data.map((d) => d?.secretKey).filter((k): k is string => typeof k === 'string');
    out.push({ name: spec.target?.name ?? nameOf(m.object), namespace: ns(m), keys, by: `ExternalSecret ${nameOf(m.object)}` });
  }
  for (const m of set.ofKind('Cluster', 'postgresql.cnpg.io')) {
    for (const suffix of ['app', 'superuser']) out.push({ name: `${nameOf(m.object)}-${suffix}`, namespace: ns(m), by: `CloudNativePG Cluster ${nameOf(m.object)}` });
  }
  for (const m of set.ofKind('Certificate', 'cert-manager.io')) {
    if (typeof m.object.spec?.secretName === 'string') out.push({ name: m.object.spec.secretName, namespace: ns(m), keys: ['tls.crt', 'tls.key', 'ca.crt'], by: `Certificate ${nameOf(m.object)}` });
  }
  for (const m of set.ofKind('Ingress')) {
    const a = m.object.metadata?.annotations ?? {};
    if (!a['cert-manager.io/cluster-issuer'] && !a['cert-manager.io/issuer']) continue;
    for (const tls of Array.isArray(m.object.spec?.tls) ? m.object.spec.tls : []) {
      if (typeof tls?.secretName === 'string') out.push({ name: tls.secretName, namespace: ns(m), by: `cert-manager for Ingress ${nameOf(m.object)}` });
    }
  }
  return out;
}

/** A place an object names a Secret (and maybe one key of it). */
interface SecretUse {
  readonly manifest: Manifest;
  readonly namespace: string;
  readonly path: string;
  readonly name: string;
  readonly key?: string;
}

function secretUses(set: ManifestSet): SecretUse[] {
  const out: SecretUse[] = [];
  for (const pod of set.pods) {
    const use = (path: string, ref: any, key?: string) => {
      if (ref?.optional === true || typeof ref?.name !== 'string') return;
      out.push({ manifest: pod.manifest, namespace: pod.namespace, path, name: ref.name, key });
    };
    for (const { container, path } of containersOf(pod, true)) {
      (Array.isArray(container.env) ? container.env : []).forEach((e: any, i: number) => {
        const ref = e?.valueFrom?.secretKeyRef;
        if (ref) use(`${path}.env[${i}].valueFrom.secretKeyRef`, ref, typeof ref.key === 'string' ? ref.key : undefined);
      });
      (Array.isArray(container.envFrom) ? container.envFrom : []).forEach((e: any, i: number) => {
        if (e?.secretRef) use(`${path}.envFrom[${i}].secretRef`, e.secretRef);
      });
    }
    (Array.isArray(pod.spec?.volumes) ? pod.spec.volumes : []).forEach((v: any, i: number) => {
      if (v?.secret) use(`${pod.specPath}.volumes[${i}].secret`, { name: v.secret.secretName, optional: v.secret.optional });
    });
  }
  for (const m of set.ofKind('Ingress')) {
    (Array.isArray(m.object.spec?.tls) ? m.object.spec.tls : []).forEach((tls: any, i: number) => {
      if (typeof tls?.secretName === 'string') out.push({ manifest: m, namespace: namespaceOf(m.object) ?? '', path: `spec.tls[${i}].secretName`, name: tls.secretName });
    });
  }
  return out;
}

export const secretRefRules: readonly Rule[] = [
  {
    id: 'secret-ref',
    severity: 'warning',
    checks: 'Every Secret a pod or Ingress names is created by an object in the set (Secret, ExternalSecret target, CloudNativePG Cluster, cert-manager Certificate). A warning, not an error: an existing Secret created outside the set is a supported setup, but then it must exist before the pods start.',
    fix: 'Create the Secret with an ExternalSecret in the set, or make sure it exists in the cluster (then waive the rule on the object with the reason).',
    check(set: ManifestSet): Violation[] {
      const sources = secretSources(set);
      const reported = new Set<string>();
      const out: Violation[] = [];
      for (const u of secretUses(set)) {
        if (sources.some((s) => s.name === u.name && s.namespace === u.namespace)) continue;
        // One warning per object and Secret: five keys of one missing Secret are one thing to fix.
        const once = `${u.manifest.source}|${u.name}`;
        if (reported.has(once)) continue;
        reported.add(once);
        out.push({ manifest: u.manifest, path: u.path, message: `names Secret ${JSON.stringify(u.name)}, which no object in this set creates in namespace ${JSON.stringify(u.namespace)}; it must already exist in the cluster` });
      }
      return out;
    },
  },
  {
    id: 'secret-key-ref',
    severity: 'error',
    checks: 'A secretKeyRef to a Secret the set creates with known keys (a Secret object\'s data, an ExternalSecret\'s spec.data[].secretKey) names one of those keys.',
    fix: 'Correct the key, or add it to the ExternalSecret\'s spec.data.',
    check(set: ManifestSet): Violation[] {
      const sources = secretSources(set);
      return secretUses(set).flatMap((u): Violation[] => {
        if (u.key === undefined) return [];
        const producers = sources.filter((s) => s.name === u.name && s.namespace === u.namespace);
        if (!producers.length || producers.some((s) => !s.keys || s.keys.includes(u.key!))) return [];
        return [{ manifest: u.manifest, path: `${u.path}.key`, message: `is ${JSON.stringify(u.key)}, but ${producers.map((s) => s.by).join(' and ')} gives Secret ${u.name} only the keys ${producers.flatMap((s) => s.keys ?? []).join(', ')}` }];
      });
    },
  },
];
