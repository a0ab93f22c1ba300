/**
 * The GitOps path on a real API server: every committed `dist/<platform>/<env>` folder is
 * server-side applied as Argo CD (ServerSideApply=true) and Flux apply it, then judged by the
 * real admission chain and controllers, re-applied to prove it converged, and followed by the
 * next versions users commit. The GitOps entry points are applied too.
 */
import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { allTargets, loadObjects, readTree, tempDir } from '../support/synthesized';
import { expectWorkloadsRun, hpasWithoutTarget, namespacesOf, pdbsWithoutPods, servicesWithoutEndpoints, settled, triggerCronJobs } from './cluster-state';
import { ControlPlane, ROOT, withControlPlane } from './control-plane';
import { testUnless } from './known-defects';
import { knobsOf, nextVersions } from './next-versions';

const DIST = join(ROOT, 'dist');
const MANAGER = ['--server-side', '--field-manager=kubesynth-gitops'];

let cp: ControlPlane;
withControlPlane((started) => (cp = started));

/** Applies a folder as a GitOps controller does; returns what kubectl said on stderr (warnings included). */
function apply(dir: string): { status: number; stderr: string } {
  const r = cp.kubectl(['apply', ...MANAGER, '-k', dir]);
  return { status: r.status, stderr: r.stderr.trim() };
}

/** Removes a folder's objects and waits until its namespaces are gone, so the next env starts clean. */
function remove(dir: string): void {
  cp.kubectlOk(['delete', '-k', dir, '--ignore-not-found', '--wait=true', '--timeout=180s']);
}

const targets = allTargets();

describe.each([...new Set(targets.map((t) => t.platform))])('%s', (platform) => {
  const envs = targets.filter((t) => t.platform === platform).map((t) => t.env);

  test.each(envs)('%s: applies with no error or warning, converges, and every workload is admitted and runs', async (env) => {
    const dir = join(DIST, platform, env);
    const namespaces = namespacesOf(loadObjects(DIST, platform, env));
    try {
      expect(apply(dir)).toEqual({ status: 0, stderr: '' });

      // A second apply of the same folder changes nothing: what Argo CD shows as "Synced".
      const again = cp.kubectl(['diff', ...MANAGER, '-k', dir]);
      expect({ status: again.status, diff: again.stdout, stderr: again.stderr.trim() }).toEqual({ status: 0, diff: '', stderr: '' });

      triggerCronJobs(cp, namespaces);
      await expectWorkloadsRun(cp, namespaces);
      expect(await settled(cp, () => hpasWithoutTarget(cp, namespaces))).toEqual([]);
      expect(await settled(cp, () => pdbsWithoutPods(cp, namespaces))).toEqual([]);
      expect(await settled(cp, () => servicesWithoutEndpoints(cp, namespaces))).toEqual([]);
    } finally {
      remove(dir);
    }
  });

  describe('the next versions, applied over the running prod', () => {
    const deployedCopy = () => {
      const out = join(tempDir('kubesynth-next-'), 'out');
      cpSync(DIST, out, { recursive: true });
      return out;
    };
    const base = join(DIST, platform, 'prod');
    beforeAll(() => expect(apply(base)).toEqual({ status: 0, stderr: '' }), 120_000);
    afterAll(() => cp && remove(base), 240_000);

    for (const version of nextVersions(platform)) testUnless(version.knownDefect, `${version.name}: synth refuses it up front, or it applies and runs`, async () => {
      // The synth runs over the committed output, as in a checkout: what GitOps deploys is what it compares with.
      const out = deployedCopy();
      const synth = runCli(['synth', '-p', platform, '-e', 'prod', '--format', 'plain', '--out', out, ...version.set.flatMap((s) => ['--set', s])]);
      if (synth.status !== 0) {
        // Refused: with a message that names the value, and with nothing written.
        expect(synth.stderr).toMatch(version.set[0].split('=')[0]);
        expect(readTree(join(out, platform, 'prod'))).toEqual(readTree(base));
        return;
      }
      const next = join(out, platform, 'prod');
      expect(readdirSync(next).length).toBeGreaterThan(0);
      try {
        expect(apply(next)).toEqual({ status: 0, stderr: '' });
        await expectWorkloadsRun(cp, namespacesOf(loadObjects(out, platform, 'prod')));
      } finally {
        // Back to the committed version for the next change (a rollback, as a git revert would do).
        apply(base);
      }
    });

    if (knobsOf(platform).storageInStatefulSet) {
      test('a bigger data volume by the README steps: grow the claims, orphan the StatefulSet, synth with --accept-immutable-changes, apply', async () => {
        const size = knobsOf(platform).storage;
        const out = deployedCopy();
        const next = runCli(['synth', '-p', platform, '-e', 'prod', '--format', 'plain', '--out', out, '--set', size, '--accept-immutable-changes']);
        expect(next.status).toBe(0);
        const before = loadObjects(DIST, platform, 'prod');
        const after = loadObjects(out, platform, 'prod');
        const grown = after.filter((o: any) => o.kind === 'StatefulSet' && JSON.stringify(o.spec.volumeClaimTemplates)
          !== JSON.stringify((before.find((b) => b.kind === 'StatefulSet' && b.metadata.name === o.metadata.name) as any)?.spec.volumeClaimTemplates)) as any[];
        expect(grown.length).toBe(1);
        const sts = grown[0];
        const ns = sts.metadata.namespace;
        const storage = sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage;
        await expectWorkloadsRun(cp, namespacesOf(before));
        const claims = cp.getJson(['pvc', '-n', ns]).items.map((c: any) => c.metadata.name).filter((n: string) => n.startsWith(`data-${sts.metadata.name}-`));
        expect(claims.length).toBeGreaterThan(0);
        try {
          for (const claim of claims) cp.kubectlOk(['-n', ns, 'patch', 'pvc', claim, '-p', JSON.stringify({ spec: { resources: { requests: { storage } } } })]);
          cp.kubectlOk(['-n', ns, 'delete', 'statefulset', sts.metadata.name, '--cascade=orphan']);
          expect(apply(join(out, platform, 'prod'))).toEqual({ status: 0, stderr: '' });
          await expectWorkloadsRun(cp, namespacesOf(after));
          const live = cp.getJson<any>(['statefulset', sts.metadata.name, '-n', ns]);
          expect(live.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe(storage);
          for (const claim of claims) expect(cp.getJson<any>(['pvc', claim, '-n', ns]).spec.resources.requests.storage).toBe(storage);
        } finally {
          // The committed version again needs the old StatefulSet back: orphan the new one first.
          cp.kubectl(['-n', ns, 'delete', 'statefulset', sts.metadata.name, '--cascade=orphan']);
          apply(base);
        }
      });
    }
  });
});

test('the convergence check sees drift: an empty rule list, which the API server drops, never converges', () => {
  const policy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'drifts', namespace: 'default' },
    spec: { podSelector: {}, policyTypes: ['Egress'], egress: [] },
  };
  const dir = tempDir('kubesynth-drift-');
  writeFileSync(join(dir, 'policy.yaml'), JSON.stringify(policy));
  writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [policy.yaml]\n');
  expect(apply(dir)).toEqual({ status: 0, stderr: '' });
  const again = cp.kubectl(['diff', ...MANAGER, '-k', dir]);
  expect(again.status).toBe(1);
  expect(again.stdout).toMatch(/"generation": 2/);
  remove(dir);
});

