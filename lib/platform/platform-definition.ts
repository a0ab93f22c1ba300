import type { SchemaObject } from 'ajv';
import type { ValueRule } from '../values/value-rule';
import type { CommonMetadataValues } from '../values/common-metadata-values';
import type { NetworkPolicyValues } from '../values/network-policy-values';
import type { ReleaseNameValues } from '../values/release-name-values';
import type { PlatformChart } from './platform-chart';

/**
 * Everything kubesynth needs to know about one platform. `values` are shaped like Helm values:
 * `defaults` are the chart's values.yaml, `config/<platform>/<env>.yaml` overrides them, and
 * `schema` checks the merged result: a TypeBox declaration whose `Static` type is `V`, so the
 * two cannot disagree.
 */
export interface PlatformDefinition<V = any> {
  /** DNS-1123 label, e.g. `cortex-core`. */
  readonly name: string;
  /** One line for `kubesynth list` and the docs. */
  readonly description: string;
  readonly schema: SchemaObject;
  readonly defaults: V;
  /**
   * Rules JSON Schema cannot state (min not above max, a single writer, ...): the CLI reports
   * them like schema errors, and the chart's templates/value-rules.yaml fails with the same message.
   */
  readonly rules?: readonly ValueRule<V>[];
  /** The version of what the platform runs, for the chart's appVersion. */
  readonly appVersion: (values: V) => string;
  /** `nameOverride` and `fullnameOverride`: the object-name prefix and the app.kubernetes.io/name label. @default no overrides */
  readonly names?: (values: V) => ReleaseNameValues;
  /** Namespace the platform's workloads run in. */
  readonly namespace: (values: V) => string;
  /** Component names, for `kubesynth list`. */
  readonly components: (values: V) => readonly string[];
  /** `commonLabels` and `commonAnnotations`: added to every object. @default none */
  readonly commonMetadata?: (values: V) => CommonMetadataValues;
  /** Its `networkPolicy` values (switch and extra rules). @default policies always on, no extra rules */
  readonly networkPolicy?: (values: V) => NetworkPolicyValues;
  /** Adds the platform's constructs to the chart. NetworkPolicies are derived afterwards from what was declared. */
  readonly build: (chart: PlatformChart, values: V) => void;
}
