import { existsSync, lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** The file that says a folder was written by kubesynth, so a later synth may replace it whole. */
export const OUTPUT_MARKER = '.kubesynth-output';
export const OUTPUT_MARKER_TEXT = 'This folder is written by kubesynth, which replaces it whole on every synth.\nDo not keep other files here: they are carried over, but the folder is kubesynth\'s.\n';

/**
 * An output folder and the paths kubesynth keeps beside it (never inside: whatever is inside
 * is swapped with the folder). `staging` is the next output being built, `previous` the old one
 * during a swap, `lock` held by the run that writes.
 */
export interface OutputFolder {
  /** Absolute, with symlinks in its parent resolved (a symlinked output folder itself is replaced by a real one). */
  readonly dir: string;
  readonly parent: string;
  readonly staging: string;
  readonly previous: string;
  readonly lock: string;
}

/** The output folder of `outDir`, creating its parent folder when missing. */
export function outputFolder(outDir: string, createParent = true): OutputFolder {
  const abs = resolve(outDir);
  let parent = dirname(abs);
  if (createParent) mkdirSync(parent, { recursive: true });
  if (existsSync(parent)) parent = realpathSync(parent);
  const name = basename(abs);
  let dir = join(parent, name);
  // Follow a symlinked output folder to the real one, so the checks and the swap act on what is written.
  if (existsSync(dir) && lstatSync(dir).isSymbolicLink()) {
    dir = realpathSync(dir);
    parent = dirname(dir);
  }
  const base = basename(dir);
  return {
    dir,
    parent,
    staging: join(parent, `.${base}.kubesynth-staging`),
    previous: join(parent, `.${base}.kubesynth-previous`),
    lock: join(parent, `.${base}.kubesynth-lock`),
  };
}
