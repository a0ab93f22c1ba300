/** Cognivern carries seed 001's numbers (shared/seeds/001_6cfe02f143dd8ef4.txt). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { cognivern, cognivernDefaults, CognivernValues } from '../charts/cognivern';
import { loadPlatformValues } from '../lib/platform/platform-values';
import { parseSetArgs } from '../lib/config/set-values';
import { VolumeBackupCronJob, VolumeBackupCronJobProps } from '../lib/data/volume-backup-cron-job';
import { PlatformChart } from '../lib/platform/platform-chart';
import { KubeObject, renderPlatform } from '../lib/render/render';
import { ServiceWorkload, ServiceWorkloadProps } from '../lib/workloads/service-workload';
import { helm } from './support/helm';
import { chartDir, envFile, expectSameObjects, helmTemplate } from './support/helm-round-trip';
import { clusterFrom } from './support/network-reachability';
import { CONFIG_DIR, freshSynth, loadObjects, tempDir } from './support/synthesized';

/* eslint-disable @typescript-eslint/no-explicit-any */
const objectsOf = (env: string) => loadObjects(freshSynth(), 'cognivern', env);
function find(objects: KubeObject[], kind: string, name: string): any {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o;
}
const kinds = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind).map((o) => o.metadata.name).sort();
const containerOf = (w: any) => w.spec.template.spec.containers[0];
const backupPodOf = (cronJob: any) => cronJob.spec.jobTemplate.spec.template.spec;
const envOf = (c: any) => Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));
const SECRET_KEYS = ['ARBITRUM_RPC_URL', 'SAPIENCE_PRIVATE_KEY', 'ROUTEWAY_API_KEY', 'GROQ_API_KEY', 'RECALL_API_KEY'];

