/**
 * The Helm path on a real API server with a current Helm: every chart installed with every env
 * file, then the upgrades users make, a rollback and an uninstall. Each step succeeds, or the
 * chart refuses it up front (schema or `fail`, before anything reaches the cluster); never an
 * API error halfway. Known defects owned by another issue are `test.failing`, naming it, so they
 * flip to a failure (and must be unmarked) the day the fix lands.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { valuesFileArgs } from '../support/helm-round-trip';
import { allTargets, loadObjects } from '../support/synthesized';
import { expectWorkloadsRun, settled } from './cluster-state';
import { ControlPlane, INFRASTRUCTURE_NAMESPACES, ROOT, Run, withControlPlane } from './control-plane';
import { testUnless } from './known-defects';
import { knobsOf, NextVersion, nextVersions } from './next-versions';

const CHARTS = join(ROOT, 'dist', 'helm');
const RELEASE_NS = 'default';
/** A PriorityClass the cluster has (created before the installs), for the priorityClassName upgrade. */
const PRIORITY_CLASS = 'kubesynth-test-high';
/** An image digest for the upgrade that pins the app by content (kwok runs no image, the API server stores the reference). */
const DIGEST = 'sha256:a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4';

let cp: ControlPlane;
withControlPlane((started) => (cp = started));

const chartDir = (platform: string) => join(CHARTS, platform);
const chartArchive = (platform: string) => {
  const version = /^version:\s*(\S+)/m.exec(readFileSync(join(chartDir(platform), 'Chart.yaml'), 'utf8'))![1];
  return join(CHARTS, `${platform}-${version}.tgz`);
};
const envFile = (platform: string, env: string) => join(ROOT, 'config', platform, `${env}.yaml`);
const sets = (values: readonly string[]) => values.flatMap((s) => ['--set', s]);

/**
 * client-go's informational log when `--wait`'s watch is closed as Helm stops waiting: not about
 * the chart or the cluster, and printed or not depending on timing (seen once in a clean-clone CI run).
 */
const WATCH_CLOSED = /^I\d{4} [\d:.]+\s+\d+ reflector\.go:\d+\] "Warning: watch ended with error" .*context canceled/;

/** What Helm printed on stderr (its warnings and errors; notes go to stdout), blank lines and WATCH_CLOSED dropped. */
function problems(r: Run): string {
  return r.stderr
    .split('\n')
    .filter((l) => l.trim() && !WATCH_CLOSED.test(l))
    .join('\n');
}

/** Objects of the release's manifest, as Helm recorded it. */
function manifest(release: string, ns = RELEASE_NS): Array<{ kind: string; metadata: { name: string; namespace?: string } }> {
  const r = cp.helm(['get', 'manifest', release, '-n', ns]);
  expect(r.status).toBe(0);
  return parseAllDocuments(r.stdout).map((d) => d.toJSON()).filter(Boolean);
}

/** Namespaces the release's objects live in. */
function releaseNamespaces(release: string, ns = RELEASE_NS): string[] {
  return [...new Set(manifest(release, ns).map((o) => (o.kind === 'Namespace' ? o.metadata.name : o.metadata.namespace ?? ns)))].sort();
}

/** Every object left in `namespaces` (and cluster-wide, labelled for the release) after an uninstall. */
function leftovers(release: string, namespaces: readonly string[]): string[] {
  const kinds = cp.kubectlOk(['api-resources', '--verbs=list,delete', '--namespaced', '-o', 'name']).split('\n').filter(Boolean)
    .filter((k) => !/^(events|events\.events\.k8s\.io|serviceaccounts|configmaps)$/.test(k));
  const left: string[] = [];
  for (const ns of namespaces) {
    if (cp.kubectl(['get', 'namespace', ns]).status !== 0) continue;
    const r = cp.kubectl(['get', kinds.join(','), '-n', ns, '-l', `app.kubernetes.io/instance=${release}`, '-o', 'name']);
    left.push(...r.stdout.split('\n').filter(Boolean).map((n) => `${ns}/${n}`));
  }
  return left.sort();
}

const targets = allTargets();

/** `kubectl get -o name` of a manifest object: `persistentvolumeclaim/x`, `cluster.postgresql.cnpg.io/y`. */
function resourceName(o: { apiVersion?: string; kind: string; metadata: { name: string } }): string {
  const group = o.apiVersion?.includes('/') ? o.apiVersion.slice(0, o.apiVersion.indexOf('/')) : '';
  return `${o.kind.toLowerCase()}${group ? `.${group}` : ''}/${o.metadata.name}`;
}

