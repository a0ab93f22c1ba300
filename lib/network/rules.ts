import type { ConnectionTarget } from './network-member';

/**
 * "This workload uses that service": the one fact from which the client's address env vars,
 * its NetworkPolicy egress, and the server's NetworkPolicy ingress are all derived.
 */
export interface Connection {
  readonly to: ConnectionTarget;
  /** Names of env vars that receive the server's address (and, for a target with credentials, the login). */
  readonly env?: ConnectionEnv;
  /** URL scheme for `env.url`. @default http */
  readonly scheme?: string;
  /**
   * Which of the target's ports this client connects to, by number or name (e.g. Qdrant's gRPC
   * `6334` beside its HTTP `6333`): the env vars, the client's egress and the target's ingress
   * all follow it. @default the target's main port
   */
  readonly port?: number | string;
}

export interface ConnectionEnv {
  /**
   * e.g. `MEMORY_SERVICE_URL` = `http://cortex-core-memory-service:9000`. For a target with
   * credentials, read from the key of its Secret that holds the URL with the login
   * percent-encoded (`TargetCredentials.url`), so any password keeps the URL valid and no
   * secret is in the YAML.
   */
  readonly url?: string;
  /** e.g. `REDIS_HOST` = `cortex-core-redis` */
  readonly host?: string;
  /** e.g. `REDIS_PORT` = `6379` */
  readonly port?: string;
  /** Env var for the login name, read from the target's credentials Secret. */
  readonly user?: string;
  /** Env var for the password, read from the target's credentials Secret. */
  readonly password?: string;
  /** Env var for the database name. */
  readonly database?: string;
}

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
  readonly portsValuesPath?: string;
  /** Values path of a `cidr` destination's `except` list, so the chart renders it from values. @default fixed */
  readonly exceptValuesPath?: string;
}

/** IPv4 private ranges, excluded when a rule opens "the internet" so it cannot reach into the cluster network. */
export const PRIVATE_IPV4_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
