/**
 * Issue 16: a general CronJob construct (schedule, time zone, concurrency, `uses`, the image and
 * schedule from values) with kubesynth's defaults, checked against the Kubernetes schema; its
 * chart binding is rendered by real Helm in test/helm-mode.test.ts, and it is applied to a real
 * API server in test/cluster/constructs-apply.test.ts; its pull secrets and PriorityClass from a
 * component's values, plain and chart, in test/component-image.test.ts.
 */
import { App } from 'cdk8s';
import { PostgresCluster } from '../lib/data/postgres-cluster';
import { PlatformNetworkPolicies } from '../lib/network/network-policies';
import { PlatformChart } from '../lib/platform/platform-chart';
import { checkSchema } from '../lib/validate/schema-check';
import { CronJob, CronJobProps } from '../lib/workloads/cron-job';

/* eslint-disable @typescript-eslint/no-explicit-any */
const resources = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } };
const image = { registry: 'r.example.com', repository: 'reporter', tag: '2.0.1' };

function build(over: Partial<CronJobProps> = {}): any[] {
  const chart = new PlatformChart(new App(), 'test', { platform: 'demo', environment: 'dev', namespace: 'demo' });
  const db = new PostgresCluster(chart, 'Db', { component: 'db', imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4', instances: 1, storageSize: '1Gi', database: 'app', owner: 'app', resources });
  new CronJob(chart, 'Report', { component: 'report', image, resources, command: ['report'], schedule: '0 3 * * *', uses: [{ to: db }], ...over });
  new PlatformNetworkPolicies(chart, 'NetworkPolicies', {});
  return chart.toJson();
}
const find = (objects: any[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

test('defaults: runs never overlap, in UTC, bounded, restricted, without a token, history kept for logs', () => {
  const cron = find(build(), 'CronJob', 'demo-report');
  expect(cron.spec).toMatchObject({
    schedule: '0 3 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid', suspend: false, startingDeadlineSeconds: 300,
    successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3, jobTemplate: { spec: { backoffLimit: 2, activeDeadlineSeconds: 3600 } },
  });
  const pod = cron.spec.jobTemplate.spec.template.spec;
  expect(pod).toMatchObject({ restartPolicy: 'Never', serviceAccountName: 'demo-report', automountServiceAccountToken: false, securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } });
  expect(pod.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  expect(pod.containers[0].image).toBe('r.example.com/reporter:2.0.1');
  expect(find(build(), 'ServiceAccount', 'demo-report').automountServiceAccountToken).toBe(false);
});

test('podConventions: its pod gets the pull secrets and PriorityClass given (a private registry), and none without them', () => {
  const podOf = (objects: any[]) => find(objects, 'CronJob', 'demo-report').spec.jobTemplate.spec.template.spec;
  expect(podOf(build({ podConventions: { imagePullSecrets: ['global-cred', 'api-cred'], priorityClassName: 'batch' } }))).toMatchObject({
    imagePullSecrets: [{ name: 'global-cred' }, { name: 'api-cred' }], priorityClassName: 'batch',
  });
  const none = podOf(build());
  expect(none).not.toHaveProperty('imagePullSecrets');
  expect(none).not.toHaveProperty('priorityClassName');
});

test('its NetworkPolicy lets out exactly what it uses, and the database lets it in', () => {
  const objects = build();
  const own = find(objects, 'NetworkPolicy', 'demo-report');
  const podLabels = find(objects, 'CronJob', 'demo-report').spec.jobTemplate.spec.template.metadata.labels;
  // The policy selects the job's pods.
  expect(podLabels).toMatchObject(own.spec.podSelector.matchLabels);
  expect(own.spec.podSelector.matchLabels).toMatchObject({ 'app.kubernetes.io/component': 'report' });
  expect(own.spec.ingress ?? []).toEqual([]);
  expect(JSON.stringify(own.spec.egress)).toContain('5432');
  const db = find(objects, 'NetworkPolicy', 'demo-db');
  expect(JSON.stringify(db.spec.ingress)).toContain('"app.kubernetes.io/component":"report"');
});

test('every object it writes is valid against the Kubernetes schema', () => {
  const objects = build({ timeZone: 'Europe/Berlin', concurrencyPolicy: 'Replace', suspend: true, successfulJobsHistoryLimit: 0 });
  const problems = objects.flatMap((o) => {
    const r = checkSchema(o);
    return r.status === 'checked' ? [...r.errors.map((e) => `${o.kind}/${o.metadata.name} ${e.path}: ${e.message}`), ...r.unknown.map((u) => `${o.kind}/${o.metadata.name} ${u}: unknown field`)] : [];
  });
  expect(problems).toEqual([]);
  expect(checkSchema(find(objects, 'CronJob', 'demo-report')).status).toBe('checked');
});

test.each([
  ['four fields', { schedule: '0 3 * *' }, /schedule "0 3 \* \*" is not a cron schedule; give five fields/],
  ['a time zone inside the schedule', { schedule: 'TZ=Europe/Berlin 0 3 * * *' }, /sets its time zone inline, which Kubernetes refuses; give the zone as timeZone/],
  ['an unknown time zone', { timeZone: 'Mars/Olympus' }, /timeZone "Mars\/Olympus" is not an IANA time zone name/],
  ['a starting deadline under 10 s', { startingDeadlineSeconds: 5 }, /startingDeadlineSeconds must be an integer of at least 10 \(found 5\)/],
  ['negative history', { failedJobsHistoryLimit: -1 }, /failedJobsHistoryLimit must be an integer of at least 0/],
  ['negative retries', { backoffLimit: -1 }, /backoffLimit must be an integer of at least 0/],
])('refuses %s, naming the construct', (_what, over, message) => {
  expect(() => build(over as Partial<CronJobProps>)).toThrow(message);
  expect(() => build(over as Partial<CronJobProps>)).toThrow(/^test\/Report: /);
});
