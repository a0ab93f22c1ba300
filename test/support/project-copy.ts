import { cpSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './synthesized';

/**
 * A copy of kubesynth's own project as `npm run synth` (scripts/synth.cjs) works on it: the
 * sources it compiles and the config it reads, imports/ compiled (by tsc at `npm install`, not
 * by npm run synth), and this checkout's node_modules linked. Tests edit it as a user would.
 */
export function sourceCopyOfProject(prefix: string): string {
  const project = tempDir(prefix);
  for (const part of ['lib', 'charts', 'imports', 'config', 'scripts']) cpSync(join(ROOT, part), join(project, part), { recursive: true });
  for (const file of ['cdk8s.yaml', 'package.json', 'package-lock.json', 'tsconfig.json']) cpSync(join(ROOT, file), join(project, file));
  cpSync(join(ROOT, 'build', 'imports'), join(project, 'build', 'imports'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
  return project;
}
