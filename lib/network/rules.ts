import type { ValuesPath } from '../templating/values-binding';
/**
 * Where an explicitly allowed egress goes: an IP range, pods in the same namespace by label,
 * or pods of another namespace (all of them, or those with `podLabels`), e.g. a trace collector.
 */
export type EgressDestination =
  | { readonly cidr: string; readonly except?: readonly string[] }
  | { readonly podLabels: Readonly<Record<string, string>> }
  | { readonly namespace: string; readonly podLabels?: Readonly<Record<string, string>> };

/**
 * An egress the platform needs beyond its declared connections (an external API, a database
 * outside the platform). It carries a name so the opening is visible and explained in review.
 */
export interface NamedEgressRule {
  /** Why this is open, e.g. `azure-b2c`; DNS-1123 label. */
  readonly name: string;
  readonly to: EgressDestination;
  /** TCP ports. */
  readonly ports: readonly number[];
  /** Values path of `ports` (a list of numbers, e.g. `kafka.egress.ports`), so the chart renders them from values. @default fixed */
  readonly portsValuesPath?: ValuesPath;
  /** Values path of a `cidr` destination's `except` list, so the chart renders it from values. @default fixed */
  readonly exceptValuesPath?: ValuesPath;
}

export { PRIVATE_IPV4_RANGES } from '../values/egress-values';
