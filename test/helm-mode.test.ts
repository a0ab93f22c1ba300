/**
 * The helm-mode machinery beyond what Cortex Core exercises: a workload not bound to values, an
 * optional component behind a toggle that another one connects to (its env var and NetworkPolicy
 * rules must come and go with it), and settings on an unbound workload and on a migration Job.
 * Rendered by real helm and compared with the plain synth for both toggle states and a changed
 * setting.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { renderHelmChart } from '../lib/helm/helm-chart';
import type { PlatformDefinition } from '../lib/platform/platform-definition';
import { KubeObject, renderPlatform } from '../lib/platform/render';
import { PostgresCluster } from '../lib/data/postgres-cluster';
import { SettingsConfigMap } from '../lib/platform/settings-config-map';
import { MigrationJob } from '../lib/workloads/migration-job';
import { WorkloadProbes } from '../lib/workloads/probes';
import { ServiceWorkload } from '../lib/workloads/service-workload';
import { helm } from './support/helm';
import { tempDir } from './support/synthesized';

interface DemoValues {
  namespace: string;
  cache: { enabled: boolean };
  greeting: string;
}

const probes: WorkloadProbes = { liveness: { check: { tcp: true } }, readiness: { check: { tcp: true } }, startup: { check: { tcp: true } } };
const fixed = {
  image: { registry: 'r.example.com', repository: 'x', tag: '1.0.0' },
  resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
  probes,
};

const demo: PlatformDefinition<DemoValues> = {
  name: 'demo',
  description: 'test platform',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['namespace', 'cache', 'greeting'],
    properties: {
      namespace: { type: 'string' },
      cache: { type: 'object', additionalProperties: false, required: ['enabled'], properties: { enabled: { type: 'boolean' } } },
      greeting: { type: 'string' },
    },
  },
  defaults: { namespace: 'demo', cache: { enabled: false }, greeting: 'hello' },
  appVersion: () => '1.0.0',
  namespace: (v) => v.namespace,
  components: () => ['web', 'cache', 'db', 'migrate'],
  build: (chart, v) => {
    const settings = new SettingsConfigMap(chart, 'Settings', { component: 'settings', settings: { greeting: v.greeting } });
    let cache: ServiceWorkload | undefined;
    chart.when('cache.enabled', v.cache.enabled, () => {
      cache = new ServiceWorkload(chart, 'Cache', { component: 'cache', ...fixed, port: 6379 });
    });
    new ServiceWorkload(chart, 'Web', {
      component: 'web',
      ...fixed,
      port: 8080,
      replicas: 2,
      settings: [settings],
      uses: cache ? [{ to: cache, env: { host: 'CACHE_HOST' } }] : [],
    });
    const db = new PostgresCluster(chart, 'Db', {
      component: 'db', imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4', instances: 1, storageSize: '1Gi', database: 'app', owner: 'app', resources: fixed.resources,
    });
    // Its settings must restart it as they do the web pods: a changed setting is a new Job (checksum/config, then its name).
    new MigrationJob(chart, 'Migrate', { component: 'migrate', image: fixed.image, command: ['migrate'], database: db, settings: [settings] });
  },
};

function renderChartTo(dir: string): void {
  for (const [file, content] of renderHelmChart(demo, { version: '0.1.0', environments: [] })) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
}

function strip(objects: KubeObject[]): Map<string, unknown> {
  return new Map(objects.map((o) => {
    const c = structuredClone(o) as any;
    for (const labels of [c.metadata?.labels, c.spec?.template?.metadata?.labels]) {
      if (labels) {
        delete labels['helm.sh/chart'];
        delete labels['app.kubernetes.io/managed-by'];
      }
    }
    return [`${o.kind}/${o.metadata.name}`, JSON.parse(JSON.stringify(c))];
  }));
}

describe('helm mode on a platform with an optional component', () => {
  const chart = join(tempDir(), 'demo');
  renderChartTo(chart);

  test.each([false, true])('cache.enabled=%s renders the same objects as the plain synth', (enabled) => {
    // The release namespace stands for the plain YAML's `namespace` value (README, "Round trip").
    const r = helm(['template', 'demo', chart, '--namespace', 'demo', '--set', `cache.enabled=${enabled}`, '--skip-tests']);
    expect(r.stderr).toBe('');
    const fromHelm = parseAllDocuments(r.stdout).map((d) => d.toJS()).filter(Boolean) as KubeObject[];
    const plain = renderPlatform(demo, 'x', { ...demo.defaults, cache: { enabled } });
    expect(strip(fromHelm)).toEqual(strip(plain));
    const web = plain.find((o) => o.kind === 'Deployment' && o.metadata.name === 'demo-web') as any;
    expect(web.spec.template.spec.containers[0].env?.map((e: any) => e.name) ?? []).toEqual(enabled ? ['CACHE_HOST'] : []);
  });

  test('a changed setting changes the checksum of the Deployment and of the migration Job (and so its name) as in the plain synth', () => {
    const r = helm(['template', 'demo', chart, '--namespace', 'demo', '--set', 'greeting=bonjour', '--skip-tests']);
    expect(r.stderr).toBe('');
    const fromHelm = parseAllDocuments(r.stdout).map((d) => d.toJS()).filter(Boolean) as KubeObject[];
    const plain = renderPlatform(demo, 'x', { ...demo.defaults, greeting: 'bonjour' });
    expect(strip(fromHelm)).toEqual(strip(plain));
    const jobName = (objects: KubeObject[]) => objects.find((o) => o.kind === 'Job')!.metadata.name;
    expect(jobName(plain)).not.toBe(jobName(renderPlatform(demo, 'x', demo.defaults)));
  });
});
