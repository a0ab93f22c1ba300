import type { Construct } from 'constructs';
import type { WorkloadProbes } from './probes';
import { ServiceWorkload, ServiceWorkloadProps } from './service-workload';

export interface StaticWebServerProps extends Omit<ServiceWorkloadProps, 'port' | 'portName' | 'probes' | 'runAsUser' | 'writablePaths' | 'persistence'> {
  /**
   * Port nginx listens on. Unprivileged nginx cannot bind below 1024 (no capabilities).
   * @default 8080 (nginxinc/nginx-unprivileged's default)
   */
  readonly port?: number;
  /** Path the probes GET; it must answer 200 without a backend behind it. @default / */
  readonly healthPath?: string;
}

/** The nginx user and group of nginxinc/nginx-unprivileged images (and of images built FROM them). */
export const NGINX_UNPRIVILEGED_UID = 101;
const DEFAULT_PORT = 8080;

/**
 * A single-page app (React, Vue...) served by an nginx-unprivileged image, with a read-only
 * root: nginx writes only its pid file and request-body and proxy temp files (under `/tmp` in
 * the unprivileged image's nginx.conf) and its cache folder (`/var/cache/nginx`), both emptyDirs.
 * Stateless, so it scales horizontally like any ServiceWorkload.
 */
export class StaticWebServer extends ServiceWorkload {
  constructor(scope: Construct, id: string, props: StaticWebServerProps) {
    const where = `${scope.node.path}/${id}`;
    const port = props.port ?? DEFAULT_PORT;
    if (port < 1024) {
      throw new Error(`${where}: port ${port} is privileged; unprivileged nginx (all capabilities dropped) can only listen on 1024 or above, e.g. 8080.`);
    }
    const healthPath = props.healthPath ?? '/';
    if (!healthPath.startsWith('/')) throw new Error(`${where}: healthPath "${healthPath}" must be an absolute URL path, e.g. "/" or "/healthz".`);
    const probes: WorkloadProbes = {
      readiness: { check: { httpPath: healthPath }, periodSeconds: 10 },
      liveness: { check: { httpPath: healthPath }, initialDelaySeconds: 10, periodSeconds: 20 },
      startup: { check: { httpPath: healthPath }, periodSeconds: 2, failureThreshold: 15 },
    };
    super(scope, id, {
      ...props,
      port,
      portName: 'http',
      probes,
      runAsUser: NGINX_UNPRIVILEGED_UID,
      writablePaths: [{ path: '/tmp' }, { path: '/var/cache/nginx' }],
    });
  }
}
