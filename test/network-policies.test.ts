/**
 * NetworkPolicies are derived from declared connections: an independent evaluator reads the
 * synthesized YAML alone and works out who can reach whom; that must equal what the platform
 * declared in its construct tree, and nothing more.
 */
import { App } from 'cdk8s';
import { platforms } from '../charts';
import { loadPlatformValues } from '../lib/platform/platform-values';
import { addPlatformChart, renderPlatform } from '../lib/render/render';
import { networkMembersOf } from '../lib/network/network-member';
import { Cluster, clusterFrom, Pod } from './support/network-reachability';
import { allTargets, CONFIG_DIR, freshSynth, loadObjects } from './support/synthesized';

const ingressController: Pod = { id: 'ingress-controller', namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' }, ports: [] };
const dns: Pod = { id: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }] };
const stranger: Pod = { id: 'stranger', namespace: 'default', labels: { app: 'curl' }, ports: [] };

/** Every (from, to, port) the policies allow between the platform's own pods, on the ports the target declares. */
function reachable(cluster: Cluster, pods: readonly Pod[]): string[] {
  const out: string[] = [];
  for (const from of pods) {
    for (const to of pods) {
      if (from === to) continue;
      for (const p of to.ports) if (cluster.allows(from, to, p.containerPort, p.protocol ?? 'TCP')) out.push(`${from.id}->${to.id}:${p.containerPort}`);
    }
  }
  return out.sort();
}

/** The connections the platform declared, read from the construct tree rather than the YAML. */
function declared(platform: string, env: string): string[] {
  const def = platforms.find((p) => p.name === platform)!;
  const chart = addPlatformChart(new App(), def, env, loadPlatformValues(def, CONFIG_DIR, env));
  return networkMembersOf(chart).flatMap((w) => w.uses.map((c) => `${w.component}->${c.to.component}:${c.to.port.port}`)).sort();
}

describe.each(allTargets())('$platform/$env', ({ platform, env }) => {
  const objects = loadObjects(freshSynth(), platform, env);
  const { cluster, pods } = clusterFrom(objects);

  test('pods reach exactly the declared connections', () => {
    expect(reachable(cluster, pods)).toEqual(declared(platform, env));
  });

  test('every pod reaches DNS and nothing outside its connections', () => {
    for (const pod of pods) {
      expect(cluster.allows(pod, dns, 53, 'UDP')).toBe(true);
      expect(cluster.allows(pod, stranger, 80)).toBe(false);
    }
  });

  test('the ingress controller reaches only the Ingress backends, on their ports', () => {
    // Backend Service ports, by name and number: a backend's other ports (metrics) stay closed to the controller.
    const backends = new Set(objects.filter((o) => o.kind === 'Ingress').flatMap((i: any) => i.spec.rules.flatMap((r: any) => r.http.paths.map((p: any) => `${p.backend.service.name}:${p.backend.service.port.name ?? p.backend.service.port.number}`))));
    for (const pod of pods) {
      for (const port of pod.ports) {
        const service: any = objects.find((o: any) => o.kind === 'Service' && o.spec.selector['app.kubernetes.io/component'] === pod.id);
        const isBackend = (service?.spec.ports ?? []).some((sp: any) => (sp.targetPort === port.name || sp.targetPort === port.containerPort)
          && (backends.has(`${service.metadata.name}:${sp.name}`) || backends.has(`${service.metadata.name}:${sp.port}`)));
        expect({ pod: pod.id, port: port.containerPort, allowed: cluster.allows(ingressController, pod, port.containerPort) }).toEqual({ pod: pod.id, port: port.containerPort, allowed: isBackend });
      }
    }
  });

  test('no pod is reachable from an unrelated namespace', () => {
    for (const pod of pods) for (const port of pod.ports) expect(cluster.allows(stranger, pod, port.containerPort)).toBe(false);
  });
});

test('cortex-core prod: the seed\'s paths, and no other', () => {
  const { cluster, pods } = clusterFrom(loadObjects(freshSynth(), 'cortex-core', 'prod'));
  expect(reachable(cluster, pods)).toEqual([
    'api->cognition-service:9100',
    'api->core-db:5432',
    'api->memory-service:9000',
    'api->redis:6379',
    'memory-service->memory-db:5432',
    'migrate->core-db:5432',
  ]);
});

