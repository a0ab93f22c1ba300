import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The kubesynth project folder (the one holding cdk8s.yaml), found from this file whether it
 * runs compiled from build/ or as TypeScript, so the CLI works from any working directory.
 */
export function projectRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'cdk8s.yaml'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}
