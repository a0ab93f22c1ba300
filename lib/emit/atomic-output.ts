import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileSet } from './plain-emitter';

/**
 * One path under the output root to be replaced whole: a folder by exactly these files, a
 * single file by this content, or removed.
 */
export type OutputUnit =
  | { readonly path: string; readonly files: FileSet }
  | { readonly path: string; readonly content: string | Buffer }
  | { readonly path: string; readonly remove: true };

/**
 * Replaces each unit's path under `outDir`, all or nothing: everything is written to a
 * staging folder beside the targets first (same filesystem, so renames are atomic), then each
 * target is swapped in by rename. If any step fails, the targets already swapped are put back
 * and the old output stays exactly as it was. Files of objects that no longer exist vanish
 * with the old folder.
 */
export function writeOutputAtomically(outDir: string, units: readonly OutputUnit[]): void {
  mkdirSync(outDir, { recursive: true });
  const staging = mkdtempSync(join(outDir, '.kubesynth-staging-'));
  const swapped: Array<{ target: string; backup?: string }> = [];
  // Parent folders a swap had to create: a rollback removes them too, or it would leave traces.
  const createdParents: string[] = [];
  try {
    units.forEach((unit, i) => {
      const fresh = join(staging, String(i));
      if ('files' in unit) {
        mkdirSync(fresh);
        for (const [rel, content] of unit.files) {
          mkdirSync(dirname(join(fresh, rel)), { recursive: true });
          writeFileSync(join(fresh, rel), content);
        }
      } else if ('content' in unit) {
        writeFileSync(fresh, unit.content);
      }
    });
    units.forEach((unit, i) => {
      const target = join(outDir, unit.path);
      const created = mkdirSync(dirname(target), { recursive: true });
      if (created) createdParents.push(created);
      let backup: string | undefined;
      if (existsSync(target)) {
        backup = join(staging, `old-${i}`);
        renameSync(target, backup);
      }
      swapped.push({ target, backup });
      if (!('remove' in unit)) renameSync(join(staging, String(i)), target);
    });
  } catch (e) {
    for (const { target, backup } of swapped.reverse()) {
      rmSync(target, { recursive: true, force: true });
      if (backup) renameSync(backup, target);
    }
    for (const folder of createdParents.reverse()) rmSync(folder, { recursive: true, force: true });
    throw e;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
