import type { ServiceWorkload } from '../workloads/service-workload';

/**
 * "This workload uses that service": the one fact from which the client's address env vars,
 * its NetworkPolicy egress, and the server's NetworkPolicy ingress are all derived.
 */
export interface Connection {
  readonly to: ServiceWorkload;
  /** Names of env vars that receive the server's address. */
  readonly env?: {
    /** e.g. `MEMORY_SERVICE_URL` = `http://cortex-core-memory-service:9000` */
    readonly url?: string;
    /** e.g. `REDIS_HOST` = `cortex-core-redis` */
    readonly host?: string;
    /** e.g. `REDIS_PORT` = `6379` */
    readonly port?: string;
  };
  /** URL scheme for `env.url`. @default http */
  readonly scheme?: string;
}

/** Where an explicitly allowed egress goes: an IP range, or pods in the same namespace by label. */
export type EgressDestination =
  | { readonly cidr: string; readonly except?: readonly string[] }
  | { readonly podLabels: Readonly<Record<string, string>> };

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
}

/** IPv4 private ranges, excluded when a rule opens "the internet" so it cannot reach into the cluster network. */
export const PRIVATE_IPV4_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
