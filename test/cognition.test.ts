/** Cognition carries seed 000's setup (shared/seeds/000_2d63150335f00d0f.txt), read back from the synthesized YAML. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { cognition } from '../charts/cognition';
import { loadPlatformValues } from '../lib/platform/platform-values';
import { parseSetArgs } from '../lib/config/set-values';
import { HelmTemplating } from '../lib/templating/helm-templating';
import { observeValues } from '../lib/templating/values-binding';
import { NamedEgressPolicy } from '../lib/network/named-egress-policy';
import { PlatformChart } from '../lib/platform/platform-chart';
import type { KubeObject } from '../lib/render/render';
import { renderPlatform } from '../lib/render/render';
import { SettingsConfigMap } from '../lib/platform/settings-config-map';
import { chooseString, unless } from '../lib/platform/value-choice';
import { SandboxLimits, SandboxLimitsProps } from '../lib/sandbox/sandbox-limits';
import { SandboxNamespace } from '../lib/sandbox/sandbox-namespace';
import { SandboxPodTemplate, SandboxPodTemplateProps } from '../lib/sandbox/sandbox-pod-template';
import { POD_MANAGER_RULES, PodManagerRole } from '../lib/security/pod-manager-role';
import { amountOf, boundQuantity } from '../lib/values/bound-quantity';
import { checkEgressValues } from '../lib/values/egress-values';
import { ServiceWorkload, ServiceWorkloadProps } from '../lib/workloads/service-workload';
import { chartDir, envFile, expectSameObjects, helmTemplate } from './support/helm-round-trip';
import { clusterFrom, Pod } from './support/network-reachability';
import { CONFIG_DIR, freshSynth, loadObjects, tempDir } from './support/synthesized';

/* eslint-disable @typescript-eslint/no-explicit-any */
const objectsOf = (env: string) => loadObjects(freshSynth(), 'cognition', env);
function find(objects: KubeObject[], kind: string, name: string): any {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o;
}
const has = (objects: KubeObject[], kind: string, name: string) => objects.some((o) => o.kind === kind && o.metadata.name === name);
const containerOf = (d: any) => d.spec.template.spec.containers[0];
const envOf = (d: any): Record<string, string> => Object.fromEntries(containerOf(d).env.filter((e: any) => 'value' in e).map((e: any) => [e.name, e.value]));
const sandboxPod = (objects: KubeObject[]) => JSON.parse(find(objects, 'ConfigMap', 'cognition-sandbox-template').data['pod.json']);

