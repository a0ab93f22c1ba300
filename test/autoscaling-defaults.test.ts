/**
 * A platform whose defaults set one autoscaling target (a CPU-only HPA, as the newcomer of issue
 * 16 wrote) cannot build its chart, which needs both to let a release drop either. The refusal
 * must name the value and say how to scale on CPU alone.
 */
import { platforms } from '../charts';
import { renderHelmChart } from '../lib/helm/helm-chart';
import type { PlatformDefinition } from '../lib/platform/platform-definition';

test('defaults with a CPU target only are refused, naming the missing value and the null that drops it per environment', () => {
  const def = platforms.find((p) => p.name === 'cortex-core') as PlatformDefinition<{ api: { autoscaling: Record<string, unknown> } }>;
  const defaults = structuredClone(def.defaults);
  delete defaults.api.autoscaling.targetMemoryUtilizationPercentage;
  expect(() => renderHelmChart({ ...def, defaults }, { version: '0.1.0', environments: [] }))
    .toThrow(/api\.autoscaling\.targetMemoryUtilizationPercentage is not set\. To scale on one resource only, keep both in the defaults and set the other to null in config\/<platform>\/<env>\.yaml \(`api\.autoscaling\.targetMemoryUtilizationPercentage: null`/);
});
