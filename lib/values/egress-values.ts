import type { JSONSchemaType } from 'ajv';
import type { NamedEgressRule } from '../network/rules';

/** A service outside the platform that pods may call, as Helm values (`kafka.egress.cidr`, ...). */
export interface EgressTargetValues {
  /** IPv4 range the service's addresses are in. */
  cidr: string;
  /** TCP ports it listens on. */
  ports: number[];
}

export const egressTargetValuesSchema = (description: string): JSONSchemaType<EgressTargetValues> => ({
  type: 'object',
  description,
  additionalProperties: false,
  required: ['cidr', 'ports'],
  properties: {
    cidr: { type: 'string', pattern: '^[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}$', description: 'IPv4 range (CIDR) its addresses are in; as narrow as you can make it.' },
    ports: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 1, maximum: 65535 }, description: 'TCP ports it listens on.' },
  },
});

/** The named NetworkPolicy egress rule for such a service; `valuesPath` lets the chart render its ports from values. */
export function egressRuleFrom(name: string, v: EgressTargetValues, valuesPath: string): NamedEgressRule {
  return { name, to: { cidr: v.cidr }, ports: v.ports, portsValuesPath: `${valuesPath}.ports` };
}