describe('cognivern prod', () => {
  const prod = objectsOf('prod');

  test('the backend is a StatefulSet of exactly one pod: one writer of the data volume', () => {
    const sts = find(prod, 'StatefulSet', 'cognivern-backend');
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.podManagementPolicy).toBe('OrderedReady');
    expect(sts.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(sts.spec.volumeClaimTemplates).toEqual([expect.objectContaining({
      metadata: expect.objectContaining({ name: 'data' }),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
    })]);
    // The seed runs from /opt/cognivern/current, whose data/ links to shared/data.
    expect(containerOf(sts).volumeMounts).toContainEqual({ name: 'data', mountPath: '/opt/cognivern/current/data' });
    expect(containerOf(sts).workingDir).toBe('/opt/cognivern/current');
    expect(kinds(prod, 'Deployment')).toEqual([]);
    expect(kinds(prod, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(kinds(prod, 'PodDisruptionBudget')).toEqual([]);
  });

  test('fast rollback: the StatefulSet keeps 10 revisions', () => {
    expect(find(prod, 'StatefulSet', 'cognivern-backend').spec.revisionHistoryLimit).toBe(10);
  });

  test('the backend listens on PORT 3000, probed on /health, with the seed\'s 1Gi memory limit', () => {
    const c = containerOf(find(prod, 'StatefulSet', 'cognivern-backend'));
    expect(c.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    expect(envOf(c).PORT).toBe('3000');
    for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) expect(probe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(c.readinessProbe.periodSeconds).toBe(5);
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } });
    expect(find(prod, 'Service', 'cognivern-backend').spec.ports).toEqual([{ name: 'http', port: 3000, targetPort: 'http', protocol: 'TCP' }]);
  });

  test('settings: NODE_ENV production, the heap below the memory limit, agents off, the Recall bucket', () => {
    expect(find(prod, 'ConfigMap', 'cognivern-config').data).toEqual({
      NODE_ENV: 'production',
      NODE_OPTIONS: '--max-old-space-size=768',
      AGENTS_ENABLED: 'false',
      RECALL_BUCKET: 'agent-memory',
    });
    expect(containerOf(find(prod, 'StatefulSet', 'cognivern-backend')).envFrom).toEqual([{ configMapRef: { name: 'cognivern-config' } }]);
  });

  test('the .env secrets come from one ExternalSecret, keyed by their env var names', () => {
    const es = find(prod, 'ExternalSecret', 'cognivern-env');
    expect(es.spec.target.name).toBe('cognivern-env');
    expect(es.spec.data.map((d: any) => [d.secretKey, d.remoteRef.key, d.remoteRef.property])).toEqual(SECRET_KEYS.map((k) => [k, 'cognivern/prod/env', k]));
    const env = envOf(containerOf(find(prod, 'StatefulSet', 'cognivern-backend')));
    for (const k of SECRET_KEYS) expect(env[k]).toEqual({ secretKeyRef: { name: 'cognivern-env', key: k } });
  });

  test('no forecasting agent by default (AGENTS_ENABLED=false)', () => {
    expect(prod.filter((o) => o.metadata.name === 'cognivern-forecasting-agent')).toEqual([]);
  });

  test('a daily backup at 03:00 UTC keeps 30 days of archives in a 20Gi claim of its own', () => {
    const cj = find(prod, 'CronJob', 'cognivern-backup');
    expect(cj.spec).toMatchObject({
      schedule: '0 3 * * *',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
    });
    expect(cj.spec.jobTemplate.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 3600 });
    const pod = backupPodOf(cj);
    const c = pod.containers[0];
    expect(c.image).toBe('docker.io/library/busybox:1.36.1');
    expect(envOf(c)).toEqual({ ARCHIVE_PREFIX: 'backend', RETENTION_DAYS: '30' });
    expect(c.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    const claim = find(prod, 'PersistentVolumeClaim', 'cognivern-backup');
    expect(claim.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } });
    expect(claim.metadata.annotations).toMatchObject({ 'helm.sh/resource-policy': 'keep', 'kustomize.toolkit.fluxcd.io/prune': 'disabled', 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' });
  });

  test('the backup mounts the writer\'s volume read-only, on the writer\'s node', () => {
    const pod = backupPodOf(find(prod, 'CronJob', 'cognivern-backup'));
    const backendLabels = find(prod, 'StatefulSet', 'cognivern-backend').spec.selector.matchLabels;
    expect(pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([{ labelSelector: { matchLabels: backendLabels }, topologyKey: 'kubernetes.io/hostname' }]);
    expect(pod.volumes).toContainEqual({ name: 'source', persistentVolumeClaim: { claimName: 'data-cognivern-backend-0', readOnly: true } });
    expect(pod.volumes).toContainEqual({ name: 'archives', persistentVolumeClaim: { claimName: 'cognivern-backup' } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'source', mountPath: '/data', readOnly: true });
    expect(pod.restartPolicy).toBe('Never');
  });

  test('network: the backend reaches only public HTTPS, the backup nothing, and nothing reaches the backup', () => {
    const policy = find(prod, 'NetworkPolicy', 'cognivern-backend');
    expect(policy.metadata.annotations['kubesynth.io/named-egress']).toBe('external-apis');
    expect(policy.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }], ports: [{ protocol: 'TCP', port: 443 }] }]);
    // Both directions named and no rule in either: nothing in, nothing out.
    const backupSpec = find(prod, 'NetworkPolicy', 'cognivern-backup').spec;
    expect([backupSpec.policyTypes, backupSpec.ingress, backupSpec.egress]).toEqual([['Ingress', 'Egress'], undefined, undefined]);
    const { cluster, pods } = clusterFrom(prod);
    const backup = pods.find((p) => p.id === 'backup')!;
    const backend = pods.find((p) => p.id === 'backend')!;
    expect(cluster.allows(backup, backend, 3000)).toBe(false);
    expect(cluster.allows(backup, { id: 'web', namespace: '', labels: {}, ports: [], ip: '52.1.2.3' }, 443)).toBe(false);
    expect(cluster.allows(backend, { id: 'web', namespace: '', labels: {}, ports: [], ip: '52.1.2.3' }, 443)).toBe(true);
  });

  test('the Ingress serves the backend over TLS', () => {
    const ing = find(prod, 'Ingress', 'cognivern-backend');
    expect(ing.spec.tls).toEqual([{ hosts: ['cognivern.example.com'], secretName: 'cognivern-tls' }]);
    expect(ing.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'cognivern-backend', port: { name: 'http' } } });
    expect(find(prod, 'Certificate', 'cognivern-tls').spec.dnsNames).toEqual(['cognivern.example.com']);
  });
});

