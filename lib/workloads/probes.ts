import { k8s } from 'cdk8s-plus-28';

/** How a probe checks the container: HTTP GET on a path, a TCP connect, or a command. */
export type ProbeCheck =
  | { readonly httpPath: string }
  | { readonly tcp: true }
  | { readonly command: readonly string[] };

export interface ProbeProps {
  readonly check: ProbeCheck;
  readonly initialDelaySeconds?: number;
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 5 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
}

/** All three probes are required: secure-by-default means no workload ships without health checks. */
export interface WorkloadProbes {
  readonly liveness: ProbeProps;
  readonly readiness: ProbeProps;
  /** Gives slow starters time before liveness applies. */
  readonly startup: ProbeProps;
}

export function toK8sProbe(p: ProbeProps, portName: string | undefined, where: string): k8s.Probe {
  const timing = {
    ...(p.initialDelaySeconds !== undefined ? { initialDelaySeconds: p.initialDelaySeconds } : {}),
    periodSeconds: p.periodSeconds ?? 10,
    timeoutSeconds: p.timeoutSeconds ?? 5,
    failureThreshold: p.failureThreshold ?? 3,
  };
  if ('command' in p.check) {
    return { exec: { command: [...p.check.command] }, ...timing };
  }
  if (portName === undefined) {
    throw new Error(`${where}: an HTTP or TCP probe needs a port; use a command probe for a workload without ports.`);
  }
  const port = k8s.IntOrString.fromString(portName);
  return 'httpPath' in p.check
    ? { httpGet: { path: p.check.httpPath, port }, ...timing }
    : { tcpSocket: { port }, ...timing };
}

type ProbeTiming = Omit<ProbeProps, 'check'>;

/**
 * Probes for a server whose health endpoint reports its dependencies (a 503 while a database
 * is down). Readiness asks that endpoint, so traffic avoids a pod that cannot serve; liveness
 * and startup only check that the server accepts connections on its port, so an outage of a
 * dependency never restarts every pod (restarts would not bring the dependency back).
 */
export function dependencyAwareProbes(healthPath: string, timing: { readonly readiness: ProbeTiming; readonly liveness: ProbeTiming; readonly startup: ProbeTiming }): WorkloadProbes {
  if (!healthPath.startsWith('/')) throw new Error(`dependencyAwareProbes: healthPath "${healthPath}" must be an absolute URL path, e.g. /health.`);
  return {
    readiness: { ...timing.readiness, check: { httpPath: healthPath } },
    liveness: { ...timing.liveness, check: { tcp: true } },
    startup: { ...timing.startup, check: { tcp: true } },
  };
}
