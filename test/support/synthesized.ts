import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { platforms } from '../../charts';
import type { KubeObject } from '../../lib/render/render';
import { synthesize } from '../../lib/synth/synthesize';

export const ROOT = resolve(__dirname, '..', '..');
export const CONFIG_DIR = join(ROOT, 'config');

/** A fresh temp folder. */
export function tempDir(prefix = 'kubesynth-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every file under `dir`, relative path -> content (one char per byte). */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else out.set(path, readFileSync(join(dir, path), 'latin1')); // latin1 keeps every byte, so binary files (.tgz) compare exactly
    }
  };
  walk('');
  return out;
}

/** Objects of one `<out>/<platform>/<env>/` folder, parsed from the YAML files its kustomization lists. */
export function loadObjects(outDir: string, platform: string, env: string): KubeObject[] {
  const dir = join(outDir, platform, env);
  const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
  return kustomization.resources.map((f) => parse(readFileSync(join(dir, f), 'utf8')) as KubeObject);
}

let freshOut: string | undefined;
/** One fresh synth of every platform and env into a temp folder, shared by the tests of a file. */
export function freshSynth(): string {
  if (!freshOut) {
    freshOut = tempDir('kubesynth-fresh-');
    synthesize({ platforms, configDir: CONFIG_DIR, outDir: freshOut });
  }
  return freshOut;
}

/** Every (platform, env) pair that exists, from the config folders. */
export function allTargets(): Array<{ platform: string; env: string }> {
  return platforms.flatMap((p) =>
    readdirSync(join(CONFIG_DIR, p.name)).filter((f) => f.endsWith('.yaml')).sort().map((f) => ({ platform: p.name, env: f.slice(0, -5) })),
  );
}
