/**
 * Issue 12 (pod-level conventions follow-up), item 1: `imagePullSecrets` and
 * `priorityClassName` reach EVERY pod, not only the components' Deployments and StatefulSets:
 * the migration Job (the API image: `api`'s values over global's), the Kafka topics Job, the
 * backup CronJob, the sandbox pod template (a Pod in a ConfigMap), the CNPG Clusters (whose
 * operator makes the PostgreSQL pods) and the helm test Job (global's alone).
 *
 * The walk is generic: every object of every platform is searched for pod specs (anything with
 * a `containers` list, JSON or YAML text in strings included), and a kind in which none is found
 * must be one known to run no pod, or one whose pod settings live elsewhere (CNPG's Cluster).
 * A future pod kind therefore either is checked or fails this test until it is classified.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { platforms } from '../charts';
import { loadPlatformValues } from '../lib/platform/platform-values';
import { KubeObject, renderPlatform } from '../lib/render/render';
import { envArgs, expectSameObjects, helmTemplate } from './support/helm-round-trip';
import { NO_PODS, podSpecsOf } from './support/pod-specs';
import { CONFIG_DIR, ROOT, tempDir } from './support/synthesized';

const chartOf = (platform: string) => join(ROOT, 'dist', 'helm', platform);

/** Parts of a platform that prod leaves off, switched on so every pod exists. */
const EVERYTHING_ON: Readonly<Record<string, object>> = {
  cognivern: { settings: { agentsEnabled: true } },
};

/** The component whose own values are set: the API (the migration runs its image), else cognivern's backend. */
const APP: Readonly<Record<string, { key: string; component: string }>> = {
  'cortex-core': { key: 'api', component: 'api' },
  somabrain: { key: 'api', component: 'api' },
  cognition: { key: 'api', component: 'api' },
  'meta-cognition': { key: 'api', component: 'api' },
  cognivern: { key: 'backend', component: 'backend' },
};

/** The pods that run the app component's image: its own, and the migration Job's. */
const RUNS_APP_IMAGE = (app: string) => new Set([app, ...(app === 'api' ? ['migrate'] : [])]);

/** Which kinds hold pods in each platform's plain synth (all pods on); the chart adds the helm test Job. */
const POD_KINDS: Readonly<Record<string, readonly string[]>> = {
  'cortex-core': ['Cluster', 'Deployment', 'Job'],
  somabrain: ['Cluster', 'Deployment', 'Job', 'StatefulSet'],
  cognition: ['Cluster', 'ConfigMap', 'Deployment', 'Job', 'StatefulSet'],
  'meta-cognition': ['Cluster', 'Deployment', 'StatefulSet'],
  cognivern: ['CronJob', 'Deployment', 'StatefulSet'],
};

/** Pods held as JSON text in ConfigMaps (the cognition sandbox template). */
function sandboxPods(objects: readonly KubeObject[]): KubeObject[] {
  return objects.filter((o) => o.kind === 'ConfigMap').flatMap((o: any) => Object.values<string>(o.data ?? {}).filter((t) => t.includes('"kind": "Pod"')).map((t) => JSON.parse(t)));
}

test('every platform is covered', () => {
  expect(platforms.map((p) => p.name).sort()).toEqual(Object.keys(APP).sort());
});

describe.each(platforms.map((p) => [p.name, p] as const))('%s: pull secrets and PriorityClass on every pod', (name, def) => {
  const app = APP[name];
  const overrides = {
    ...EVERYTHING_ON[name],
    // A {name: ...} map, as umbrella charts write it, and a name the component repeats.
    global: { imagePullSecrets: [{ name: 'global-cred' }, 'shared-cred'], priorityClassName: 'global-priority' },
    [app.key]: { imagePullSecrets: ['shared-cred', 'app-cred'], priorityClassName: 'app-priority' },
  };
  const file = join(tempDir(), 'values.json');
  writeFileSync(file, JSON.stringify(overrides));
  const plain = renderPlatform(def, 'prod', loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: 'test.json', values: overrides }]));
  // With the helm test hooks (templates/tests/), which exist only in the chart.
  const chart = helmTemplate(name, chartOf(name), [...envArgs(name, 'prod'), '-f', file], { tests: true });
  const isTest = (o: KubeObject) => (o.metadata.annotations as Record<string, string> | undefined)?.['helm.sh/hook'] === 'test';

  test('the chart renders what the plain synth writes (round trip)', () => {
    expectSameObjects(chart.filter((o) => !isTest(o)), plain);
  });

  test.each([['plain synth', plain], ['chart', chart]] as const)('%s: every pod has global\'s, and the app image\'s pods the app\'s over them', (_what, objects) => {
    const pods = objects.flatMap(podSpecsOf);
    const unclassified = objects.filter((o) => !NO_PODS.has(o.kind) && !pods.some((p) => p.id === `${o.kind}/${o.metadata.name}`)).map((o) => o.kind);
    // A kind with no pod spec found must be known to run none: classify a new one here.
    expect(unclassified).toEqual([]);
    const kinds = objects === chart ? [...new Set([...POD_KINDS[name], 'Job'])].sort() : POD_KINDS[name];
    expect([...new Set(pods.map((p) => p.id.split('/')[0]))].sort()).toEqual(kinds);
    for (const p of pods) {
      const own = p.component !== undefined && RUNS_APP_IMAGE(app.component).has(p.component);
      expect({ pod: `${p.id} ${p.where}`, priorityClassName: p.spec.priorityClassName, imagePullSecrets: p.spec.imagePullSecrets }).toEqual({
        pod: `${p.id} ${p.where}`,
        priorityClassName: own ? 'app-priority' : 'global-priority',
        imagePullSecrets: [{ name: 'global-cred' }, { name: 'shared-cred' }, ...(own ? [{ name: 'app-cred' }] : [])],
      });
    }
    if (objects === chart) expect(pods.filter((p) => p.id.startsWith('Job/') && p.component === 'helm-test')).toHaveLength(1);
  });

  test('the objects with the fields set are valid against the Kubernetes and CRD schemas (kubernetes-models; CNPG Cluster included), the sandbox Pod too', () => {
    const dir = tempDir();
    const files = [...chart, ...sandboxPods(chart)].map((o, i) => {
      const f = join(dir, `${i}.yaml`);
      writeFileSync(f, stringify(o));
      return f;
    });
    expect(JSON.parse(execFileSync(process.execPath, [join(__dirname, 'support', 'validate-k8s.mjs'), ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }))).toEqual([]);
  });
});
