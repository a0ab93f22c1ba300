/**
 * DESIGN.md invariant 6, asserted on the synthesized objects of every platform and env:
 * restricted-PSS clean pods, requests and limits, probes, pinned images, PDBs, default deny.
 */
import type { KubeObject } from '../lib/render/render';
import { allTargets, freshSynth, loadObjects } from './support/synthesized';

/* eslint-disable @typescript-eslint/no-explicit-any */
type PodTemplate = { metadata?: any; spec: any };

/** The pod template of any workload kind, so new kinds are covered without changing this test. */
function podTemplateOf(o: KubeObject): PodTemplate | undefined {
  const spec = o.spec as any;
  switch (o.kind) {
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job':
      return spec.template;
    case 'CronJob':
      return spec.jobTemplate.spec.template;
    case 'Pod':
      return { metadata: o.metadata, spec };
    default:
      return undefined;
  }
}

/** `test.each` rows named by container. */
const cases = (containers: any[]): Array<[string, any]> => containers.map((c) => [c.name, c]);

const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

describe.each(allTargets())('$platform/$env', ({ platform, env }) => {
  const objects = loadObjects(freshSynth(), platform, env);
  const workloads = objects.filter((o) => podTemplateOf(o));
  const ofKind = (kind: string) => objects.filter((o) => o.kind === kind);

  test('has workloads to check', () => {
    expect(workloads.length).toBeGreaterThan(0);
  });

  describe.each(workloads.map((w) => [`${w.kind} ${w.metadata.name}`, w] as const))('%s', (_label, w) => {
    const pod = podTemplateOf(w)!.spec;
    const containers: any[] = [...(pod.initContainers ?? []), ...pod.containers];

    test('pod runs as non-root with seccomp RuntimeDefault and no service account token unless it says why', () => {
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      // A token is a named loosening: the workload states the reason, visible in review.
      const reason = (w.metadata.annotations as Record<string, string> | undefined)?.['kubesynth.io/service-account-token'];
      expect(pod.automountServiceAccountToken).toBe(reason !== undefined);
      if (reason !== undefined) expect(reason).toMatch(/\S/);
      expect(pod.hostNetwork ?? false).toBe(false);
      expect(pod.hostPID ?? false).toBe(false);
      expect(pod.hostIPC ?? false).toBe(false);
    });

    test.each(cases(containers))('container %s is locked down', (_name, c) => {
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(c.securityContext.capabilities.add ?? []).toEqual([]);
      expect(c.securityContext.privileged ?? false).toBe(false);
      expect(c.securityContext.runAsUser ?? pod.securityContext.runAsUser).not.toBe(0);
    });

    test.each(cases(containers))('container %s has requests, limits and a pinned image', (_name, c) => {
      for (const kind of ['requests', 'limits']) {
        expect(c.resources?.[kind]?.cpu).toBeDefined();
        expect(c.resources?.[kind]?.memory).toBeDefined();
      }
      const tag = /:([^:/@]+)$/.exec(c.image)?.[1];
      expect(tag).toBeDefined();
      expect(tag).not.toBe('latest');
    });

    test.each(cases(pod.containers))('container %s has liveness, readiness and startup probes', (_name, c) => {
      if (w.kind === 'Job' || w.kind === 'CronJob') return; // run-to-completion pods have nothing to probe
      expect(c.livenessProbe).toBeDefined();
      expect(c.readinessProbe).toBeDefined();
      expect(c.startupProbe).toBeDefined();
      // A probe on a named port must name a port the container declares.
      const names = (c.ports ?? []).map((p: any) => p.name);
      for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
        const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
        if (typeof port === 'string') expect(names).toContain(port);
      }
    });

    test('has a PodDisruptionBudget when it can run more than one replica', () => {
      if (w.kind !== 'Deployment' && w.kind !== 'StatefulSet') return;
      const hpa = ofKind('HorizontalPodAutoscaler').find((h) => (h.spec as any).scaleTargetRef.name === w.metadata.name);
      const minimum = hpa ? (hpa.spec as any).minReplicas : (w.spec as any).replicas ?? 1;
      const labels = podTemplateOf(w)!.metadata.labels;
      const pdb = ofKind('PodDisruptionBudget').find((p) => matches((p.spec as any).selector.matchLabels, labels));
      if (minimum > 1) expect(pdb).toBeDefined();
      else expect(pdb).toBeUndefined();
    });

    test('an HPA-managed Deployment carries no replicas', () => {
      const hpa = ofKind('HorizontalPodAutoscaler').find((h) => (h.spec as any).scaleTargetRef.name === w.metadata.name);
      if (hpa) expect((w.spec as any).replicas).toBeUndefined();
    });

    test('is selected by a NetworkPolicy and its namespace has a default deny', () => {
      const labels = podTemplateOf(w)!.metadata.labels;
      const policies = ofKind('NetworkPolicy').filter((p) => p.metadata.namespace === w.metadata.namespace);
      const defaultDeny = policies.find((p) => {
        const s = p.spec as any;
        return Object.keys(s.podSelector).length === 0 && s.policyTypes.includes('Ingress') && s.policyTypes.includes('Egress') && !s.ingress && !s.egress;
      });
      expect(defaultDeny).toBeDefined();
      expect(policies.some((p) => (p.spec as any).podSelector.matchLabels && matches((p.spec as any).podSelector.matchLabels, labels))).toBe(true);
    });
  });

  test('namespaces enforce the restricted Pod Security Standard', () => {
    for (const ns of ofKind('Namespace')) {
      expect((ns.metadata.labels as Record<string, string>)['pod-security.kubernetes.io/enforce']).toBe('restricted');
    }
  });

  test('no Secret with data is synthesized', () => {
    for (const s of ofKind('Secret')) {
      expect((s as any).data ?? (s as any).stringData).toBeUndefined();
    }
  });

  test('every object has a stable human name and the standard labels', () => {
    for (const o of objects) {
      expect(o.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(o.metadata.name).not.toMatch(/-c8[0-9a-f]{6}$/); // cdk8s's construct-path hash suffix
      const labels = o.metadata.labels as Record<string, string>;
      expect(labels['app.kubernetes.io/part-of']).toBe(platform);
      expect(labels['app.kubernetes.io/managed-by']).toBe('kubesynth');
    }
  });
});
