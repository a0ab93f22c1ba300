import { childPath, subtreePath } from '../templating/values-binding';
import type { EgressValues } from '../values/egress-values';
import type { NamedEgressRule } from './rules';

/**
 * The named rule for these values. Given the subtree read from the platform's values
 * (`v.kafka.egress`), the chart renders the lists from where it sits; a copy is hard-coded.
 */
export function egressRuleFrom(name: string, v: EgressValues): NamedEgressRule {
  const path = subtreePath(v);
  return {
    name,
    to: { cidr: v.cidr, except: v.except },
    ports: v.ports,
    portsValuesPath: path && childPath(path, 'ports'),
    exceptValuesPath: path && childPath(path, 'except'),
  };
}