describe('cognition prod', () => {
  const prod = objectsOf('prod');
  const api = find(prod, 'Deployment', 'cognition-api');

  test('the platform namespace and a sandbox namespace, both enforcing, auditing and warning on restricted', () => {
    for (const name of ['cognition', 'cognition-sandboxes']) {
      expect(find(prod, 'Namespace', name).metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      });
    }
  });

  test('the API listens on 8000 and serves metrics on 9090 (COGNITION_METRICS_PORT), scraped by a ServiceMonitor', () => {
    expect(containerOf(api).ports).toEqual([
      { name: 'http', containerPort: 8000, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
    ]);
    expect(find(prod, 'Service', 'cognition-api').spec.ports.map((p: any) => [p.name, p.port])).toEqual([['http', 8000], ['metrics', 9090]]);
    expect(envOf(api).COGNITION_METRICS_PORT).toBe('9090');
    const monitor = find(prod, 'ServiceMonitor', 'cognition-api');
    expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: 'metrics', path: '/metrics', interval: '15s' })]);
    expect(monitor.metadata.labels.release).toBe('prometheus');
  });

  test('the API autoscales 2-8 with the production resources and a PDB', () => {
    expect(find(prod, 'HorizontalPodAutoscaler', 'cognition-api').spec).toMatchObject({ minReplicas: 2, maxReplicas: 8 });
    expect(api.spec.replicas).toBeUndefined();
    expect(containerOf(api).resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } });
    expect(find(prod, 'PodDisruptionBudget', 'cognition-api').spec.maxUnavailable).toBe(1);
  });

  test('session state in PostgreSQL 16: COGNITION_PERSISTENCE_URI from the CNPG login, percent-encoded in the Secret, never a literal', () => {
    const env = envOf(api);
    expect(env.COGNITION_PERSISTENCE_BACKEND).toBe('postgres');
    expect(find(prod, 'ExternalSecret', 'cognition-db-credentials').spec.target.template.data.uri)
      .toBe('postgresql://{{ .username | urlquery | replace "+" "%20" }}:{{ .password | urlquery | replace "+" "%20" }}@cognition-db-rw:5432/cognition');
    const refs = Object.fromEntries(containerOf(api).env.filter((e: any) => e.valueFrom).map((e: any) => [e.name, e.valueFrom.secretKeyRef]));
    expect(refs).toEqual({
      DB_USER: { name: 'cognition-db-app', key: 'username' },
      DB_PASSWORD: { name: 'cognition-db-app', key: 'password' },
      COGNITION_PERSISTENCE_URI: { name: 'cognition-db-app', key: 'uri' },
      COGNITION_LLM_API_KEY: { name: 'cognition-llm', key: 'api-key' },
    });
    const db = find(prod, 'Cluster', 'cognition-db');
    expect(db.spec).toMatchObject({ instances: 2, imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4', storage: { size: '20Gi' }, bootstrap: { initdb: { database: 'cognition', owner: 'cognition' } } });
  });

  test('the migration is `cognition db upgrade`, a hook that waits for the database', () => {
    const job = prod.find((o) => o.kind === 'Job') as any;
    expect(job.metadata.name).toMatch(/^cognition-migrate-[0-9a-f]{8}$/);
    expect(job.spec.template.spec.containers[0].command).toEqual(['cognition', 'db', 'upgrade']);
    expect(job.spec.template.spec.initContainers[0].name).toBe('wait-for-database');
    expect(job.metadata.annotations).toMatchObject({ 'argocd.argoproj.io/hook': 'Sync', 'helm.sh/hook': 'post-install,pre-upgrade' });
  });

  test('structured JSON logs in prod (COGNITION_LOG_FORMAT), the seed\'s settings as COGNITION_ env vars', () => {
    expect(find(prod, 'ConfigMap', 'cognition-config').data).toEqual({ COGNITION_LLM_PROVIDER: 'openai', COGNITION_LOG_FORMAT: 'json', COGNITION_LOG_LEVEL: 'INFO' });
    expect(containerOf(api).envFrom).toEqual([{ configMapRef: { name: 'cognition-config' } }]);
  });

  test('MLflow and the OpenTelemetry collector run in the cluster; the API is pointed at both', () => {
    const mlflow = find(prod, 'StatefulSet', 'cognition-mlflow');
    expect(containerOf(mlflow).image).toBe('ghcr.io/mlflow/mlflow:v2.16.2');
    expect(containerOf(mlflow).args).toEqual(expect.arrayContaining(['--backend-store-uri', 'sqlite:////mlflow/mlflow.db', '--artifacts-destination', '/mlflow/artifacts']));
    expect(mlflow.spec.replicas).toBe(1);
    expect(mlflow.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('20Gi');
    const collector = find(prod, 'Deployment', 'cognition-otel-collector');
    expect(containerOf(collector).image).toBe('docker.io/otel/opentelemetry-collector-contrib:0.111.0');
    expect(containerOf(collector).args).toEqual(['--config=env:OTELCOL_CONFIG']);
    expect(find(prod, 'ConfigMap', 'cognition-otel-collector-config').data.OTELCOL_CONFIG).toContain('endpoint: "traces.example.com:4317"');
    expect(envOf(api)).toMatchObject({ MLFLOW_TRACKING_URI: 'http://cognition-mlflow:5000', COGNITION_OTEL_ENDPOINT: 'http://cognition-otel-collector:4317' });
    expect(find(prod, 'NetworkPolicy', 'cognition-otel-collector-egress').metadata.annotations['kubesynth.io/named-egress']).toBe('trace-backend');
    expect(has(prod, 'NetworkPolicy', 'cognition-api-mlflow-egress')).toBe(false);
  });

  test('only the API mounts a ServiceAccount token, and says why', () => {
    for (const w of prod.filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind)) as any[]) {
      expect({ name: w.metadata.name, token: w.spec.template.spec.automountServiceAccountToken }).toEqual({ name: w.metadata.name, token: w.metadata.name === 'cognition-api' });
    }
    expect(api.metadata.annotations['kubesynth.io/service-account-token']).toMatch(/sandbox pods/);
    expect(api.spec.template.spec.serviceAccountName).toBe('cognition-api');
  });

  test('the API may create, watch and delete pods in the sandbox namespace only, and read their logs', () => {
    const role = find(prod, 'Role', 'cognition-sandbox-manager');
    expect(role.metadata.namespace).toBe('cognition-sandboxes');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    ]);
    const binding = find(prod, 'RoleBinding', 'cognition-sandbox-manager');
    expect(binding.metadata.namespace).toBe('cognition-sandboxes');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cognition-sandbox-manager' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'cognition-api', namespace: 'cognition' }]);
    expect(prod.filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')).toEqual([]);
  });

  test('the API reaches the Kubernetes API server (443, 6443) and the LLM provider by named rules', () => {
    const policy = find(prod, 'NetworkPolicy', 'cognition-api');
    expect(policy.metadata.annotations['kubesynth.io/named-egress']).toBe('kubernetes-api,llm-provider');
    expect(policy.spec.egress).toEqual(expect.arrayContaining([
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] },
    ]));
  });

  test('the API reads the sandbox pod template from a mounted ConfigMap', () => {
    const env = envOf(api);
    expect(env).toMatchObject({
      COGNITION_SANDBOX_BACKEND: 'kubernetes',
      COGNITION_SANDBOX_NAMESPACE: 'cognition-sandboxes',
      COGNITION_SANDBOX_POD_TEMPLATE: '/etc/cognition/sandbox/pod.json',
      COGNITION_SANDBOX_MAX_CONCURRENT: '20',
    });
    const spec = api.spec.template.spec;
    const volume = spec.volumes.find((v: any) => v.configMap);
    expect(volume.configMap).toEqual({ name: 'cognition-sandbox-template', defaultMode: 0o444 });
    expect(containerOf(api).volumeMounts).toContainEqual({ name: volume.name, mountPath: '/etc/cognition/sandbox', readOnly: true });
  });

  test('the sandbox pod: restricted, read-only root, all capabilities dropped, non-root, no token, bounded', () => {
    const pod = sandboxPod(prod);
    expect(pod.metadata).toMatchObject({ namespace: 'cognition-sandboxes', generateName: 'cognition-sandbox-' });
    expect(pod.spec).toMatchObject({ automountServiceAccountToken: false, enableServiceLinks: false, restartPolicy: 'Never', serviceAccountName: 'cognition-sandbox' });
    expect(pod.spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    const c = pod.spec.containers[0];
    expect(c.image).toBe('registry.example.com/cognition-sandbox:1.0.0');
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    // COGNITION_DOCKER_MEMORY_LIMIT / COGNITION_DOCKER_CPU_LIMIT as the container's limits.
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '2048Mi' } });
    expect(pod.spec.volumes).toEqual([{ name: 'workspace', emptyDir: { sizeLimit: '1Gi' } }, { name: 'tmp', emptyDir: {} }]);
    expect(find(prod, 'ServiceAccount', 'cognition-sandbox')).toMatchObject({ metadata: { namespace: 'cognition-sandboxes' }, automountServiceAccountToken: false });
  });

  test('the sandbox quota is 20 sandboxes times the per-sandbox amounts; the LimitRange is one sandbox', () => {
    expect(find(prod, 'ResourceQuota', 'cognition-sandbox').spec.hard).toEqual({
      'pods': '20', 'requests.cpu': '5000m', 'requests.memory': '10240Mi', 'limits.cpu': '20000m', 'limits.memory': '40960Mi',
    });
    expect(find(prod, 'LimitRange', 'cognition-sandbox').spec.limits).toEqual([{
      type: 'Container',
      default: { cpu: '1000m', memory: '2048Mi' },
      defaultRequest: { cpu: '250m', memory: '512Mi' },
      max: { cpu: '1000m', memory: '2048Mi' },
    }]);
  });

  test('sandboxes have network none: a default deny and their own policy, nothing else', () => {
    const policies = prod.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'cognition-sandboxes') as any[];
    expect(policies.map((p) => [p.metadata.name, p.spec])).toEqual([
      ['cognition-sandbox-default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }],
      ['cognition-sandbox', { podSelector: { matchLabels: sandboxPod(prod).metadata.labels }, policyTypes: ['Ingress', 'Egress'] }],
    ]);
  });
});