/**
 * What helm uninstall keeps of a release, on purpose: the namespaced objects annotated
 * `helm.sh/resource-policy: keep` (data volumes, and PostgreSQL Clusters, whose operator deletes
 * the volumes with them), and the claims its StatefulSets make (retained by their policy).
 */
function dataVolumes(release: string, ns = RELEASE_NS): string[] {
  return manifest(release, ns).flatMap((o: any) => {
    const where = o.metadata.namespace ?? ns;
    if (o.kind !== 'Namespace' && o.metadata.annotations?.['helm.sh/resource-policy'] === 'keep') return [`${where}/${resourceName(o)}`];
    if (o.kind !== 'StatefulSet') return [];
    return (o.spec.volumeClaimTemplates ?? []).flatMap((t: any) =>
      Array.from({ length: o.spec.replicas ?? 1 }, (_x, i) => `${where}/persistentvolumeclaim/${t.metadata.name}-${o.metadata.name}-${i}`),
    );
  });
}

describe.each([...new Set(targets.map((t) => t.platform))])('%s', (platform) => {
  const envs = targets.filter((t) => t.platform === platform).map((t) => t.env);
  const knobs = knobsOf(platform);

  test.each(envs)('%s: helm install succeeds with no warning, every workload runs, and helm uninstall leaves no orphan', async (env) => {
    const release = platform;
    const install = cp.helm(['install', release, chartDir(platform), '-n', RELEASE_NS, ...valuesFileArgs(envFile(platform, env)), '--timeout', '3m']);
    expect({ status: install.status, problems: problems(install) }).toEqual({ status: 0, problems: '' });
    const namespaces = releaseNamespaces(release);
    const volumes = dataVolumes(release);
    try {
      await expectWorkloadsRun(cp, namespaces);
    } finally {
      const un = cp.helm(['uninstall', release, '-n', RELEASE_NS, '--wait', '--timeout', '3m']);
      expect({ status: un.status, problems: problems(un) }).toEqual({ status: 0, problems: '' });
    }
    // What may stay is data (the claims, kept on purpose); nothing else of the release.
    const orphans = await settled(cp, () => leftovers(release, namespaces).filter((o) => !volumes.includes(o)), 60_000);
    expect(orphans).toEqual([]);
    cleanUp(namespaces, volumes);
  });

  describe('the prod install, upgraded as users do', () => {
    const release = platform;
    const prod = valuesFileArgs(envFile(platform, 'prod'));
    // --history-max 0: these upgrades outnumber Helm's default 10 kept revisions, and the
    // rollback test goes back to revision 1.
    const upgrade = (extra: readonly string[]) =>
      cp.helm(['upgrade', release, chartDir(platform), '-n', RELEASE_NS, ...prod, ...extra, '--history-max', '0', '--timeout', '3m']);
    beforeAll(() => {
      // The PriorityClass an upgrade below names: the Priority admission plugin refuses pods of an unknown class.
      const priorityClass = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: PRIORITY_CLASS }, value: 100000, globalDefault: false };
      expect(cp.kubectl(['apply', '-f', '-'], JSON.stringify(priorityClass)).status).toBe(0);
      const r = cp.helm(['install', release, chartDir(platform), '-n', RELEASE_NS, ...prod, '--timeout', '3m']);
      expect({ status: r.status, problems: problems(r) }).toEqual({ status: 0, problems: '' });
    }, 240_000);

    test('helm test: the hook Job is created, its pod admitted under restricted PSS, and it succeeds; NOTES say how to run it', () => {
      const notes = cp.helm(['get', 'notes', release, '-n', RELEASE_NS]);
      expect(notes.stdout).toContain(`helm test ${release} -n ${RELEASE_NS}`);
      const hooks = parseAllDocuments(cp.helm(['get', 'hooks', release, '-n', RELEASE_NS]).stdout).map((d) => d.toJSON())
        .filter((o) => o?.metadata?.annotations?.['helm.sh/hook'] === 'test');
      const job = hooks.find((o) => o.kind === 'Job');
      expect(job).toBeDefined();
      // The pod the Job will create, judged by the API server's Pod Security admission as a Pod of its own (a warning or a refusal fails).
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'helm-test-admission', namespace: job.metadata.namespace }, spec: job.spec.template.spec };
      const admitted = cp.kubectl(['create', '--dry-run=server', '-f', '-'], JSON.stringify(pod));
      expect({ status: admitted.status, stderr: admitted.stderr }).toEqual({ status: 0, stderr: '' });
      // kwok stands in for kubelets: it marks the Job's pod Succeeded without running the script (the
      // unit tests check what it reaches); what is real here is the hook order, the Job, its pod's
      // admission, the Job controller's completion and Helm's verdict.
      const r = cp.helm(['test', release, '-n', RELEASE_NS, '--timeout', '3m']);
      expect({ status: r.status, problems: problems(r) }).toEqual({ status: 0, problems: '' });
      expect(r.stdout).toMatch(new RegExp(`TEST SUITE:\\s+${job.metadata.name}\\n[\\s\\S]*?Phase:\\s+Succeeded`));
      // Passed, so its Job and the two NetworkPolicies that opened its path are gone (hook-succeeded).
      const left = cp.kubectl(['get', 'jobs,networkpolicies', '-n', job.metadata.namespace, '-l', 'app.kubernetes.io/component=helm-test', '-o', 'name']);
      expect(left.stdout.trim()).toBe('');
    });

    /**
     * `applied`: what the cluster must show afterwards; a change with one may not be refused.
     * `mustApply`: a change the chart must take (never refused up front).
     */
    const changes: Array<NextVersion & { applied?: () => void; readonly mustApply?: boolean }> = [
      ...nextVersions(platform),
      { name: 'fixed replicas (autoscaling off)', set: [`${knobs.app}.autoscaling.enabled=false`, `${knobs.app}.replicas=4`] },
      { name: 'autoscaling back on', set: [`${knobs.app}.autoscaling.enabled=true`] },
      { name: 'ingress off', set: ['ingress.enabled=false'] },
      { name: 'extra NetworkPolicy rules', set: ['networkPolicy.extraEgress[0].to[0].ipBlock.cidr=10.20.0.0/16', 'networkPolicy.extraEgress[0].ports[0].port=5432', 'networkPolicy.extraIngress[0].from[0].namespaceSelector.matchLabels.team=observability'] },
      { name: 'NetworkPolicies off (a loosening)', set: ['networkPolicy.enabled=false'] },
      {
        name: 'common labels and annotations, pod labels, pull secrets (global and the app\'s) and a priority class',
        set: [
          'commonLabels.cost-center=ai-42', 'commonAnnotations.example\\.com/owner=team-ai',
          `${knobs.app}.image.digest=${DIGEST}`, `${knobs.app}.serviceAccount.name=${platform}-app-irsa`, `${knobs.app}.serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=arn:aws:iam::123456789012:role/${platform}`,
          `${knobs.app}.podLabels.team=platform`, 'global.imagePullSecrets={regcred}', `${knobs.app}.imagePullSecrets={app-cred}`, `global.priorityClassName=${PRIORITY_CLASS}`,
        ],
        applied: () => {
          // Every object of the release, as the API server stored it, carries the common metadata.
          const stored = manifest(release).filter((o) => o.kind !== 'Namespace').map((o: any) => JSON.parse(cp.kubectlOk(['get', resourceName(o), '-n', o.metadata.namespace ?? RELEASE_NS, '-o', 'json'])));
          expect(stored.length).toBeGreaterThan(5);
          const missing = stored.filter((o) => o.metadata.labels?.['cost-center'] !== 'ai-42' || o.metadata.annotations?.['example.com/owner'] !== 'team-ai');
          expect(missing.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
          // The app's pods, as the API server stored them (admitted by the Priority plugin, which resolves the class to its value).
          const pods = JSON.parse(cp.kubectlOk(['get', 'pods', '-n', RELEASE_NS, '-l', `app.kubernetes.io/instance=${release},team=platform`, '-o', 'json'])).items;
          expect(pods.length).toBeGreaterThan(0);
          for (const p of pods) {
            expect(p.spec.containers[0].image).toMatch(new RegExp(`@${DIGEST}$`));
            expect({ priorityClassName: p.spec.priorityClassName, priority: p.spec.priority, imagePullSecrets: p.spec.imagePullSecrets, serviceAccountName: p.spec.serviceAccountName })
              .toEqual({ priorityClassName: PRIORITY_CLASS, priority: 100000, imagePullSecrets: [{ name: 'regcred' }, { name: 'app-cred' }], serviceAccountName: `${platform}-app-irsa` });
          }
          // The renamed account exists with its IRSA annotation (the pods above were admitted with it).
          const sa = JSON.parse(cp.kubectlOk(['get', 'serviceaccount', `${platform}-app-irsa`, '-n', RELEASE_NS, '-o', 'json']));
          expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe(`arn:aws:iam::123456789012:role/${platform}`);
          expect(sa.automountServiceAccountToken).toBe(false);
        },
      },
      { name: 'tighter security contexts', set: [`${knobs.app}.podSecurityContext.runAsUser=2000`, `${knobs.app}.podSecurityContext.supplementalGroups={3000}`, `${knobs.app}.containerSecurityContext.capabilities.add={NET_BIND_SERVICE}`] },
      { name: 'extra env, env sources, volumes, mounts, a sidecar and an init container', mustApply: true, set: podExtrasSet(knobs.app) },
    ];
    for (const change of changes) {
      testUnless(change.knownDefect, `helm upgrade with ${change.name} succeeds, or the chart refuses it before touching the cluster`, async () => {
        const r = upgrade(sets(change.set));
        if (r.status !== 0 && change.applied) throw new Error(`helm upgrade with ${change.name} was refused: ${r.stderr}`);
        if (change.mustApply) expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
        if (r.status !== 0) {
          // Refused up front: by the values schema or a template `fail`, never by the API server.
          expect(r.stderr).toMatch(/values don't meet the specifications of the schema|execution error at/);
          return;
        }
        expect(problems(r)).toBe('');
        await expectWorkloadsRun(cp, releaseNamespaces(release));
        change.applied?.();
      });
    }

    if (knobs.migrationInput) {
      test('helm upgrade that switches the migration on later runs it before the new pods', async () => {
        const hookJobs = () =>
          parseAllDocuments(cp.helm(['get', 'hooks', release, '-n', RELEASE_NS]).stdout)
            .map((d) => d.toJSON())
            .filter((o) => o?.kind === 'Job' && /-migrate-/.test(o.metadata.name)).length;
        expect(upgrade(['--set', 'migration.enabled=false']).status).toBe(0);
        expect(hookJobs()).toBe(0);
        const on = upgrade([]);
        expect({ status: on.status, problems: problems(on) }).toEqual({ status: 0, problems: '' });
        expect(hookJobs()).toBeGreaterThan(0);
        await expectWorkloadsRun(cp, releaseNamespaces(release));
      });
    }

    test('helm rollback to the first revision succeeds and the workloads run', async () => {
      const r = cp.helm(['rollback', release, '1', '-n', RELEASE_NS, '--wait', '--timeout', '3m']);
      expect({ status: r.status, problems: problems(r) }).toEqual({ status: 0, problems: '' });
      await expectWorkloadsRun(cp, releaseNamespaces(release));
    });

    test('a second release side by side (another name, same namespace) installs and runs', async () => {
      const second = `${platform}-b`;
      const r = cp.helm(['install', second, chartDir(platform), '-n', RELEASE_NS, ...prod, '--timeout', '3m']);
      try {
        expect({ status: r.status, problems: problems(r) }).toEqual({ status: 0, problems: '' });
        await expectWorkloadsRun(cp, releaseNamespaces(second));
      } finally {
        cp.helm(['uninstall', second, '-n', RELEASE_NS, '--wait', '--timeout', '3m']);
      }
    });

    test('a second release in a namespace made by helm install -n <ns> --create-namespace installs beside the first, all in <ns>', async () => {
      const second = `${platform}-ns`;
      const ns = `${platform}-release`;
      const r = cp.helm(['install', second, chartDir(platform), '-n', ns, '--create-namespace', ...prod, '--timeout', '3m']);
      try {
        expect({ status: r.status, problems: problems(r) }).toEqual({ status: 0, problems: '' });
        // Outside <ns> only what must live elsewhere: infrastructure namespaces (the monitoring
        // stack's dashboard), and namespaces the chart writes itself (agent sandboxes).
        const own = manifest(second, ns).filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
        const outside = releaseNamespaces(second, ns).filter((n) => n !== ns && !INFRASTRUCTURE_NAMESPACES.includes(n) && !own.includes(n));
        expect(outside).toEqual([]);
        expect(manifest(second, ns).filter((o) => o.kind === 'Namespace' && o.metadata.name === ns)).toEqual([]);
        await expectWorkloadsRun(cp, releaseNamespaces(second, ns));
        // The first release, in its own namespace, is untouched and still runs.
        await expectWorkloadsRun(cp, releaseNamespaces(release));
      } finally {
        const kept = dataVolumes(second, ns);
        cp.helm(['uninstall', second, '-n', ns, '--wait', '--timeout', '3m']);
        cleanUp(releaseNamespacesAfter(second, ns, kept), kept);
        cp.kubectl(['delete', 'namespace', ns, '--ignore-not-found', '--wait=true', '--timeout=180s']);
      }
    });

    if (knobs.storageInStatefulSet) {
      // After the rollback test: a rollback to a revision with the smaller claim template would itself be refused.
      test('a bigger data volume: helm upgrade refuses it with the README steps, and upgrades once they are taken', async () => {
        const refused = upgrade(sets([knobs.storage]));
        expect(refused.status).not.toBe(0);
        expect(refused.stderr).toMatch(/execution error at/);
        const named = /StatefulSet ([a-z0-9-]+)\/([a-z0-9-]+): spec\.volumeClaimTemplates\[0\]\.spec\.resources\.requests\.storage \(set by ([a-zA-Z.]+)\)/.exec(refused.stderr);
        expect(named?.[3]).toBe(knobs.storage.split('=')[0]);
        const [, ns, sts] = named!;
        expect(refused.stderr).toContain(`kubectl -n ${ns} delete statefulset ${sts} --cascade=orphan`);
        const storage = knobs.storage.split('=')[1];
        const claims = cp.getJson(['pvc', '-n', ns]).items.map((c: any) => c.metadata.name).filter((n: string) => n.startsWith(`data-${sts}-`));
        expect(claims.length).toBeGreaterThan(0);
        for (const claim of claims) cp.kubectlOk(['-n', ns, 'patch', 'pvc', claim, '-p', JSON.stringify({ spec: { resources: { requests: { storage } } } })]);
        cp.kubectlOk(['-n', ns, 'delete', 'statefulset', sts, '--cascade=orphan']);
        const r = upgrade(sets([knobs.storage]));
        expect({ status: r.status, problems: problems(r) }).toEqual({ status: 0, problems: '' });
        await expectWorkloadsRun(cp, releaseNamespaces(release));
        expect(cp.getJson<any>(['statefulset', sts, '-n', ns]).spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe(storage);
      });
    }

    test('helm uninstall keeps the data volumes and nothing else', async () => {
      const namespaces = releaseNamespaces(release);
      const volumes = dataVolumes(release);
      // Not vacuous where prod has data; the upgrades before may have added claims (kept too).
      if (dataVolumesExpected(platform)) expect(volumes.length).toBeGreaterThan(0);
      const un = cp.helm(['uninstall', release, '-n', RELEASE_NS, '--wait', '--timeout', '3m']);
      expect({ status: un.status, problems: problems(un) }).toEqual({ status: 0, problems: '' });
      expect(await settled(cp, () => diff(leftovers(release, namespaces), volumes), 60_000)).toEqual([]);
      cleanUp(namespaces, volumes);
    });
  });

  test('the packaged .tgz installs exactly the objects the chart folder installs', () => {
    const fromFolder = cp.helm(['install', platform, chartDir(platform), '-n', RELEASE_NS, ...valuesFileArgs(envFile(platform, 'prod')), '--dry-run=server']);
    const fromArchive = cp.helm(['install', platform, chartArchive(platform), '-n', RELEASE_NS, ...valuesFileArgs(envFile(platform, 'prod')), '--dry-run=server']);
    expect(fromFolder.status).toBe(0);
    expect(fromArchive.status).toBe(0);
    const body = (s: string) => s.slice(s.indexOf('---')).replace(/^LAST DEPLOYED:.*$/m, '');
    expect(body(fromArchive.stdout)).toBe(body(fromFolder.stdout));
  });

  test('a release with fullnameOverride installs, every object is named after it and every workload runs', async () => {
    // Every reference (Service names in env URLs, Secrets, ConfigMaps, selectors, HPA and PDB
    // targets) must follow the override, or pods would not start or not be reachable.
    const release = platform;
    const r = cp.helm(['install', release, chartDir(platform), '-n', RELEASE_NS, ...valuesFileArgs(envFile(platform, 'prod')), '--set', 'fullnameOverride=blue', '--timeout', '3m']);
    const namespaces = r.status === 0 ? releaseNamespaces(release) : [];
    const kept = r.status === 0 ? dataVolumes(release) : [];
    try {
      expect({ status: r.status, problems: problems(r) }).toEqual({ status: 0, problems: '' });
      const misnamed = manifest(release).filter((o) => o.kind !== 'Namespace' && !o.metadata.name.startsWith('blue-'));
      expect(misnamed.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
      await expectWorkloadsRun(cp, namespaces);
    } finally {
      cp.helm(['uninstall', release, '-n', RELEASE_NS, '--wait', '--timeout', '3m']);
      cleanUp(namespaces, kept);
    }
  });
});