describe('cognivern staging: the forecasting agent', () => {
  const staging = objectsOf('staging');
  const agent = find(staging, 'Deployment', 'cognivern-forecasting-agent');

  test('one agent, the old one gone before the new one starts (one signer per key)', () => {
    expect(agent.spec.replicas).toBe(1);
    expect(agent.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    expect(containerOf(agent).command).toEqual(['node', 'dist/services/AutomatedForecastingService.js']);
  });

  test('it may reach the backend, never the volume, with the same secrets and settings, and no invented URL variable', () => {
    const c = containerOf(agent);
    const env = envOf(c);
    expect(env.COGNIVERN_API_URL).toBeUndefined();
    expect(c.workingDir).toBe('/opt/cognivern/current');
    for (const k of SECRET_KEYS) expect(env[k]).toEqual({ secretKeyRef: { name: 'cognivern-env', key: k } });
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'cognivern-config' } }]);
    expect(agent.spec.template.spec.volumes.filter((v: any) => v.persistentVolumeClaim)).toEqual([]);
    expect(find(staging, 'ConfigMap', 'cognivern-config').data.AGENTS_ENABLED).toBe('true');
    const { cluster, pods } = clusterFrom(staging);
    expect(cluster.allows(pods.find((p) => p.id === 'forecasting-agent')!, pods.find((p) => p.id === 'backend')!, 3000)).toBe(true);
  });

  test('its probes check what PM2 checked, that its node process is alive: no file the seed\'s app never writes', () => {
    const c = containerOf(agent);
    expect(Object.keys(envOf(c)).filter((k) => k.startsWith('HEARTBEAT'))).toEqual([]);
    for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) expect(probe.exec.command).toEqual(['node', '-e', 'process.kill(1, 0)']);
  });

  test('a week of backups in 5Gi', () => {
    expect(envOf(backupPodOf(find(staging, 'CronJob', 'cognivern-backup')).containers[0]).RETENTION_DAYS).toBe('7');
    expect(find(staging, 'PersistentVolumeClaim', 'cognivern-backup').spec.resources.requests.storage).toBe('5Gi');
    expect(find(staging, 'StatefulSet', 'cognivern-backend').spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('5Gi');
  });
});

describe('cognivern dev', () => {
  const dev = objectsOf('dev');

  test('development mode, a smaller pod with a smaller heap, no backup, no agent', () => {
    expect(find(dev, 'ConfigMap', 'cognivern-config').data).toMatchObject({ NODE_ENV: 'development', NODE_OPTIONS: '--max-old-space-size=384' });
    expect(containerOf(find(dev, 'StatefulSet', 'cognivern-backend')).resources.limits).toEqual({ cpu: '500m', memory: '512Mi' });
    expect(kinds(dev, 'CronJob')).toEqual([]);
    expect(kinds(dev, 'PersistentVolumeClaim')).toEqual([]);
    expect(kinds(dev, 'Deployment')).toEqual([]);
    expect(find(dev, 'Certificate', 'cognivern-tls').spec.issuerRef.name).toBe('letsencrypt-staging');
  });
});

describe('cognivern values are checked', () => {
  const load = (values: object) => () => loadPlatformValues(cognivern, CONFIG_DIR, 'prod', [{ name: 'test.yaml', values: values as any }]);

  test.each([
    ['two backends (two writers)', { backend: { replicas: 2 } }, /backend\.replicas/],
    ['an HPA on the backend', { backend: { autoscaling: { enabled: true } } }, /backend\.autoscaling\.enabled/],
    ['two forecasting agents', { forecastingAgent: { replicas: 2 } }, /forecastingAgent\.replicas/],
    ['a heap as large as the memory limit', { settings: { nodeOptions: '--max-old-space-size=1024' } }, /settings\.nodeOptions: expected --max-old-space-size below backend\.resources\.limits\.memory \(1Gi\), found 1024 MiB/],
    ['a retention of 0 days', { backup: { retentionDays: 0 } }, /backup\.retentionDays/],
    ['a schedule that is not cron', { backup: { schedule: 'every day' } }, /backup\.schedule/],
    ['a secret literal', { secrets: { privateKey: '0xabc' } }, /secrets\.privateKey/],
  ])('%s is refused', (_what, values, message) => {
    expect(load(values)).toThrow(message);
  });

  test('0 backends is allowed: it stops the writer for a restore', () => {
    expect(load({ backend: { replicas: 0 } })().backend.replicas).toBe(0);
  });
});

