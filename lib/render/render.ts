import { App } from 'cdk8s';
import { unescapeReservedKeys } from '../config/reserved-keys';
import { annotateSyncWaves } from '../gitops/sync-waves';
import type { HelmTemplating } from '../templating/helm-templating';
import { observeValues } from '../templating/values-binding';
import { PlatformNetworkPolicies } from '../network/network-policies';
import { applyNetworkPolicySwitch } from './network-policy-toggle';
import { applyCommonMetadata } from '../platform/common-metadata';
import { PlatformChart } from '../platform/platform-chart';
import type { PlatformDefinition } from '../platform/platform-definition';
import type { KubeObject } from '../emit/kube-object';
import type { ValueOrigin } from '../values/value-origin';

export type { KubeObject } from '../emit/kube-object';

/** Adds one platform in one environment to `app` and returns its chart; with `helm`, in helm mode. */
export function addPlatformChart<V>(app: App, def: PlatformDefinition<V>, environment: string, values: V, helm?: HelmTemplating): PlatformChart {
  // The chart is Helm-native: its objects go to the release namespace (or namespaceOverride), never
  // to the plain YAML's `namespace` value; the `<platform>.namespace` helper says which.
  const namespace = helm ? helm.token(`include ${JSON.stringify(`${def.name}.namespace`)} $`, def.namespace(def.defaults)) : def.namespace(values);
  const chart = new PlatformChart(app, `${def.name}-${environment}`, { platform: def.name, environment, namespace, names: def.names?.(values), helm });
  // Observed, so constructs take each value's path from the read (see values-binding).
  def.build(chart, observeValues(values));
  const networkPolicy = def.networkPolicy?.(values);
  new PlatformNetworkPolicies(chart, 'NetworkPolicies', { extra: networkPolicy });
  annotateSyncWaves(chart);
  if (networkPolicy) applyNetworkPolicySwitch(chart, networkPolicy.enabled);
  // Last, so every object is there; the chart's templates add them at render time instead.
  if (!helm && def.commonMetadata) applyCommonMetadata(chart, def.commonMetadata(values));
  return chart;
}

/** Builds one platform in one environment in memory; writes nothing. */
export function renderPlatform<V>(def: PlatformDefinition<V>, environment: string, values: V): KubeObject[] {
  return renderPlatformWithOrigins(def, environment, values).objects;
}

/** {@link renderPlatform}, with the values that set the objects' immutable fields. */
export function renderPlatformWithOrigins<V>(def: PlatformDefinition<V>, environment: string, values: V): { objects: KubeObject[]; origins: readonly ValueOrigin[] } {
  const chart = addPlatformChart(new App(), def, environment, values);
  // Values keys such as `constructor` travel escaped through cdk8s (see reserved-keys); restore them for the YAML.
  return { objects: unescapeReservedKeys(chart.toJson() as KubeObject[]), origins: chart.valueOrigins };
}