/** Whether the platform's prod install has data volumes (from the committed plain YAML). */
function dataVolumesExpected(platform: string): boolean {
  return loadObjects(join(ROOT, 'dist'), platform, 'prod').some((o: any) => o.kind === 'PersistentVolumeClaim' || (o.kind === 'StatefulSet' && o.spec.volumeClaimTemplates?.length));
}

/** `a` minus `b`, and `b` minus `a`, marked, so one list shows both what is extra and what is gone. */
function diff(a: readonly string[], b: readonly string[]): string[] {
  return [...a.filter((x) => !b.includes(x)).map((x) => `left behind: ${x}`), ...b.filter((x) => !a.includes(x)).map((x) => `lost: ${x}`)];
}

/** The namespaces a release had objects in, from what it kept (its manifest is gone after uninstall). */
function releaseNamespacesAfter(_release: string, ns: string, kept: readonly string[]): string[] {
  return [...new Set([ns, ...kept.map((k) => k.slice(0, k.indexOf('/')))])];
}

/**
 * Deletes what an uninstall kept on purpose (the kept objects, the namespaces the chart wrote),
 * so the next install starts from an empty cluster.
 */
function cleanUp(namespaces: readonly string[], kept: readonly string[]): void {
  for (const k of kept) {
    const [ns, ...name] = k.split('/');
    cp.kubectl(['delete', name.join('/'), '-n', ns, '--ignore-not-found', '--wait=true', '--timeout=180s']);
  }
  for (const ns of namespaces.filter((n) => !INFRASTRUCTURE_NAMESPACES.includes(n) && n !== RELEASE_NS)) {
    cp.kubectl(['delete', 'namespace', ns, '--ignore-not-found', '--wait=true', '--timeout=180s']);
  }
}

