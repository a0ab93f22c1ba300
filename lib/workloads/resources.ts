import type { QuantityValue } from '../values/quantity';
import type { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { FieldPath, HelmTemplating, valuesExpression } from '../templating/helm-templating';

export type { QuantityValue } from '../values/quantity';

export interface ResourceAmounts {
  readonly cpu: QuantityValue;
  readonly memory: QuantityValue;
}

/** Requests and limits; both are required, so every container is schedulable and bounded. */
export interface ResourceProps {
  readonly requests: ResourceAmounts;
  readonly limits: ResourceAmounts;
}

function amounts(a: ResourceAmounts): Record<string, k8s.Quantity> {
  return { cpu: k8s.Quantity.fromString(String(a.cpu)), memory: k8s.Quantity.fromString(String(a.memory)) };
}

export function resourceRequirements(r: ResourceProps): k8s.ResourceRequirements {
  return { requests: amounts(r.requests), limits: amounts(r.limits) };
}

/**
 * Helm chart only: each amount of the requirements at `path` in `object` reads
 * `.Values.<valuesPath>.<requests|limits>.<cpu|memory>`, as the string the plain synth writes,
 * so the template shows one short line per amount.
 */
export function bindResources(helm: HelmTemplating, object: ApiObject, path: FieldPath, valuesPath: FieldPath): void {
  for (const kind of ['requests', 'limits']) {
    for (const resource of ['cpu', 'memory']) {
      helm.overlay(object, { path: [...path, kind, resource], value: `{{ ${valuesExpression([...valuesPath, kind, resource])} | toString | toJson }}` });
    }
  }
}