describe('cognition per environment', () => {
  test('staging uses the external MLflow through a named egress, keeps JSON logs and a smaller quota', () => {
    const staging = objectsOf('staging');
    expect(has(staging, 'StatefulSet', 'cognition-mlflow')).toBe(false);
    expect(has(staging, 'NetworkPolicy', 'cognition-mlflow')).toBe(false);
    const api = find(staging, 'Deployment', 'cognition-api');
    expect(envOf(api).MLFLOW_TRACKING_URI).toBe('https://mlflow.staging.example.com');
    const egress = find(staging, 'NetworkPolicy', 'cognition-api-mlflow-egress');
    expect(egress.metadata.annotations['kubesynth.io/named-egress']).toBe('mlflow');
    expect(egress.spec).toEqual({
      podSelector: { matchLabels: api.spec.selector.matchLabels },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }], ports: [{ protocol: 'TCP', port: 443 }] }],
    });
    expect(find(staging, 'ConfigMap', 'cognition-config').data.COGNITION_LOG_FORMAT).toBe('json');
    expect(find(staging, 'ResourceQuota', 'cognition-sandbox').spec.hard).toMatchObject({ 'pods': '10', 'limits.memory': '20480Mi' });
    expect(find(staging, 'HorizontalPodAutoscaler', 'cognition-api').spec).toMatchObject({ minReplicas: 2, maxReplicas: 4 });
  });

  test('dev: text logs, one replica, one database instance, no MLflow or tracing, sandboxes allowed out', () => {
    const dev = objectsOf('dev');
    expect(find(dev, 'ConfigMap', 'cognition-config').data).toMatchObject({ COGNITION_LOG_FORMAT: 'text', COGNITION_LOG_LEVEL: 'DEBUG' });
    const api = find(dev, 'Deployment', 'cognition-api');
    expect(api.spec.replicas).toBe(1);
    expect(find(dev, 'Cluster', 'cognition-db').spec.instances).toBe(1);
    expect(dev.filter((o) => /mlflow|otel/.test(o.metadata.name))).toEqual([]);
    expect(envOf(api)).toMatchObject({ MLFLOW_TRACKING_URI: '', COGNITION_OTEL_ENDPOINT: '' });
    const out = find(dev, 'NetworkPolicy', 'cognition-sandbox-egress');
    expect(out.metadata).toMatchObject({ namespace: 'cognition-sandboxes', annotations: { 'kubesynth.io/named-egress': 'sandbox-network' } });
    expect(out.spec.egress[1].ports).toEqual([{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 443 }]);
    expect(find(dev, 'ResourceQuota', 'cognition-sandbox').spec.hard.pods).toBe('5');
  });
});

