import type { EgressValues } from '../values/egress-values';
import type { NamedEgressRule } from './rules';

/** The named rule for these values; `valuesPath` lets the chart render the lists from values. */
export function egressRuleFrom(name: string, v: EgressValues, valuesPath: string): NamedEgressRule {
  return {
    name,
    to: { cidr: v.cidr, except: v.except },
    ports: v.ports,
    portsValuesPath: `${valuesPath}.ports`,
    exceptValuesPath: `${valuesPath}.except`,
  };
}
