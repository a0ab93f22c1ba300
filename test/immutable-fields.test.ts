/**
 * Issue 12 item 6: a value that would change a field the API server refuses to change on a live
 * object (a StatefulSet's claim template, a selector) is refused by `kubesynth synth`, which
 * compares the new version with the output folder GitOps deploys, with the steps that make the
 * change possible; `--accept-immutable-changes` writes it once those steps are taken. The chart's
 * side (a `lookup` of the live object) runs on the real control plane (test/cluster).
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { platforms } from '../charts';
import { ConfigError } from '../lib/config/config-error';
import { loadPlatformValues } from '../lib/platform/platform-values';
import { deployedObjects, immutableChanges } from '../lib/diff/immutable-changes';
import { KubeObject, renderPlatform } from '../lib/render/render';
import { runCli, snapshotTree } from './support/cli';
import { CONFIG_DIR, loadObjects, ROOT, tempDir } from './support/synthesized';

/** A copy of the committed output, as a user's checkout holds it: what GitOps deploys now. */
function deployedOutput(): string {
  const out = join(tempDir('kubesynth-immutable-'), 'dist');
  cpSync(join(ROOT, 'dist'), out, { recursive: true });
  return out;
}

const synth = (out: string, ...args: string[]) => runCli(['synth', '-p', 'somabrain', '-e', 'prod', '--format', 'plain', '--out', out, ...args]);

describe('kubesynth synth over the deployed output', () => {
  test('refuses a bigger StatefulSet volume, naming the value and the resize steps, and writes nothing', () => {
    const out = deployedOutput();
    const before = snapshotTree(out);
    const r = synth(out, '--set', 'redis.persistence.size=200Gi');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('StatefulSet somabrain/somabrain-redis: spec.volumeClaimTemplates[0].spec.resources.requests.storage (set by redis.persistence.size) would change from "100Gi" to "200Gi"');
    expect(r.stderr).toContain(`kubectl -n somabrain patch pvc data-somabrain-redis-<ordinal> -p '{"spec":{"resources":{"requests":{"storage":"200Gi"}}}}'`);
    expect(r.stderr).toContain('kubectl -n somabrain delete statefulset somabrain-redis --cascade=orphan');
    expect(r.stderr).toContain('--accept-immutable-changes');
    expect(snapshotTree(out)).toEqual(before);
  });

  test('says a volume cannot shrink', () => {
    const r = synth(deployedOutput(), '--set', 'redis.persistence.size=1Gi');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/redis\.persistence\.size.*a volume cannot shrink/);
  });

  test('refuses a new nameOverride (it is in every selector), naming it', () => {
    const r = synth(deployedOutput(), '--set', 'nameOverride=brain');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Deployment somabrain\/somabrain-api: spec\.selector\.matchLabels\["app\.kubernetes\.io\/name"\] \(set by nameOverride\) would change from "somabrain" to "brain"/);
  });

  test('writes the change with --accept-immutable-changes, and a size written another way is no change', () => {
    const out = deployedOutput();
    expect(synth(out, '--set', 'redis.persistence.size=102400Mi').status).toBe(0);
    const r = synth(out, '--set', 'redis.persistence.size=200Gi', '--accept-immutable-changes');
    expect(r.status).toBe(0);
    const redis = loadObjects(out, 'somabrain', 'prod').find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'somabrain-redis') as any;
    expect(redis.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('200Gi');
  });

  test('a first synth into a new folder has nothing to compare with', () => {
    expect(synth(join(tempDir('kubesynth-immutable-'), 'fresh'), '--set', 'redis.persistence.size=200Gi').status).toBe(0);
  });
});

/** The string, number and boolean leaves of a values tree, with their paths. */
function leaves(value: unknown, path: Array<string | number> = []): Array<{ path: Array<string | number>; value: string | number | boolean }> {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [];
}

function withLeaf(tree: unknown, path: Array<string | number>, leaf: unknown): any {
  const copy = structuredClone(tree) as any;
  let node = copy;
  for (const s of path.slice(0, -1)) node = node[s];
  node[path[path.length - 1]] = leaf;
  return copy;
}

const otherValue = (v: string | number | boolean) => (typeof v === 'boolean' ? !v : typeof v === 'number' ? v + 1 : `${v}x`);

/**
 * nameOverride renames every object unless the release (platform) name contains it, as the
 * chart's fullname helper does: then the names stay and only the name label moves. That is the
 * value that reaches live selectors, so it is the one tried.
 */
const nameOverrideKeepingNames = (platform: string) => platform.slice(0, -1);

describe('reading the deployed folder', () => {
  // Synth reads only the files that can hold a Deployment or StatefulSet (issue 15: five of six
  // files of a 1,000-service folder are not); a kind spelled with escapes, by hand, still counts.
  test('finds every Deployment and StatefulSet, however the file spells the kind, and skips other files', () => {
    const folder = join(tempDir('kubesynth-deployed-'), 'p', 'prod');
    mkdirSync(folder, { recursive: true });
    const selector = 'spec:\n  selector:\n    matchLabels:\n      app: a\n';
    writeFileSync(join(folder, 'deployment-a.yaml'), `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n${selector}`);
    writeFileSync(join(folder, 'edited.yaml'), `apiVersion: apps/v1\nkind: "St\\x61tefulSet"\nmetadata:\n  name: b\n${selector}`);
    writeFileSync(join(folder, 'folded.yaml'), `apiVersion: apps/v1\nkind: "Deploy\\\n  ment"\nmetadata:\n  name: c\n${selector}`);
    writeFileSync(join(folder, 'service-a.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n');
    const names = (objects: ReturnType<typeof deployedObjects>) => objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names(deployedObjects(folder))).toEqual(['Deployment/a', 'StatefulSet/b', 'Deployment/c']);
    expect(names(deployedObjects(folder, ['Deployment', 'StatefulSet', 'Service']))).toEqual(['Deployment/a', 'StatefulSet/b', 'Deployment/c', 'Service/a']);
  });
});

describe.each(platforms.map((p) => [p.name, p] as const))('%s: no value but nameOverride changes a Deployment or StatefulSet selector', (_name, def) => {
  const prod = loadPlatformValues(def, CONFIG_DIR, 'prod');
  const base: KubeObject[] = renderPlatform(def, 'prod', prod);

  test('every leaf of the prod values, changed, leaves every selector as it is', () => {
    const changed: string[] = [];
    let tried = 0;
    for (const leaf of leaves(prod)) {
      let objects: KubeObject[];
      try {
        const next = leaf.path.join('.') === 'nameOverride' ? nameOverrideKeepingNames(def.name) : otherValue(leaf.value);
        objects = renderPlatform(def, 'prod', loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: 'test', values: withLeaf(prod, leaf.path, next) }]));
      } catch (e) {
        if (e instanceof ConfigError) continue; // a value the platform refuses cannot reach a selector
        throw e;
      }
      tried++;
      const selectorChanges = immutableChanges(base, objects).filter((c) => c.field.startsWith('spec.selector'));
      if (selectorChanges.length) changed.push(leaf.path.join('.'));
    }
    expect(tried).toBeGreaterThan(20);
    expect(changed).toEqual(['nameOverride']);
  });
});