describe('sandbox isolation, evaluated from the YAML', () => {
  const apiServer: Pod = { id: 'kube-apiserver', namespace: '', labels: {}, ports: [{ containerPort: 6443 }], ip: '172.20.0.1' };
  const internet: Pod = { id: 'pypi', namespace: '', labels: {}, ports: [{ containerPort: 443 }], ip: '151.101.0.223' };
  const privateHost: Pod = { id: 'private', namespace: '', labels: {}, ports: [{ containerPort: 443 }], ip: '10.0.0.5' };
  const dns: Pod = { id: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ports: [{ containerPort: 53, protocol: 'UDP' }] };
  const sandboxOf = (objects: KubeObject[]): Pod => {
    const pod = sandboxPod(objects);
    return { id: 'sandbox', namespace: pod.metadata.namespace, labels: pod.metadata.labels, ports: [{ containerPort: 8080 }] };
  };

  test('prod: a sandbox reaches nothing, not even DNS, and nothing reaches it', () => {
    const objects = objectsOf('prod');
    const { cluster, pods } = clusterFrom(objects);
    const sandbox = sandboxOf(objects);
    for (const target of [...pods, dns, internet, privateHost, apiServer]) {
      for (const p of target.ports) expect({ to: target.id, allowed: cluster.allows(sandbox, target, p.containerPort, p.protocol ?? 'TCP') }).toEqual({ to: target.id, allowed: false });
    }
    for (const from of pods) expect({ from: from.id, allowed: cluster.allows(from, sandbox, 8080) }).toEqual({ from: from.id, allowed: false });
  });

  test('dev (network allowed): DNS and the internet on 80/443, still not the cluster', () => {
    const objects = objectsOf('dev');
    const { cluster, pods } = clusterFrom(objects);
    const sandbox = sandboxOf(objects);
    expect(cluster.allows(sandbox, dns, 53, 'UDP')).toBe(true);
    expect(cluster.allows(sandbox, internet, 443)).toBe(true);
    expect(cluster.allows(sandbox, internet, 22)).toBe(false);
    expect(cluster.allows(sandbox, privateHost, 443)).toBe(false);
    for (const target of pods) for (const p of target.ports) expect(cluster.allows(sandbox, target, p.containerPort)).toBe(false);
  });

  test('the API reaches the API server; other platform pods do not', () => {
    const { cluster, pods } = clusterFrom(objectsOf('prod'));
    for (const pod of pods.filter((p) => p.id !== 'db')) {
      expect({ pod: pod.id, allowed: cluster.allows(pod, apiServer, 6443) }).toEqual({ pod: pod.id, allowed: pod.id === 'api' });
    }
  });
});

