/**
 * The GitOps entry points under dist/gitops/: one Flux GitRepository per repository (per
 * cluster), an aggregation per cluster that real `kubectl kustomize` renders, Flux stages that
 * run the migration Jobs after their prerequisites and before the workloads (checked by
 * rendering each stage as kustomize-controller does), an infrastructure Kustomization every
 * platform depends on, and Argo CD Applications with retries in a project of their own.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { platforms } from '../charts';
import { synthesize } from '../lib/synth/synthesize';
import { SYNC_WAVE_ANNOTATION, SyncWave } from '../lib/gitops/sync-waves';
import { allTargets, CONFIG_DIR, freshSynth, loadObjects, readTree, ROOT, tempDir } from './support/synthesized';

const KUBECTL = join(ROOT, '.cache', 'bin', 'kubectl');
const gitops = parse(readFileSync(join(CONFIG_DIR, 'gitops.yaml'), 'utf8'));
const envs = [...new Set(allTargets().map((t) => t.env))].sort();

/** What `kubectl kustomize dir` renders; a warning or error fails the test. */
function kustomize(dir: string): any[] {
  if (!existsSync(KUBECTL)) throw new Error(`${KUBECTL} is missing: run test/cluster/build.sh (npm test does)`);
  const r = spawnSync(KUBECTL, ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  return parseAllDocuments(r.stdout).map((d) => d.toJS());
}

const id = (o: any) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const docs = (file: string) => parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS());

describe('Flux', () => {
  test('one GitRepository per repository: in each cluster\'s folder, none in a platform\'s, and every Kustomization reads it', () => {
    const tree = readTree(join(freshSynth(), 'gitops'));
    const objects = [...tree].filter(([f]) => !f.endsWith('kustomization.yaml')).flatMap(([f, text]) => parseAllDocuments(text).map((d) => ({ file: f, o: d.toJS() })));
    const sources = objects.filter(({ o }) => o.kind === 'GitRepository');
    expect(sources.map(({ file }) => file).sort()).toEqual(envs.map((env) => `clusters/${env}/flux/gitrepository.yaml`));
    for (const { o } of sources) expect(o.spec).toMatchObject({ url: gitops.repoURL, ref: { branch: gitops.branch } });
    const names = new Set(sources.map(({ o }) => `${o.metadata.namespace}/${o.metadata.name}`));
    for (const { o } of objects.filter(({ o }) => o.kind === 'Kustomization')) {
      expect(o.spec.sourceRef.kind).toBe('GitRepository');
      expect(names).toContain(`${o.metadata.namespace}/${o.spec.sourceRef.name}`);
    }
  });

  test.each(envs)('clusters/%s/flux: kubectl kustomize renders the GitRepository, the infrastructure and every platform\'s stages', (env) => {
    const out = freshSynth();
    const rendered = kustomize(join(out, 'gitops', 'clusters', env, 'flux'));
    const platformsHere = allTargets().filter((t) => t.env === env).map((t) => t.platform);
    const fromPlatforms = platformsHere.flatMap((p) => readdirSync(join(out, 'gitops', p, env, 'flux')).filter((f) => f !== 'kustomization.yaml').flatMap((f) => docs(join(out, 'gitops', p, env, 'flux', f))));
    expect(rendered.map(id).sort()).toEqual(
      [`GitRepository/${gitops.flux.namespace}/kubesynth`, `Kustomization/${gitops.flux.namespace}/${gitops.flux.infrastructure.name}`, ...fromPlatforms.map(id)].sort(),
    );
    const infrastructure = rendered.find((o) => o.metadata.name === gitops.flux.infrastructure.name);
    expect(infrastructure.spec).toMatchObject({ path: `./${gitops.flux.infrastructure.path}`, wait: true, prune: true, retryInterval: gitops.flux.retryInterval });
  });

  describe.each(allTargets())('$platform/$env', ({ platform, env }) => {
    /** The stages in dependency order, each with what kustomize-controller would apply. */
    function stages() {
      const out = freshSynth();
      const dir = join(out, 'gitops', platform, env, 'flux');
      const all = kustomize(dir);
      const byName = new Map(all.map((k) => [k.metadata.name, k]));
      // Walk the dependsOn chain back from the workloads' Kustomization to the infrastructure.
      const chain: any[] = [];
      for (let k = byName.get(`${platform}-${env}`); k; k = byName.get(k.spec.dependsOn[0].name)) chain.unshift(k);
      expect(chain).toHaveLength(all.length);
      expect(chain[0].spec.dependsOn).toEqual([{ name: gitops.flux.infrastructure.name }]);
      return chain.map((k) => {
        // As kustomize-controller builds it: the folder at spec.path, with spec.patches applied.
        const overlay = tempDir('kubesynth-flux-stage-');
        const path = join(out, k.spec.path.replace(`./${gitops.outputPath}/`, ''));
        writeFileSync(join(overlay, 'kustomization.yaml'), stringify({ resources: [relative(overlay, path)], patches: k.spec.patches }));
        return { k, objects: kustomize(overlay) };
      });
    }

    test('the stages partition the folder: every object in exactly one, the migration Jobs after their prerequisites and before the workloads', () => {
      const s = stages();
      const folder = loadObjects(freshSynth(), platform, env);
      expect(s.flatMap((x) => x.objects.map(id)).sort()).toEqual(folder.map(id).sort());
      const wave = (o: any) => Number(o.metadata.annotations[SYNC_WAVE_ANNOTATION]);
      const migrations = folder.filter((o) => wave(o) === SyncWave.MIGRATIONS);
      const stageOf = (o: any) => s.findIndex((x) => x.objects.some((y) => id(y) === id(o)));
      for (const o of folder) {
        const expected = wave(o) < SyncWave.MIGRATIONS ? 0 : wave(o) === SyncWave.MIGRATIONS ? 1 : migrations.length ? 2 : 1;
        expect({ object: id(o), stage: stageOf(o) }).toEqual({ object: id(o), stage: expected });
      }
      if (migrations.length) expect(s[1].objects.map((o) => o.kind)).toEqual(migrations.map(() => 'Job'));
      for (const { k } of s) {
        // Ready before the next stage starts; retried soon after a failure.
        expect(k.spec).toMatchObject({ wait: true, prune: true, interval: gitops.flux.interval, retryInterval: gitops.flux.retryInterval, timeout: gitops.flux.timeout });
      }
    });
  });
});

