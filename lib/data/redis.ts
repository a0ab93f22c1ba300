import type { Construct } from 'constructs';
import type { TargetCredentials } from '../network/network-member';
import type { ConnectionUrlKey } from '../secrets/url-template';
import type { SecretKeyReference } from '../secrets/secret-key-reference';
import type { WorkloadProbes } from '../workloads/probes';
import { ServiceWorkload, ServiceWorkloadProps } from '../workloads/service-workload';
import type { ValuesPath } from '../templating/values-binding';

/** Redis's maxmemory policies: what it evicts when it reaches maxmemory (`noeviction`: nothing, writes fail). */
export const REDIS_EVICTION_POLICIES = ['allkeys-lru', 'allkeys-lfu', 'volatile-lru', 'volatile-lfu', 'allkeys-random', 'volatile-ttl', 'noeviction'] as const;
export type RedisEvictionPolicy = typeof REDIS_EVICTION_POLICIES[number];

export interface RedisProps extends Omit<ServiceWorkloadProps, 'port' | 'portName' | 'args' | 'command' | 'probes' | 'persistence'> {
  /** `maxmemory`, Redis syntax (`384mb`); keep it below the container's memory limit. */
  readonly maxMemory: string;
  /** @default allkeys-lru (a cache) */
  readonly evictionPolicy?: RedisEvictionPolicy;
  /**
   * Keep data across restarts: append-only file (fsync every second) on a volume of its own;
   * the workload becomes a StatefulSet. @default none: a cache that starts empty
   */
  readonly persistence?: { readonly size: string; readonly storageClass?: string; readonly valuesPath?: ValuesPath };
  /** Require this password (`requirepass`); clients that `use` Redis get it from the same Secret. @default none */
  readonly password?: SecretKeyReference;
  /**
   * The key of the password's Secret holding the connection URL with the password
   * percent-encoded (`connectionUrlTemplate`), which clients' `env.url` read. @default none: clients get host and port
   */
  readonly connectionUrl?: ConnectionUrlKey;
}

const REDIS_PORT = 6379;
/** UID of the redis user in the official image. */
const REDIS_UID = 999;
const PASSWORD_VAR = 'REDIS_PASSWORD';

const tcpProbes: WorkloadProbes = {
  readiness: { check: { tcp: true }, initialDelaySeconds: 5, periodSeconds: 10 },
  liveness: { check: { tcp: true }, initialDelaySeconds: 30, periodSeconds: 10 },
  startup: { check: { tcp: true }, periodSeconds: 5, failureThreshold: 12 },
};

/**
 * Redis from the official image, non-root with a read-only root: a bounded cache by default,
 * or durable (AOF on its own volume) with `persistence`; password-protected with `password`,
 * which Kubernetes substitutes into `--requirepass` at start so it is never in the YAML.
 */
export class Redis extends ServiceWorkload {
  public declare readonly credentials?: TargetCredentials;

  constructor(scope: Construct, id: string, props: RedisProps) {
    const persistence = props.persistence;
    const storage = persistence
      ? ['--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', '/data']
      : ['--save', '', '--appendonly', 'no'];
    const auth = props.password ? ['--requirepass', `$(${PASSWORD_VAR})`] : [];
    super(scope, id, {
      runAsUser: REDIS_UID,
      writablePaths: persistence ? [{ path: '/tmp' }] : [{ path: '/data' }, { path: '/tmp' }],
      ...props,
      port: REDIS_PORT,
      portName: 'redis',
      args: [...storage, '--maxmemory', props.maxMemory, '--maxmemory-policy', props.evictionPolicy ?? 'allkeys-lru', ...auth],
      probes: tcpProbes,
      secretEnv: { ...(props.secretEnv ?? {}), ...(props.password ? { [PASSWORD_VAR]: props.password } : {}) },
      persistence: persistence ? { mountPath: '/data', ...persistence } : undefined,
    });
    if (props.connectionUrl && !props.password) throw new Error(`${this.node.path}: connectionUrl needs password (the URL lives in the password's Secret).`);
    if (props.password) {
      (this as { credentials?: TargetCredentials }).credentials = {
        secretName: props.password.secretName, passwordKey: props.password.key, ...(props.connectionUrl ? { url: props.connectionUrl } : {}),
      };
    }
  }
}
