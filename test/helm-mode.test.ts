/**
 * The helm-mode machinery beyond what Cortex Core exercises: a workload not bound to values, an
 * optional component behind a toggle that another one connects to (its env var and NetworkPolicy
 * rules must come and go with it), and settings on an unbound workload. Rendered by real helm and
 * compared with the plain synth for both toggle states.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { renderHelmChart } from '../lib/helm/helm-chart';
import type { PlatformDefinition } from '../lib/platform/platform-definition';
import { KubeObject, renderPlatform } from '../lib/platform/render';
import { SettingsConfigMap } from '../lib/platform/settings-config-map';
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
  components: () => ['web', 'cache'],
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
});
