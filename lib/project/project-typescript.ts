import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { installedManifest } from './installed-package';

/**
 * The TypeScript a project installed: `kubesynth synth` type-checks the project with it (never
 * with kubesynth's own, which may be another version), and `kubesynth init` tells a project
 * without one to install it.
 */
export interface ProjectTypeScript {
  /** The resolved path of its `typescript` module. */
  readonly module: string;
  /** Its version, e.g. `5.9.3` or `7.0.2`. */
  readonly version: string;
  /** Its `tsc` command: a script Node runs. */
  readonly tsc: string;
}

/** The project's TypeScript, or undefined when it has none. */
export function projectTypeScript(root: string): ProjectTypeScript | undefined {
  const manifest = installedManifest(root, 'typescript');
  if (!manifest) return undefined;
  try {
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string; bin?: { tsc?: string } };
    return { module: require.resolve('typescript', { paths: [root] }), version: pkg.version, tsc: join(dirname(manifest), pkg.bin?.tsc ?? 'bin/tsc') };
  } catch {
    return undefined;
  }
}
