import type { ApiObject } from 'cdk8s';
import { FieldPath, HelmTemplating, valuesExpression } from '../templating/helm-templating';
import type { NamedEgressRule } from './rules';

/**
 * Helm chart only: renders a named egress rule's lists from values when the rule says where
 * they live, so an entry added in values is added in the chart too (a token per item would fix
 * the list's length to the defaults'). `rulePath` is the rule's path in the object.
 */
export function bindEgressRule(helm: HelmTemplating, object: ApiObject, rulePath: FieldPath, rule: NamedEgressRule): void {
  if (rule.portsValuesPath) {
    const list = valuesExpression(rule.portsValuesPath.split('.'));
    helm.overlay(object, {
      path: [...rulePath, 'ports'],
      value: `{{ $ports := list }}{{ range ${list} }}{{ $ports = append $ports (dict "protocol" "TCP" "port" .) }}{{ end }}{{ $ports | toJson }}`,
    });
  }
  if (rule.exceptValuesPath && 'cidr' in rule.to) {
    const list = valuesExpression(rule.exceptValuesPath.split('.'));
    // As in the plain synth, an empty list is left out.
    helm.overlay(object, { path: [...rulePath, 'to', 0, 'ipBlock', 'except'], value: `{{ ${list} | toJson }}`, when: list });
  }
}
