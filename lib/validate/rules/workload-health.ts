/* eslint-disable @typescript-eslint/no-explicit-any */
import { containersOf } from '../pods';
import type { ManifestSet, Rule, Violation } from '../rule';

/** The port a probe handler targets, and the field path of that port. */
function probePort(probe: any): { port: unknown; field: string } | undefined {
  for (const handler of ['httpGet', 'tcpSocket', 'grpc'] as const) {
    if (probe?.[handler] && probe[handler].port !== undefined) return { port: probe[handler].port, field: `${handler}.port` };
  }
  return undefined;
}

export const workloadHealthRules: readonly Rule[] = [
  {
    id: 'resources',
    severity: 'error',
    checks: 'Every container and init container sets requests and limits for cpu and memory, so the scheduler can place it and a leak cannot starve its node.',
    fix: 'Set resources.requests.{cpu,memory} and resources.limits.{cpu,memory} (for kubesynth components: `<component>.resources`).',
    check(set: ManifestSet): Violation[] {
      const out: Violation[] = [];
      for (const pod of set.pods) {
        for (const { container, path } of containersOf(pod, true)) {
          for (const kind of ['requests', 'limits'] as const) {
            for (const resource of ['cpu', 'memory'] as const) {
              if (container.resources?.[kind]?.[resource] === undefined) out.push({ manifest: pod.manifest, path: `${path}.resources.${kind}.${resource}`, message: 'is not set' });
            }
          }
        }
      }
      return out;
    },
  },
  {
    id: 'probes',
    severity: 'error',
    checks: 'Every container of a long-running workload (not Jobs, CronJobs or init containers) has a readiness and a liveness probe.',
    fix: 'Add readinessProbe and livenessProbe (for kubesynth workloads: the `probes` prop).',
    check(set: ManifestSet): Violation[] {
      const out: Violation[] = [];
      for (const pod of set.pods.filter((p) => !p.batch)) {
        for (const { container, path } of containersOf(pod, false)) {
          for (const probe of ['readinessProbe', 'livenessProbe'] as const) {
            if (!container[probe]) out.push({ manifest: pod.manifest, path: `${path}.${probe}`, message: 'is missing' });
          }
        }
      }
      return out;
    },
  },
  {
    id: 'probe-port',
    severity: 'error',
    checks: 'Every probe that targets a port by name names a port the container declares (the kubelet cannot resolve an unknown name, so the probe fails forever). A port number is not checked: it reaches whatever listens there, declared or not.',
    fix: 'Point the probe at one of the container\'s ports, by name or number, or declare the port in `ports`.',
    check(set: ManifestSet): Violation[] {
      const out: Violation[] = [];
      for (const pod of set.pods) {
        for (const { container, path } of containersOf(pod, false)) {
          const ports: any[] = Array.isArray(container.ports) ? container.ports : [];
          for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
            const target = probePort(container[probe]);
            // A port number reaches whatever listens on it, declared or not (ingress-nginx probes its
            // undeclared health port 10254): only a name that no port carries is certain to fail.
            if (!target || typeof target.port === 'number') continue;
            const found = ports.some((p) => p?.name === target.port);
            if (!found) {
              const declared = ports.map((p) => (p?.name ? `${p.name} (${p.containerPort})` : String(p?.containerPort))).join(', ') || 'none';
              out.push({ manifest: pod.manifest, path: `${path}.${probe}.${target.field}`, message: `is ${JSON.stringify(target.port)}, which the container does not declare (its ports: ${declared})` });
            }
          }
        }
      }
      return out;
    },
  },
];
