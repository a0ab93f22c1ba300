import { ApiObject } from 'cdk8s';
import { PlatformChart } from '../platform/platform-chart';
import { workloadsOf } from '../workloads/workload';

/** Annotation on each workload of a platform whose NetworkPolicies are off: the loosening, visible on the objects. */
export const NETWORK_POLICY_ANNOTATION = 'kubesynth.io/network-policy';

/** Values path of the switch, as the chart reads it. */
const ENABLED = '$.Values.networkPolicy.enabled';

/**
 * `networkPolicy.enabled`: off drops every NetworkPolicy of the platform namespace (default
 * deny, DNS, per component, named egress, extra rules) and marks each workload with
 * `kubesynth.io/network-policy: disabled`, so the loosening shows on the objects as well as in
 * the values. The sandbox namespace's policies stay whatever the switch says: they fence code
 * the platform did not write. Plain YAML: applied to the built tree; Helm chart: the same
 * objects under `{{ if .Values.networkPolicy.enabled }}`, the annotation under its negation.
 * Call it once everything is built.
 */
export function applyNetworkPolicySwitch(chart: PlatformChart, enabled: boolean): void {
  // By kind: `instanceof` a Kube* class holds for every ApiObject (cdk8s's Symbol.hasInstance).
  const policies = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'NetworkPolicy' && c.metadata.namespace === chart.namespaceName);
  const helm = chart.helm;
  if (helm) {
    for (const p of policies) helm.condition(p, ENABLED);
    for (const w of workloadsOf(chart)) {
      const annotated = Object.keys((w.controller.toJson() as { metadata: { annotations?: object } }).metadata.annotations ?? {}).length > 0;
      helm.overlay(w.controller, annotated
        ? { path: ['metadata', 'annotations', NETWORK_POLICY_ANNOTATION], value: '"disabled"', when: `not ${ENABLED}` }
        : { path: ['metadata', 'annotations'], value: `{${JSON.stringify(NETWORK_POLICY_ANNOTATION)}: "disabled"}`, when: `not ${ENABLED}` });
    }
    return;
  }
  if (enabled) return;
  for (const p of policies) p.node.scope!.node.tryRemoveChild(p.node.id);
  for (const w of workloadsOf(chart)) (w.controller as ApiObject).metadata.addAnnotation(NETWORK_POLICY_ANNOTATION, 'disabled');
}
