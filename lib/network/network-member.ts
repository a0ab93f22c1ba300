import type { IConstruct } from 'constructs';
import type { PlatformChart } from '../platform/platform-chart';
import type { ConnectionUrlKey } from '../secrets/url-template';
import type { NamedEgressRule } from './rules';

/** A port pods listen on, by name and number. */
export interface MemberPort {
  readonly name: string;
  readonly port: number;
}

/** Another namespace (e.g. the ingress controller's or Prometheus's) let in on some ports. */
export interface NamespaceIngress {
  readonly namespace: string;
  readonly ports: readonly number[];
  /** In the Helm chart: the toggle the opening exists under, if any. */
  readonly when?: string;
}

/**
 * Pods the platform's NetworkPolicies cover: a Deployment's, a database cluster's, a Job's.
 * Each gets one policy that admits exactly its clients and lets out exactly what it uses.
 */
export interface NetworkMember extends IConstruct {
  /** Component name; the policy is named after it. */
  readonly component: string;
  /** Name of the member's policy, `<platform>-<component>`. */
  readonly policyName: string;
  /** Labels that select the member's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** Ports clients connect to. */
  readonly ports: readonly MemberPort[];
  readonly uses: readonly Connection[];
  readonly egress: readonly NamedEgressRule[];
  /** In the Helm chart: `egressConditions[i]` is the toggle `egress[i]` exists under. @default none: every rule always exists */
  readonly egressConditions?: ReadonlyArray<string | undefined>;
  readonly ingressFromNamespaces: readonly NamespaceIngress[];
  /** Ports the member's pods use to reach one another (database replication). @default none */
  readonly peerPorts?: readonly number[];
  /** In the Helm chart: the toggle the member exists under, if any. */
  readonly condition?: string;
  /** Annotations the member's policy carries besides the named-egress list (a hook Job's policy is a hook too). @default none */
  readonly policyAnnotations?: Readonly<Record<string, string>>;
}

/** Credentials a client of a target reads from a Secret, by key. */
export interface TargetCredentials {
  readonly secretName: string;
  /** Absent for password-only logins (Redis). */
  readonly usernameKey?: string;
  readonly passwordKey: string;
  /** Database name, part of a connection URL. */
  readonly database?: string;
  /**
   * A Secret key with the whole connection URL, its login percent-encoded (see
   * `connectionUrlTemplate`). A client's `env.url` reads it; without it, a URL with a login
   * is refused (a raw password spliced into a URL breaks on `@`, `/`, `:` or `%`).
   * @default none
   */
  readonly url?: ConnectionUrlKey;
}

/** A member clients connect to through a Service. */
export interface ConnectionTarget extends NetworkMember {
  /** DNS name of its Service, e.g. `cortex-core-memory-service` or `cortex-core-core-db-rw`. */
  readonly host: string;
  /** The port clients use. */
  readonly port: MemberPort;
  /** Present when clients must log in: their env gets these from the Secret. */
  readonly credentials?: TargetCredentials;
}

/**
 * Collects namespaces let in on ports, merged per namespace, in the order they were first
 * added (the build order, so the same in the plain synth and the chart, where namespace names
 * are value lookups that would sort differently).
 */
export class NamespaceIngressList {
  private readonly byNamespace = new Map<string, { ports: number[]; when?: string }>();

  public add(namespace: string, ports: readonly number[], when?: string): void {
    const known = this.byNamespace.get(namespace)?.ports ?? [];
    this.byNamespace.set(namespace, { ports: [...new Set([...known, ...ports])].sort((a, b) => a - b), when });
  }

  public get entries(): readonly NamespaceIngress[] {
    return [...this.byNamespace.entries()].map(([namespace, v]) => ({ namespace, ...v }));
  }
}

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

/** Each chart's network members in declaration order; the chart itself keeps only their names. */
const MEMBERS = new WeakMap<PlatformChart, NetworkMember[]>();

/** Adds a member to its platform: its component name is claimed (a second use is refused) and its pods join the NetworkPolicies. */
export function registerNetworkMember(chart: PlatformChart, member: NetworkMember): void {
  chart.register(member);
  const members = MEMBERS.get(chart);
  if (members) members.push(member);
  else MEMBERS.set(chart, [member]);
}

/** Everything with pods (workloads, databases, jobs) registered in the chart, in declaration order. */
export function networkMembersOf(chart: PlatformChart): readonly NetworkMember[] {
  return MEMBERS.get(chart) ?? [];
}
