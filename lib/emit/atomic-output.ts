import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileSet } from './plain-emitter';

/** A folder under the output root to be replaced, whole, by exactly these files. */
export interface OutputUnit {
  /** Relative to the output root, e.g. `cortex-core` or `cortex-core/prod`. */
  readonly dir: string;
  readonly files: FileSet;
}

/**
 * Replaces each unit's folder under `outDir` with its files, all or nothing: everything is
 * written to a staging folder beside the targets first (same filesystem, so renames are
 * atomic), then each target is swapped in by rename. If any step fails, the targets already
 * swapped are put back and the old output stays exactly as it was. Files of objects that no
 * longer exist vanish with the old folder.
 */
export function writeOutputAtomically(outDir: string, units: readonly OutputUnit[]): void {
  mkdirSync(outDir, { recursive: true });
  const staging = mkdtempSync(join(outDir, '.kubesynth-staging-'));
  const swapped: Array<{ target: string; backup?: string }> = [];
  try {
    units.forEach((unit, i) => {
      for (const [rel, content] of unit.files) {
        const file = join(staging, String(i), rel);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
    });
    units.forEach((unit, i) => {
      const target = join(outDir, unit.dir);
      mkdirSync(dirname(target), { recursive: true });
      let backup: string | undefined;
      if (existsSync(target)) {
        backup = join(staging, `old-${i}`);
        renameSync(target, backup);
      }
      swapped.push({ target, backup });
      renameSync(join(staging, String(i)), target);
    });
  } catch (e) {
    for (const { target, backup } of swapped.reverse()) {
      rmSync(target, { recursive: true, force: true });
      if (backup) renameSync(backup, target);
    }
    throw e;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