/** Cognition's own knobs, each checked by rendering with helm and synthesizing plain with the same --set. */
const SET_MATRIX: Array<[string, string[]]> = [
  ['number: sandbox.maxConcurrent scales the quota', ['sandbox.maxConcurrent=50']],
  ['number: per-sandbox memory limit', ['sandbox.limits.memoryMiB=4096', 'sandbox.limits.cpuMillicores=2000']],
  ['boolean: sandbox network on adds the egress policy', ['sandbox.network.enabled=true']],
  ['boolean: MLflow external removes the StatefulSet, adds the named egress', ['mlflow.inCluster=false']],
  ['boolean: MLflow off', ['mlflow.enabled=false']],
  ['boolean: OpenTelemetry collector off', ['otelCollector.enabled=false']],
  ['boolean: collector external', ['otelCollector.inCluster=false', 'otelCollector.external.endpoint=https://otel.example.org:4317']],
  ['string: sandbox namespace', ['sandbox.namespace=agents']],
  ['string: registry mirror reaches the sandbox template', ['global.imageRegistry=mirror.example.com']],
  ['string: sandbox image tag and workspace size', ['sandbox.image.tag=2.0.1', 'sandbox.workspaceSize=4Gi']],
  ['string: log format', ['settings.logFormat=text']],
  ['string: collector exporter endpoint', ['otelCollector.exporter.endpoint=tempo.example.net:4317']],
  ['list: sandbox egress ports and ranges', ['sandbox.network.enabled=true', 'sandbox.network.egress.ports={443,8443,9418}', 'sandbox.network.egress.cidr=203.0.113.0/24', 'sandbox.network.egress.except={203.0.113.128/25}']],
  ['list: MLflow external egress ports', ['mlflow.inCluster=false', 'mlflow.external.egress.ports={443,5000}']],
  ['map: API pod annotations', ['api.podAnnotations.team=agents']],
];

