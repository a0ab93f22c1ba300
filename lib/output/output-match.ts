import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Whether a path of the output folder holds exactly `expected` (relative path -> content; the
 * key `''` for a single file at `path`): the same files, byte for byte, and no other. A synth
 * uses it to leave the output folder untouched when nothing would change, and to skip the
 * immutable-field check of a folder that is provably the one it would write (issue 15).
 */
export function pathHolds(path: string, expected: ReadonlyMap<string, Buffer>): boolean {
  const single = expected.get('');
  if (single) {
    try {
      return expected.size === 1 && readFileSync(path).equals(single);
    } catch {
      return false;
    }
  }
  let seen = 0;
  const walk = (rel: string): boolean => {
    let entries;
    try {
      entries = readdirSync(join(path, rel), { withFileTypes: true });
    } catch {
      return false;
    }
    for (const e of entries) {
      const name = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!walk(name)) return false;
        continue;
      }
      const want = expected.get(name);
      if (!want || !e.isFile() || !readFileSync(join(path, name)).equals(want)) return false;
      seen++;
    }
    return true;
  };
  return walk('') && seen === expected.size;
}
