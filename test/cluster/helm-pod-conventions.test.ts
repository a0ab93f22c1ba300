/**
 * Issue 12 (pod-level conventions follow-up), item 1, on a real API server with the current
 * Helm: each chart installed with `global.imagePullSecrets`, `global.priorityClassName` and the
 * app component's own. The API server takes every object (a CRD that did not know a field would
 * prune it: the stored objects are read back), admits every pod the release makes (the Priority
 * plugin resolves each class to its value; a hook Job completes only when its pod was admitted),
 * and every pod spec, hooks, helm test, CNPG Clusters and the sandbox Pod template included,
 * carries the values the README's table gives it.
 */
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { valuesFileArgs } from '../support/helm-round-trip';
import { podSpecsOf } from '../support/pod-specs';
import { allTargets } from '../support/synthesized';
import { expectWorkloadsRun, triggerCronJobs } from './cluster-state';
import { ControlPlane, ROOT, Run, withControlPlane } from './control-plane';
import { knobsOf } from './next-versions';

const RELEASE_NS = 'default';
/** The PriorityClasses the cluster has: the global one and the app component's own. */
const CLASSES = { global: { name: 'kubesynth-global', value: 1000 }, app: { name: 'kubesynth-app', value: 2000 } } as const;

let cp: ControlPlane;
withControlPlane((started) => (cp = started));

/** What Helm printed on stderr (warnings, errors), blank lines dropped. */
const problems = (r: Run) => r.stderr.split('\n').filter((l) => l.trim()).join('\n');

/** The pull secrets and class a pod of `component` must have: the app's image's pods (its own, the migration's) the app's over global's. */
function expected(app: string, component: string | undefined): { priorityClassName: string; imagePullSecrets: Array<{ name: string }> } {
  const own = component === app || (app === 'api' && component === 'migrate');
  return {
    priorityClassName: own ? CLASSES.app.name : CLASSES.global.name,
    imagePullSecrets: [{ name: 'regcred' }, ...(own ? [{ name: 'app-cred' }] : [])],
  };
}

/** `kubectl get`'s type of an object: `deployment.apps`, `cluster.postgresql.cnpg.io`, `configmap`. */
function resourceType(o: { apiVersion: string; kind: string }): string {
  return o.apiVersion.includes('/') ? `${o.kind.toLowerCase()}.${o.apiVersion.split('/')[0]}` : o.kind.toLowerCase();
}

beforeAll(() => {
  for (const c of Object.values(CLASSES)) {
    const priorityClass = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: c.name }, value: c.value, globalDefault: false };
    cp.kubectlOk(['apply', '-f', '-'], JSON.stringify(priorityClass));
  }
});

describe.each([...new Set(allTargets().map((t) => t.platform))])('%s', (platform) => {
  const app = knobsOf(platform).app;
  const release = platform;

  test('installed with global and app pull secrets and PriorityClasses: every object is stored with them, every pod admitted with them, helm test passes', async () => {
    const install = cp.helm([
      'install', release, join(ROOT, 'dist', 'helm', platform), '-n', RELEASE_NS, ...valuesFileArgs(join(ROOT, 'config', platform, 'prod.yaml')),
      '--set', 'global.imagePullSecrets={regcred}', '--set', `global.priorityClassName=${CLASSES.global.name}`,
      '--set', `${app}.imagePullSecrets={app-cred}`, '--set', `${app}.priorityClassName=${CLASSES.app.name}`, '--timeout', '3m',
    ]);
    try {
      expect({ status: install.status, problems: problems(install) }).toEqual({ status: 0, problems: '' });
      const recorded = (what: 'manifest' | 'hooks') => parseAllDocuments(cp.helm(['get', what, release, '-n', RELEASE_NS]).stdout).map((d) => d.toJSON()).filter(Boolean);
      // The release's objects as the API server stored them (a field a CRD does not know would be pruned).
      const stored = recorded('manifest').map((o: any) => cp.getJson<any>([resourceType(o), o.metadata.name, '-n', o.metadata.namespace ?? RELEASE_NS]));
      // Hooks (migration, topics, helm test) as Helm sent them; the install completed, so their pods were admitted.
      const hooks = recorded('hooks');
      const specs = [...stored, ...hooks].flatMap(podSpecsOf);
      expect(specs.map((p) => p.id.split('/')[0]).filter((k, i, all) => all.indexOf(k) === i).length).toBeGreaterThan(1);
      for (const p of specs) {
        const e = expected(app, p.component);
        expect({ pod: `${p.id} ${p.where}`, priorityClassName: p.spec.priorityClassName, imagePullSecrets: p.spec.imagePullSecrets }).toEqual({ pod: `${p.id} ${p.where}`, ...e });
      }
      // Pod templates held as text (the cognition sandboxes): the API server admits the Pod as the API will create it.
      for (const o of stored.filter((x: any) => x.kind === 'ConfigMap')) {
        for (const text of Object.values<string>(o.data ?? {})) {
          if (!text.includes('"containers"')) continue;
          const pod = JSON.parse(text);
          const created = cp.kubectl(['create', '--dry-run=server', '-f', '-'], JSON.stringify({ ...pod, metadata: { ...pod.metadata, generateName: undefined, name: 'sandbox-admission' } }));
          expect({ configMap: o.metadata.name, status: created.status, stderr: created.stderr }).toEqual({ configMap: o.metadata.name, status: 0, stderr: '' });
        }
      }
      const namespaces = [...new Set(stored.map((o: any) => o.metadata.namespace).filter(Boolean))] as string[];
      await expectWorkloadsRun(cp, namespaces);
      // A Job from each CronJob (the backup), so its pod is admitted too.
      triggerCronJobs(cp, namespaces);
      const pods = namespaces.flatMap((ns) => cp.getJson(['pods', '-n', ns, '-l', `app.kubernetes.io/instance=${release}`]).items);
      expect(pods.length).toBeGreaterThan(0);
      for (const p of pods) {
        const e = expected(app, p.metadata.labels['app.kubernetes.io/component']);
        const value = e.priorityClassName === CLASSES.app.name ? CLASSES.app.value : CLASSES.global.value;
        expect({ pod: p.metadata.name, priorityClassName: p.spec.priorityClassName, priority: p.spec.priority, imagePullSecrets: p.spec.imagePullSecrets })
          .toEqual({ pod: p.metadata.name, ...e, priority: value });
      }
      const tested = cp.helm(['test', release, '-n', RELEASE_NS, '--timeout', '3m']);
      expect({ status: tested.status, problems: problems(tested) }).toEqual({ status: 0, problems: '' });
    } finally {
      cp.helm(['uninstall', release, '-n', RELEASE_NS, '--wait', '--timeout', '3m']);
    }
  });
});