describe('round trip with --set (cognition prod)', () => {
  const values = (sets: string[]) => loadPlatformValues(cognition, CONFIG_DIR, 'prod', [{ name: '--set', values: parseSetArgs(sets) }]);
  const render = (sets: string[]) => helmTemplate('cognition', chartDir(freshSynth(), 'cognition'), ['-f', envFile('cognition', 'prod'), ...sets.flatMap((s) => ['--set', s])]);

  test.each(SET_MATRIX)('%s', (_kind, sets) => {
    expectSameObjects(render(sets), renderPlatform(cognition, 'prod', values(sets)));
  });

  test('an empty except list is left out in both outputs', () => {
    const file = join(tempDir(), 'no-except.yaml');
    const override = { sandbox: { network: { enabled: true, egress: { cidr: '203.0.113.0/24', except: [], ports: [443] } } } };
    writeFileSync(file, JSON.stringify(override));
    const fromHelm = helmTemplate('cognition', chartDir(freshSynth(), 'cognition'), ['-f', envFile('cognition', 'prod'), '-f', file]);
    const plain = renderPlatform(cognition, 'prod', loadPlatformValues(cognition, CONFIG_DIR, 'prod', [{ name: file, values: override }]));
    expectSameObjects(fromHelm, plain);
    expect((plain.find((o) => o.metadata.name === 'cognition-sandbox-egress') as any).spec.egress[1].to).toEqual([{ ipBlock: { cidr: '203.0.113.0/24' } }]);
  });

  test('the matrix changes what it says: each override alters the output', () => {
    const base = JSON.stringify(render([]));
    for (const [, sets] of SET_MATRIX) expect({ sets, changed: JSON.stringify(render(sets)) !== base }).toEqual({ sets, changed: true });
  });
});

describe('cognition values checks', () => {
  const load = (sets: string[]) => () => loadPlatformValues(cognition, CONFIG_DIR, 'prod', [{ name: '--set', values: parseSetArgs(sets) }]);
  test.each([
    ['sandbox requests above limits', ['sandbox.requests.memoryMiB=4096'], /sandbox\.requests\.memoryMiB/],
    ['an except range outside the cidr', ['sandbox.network.egress.cidr=203.0.113.0/24'], /sandbox\.network\.egress\.except/],
    ['two MLflow servers on one SQLite volume', ['mlflow.replicas=2'], /mlflow\.replicas/],
    ['the sandbox namespace is the platform\'s', ['sandbox.namespace=cognition'], /sandbox\.namespace/],
    ['a sandbox image tag of latest', ['sandbox.image.tag=latest'], /sandbox\.image\.tag/],
  ])('refuses %s', (_what, sets, message) => {
    expect(load(sets)).toThrow(message);
  });
});