test('cortex-core prod: Prometheus reaches exactly the metrics endpoints, the CNPG operator exactly the databases', () => {
  const { cluster, pods } = clusterFrom(loadObjects(freshSynth(), 'cortex-core', 'prod'));
  const prometheus: Pod = { id: 'prometheus', namespace: 'monitoring', labels: { app: 'prometheus' }, ports: [] };
  const operator: Pod = { id: 'cnpg-operator', namespace: 'cnpg-system', labels: { app: 'cnpg' }, ports: [] };
  const reachedBy = (client: Pod) => pods.flatMap((p) => p.ports.filter((port) => cluster.allows(client, p, port.containerPort)).map((port) => `${p.id}:${port.containerPort}`)).sort();
  expect(reachedBy(prometheus)).toEqual(['api:8000', 'cognition-service:9100', 'core-db:9187', 'memory-db:9187', 'memory-service:9000']);
  expect(reachedBy(operator)).toEqual(['core-db:5432', 'core-db:8000', 'memory-db:5432', 'memory-db:8000']);
});

test('cortex-core prod: database instances reach one another (replication) and the Kubernetes API, the migration reaches only its database', () => {
  const { cluster, pods } = clusterFrom(loadObjects(freshSynth(), 'cortex-core', 'prod'));
  const core = pods.find((p) => p.id === 'core-db')!;
  const replica: Pod = { ...core, id: 'core-db-2' };
  expect(cluster.allows(replica, core, 5432)).toBe(true);
  expect(cluster.allows(replica, core, 8000)).toBe(true);
  const apiServer: Pod = { id: 'kube-apiserver', namespace: '', labels: {}, ports: [], ip: '203.0.113.10' };
  expect(cluster.allows(core, apiServer, 6443)).toBe(true);
  const migrate = pods.find((p) => p.id === 'migrate')!;
  const memoryDb = pods.find((p) => p.id === 'memory-db')!;
  expect(cluster.allows(migrate, memoryDb, 5432)).toBe(false);
  expect(cluster.allows(migrate, apiServer, 443)).toBe(false);
});

test('turning the Ingress off closes the controller\'s path', () => {
  const def = platforms.find((p) => p.name === 'cortex-core')!;
  const values = loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: 'test', values: { ingress: { enabled: false } } }]);
  const { cluster, pods } = clusterFrom(renderPlatform(def, 'prod', values));
  const api = pods.find((p) => p.id === 'api')!;
  expect(cluster.allows(ingressController, api, 8000)).toBe(false);
});

describe('the evaluator itself', () => {
  const a: Pod = { id: 'a', namespace: 'n', labels: { app: 'a' }, ports: [] };
  const b: Pod = { id: 'b', namespace: 'n', labels: { app: 'b', tier: 'db' }, ports: [{ name: 'sql', containerPort: 5432 }] };
  const c: Pod = { id: 'c', namespace: 'other', labels: { app: 'a' }, ports: [] };
  const denyAll = { namespace: 'n', spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };

  test('no policy: everything is allowed', () => {
    expect(new Cluster([]).allows(a, b, 5432)).toBe(true);
  });

  test('default deny blocks, until both directions are opened', () => {
    const egress = { namespace: 'n', spec: { podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'b' } } }], ports: [{ protocol: 'TCP', port: 'sql' }] }] } };
    const ingress = { namespace: 'n', spec: { podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 5432 }] }] } };
    expect(new Cluster([denyAll]).allows(a, b, 5432)).toBe(false);
    expect(new Cluster([denyAll, egress]).allows(a, b, 5432)).toBe(false);
    expect(new Cluster([denyAll, egress, ingress]).allows(a, b, 5432)).toBe(true);
    expect(new Cluster([denyAll, egress, ingress]).allows(a, b, 5433)).toBe(false);
    expect(new Cluster([denyAll, egress, ingress]).allows(b, a, 5432)).toBe(false);
  });

  test('an ipBlock matches addresses in its range, minus its exceptions', () => {
    const web: Pod = { id: 'web', namespace: '', labels: {}, ports: [], ip: '52.1.2.3' };
    const internal: Pod = { id: 'internal', namespace: '', labels: {}, ports: [], ip: '10.1.2.3' };
    const out = { namespace: 'n', spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 443 }] }] } };
    expect(new Cluster([out]).allows(a, web, 443)).toBe(true);
    expect(new Cluster([out]).allows(a, web, 80)).toBe(false);
    expect(new Cluster([out]).allows(a, internal, 443)).toBe(false);
  });

  test('a podSelector alone means the policy\'s own namespace; a namespaceSelector opens others', () => {
    const fromApps = (peer: object) => ({ namespace: 'n', spec: { podSelector: { matchLabels: { app: 'b' } }, policyTypes: ['Ingress'], ingress: [{ from: [peer] }] } });
    expect(new Cluster([fromApps({ podSelector: { matchLabels: { app: 'a' } } })]).allows(c, b, 5432)).toBe(false);
    expect(new Cluster([fromApps({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } }, podSelector: { matchLabels: { app: 'a' } } })]).allows(c, b, 5432)).toBe(true);
    expect(new Cluster([fromApps({ ipBlock: { cidr: '0.0.0.0/0' } })]).allows(c, b, 5432)).toBe(false);
  });
});
