/* eslint-disable @typescript-eslint/no-explicit-any */

/** A Kubernetes object as read from YAML: only apiVersion, kind and metadata are assumed, and even those are checked. */
export interface K8sObject {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown; readonly labels?: Record<string, unknown>; readonly annotations?: Record<string, unknown> };
  readonly [field: string]: any;
}

/** One object with where it came from, so every finding can name the file to open. */
export interface Manifest {
  readonly object: K8sObject;
  /** `path/to/file.yaml` or `file.yaml#2` (0-based document index) when a file holds several; for in-memory sets, `<set>/<kind>-<name>`. */
  readonly source: string;
}

/** A named group of objects validated together: reference and isolation rules look only inside it. */
export interface NamedSet {
  readonly name: string;
  readonly manifests: readonly Manifest[];
}

/** Kinds that have no namespace: namespace rules and same-namespace lookups skip them. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'StorageClass',
  'PriorityClass', 'IngressClass', 'RuntimeClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'APIService', 'CSIDriver', 'ClusterIssuer', 'ClusterSecretStore',
  'ClusterExternalSecret',
]);

export const kindOf = (o: K8sObject): string => (typeof o.kind === 'string' ? o.kind : '');
export const nameOf = (o: K8sObject): string => (typeof o.metadata?.name === 'string' ? o.metadata.name : '');
export const isClusterScoped = (o: K8sObject): boolean => CLUSTER_SCOPED.has(kindOf(o));

/**
 * The object's namespace; '' for a namespaced object that names none (kubectl puts it in the
 * current namespace, so such objects are compared with each other), undefined when cluster-scoped.
 */
export function namespaceOf(o: K8sObject): string | undefined {
  if (isClusterScoped(o)) return undefined;
  return typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : '';
}

/** `Deployment cortex-core/cortex-core-api`: how findings and diffs name an object. */
export function describeObject(o: K8sObject): string {
  const ns = namespaceOf(o);
  return `${kindOf(o) || '(no kind)'} ${ns ? `${ns}/` : ''}${nameOf(o) || '(no name)'}`;
}

/** Identity of an object in a cluster: apiVersion/kind/namespace/name. */
export function objectKey(o: K8sObject): string {
  return `${String(o.apiVersion ?? '')}/${kindOf(o)}/${namespaceOf(o) ?? ''}/${nameOf(o)}`;
}