describe('Argo CD', () => {
  test.each(envs)('clusters/%s/argocd: kubectl kustomize renders an AppProject and an Application per platform', (env) => {
    const rendered = kustomize(join(freshSynth(), 'gitops', 'clusters', env, 'argocd'));
    const platformsHere = allTargets().filter((t) => t.env === env).map((t) => t.platform);
    expect(rendered.map(id).sort()).toEqual(platformsHere.flatMap((p) => [`AppProject/${gitops.argocd.namespace}/${p}-${env}`, `Application/${gitops.argocd.namespace}/${p}-${env}`]).sort());
  });

  test.each(allTargets())('$platform/$env: the Application retries with backoff, in a project that allows only this repository, cluster, namespaces and kinds', ({ platform, env }) => {
    const out = freshSynth();
    const [project, app] = kustomize(join(out, 'gitops', platform, env, 'argocd'));
    const objects = loadObjects(out, platform, env);
    const server = gitops.argocd.destinations[env] ?? gitops.argocd.defaultDestination;
    const path = `${gitops.outputPath}/${platform}/${env}`;
    expect(app.spec.project).toBe(project.metadata.name);
    expect(app.spec.source).toEqual({ repoURL: gitops.repoURL, targetRevision: gitops.argocd.targetRevisions[env] ?? gitops.branch, path });
    expect(app.spec.destination.server).toBe(server);
    expect(objects.find((o) => o.kind === 'Namespace' && o.metadata.name === app.spec.destination.namespace)).toBeDefined();
    expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(app.spec.syncPolicy.retry).toEqual(gitops.argocd.retry);
    expect(project.spec.sourceRepos).toEqual([gitops.repoURL]);
    const namespaces = [...new Set(objects.flatMap((o) => (o.metadata.namespace ? [o.metadata.namespace] : [])))].sort();
    expect(project.spec.destinations).toEqual(namespaces.map((namespace) => ({ namespace, server })));
    const gk = (os: readonly any[]) => [...new Set(os.map((o) => `${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${o.kind}`))].sort();
    const listed = (l: Array<{ group: string; kind: string }>) => l.map((x) => `${x.group}/${x.kind}`).sort();
    expect(listed(project.spec.clusterResourceWhitelist)).toEqual(gk(objects.filter((o) => !o.metadata.namespace)));
    expect(listed(project.spec.namespaceResourceWhitelist)).toEqual(gk(objects.filter((o) => o.metadata.namespace)));
  });
});

