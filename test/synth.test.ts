import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OUTPUT_MARKER } from '../lib/output/output-folder';
import { platforms } from '../charts';
import { cortexCore } from '../charts/cortex-core';
import { writeOutputAtomically } from '../lib/emit/atomic-output';
import type { PlatformDefinition } from '../lib/platform/platform-definition';
import { synthesize } from '../lib/synth/synthesize';
import { CONFIG_DIR, freshSynth, readTree, ROOT, tempDir } from './support/synthesized';

describe('synth output', () => {
  test('is deterministic: two syntheses give identical bytes', () => {
    const a = tempDir();
    const b = tempDir();
    synthesize({ platforms, configDir: CONFIG_DIR, outDir: a });
    synthesize({ platforms, configDir: CONFIG_DIR, outDir: b });
    const treeA = readTree(a);
    expect(treeA.size).toBeGreaterThan(20);
    expect(readTree(b)).toEqual(treeA);
  });

  test('dist/ in git equals a fresh synth (run `npm run synth` and commit dist/ when this fails)', () => {
    const fresh = readTree(freshSynth());
    const committed = readTree(join(ROOT, 'dist'));
    // Compare only what this synth owns: the plain folders, the GitOps entry points and the charts.
    const owned = (tree: Map<string, string>) => new Map([...tree].filter(([k]) => k.startsWith('helm/') || k.startsWith('gitops/') || platforms.some((p) => k.startsWith(`${p.name}/`))));
    expect([...owned(committed).keys()].sort()).toEqual([...owned(fresh).keys()].sort());
    for (const [file, content] of owned(fresh)) expect({ file, content: owned(committed).get(file) }).toEqual({ file, content });
    // The committed dist/ carries the marker that lets a synth replace it (issue 17, item 4).
    expect(committed.get(OUTPUT_MARKER)).toBe(fresh.get(OUTPUT_MARKER));
  });

  test('leaves no staging folders behind, inside or beside the output', () => {
    const out = freshSynth();
    expect([...readTree(out).keys()].filter((k) => k.includes('.kubesynth-'))).toEqual([OUTPUT_MARKER]);
    expect(readdirSync(dirname(out)).filter((n) => n.startsWith(`.${basename(out)}.kubesynth-`))).toEqual([]);
  });
});

describe('atomic output', () => {
  function prefilled(): { out: string; before: Map<string, string> } {
    const out = tempDir();
    synthesize({ platforms, configDir: CONFIG_DIR, outDir: out });
    mkdirSync(join(out, 'unrelated'));
    writeFileSync(join(out, 'unrelated', 'keep.txt'), 'not ours');
    return { out, before: readTree(out) };
  }

  test('a platform that throws midway leaves the output exactly as it was', () => {
    const { out, before } = prefilled();
    const broken: PlatformDefinition = {
      ...cortexCore,
      name: 'broken',
      build: () => {
        throw new Error('boom in build');
      },
    };
    const config = tempDir();
    cpSync(CONFIG_DIR, config, { recursive: true });
    cpSync(join(CONFIG_DIR, 'cortex-core'), join(config, 'broken'), { recursive: true });
    // cortex-core is built first and succeeds; the failure comes after it.
    expect(() => synthesize({ platforms: [cortexCore, broken], configDir: config, outDir: out })).toThrow('boom in build');
    expect(readTree(out)).toEqual(before);
  });

  test('a failure while swapping folders in puts back the ones already swapped', () => {
    const { out, before } = prefilled();
    writeFileSync(join(out, 'a-file'), 'blocks a folder of the same path');
    const expected = readTree(out);
    const files = new Map([['x.yaml', 'new\n']]);
    // The first unit swaps in fine; the second cannot be created under a regular file.
    expect(() => writeOutputAtomically(out, [{ path: 'cortex-core', files }, { path: 'a-file/sub', files }])).toThrow();
    expect(readTree(out)).toEqual(expected);
    expect(before.size).toBe(expected.size - 1);
  });

  test('files of objects that no longer exist disappear', () => {
    const { out } = prefilled();
    const ingressFile = 'cortex-core/dev/ingress-cortex-core-api.yaml';
    expect(readTree(out).has(ingressFile)).toBe(true);
    const config = tempDir();
    cpSync(CONFIG_DIR, config, { recursive: true });
    writeFileSync(join(config, 'cortex-core', 'dev.yaml'), 'ingress:\n  enabled: false\ndatabaseBackup:\n  enabled: false\n');
    synthesize({ platforms, configDir: config, outDir: out, platform: 'cortex-core', env: 'dev' });
    const after = readTree(out);
    expect(after.has(ingressFile)).toBe(false);
    expect(after.get('cortex-core/dev/kustomization.yaml')).not.toContain('ingress-');
    // Other envs and unrelated files are untouched by a single-env synth.
    expect(after.has('cortex-core/prod/ingress-cortex-core-api.yaml')).toBe(true);
    expect(after.get('unrelated/keep.txt')).toBe('not ours');
  });

  test('an environment whose config file was removed disappears on a full synth', () => {
    const { out } = prefilled();
    const config = tempDir();
    cpSync(CONFIG_DIR, config, { recursive: true });
    rmSync(join(config, 'cortex-core', 'staging.yaml'));
    synthesize({ platforms, configDir: config, outDir: out });
    expect(existsSync(join(out, 'cortex-core', 'staging'))).toBe(false);
    expect(existsSync(join(out, 'cortex-core', 'prod', 'kustomization.yaml'))).toBe(true);
  });
});
