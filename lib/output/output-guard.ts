import { existsSync, lstatSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, parse, relative, resolve, sep } from 'node:path';
import { OUTPUT_MARKER, OutputFolder } from './output-folder';

/** An output folder kubesynth must not replace: it would delete what it replaces. */
export class UnsafeOutputFolder extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeOutputFolder';
  }
}

/** An input kubesynth reads: the output folder must neither be it, hold it, nor lie inside it. */
export interface ProtectedInput {
  /** e.g. `the config folder`, `the values file`, `the project root` */
  readonly what: string;
  readonly path: string;
  /** Whether an output folder inside it is fine (the project root holds dist/). */
  readonly outputMayBeInside?: boolean;
}

/** The real path of `p`, or of its nearest existing ancestor with the rest appended (an input may not exist yet). */
function real(p: string): string {
  const abs = resolve(p);
  let dir = abs;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return resolve(realpathSync(dir), relative(dir, abs));
}

const isInside = (child: string, parent: string) => {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !parse(rel).root;
};

/**
 * Refuses an output folder that is a filesystem root, equals or holds an input, lies inside
 * one, or holds files kubesynth did not write (no marker). An empty or new folder is fine.
 */
export function checkOutputFolder(f: OutputFolder, inputs: readonly ProtectedInput[]): void {
  const out = f.dir;
  if (parse(out).root === out) throw new UnsafeOutputFolder(`--out ${out}: expected a folder kubesynth can replace whole, found the filesystem root`);
  for (const input of inputs) {
    const p = real(input.path);
    const problem = p === out ? 'is' : isInside(p, out) ? 'holds' : !input.outputMayBeInside && isInside(out, p) ? 'lies inside' : undefined;
    if (problem) {
      throw new UnsafeOutputFolder(`--out ${out}: expected a folder apart from kubesynth's inputs, found one that ${problem} ${input.what} (${p}); a synth replaces its output folder whole and would delete it. Choose another --out, e.g. ${resolve(dirname(out), 'dist')}`);
    }
  }
  if (!existsSync(out)) {
    let above = dirname(out);
    while (!existsSync(above) && dirname(above) !== above) above = dirname(above);
    if (!lstatSync(above).isDirectory()) throw new UnsafeOutputFolder(`--out ${out}: expected a folder that can be created, found that ${above} above it is a file`);
    return;
  }
  if (!lstatSync(out).isDirectory()) throw new UnsafeOutputFolder(`--out ${out}: expected a folder, found a file`);
  const entries = readdirSync(out);
  if (entries.length && !entries.includes(OUTPUT_MARKER)) {
    throw new UnsafeOutputFolder(`--out ${out}: expected an empty folder or one kubesynth wrote (it holds ${OUTPUT_MARKER}), found ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} kubesynth did not write (e.g. ${entries.sort()[0]}); a synth replaces its output folder whole. Choose an empty or new --out (or, if an older kubesynth wrote it, create ${OUTPUT_MARKER} in it)`);
  }
}