describe('VolumeBackupCronJob', () => {
  const image = { registry: 'registry.example.com', repository: 'app', tag: '1.0.0' };
  const resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } };
  const probes = { liveness: { check: { tcp: true as const } }, readiness: { check: { tcp: true as const } }, startup: { check: { tcp: true as const } } };
  function setup(source: Partial<ServiceWorkloadProps> = { persistence: { mountPath: '/data', size: '1Gi' } }) {
    const chart = new PlatformChart(new App(), 'demo', { platform: 'demo', environment: 'dev', namespace: 'demo' });
    const app = new ServiceWorkload(chart, 'App', { component: 'app', image, resources, probes, port: 8080, ...source });
    const backup = (props: Partial<VolumeBackupCronJobProps> = {}) => new VolumeBackupCronJob(chart, 'Backup', {
      component: 'backup', source: app, schedule: '@daily', retentionDays: 7, storage: { size: '2Gi' }, ...props,
    });
    return { chart, app, backup };
  }

  test('names the StatefulSet\'s claim of pod 0, defaults to a pinned busybox, and registers for a NetworkPolicy', () => {
    const { chart, backup } = setup();
    const b = backup({ storage: { size: '2Gi', storageClass: 'fast' } });
    const pod = b.cronJob.toJson().spec.jobTemplate.spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'source', persistentVolumeClaim: { claimName: 'data-demo-app-0', readOnly: true } });
    expect(pod.containers[0].image).toBe('docker.io/library/busybox:1.36.1');
    expect(b.claim.toJson().spec.storageClassName).toBe('fast');
    expect(chart.members).toContain(b);
    expect(b.uses).toEqual([]);
    expect(b.egress).toEqual([]);
  });

  test('refuses a source without persistence', () => {
    const { backup } = setup({});
    expect(() => backup()).toThrow(/demo\/Backup: demo\/App has no persistence, so there is no volume to back up/);
  });

  test.each([
    ['a schedule that is not cron', { schedule: 'daily at 3' }, /demo\/Backup: schedule "daily at 3" is not a cron schedule; give five fields/],
    ['a retention of 0 days', { retentionDays: 0 }, /demo\/Backup: retentionDays must be an integer of at least 1 \(found 0\)/],
    ['a fractional retention', { retentionDays: 1.5 }, /retentionDays must be an integer/],
    ['a negative backoffLimit', { backoffLimit: -1 }, /demo\/Backup: backoffLimit must be an integer of at least 0/],
  ])('refuses %s', (_what, props, message) => {
    const { backup } = setup();
    expect(() => backup(props)).toThrow(message);
  });

  test('Workload.dataClaimName refuses a workload without persistence', () => {
    const { app } = setup({});
    expect(() => app.dataClaimName()).toThrow(/demo\/App: has no persistence, so no volume claim/);
  });

  test('the script archives the data and deletes only archives past the retention', () => {
    const pod = backupPodOf(find(objectsOf('prod'), 'CronJob', 'cognivern-backup'));
    const root = tempDir();
    const [data, archives] = [join(root, 'data'), join(root, 'archives')];
    mkdirSync(data);
    mkdirSync(archives);
    writeFileSync(join(data, 'cre-runs.jsonl'), '{"run":1}\n');
    writeFileSync(join(data, 'usage.json'), '{}');
    const daysAgo = (file: string, days: number) => {
      writeFileSync(join(archives, file), 'x');
      const t = Date.now() / 1000 - days * 86400;
      utimesSync(join(archives, file), t, t);
    };
    daysAgo('backend-20200101-030000.tar.gz', 31);
    daysAgo('backend-20200201-030000.tar.gz', 29);
    daysAgo('unrelated.tar.gz', 400);
    daysAgo('.partial-20200301-030000.tar.gz', 0);
    const script = pod.containers[0].command[2].replaceAll('/backup', archives).replace(' /data ', ` ${data} `);
    const r = spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { ...process.env, ...envOf(pod.containers[0]) } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const left = readdirSync(archives).sort();
    const fresh = left.filter((f) => /^backend-\d{8}-\d{6}\.tar\.gz$/.test(f) && f !== 'backend-20200201-030000.tar.gz');
    expect(fresh).toHaveLength(1);
    expect(left).toEqual(['backend-20200201-030000.tar.gz', fresh[0], 'unrelated.tar.gz'].sort());
    const listing = spawnSync('tar', ['-tzf', join(archives, fresh[0])], { encoding: 'utf8' }).stdout;
    expect(listing).toMatch(/cre-runs\.jsonl/);
    expect(listing).toMatch(/usage\.json/);
    expect(existsSync(join(archives, '.partial-20200301-030000.tar.gz'))).toBe(false);
  });
});

