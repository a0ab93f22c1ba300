/**
 * A generated platform of N services for the engine-scale benchmark: each a ServiceWorkload
 * with an HPA (so a PDB too) and connections to the next two services, which gives every
 * service NetworkPolicy edges in both directions.
 */
import type { PlatformDefinition } from '../lib/platform/platform-definition';
import { ServiceWorkload } from '../lib/workloads/service-workload';

interface ScaleValues {
  namespace: string;
}

export function scalePlatform(services: number): PlatformDefinition<ScaleValues> {
  return {
    name: `scale-${services}`,
    description: `${services} generated services`,
    schema: { type: 'object', additionalProperties: false, required: ['namespace'], properties: { namespace: { type: 'string' } } },
    defaults: { namespace: 'scale' },
    appVersion: () => '1.0.0',
    namespace: (v) => v.namespace,
    components: () => Array.from({ length: services }, (_v, i) => name(i)),
    build: (chart) => {
      const built: ServiceWorkload[] = [];
      // Built from the last to the first, so each service's two targets already exist.
      for (let i = services - 1; i >= 0; i--) {
        const targets = [built[built.length - 1], built[built.length - 2]].filter(Boolean);
        built.push(new ServiceWorkload(chart, name(i), {
          component: name(i),
          image: { registry: 'registry.example.com', repository: name(i), tag: '1.0.0' },
          port: 8000,
          autoscaling: { minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 70, targetMemoryUtilizationPercentage: 80 },
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          probes: {
            liveness: { check: { httpPath: '/health/live' } },
            readiness: { check: { httpPath: '/health/ready' } },
            startup: { check: { httpPath: '/health/live' }, failureThreshold: 30 },
          },
          uses: targets.map((to, k) => ({ to, env: { url: `UPSTREAM_${k}_URL` } })),
        }));
      }
    },
  };
}

const name = (i: number) => `svc-${String(i).padStart(4, '0')}`;