describe('GitOps entry points', () => {
  // The AppProject CRD is not among ../shared/crds: Argo CD's own copy is in crds/ (crds/README.md).
  beforeAll(() => {
    cp.kubectlOk(['apply', '--server-side', '-f', join(ROOT, 'crds')]);
    cp.kubectlOk(['wait', '--for=condition=Established', '--timeout=60s', 'crd/appprojects.argoproj.io']);
  }, 120_000);

  const envs = [...new Set(targets.map((t) => t.env))].sort();
  test.each(envs.flatMap((env) => [[env, 'flux'], [env, 'argocd']]))(
    'clusters/%s/%s: every object is applied (server-side, against its CRD schema) with no error or warning, and a second apply changes nothing',
    (env, tool) => {
      const dir = join(DIST, 'gitops', 'clusters', env, tool);
      try {
        expect(apply(dir)).toEqual({ status: 0, stderr: '' });
        const again = cp.kubectl(['diff', ...MANAGER, '-k', dir]);
        expect({ status: again.status, diff: again.stdout, stderr: again.stderr.trim() }).toEqual({ status: 0, diff: '', stderr: '' });
        // What was applied is what the aggregation holds: nothing dropped on the way.
        const applied = JSON.parse(cp.kubectlOk(['get', '-k', dir, '-o', 'json'])).items.map((o: any) => `${o.kind}/${o.metadata.name}`);
        const rendered = cp.kubectlOk(['kustomize', dir]).split('\n---\n').length;
        expect(applied.length).toBe(rendered);
      } finally {
        remove(dir);
      }
    },
  );
});
