import { isOwnProject } from './project-platforms';

/**
 * The command that writes a project's output again, as generated files and messages name it:
 * `npm run synth` in kubesynth's own repository (its script compiles lib/ and charts/ first),
 * `npx kubesynth synth` in a project that installed kubesynth, which has no such script.
 */
export function synthCommand(root: string): string {
  return isOwnProject(root) ? 'npm run synth' : 'npx kubesynth synth';
}