/** Overrides of cognivern's own knobs: each is rendered by helm and by the plain synth, which must agree, and must change the output. */
const SET_MATRIX: Array<[string, string[]]> = [
  ['integer: backup retention', ['backup.retentionDays=14']],
  ['integer: backend stopped (replicas 0) for a restore', ['backend.replicas=0']],
  ['boolean: AGENTS_ENABLED adds the agent, its policy and the backend\'s ingress rule', ['settings.agentsEnabled=true']],
  ['boolean: backup off removes the CronJob, its claim and its policy', ['backup.enabled=false']],
  ['string: backup schedule and time zone', ['backup.schedule=30 1 * * 0', 'backup.timeZone=Europe/Berlin']],
  ['string: data volume storage class and size', ['backend.persistence.storageClass=fast-ssd', 'backend.persistence.size=50Gi']],
  ['string: archive storage class', ['backup.storage.storageClass=cheap-hdd']],
  ['string: registry mirror, the backup image included', ['global.imageRegistry=mirror.example.com']],
  ['string: NODE_OPTIONS', ['settings.nodeOptions=--max-old-space-size=512']],
  ['map: backend pod annotations', ['backend.podAnnotations.team=forecasting']],
  ['list: agent tolerations', ['settings.agentsEnabled=true', 'forecastingAgent.tolerations[0].key=dedicated', 'forecastingAgent.tolerations[0].operator=Exists']],
];

describe('round trip with --set (cognivern prod)', () => {
  const base = () => helmTemplate('cognivern', chartDir(freshSynth(), 'cognivern'), ['-f', envFile('cognivern', 'prod')]);

  test.each(SET_MATRIX)('%s', (_kind, sets) => {
    const fromHelm = helmTemplate('cognivern', chartDir(freshSynth(), 'cognivern'), ['-f', envFile('cognivern', 'prod'), ...sets.flatMap((s) => ['--set', s])]);
    const values = loadPlatformValues(cognivern, CONFIG_DIR, 'prod', [{ name: '--set', values: parseSetArgs(sets) }]);
    expectSameObjects(fromHelm, renderPlatform(cognivern, 'prod', values));
    expect(JSON.stringify(fromHelm)).not.toEqual(JSON.stringify(base()));
  });

  test('the chart refuses a second backend, as kubesynth does', () => {
    const r = helm(['template', 'cognivern', chartDir(freshSynth(), 'cognivern'), '--set', 'backend.replicas=2']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/backend\.replicas/);
  });
});

test('the defaults are the seed\'s production figures', () => {
  const d: CognivernValues = cognivernDefaults;
  expect(d.backend.resources.limits.memory).toBe('1Gi');
  expect(d.backend.replicas).toBe(1);
  expect(d.settings.agentsEnabled).toBe(false);
  expect(d.settings.recallBucket).toBe('agent-memory');
});
