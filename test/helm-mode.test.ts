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
import { KubeObject, renderPlatform } from '../lib/render/render';
import { demo } from './support/demo-platform';
import { helm } from './support/helm';
import { tempDir } from './support/synthesized';

function renderChartTo(dir: string): void {
  for (const [file, content] of renderHelmChart(demo, { version: '0.1.0', environments: [] })) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
}

function strip(objects: KubeObject[]): Map<string, unknown> {
  return new Map(objects.map((o) => {
    const c = structuredClone(o) as any;
    // Every labels map, however deep (a CronJob's job and pod templates too).
    const walk = (node: any): void => {
      if (!node || typeof node !== 'object') return;
      if (node.labels && typeof node.labels === 'object') {
        delete node.labels['helm.sh/chart'];
        delete node.labels['app.kubernetes.io/managed-by'];
      }
      Object.values(node).forEach(walk);
    };
    walk(c);
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

  test('a CronJob\'s schedule, time zone and suspend come from its values as in the plain synth', () => {
    const report = { schedule: '30 4 * * 1-5', timeZone: 'Europe/Berlin', suspend: true };
    const r = helm(['template', 'demo', chart, '--namespace', 'demo', '--skip-tests',
      '--set', `report.schedule=${report.schedule}`, '--set', `report.timeZone=${report.timeZone}`, '--set', 'report.suspend=true']);
    expect(r.stderr).toBe('');
    const fromHelm = parseAllDocuments(r.stdout).map((d) => d.toJS()).filter(Boolean) as KubeObject[];
    const plain = renderPlatform(demo, 'x', { ...demo.defaults, report });
    expect(strip(fromHelm)).toEqual(strip(plain));
    expect((plain.find((o) => o.kind === 'CronJob') as any).spec).toMatchObject(report);
  });

  test('the chart\'s schema refuses a schedule the CronJob controller cannot parse', () => {
    for (const schedule of ['0 3 * *', 'TZ=Europe/Berlin 0 3 * * *', '@sometimes']) {
      const r = helm(['template', 'demo', chart, '--namespace', 'demo', '--skip-tests', '--set', `report.schedule=${schedule}`]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/report\.schedule/);
    }
  });
});