describe('sandbox constructs', () => {
  const chart = (helm?: HelmTemplating) => new PlatformChart(new App(), 'test', { platform: 'demo', environment: 'dev', namespace: 'demo', helm });
  const objects = (c: PlatformChart) => c.toJson() as any[];
  const amounts = (cpu: number, memory: number) => ({ cpuMillicores: { amount: cpu }, memoryMiB: { amount: memory } });
  const limitsProps = (over: Partial<SandboxLimitsProps> = {}): SandboxLimitsProps => ({ namespace: 'demo-sandboxes', maxConcurrent: { amount: 3 }, limits: amounts(500, 256), requests: amounts(100, 128), ...over });
  const api = (c: PlatformChart, over: Partial<ServiceWorkloadProps> = {}) => new ServiceWorkload(c, 'Api', {
    component: 'api',
    image: { registry: 'r.example.com', repository: 'api', tag: '1.0.0' },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
    probes: { liveness: { check: { tcp: true } }, readiness: { check: { tcp: true } }, startup: { check: { tcp: true } } },
    port: 8000,
    serviceAccountToken: { reason: 'manages sandbox pods' },
    ...over,
  });

  test('SandboxNamespace: restricted namespace, default deny, isolated sandbox pods; allowEgress adds a named policy with DNS', () => {
    const c = chart();
    const ns = new SandboxNamespace(c, 'Sandboxes', { name: 'demo-sandboxes' });
    ns.allowEgress([{ name: 'pypi', to: { cidr: '0.0.0.0/0' }, ports: [443] }]);
    const out = objects(c);
    expect(out.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/demo-sandboxes', 'NetworkPolicy/demo-sandbox-default-deny', 'NetworkPolicy/demo-sandbox', 'NetworkPolicy/demo-sandbox-egress']);
    expect(out[0].metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(out[3].spec.egress[0].to[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'kube-system' });
    expect(out[3].spec.podSelector.matchLabels).toEqual(ns.podLabels);
  });

  test('SandboxNamespace refuses the platform namespace', () => {
    expect(() => new SandboxNamespace(chart(), 'Sandboxes', { name: 'demo' })).toThrow(/test\/Sandboxes: the sandbox namespace "demo" is the platform's own; sandboxes need a namespace of their own/);
  });

  test('SandboxLimits derives the quota from per-sandbox amounts times maxConcurrent', () => {
    const c = chart();
    const limits = new SandboxLimits(c, 'Limits', limitsProps());
    expect(limits.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(objects(c).find((o) => o.kind === 'ResourceQuota').spec.hard).toEqual({ 'pods': '3', 'requests.cpu': '300m', 'requests.memory': '384Mi', 'limits.cpu': '1500m', 'limits.memory': '768Mi' });
  });

  test.each([
    ['requests above limits', limitsProps({ requests: amounts(1000, 128) }), /requests\.cpuMillicores \(1000\) is above limits\.cpuMillicores \(500\)/],
    ['no sandboxes', limitsProps({ maxConcurrent: { amount: 0 } }), /maxConcurrent must be a whole number of at least 1/],
    ['a fraction', limitsProps({ limits: amounts(0.5, 256) }), /limits\.cpuMillicores must be a whole number/],
  ])('SandboxLimits refuses %s', (_what, props, message) => {
    expect(() => new SandboxLimits(chart(), 'Limits', props)).toThrow(message);
  });

  test.each([
    ['root', { runAsUser: 0 }, /runAsUser must be a non-zero UID/],
    ['a workspace at /', { workspacePath: '/' }, /workspacePath "\/" must be an absolute folder/],
  ])('SandboxPodTemplate refuses %s', (_what, over, message) => {
    const c = chart();
    const ns = new SandboxNamespace(c, 'Sandboxes', { name: 'demo-sandboxes' });
    const props: SandboxPodTemplateProps = { namespace: ns, image: { registry: 'r.example.com', repository: 'sandbox', tag: '1.0.0' }, resources: new SandboxLimits(c, 'Limits', limitsProps()).resources, workspaceSize: '1Gi', ...over };
    expect(() => new SandboxPodTemplate(c, 'Template', props)).toThrow(message);
  });

  test('PodManagerRole binds the manager\'s ServiceAccount across namespaces with the pod rules only', () => {
    const c = chart();
    new PodManagerRole(c, 'Manager', { component: 'sandbox-manager', namespace: 'demo-sandboxes', manager: api(c) });
    const binding = objects(c).find((o) => o.kind === 'RoleBinding');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'demo-api', namespace: 'demo' }]);
    expect(objects(c).find((o) => o.kind === 'Role').rules).toEqual(POD_MANAGER_RULES);
  });

  test.each([
    ['a manager without a token', (c: PlatformChart) => api(c, { serviceAccountToken: undefined }), 'demo-sandboxes', /does not mount its ServiceAccount token.*give it serviceAccountToken/],
    ['the manager\'s own namespace', (c: PlatformChart) => api(c), 'demo', /give the managed pods a namespace of their own/],
  ])('PodManagerRole refuses %s', (_what, manager, namespace, message) => {
    const c = chart();
    expect(() => new PodManagerRole(c, 'Manager', { component: 'sandbox-manager', namespace, manager: manager(c) })).toThrow(message);
  });

  test('a ServiceAccount token needs a reason', () => {
    expect(() => api(chart(), { serviceAccountToken: { reason: ' ' } })).toThrow(/serviceAccountToken needs a reason/);
  });

  test.each([
    ['an empty podSelector', { podSelector: {} }, /podSelector is empty/],
    ['no rules', { rules: [] }, /no rules; give at least one named egress rule/],
    ['a port out of range', { rules: [{ name: 'x', to: { cidr: '0.0.0.0/0' }, ports: [0] }] }, /egress rule "x" has port 0/],
    ['a rule without ports', { rules: [{ name: 'x', to: { cidr: '0.0.0.0/0' }, ports: [] }] }, /egress rule "x" has no ports/],
  ])('NamedEgressPolicy refuses %s', (_what, over, message) => {
    const props = { component: 'x-egress', podSelector: { app: 'x' }, rules: [{ name: 'x', to: { cidr: '0.0.0.0/0' }, ports: [443] }], ...over };
    expect(() => new NamedEgressPolicy(chart(), 'Egress', props as any)).toThrow(message);
  });

  test('SettingsConfigMap envPrefix prefixes every key and refuses a bad prefix', () => {
    const c = chart();
    expect(new SettingsConfigMap(c, 'Config', { component: 'config', settings: { logFormat: 'json' }, envPrefix: 'APP_' }).data).toEqual({ APP_LOG_FORMAT: 'json' });
    expect(() => new SettingsConfigMap(c, 'Bad', { component: 'bad', settings: {}, envPrefix: 'app-' })).toThrow(/envPrefix "app-" is not the start of an env var name/);
  });

  test('boundQuantity: plain numbers, helm tokens that multiply values, whole numbers only', () => {
    expect(boundQuantity(chart(), 'Mi', { amount: 512 }, { amount: 4 })).toBe('2048Mi');
    const helm = new HelmTemplating();
    const v = observeValues({ sandbox: { limits: { memoryMiB: 512 }, maxConcurrent: 4 }, x: { cpu: 1.5 } });
    const token = boundQuantity(chart(helm), 'Mi', amountOf(() => v.sandbox.limits.memoryMiB), amountOf(() => v.sandbox.maxConcurrent));
    expect(helm.expressionOf(token)).toBe('printf "%dMi" (mul (int $.Values.sandbox.limits.memoryMiB) (int $.Values.sandbox.maxConcurrent))');
    expect(helm.plain(token)).toBe('2048Mi');
    expect(() => boundQuantity(chart(), 'm', amountOf(() => v.x.cpu))).toThrow(/x\.cpu must be a non-negative whole number/);
  });

  test('unless and chooseString follow the boolean in plain YAML, and become template conditions in helm mode', () => {
    const v = observeValues({ x: { on: true, off: false } });
    const built: boolean[] = [];
    unless(chart(), () => v.x.on, () => built.push(true));
    unless(chart(), () => v.x.off, () => built.push(false));
    expect(built).toEqual([false]);
    expect(chooseString(chart(), () => v.x.on, 'a', 'b')).toBe('a');
    const helm = new HelmTemplating();
    const c = chart(helm);
    expect(helm.expressionOf(chooseString(c, () => v.x.off, 'a', 'b'))).toBe('ternary ("a") ("b") $.Values.x.off');
    unless(c, () => v.x.on, () => new SettingsConfigMap(c, 'Config', { component: 'config', settings: { a: 'b' } }));
    const object = c.node.findAll().find((n: any) => n.kind === 'ConfigMap') as any;
    expect(helm.templatingOf(object).conditions).toEqual(['not $.Values.x.on']);
  });

  test('checkEgressValues: excepted ranges must lie strictly inside the range', () => {
    expect(checkEgressValues(['e'], { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'], ports: [443] })).toEqual([]);
    expect(checkEgressValues(['e'], { cidr: '10.0.0.0/8', except: ['10.0.0.0/8', '192.168.0.0/16'], ports: [443] }).map((p) => p.path)).toEqual([['e', 'except', 0], ['e', 'except', 1]]);
    expect(checkEgressValues(['e'], { cidr: '300.0.0.0/8', except: [], ports: [443] })[0].path).toEqual(['e', 'cidr']);
  });
});