/**
 * `--set`s adding one of each pod extra to `component`: an env var, an optional ConfigMap as env,
 * an emptyDir mounted by the main container and a sidecar, and an init container. The API
 * server and restricted Pod Security admission must take them as they come out of the chart.
 */
function podExtrasSet(component: string): string[] {
  const resources = (at: string) => [`${at}.resources.requests.cpu=10m`, `${at}.resources.requests.memory=16Mi`, `${at}.resources.limits.cpu=50m`, `${at}.resources.limits.memory=32Mi`];
  const c = component;
  return [
    `${c}.extraEnv[0].name=KUBESYNTH_EXTRA`,
    `${c}.extraEnv[0].value=on`,
    `${c}.extraEnvFrom[0].configMapRef.name=extra-settings`,
    `${c}.extraEnvFrom[0].configMapRef.optional=true`,
    `${c}.extraVolumes[0].name=extra-scratch`,
    `${c}.extraVolumes[0].emptyDir.sizeLimit=16Mi`,
    `${c}.extraVolumeMounts[0].name=extra-scratch`,
    `${c}.extraVolumeMounts[0].mountPath=/scratch`,
    `${c}.sidecars[0].name=shipper`,
    `${c}.sidecars[0].image=docker.io/library/busybox:1.37.0`,
    `${c}.sidecars[0].args={sleep,infinity}`,
    ...resources(`${c}.sidecars[0]`),
    `${c}.sidecars[0].volumeMounts[0].name=extra-scratch`,
    `${c}.sidecars[0].volumeMounts[0].mountPath=/scratch`,
    `${c}.initContainers[0].name=prepare`,
    `${c}.initContainers[0].image=docker.io/library/busybox:1.37.0`,
    `${c}.initContainers[0].command={/bin/true}`,
    ...resources(`${c}.initContainers[0]`),
  ];
}
