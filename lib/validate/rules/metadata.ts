import { isClusterScoped, kindOf } from '../manifest';
import type { Rule, Violation } from '../rule';

/**
 * apiVersions of built-in kinds that Kubernetes removed, with the one to use instead
 * (kubernetes.io/docs/reference/using-api/deprecation-guide). The API server of a supported
 * release refuses them.
 */
const REMOVED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'extensions/v1beta1': { Deployment: 'apps/v1', DaemonSet: 'apps/v1', ReplicaSet: 'apps/v1', Ingress: 'networking.k8s.io/v1', NetworkPolicy: 'networking.k8s.io/v1', PodSecurityPolicy: '(removed in 1.25)' },
  'apps/v1beta1': { Deployment: 'apps/v1', StatefulSet: 'apps/v1' },
  'apps/v1beta2': { Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', ReplicaSet: 'apps/v1' },
  'networking.k8s.io/v1beta1': { Ingress: 'networking.k8s.io/v1', IngressClass: 'networking.k8s.io/v1' },
  'batch/v1beta1': { CronJob: 'batch/v1' },
  'batch/v2alpha1': { CronJob: 'batch/v1' },
  'policy/v1beta1': { PodDisruptionBudget: 'policy/v1', PodSecurityPolicy: '(removed in 1.25)' },
  'autoscaling/v2beta1': { HorizontalPodAutoscaler: 'autoscaling/v2' },
  'autoscaling/v2beta2': { HorizontalPodAutoscaler: 'autoscaling/v2' },
  'rbac.authorization.k8s.io/v1beta1': { Role: 'rbac.authorization.k8s.io/v1', ClusterRole: 'rbac.authorization.k8s.io/v1', RoleBinding: 'rbac.authorization.k8s.io/v1', ClusterRoleBinding: 'rbac.authorization.k8s.io/v1' },
  'admissionregistration.k8s.io/v1beta1': { ValidatingWebhookConfiguration: 'admissionregistration.k8s.io/v1', MutatingWebhookConfiguration: 'admissionregistration.k8s.io/v1' },
  'apiextensions.k8s.io/v1beta1': { CustomResourceDefinition: 'apiextensions.k8s.io/v1' },
  'scheduling.k8s.io/v1beta1': { PriorityClass: 'scheduling.k8s.io/v1' },
  'storage.k8s.io/v1beta1': { StorageClass: 'storage.k8s.io/v1', CSIDriver: 'storage.k8s.io/v1' },
  'discovery.k8s.io/v1beta1': { EndpointSlice: 'discovery.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta2': { FlowSchema: 'flowcontrol.apiserver.k8s.io/v1', PriorityLevelConfiguration: 'flowcontrol.apiserver.k8s.io/v1' },
};

/** The apiVersion to use instead of a removed one; own keys only, so a name such as `toString` finds nothing. */
function removedApiReplacement(apiVersion: string, kind: string): string | undefined {
  const kinds = Object.hasOwn(REMOVED, apiVersion) ? REMOVED[apiVersion] : undefined;
  return kinds && Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
}

/** Label syntax as the API server checks it (apimachinery validation.IsQualifiedName / IsValidLabelValue). */
const NAME_PART = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const [prefix, name] = slash === -1 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return 'its prefix must be a DNS subdomain (lowercase, at most 253 characters)';
  if (!name || name.length > 63 || !NAME_PART.test(name)) return 'its name must be 1-63 characters of letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit';
  return undefined;
}

const labelValueOk = (v: string) => v === '' || (v.length <= 63 && NAME_PART.test(v));

export const metadataRules: readonly Rule[] = [
  {
    id: 'removed-api',
    severity: 'error',
    checks: 'No object uses an apiVersion that Kubernetes removed (extensions/v1beta1, policy/v1beta1, autoscaling/v2beta2...); the API server refuses it.',
    fix: 'Use the apiVersion the message names (and migrate the fields that changed with it).',
    check: (set) => set.manifests.flatMap((m): Violation[] => {
      const instead = removedApiReplacement(String(m.object.apiVersion), kindOf(m.object));
      return instead ? [{ manifest: m, path: 'apiVersion', message: `is ${String(m.object.apiVersion)}, removed for ${kindOf(m.object)}; use ${instead}` }] : [];
    }),
  },
  {
    id: 'label-values',
    severity: 'error',
    checks: 'Every label key and value (on objects and pod templates) has the syntax the API server accepts: values at most 63 characters of letters, digits, `-`, `_`, `.`, starting and ending alphanumeric.',
    fix: 'Shorten or rewrite the label (a version such as `1.2.3+build` must become `1.2.3_build`).',
    check: (set) => set.manifests.flatMap((m): Violation[] => {
      const out: Violation[] = [];
      const checkLabels = (labels: unknown, path: string) => {
        if (!labels || typeof labels !== 'object') return;
        for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
          const keyProblem = labelKeyProblem(k);
          if (keyProblem) out.push({ manifest: m, path: `${path}[${k}]`, message: `is not a valid label key: ${keyProblem}` });
          else if (typeof v === 'string' && !labelValueOk(v)) out.push({ manifest: m, path: `${path}[${k}]`, message: `is ${JSON.stringify(v)}, not a valid label value (at most 63 characters of letters, digits, \`-\`, \`_\`, \`.\`, alphanumeric at both ends)` });
        }
      };
      checkLabels(m.object.metadata?.labels, 'metadata.labels');
      checkLabels(m.object.spec?.template?.metadata?.labels, 'spec.template.metadata.labels');
      checkLabels(m.object.spec?.jobTemplate?.spec?.template?.metadata?.labels, 'spec.jobTemplate.spec.template.metadata.labels');
      return out;
    }),
  },
  {
    id: 'system-namespace',
    severity: 'warning',
    checks: 'No application object is put in the `default` or `kube-system` namespace explicitly: default mixes it with everything unnamespaced, kube-system gives it the cluster\'s own trust.',
    fix: 'Set metadata.namespace to the platform\'s own namespace.',
    check: (set) => set.manifests.flatMap((m): Violation[] => {
      const ns = m.object.metadata?.namespace;
      return !isClusterScoped(m.object) && (ns === 'default' || ns === 'kube-system') ? [{ manifest: m, path: 'metadata.namespace', message: `is ${ns}` }] : [];
    }),
  },
];