describe('config/gitops.yaml', () => {
  /** A synth of every platform's `env` with config/gitops.yaml replaced by `gitopsYaml`. */
  function synthWith(gitopsYaml: string): string {
    const config = tempDir('kubesynth-gitops-config-');
    // Whole folders: an env file may name files beside it with `!file` (somabrain's OPA policy).
    for (const p of platforms) cpSync(join(CONFIG_DIR, p.name), join(config, p.name), { recursive: true });
    writeFileSync(join(config, 'gitops.yaml'), gitopsYaml);
    const out = join(tempDir('kubesynth-gitops-out-'), 'out');
    synthesize({ platforms, configDir: config, outDir: out, format: 'gitops', env: 'prod', validate: false });
    return out;
  }

  test('per-environment targetRevision, retry, and an infrastructure the cluster already has', () => {
    const out = synthWith(
      [
        'repoURL: https://git.example.com/x.git',
        'argocd: { targetRevisions: { prod: v2.3.0 }, retry: { limit: 9, backoff: { duration: 30s, factor: 3, maxDuration: 10m } } }',
        'flux: { retryInterval: 45s, infrastructure: { name: platform-infra, path: "" } }',
      ].join('\n'),
    );
    const [app] = docs(join(out, 'gitops', 'somabrain', 'prod', 'argocd', 'application.yaml'));
    expect(app.spec.source.targetRevision).toBe('v2.3.0');
    expect(app.spec.syncPolicy.retry).toEqual({ limit: 9, backoff: { duration: '30s', factor: 3, maxDuration: '10m' } });
    // No infrastructure Kustomization written: the platforms only depend on the cluster's own.
    const flux = kustomize(join(out, 'gitops', 'clusters', 'prod', 'flux'));
    expect(flux.filter((o) => o.kind === 'Kustomization' && !o.metadata.labels['app.kubernetes.io/name'])).toEqual([]);
    const first = flux.filter((o) => o.metadata.labels['kubesynth.io/flux-stage'] === 'prerequisites');
    expect(first.map((k) => k.spec.dependsOn)).toEqual(first.map(() => [{ name: 'platform-infra' }]));
    for (const k of flux.filter((o) => o.kind === 'Kustomization')) expect(k.spec.retryInterval).toBe('45s');
  });

  test.each([
    ['argocd:\n  retry:\n    limit: -1\n', 'argocd.retry.limit'],
    ['argocd:\n  retry:\n    backoff:\n      duration: soon\n', 'argocd.retry.backoff.duration'],
    ['argocd:\n  targetRevisions:\n    prod: "bad ref"\n', 'argocd.targetRevisions.prod'],
    ['flux:\n  retryInterval: often\n', 'flux.retryInterval'],
    ['flux:\n  infrastructure:\n    path: ../outside\n', 'flux.infrastructure.path'],
  ])('a bad value is refused with its path: %j', (yaml, path) => {
    expect(() => synthWith(`repoURL: https://git.example.com/x.git\n${yaml}`)).toThrow(new RegExp(`gitops\\.yaml:\\d+ at ${path.replace(/\./g, '\\.')}`));
  });
});

describe('--format decides what is written', () => {
  test.each([
    ['plain', ['cognivern']],
    ['gitops', ['cognivern', 'gitops']],
    ['helm', ['helm']],
    ['all', ['cognivern', 'gitops', 'helm']],
  ] as const)('--format %s writes %j', (format, folders) => {
    const out = join(tempDir('kubesynth-format-'), 'out');
    synthesize({ platforms, configDir: CONFIG_DIR, outDir: out, platform: 'cognivern', env: 'dev', format, validate: false });
    expect(readdirSync(out, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort()).toEqual(folders);
  });
});
