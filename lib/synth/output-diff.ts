import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { OutputUnit } from '../emit/atomic-output';
import { buildOutput, ImmutableFolderChanges, SynthOptions } from './synthesize';
import type { CacheStats } from './synth-cache';
import { UNOBSERVED } from '../progress/phase-observer';
import { describeObject, objectKey } from '../validate/manifest';
import { parseManifests } from '../validate/read-manifests';
import { diffObjects, FieldChange } from '../diff/object-diff';

export interface ObjectChange {
  readonly status: 'added' | 'removed' | 'changed';
  /** `cortex-core/prod` */
  readonly folder: string;
  /** `Deployment cortex-core/cortex-core-api` */
  readonly object: string;
  /** The file under the output folder, as it is (removed, changed) or would be (added). */
  readonly file: string;
  readonly fields: readonly FieldChange[];
}

export interface FileChange {
  readonly status: 'added' | 'removed' | 'changed';
  readonly file: string;
}

export interface OutputDiff {
  /** Plain YAML, object by object. */
  readonly objects: readonly ObjectChange[];
  /** Chart files (templates, values, .tgz), by name: templates are not objects until Helm renders them. */
  readonly files: readonly FileChange[];
  /** Fields Kubernetes cannot change on a live object that the new version changes: `kubesynth synth` refuses them. */
  readonly immutable: readonly ImmutableFolderChanges[];
  /** Outputs taken from the synth cache and built; absent without a cache. */
  readonly cache?: CacheStats;
}

/** Every file under `dir`, relative path -> content; empty when `dir` does not exist. */
function filesUnder(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!existsSync(dir)) return out;
  if (statSync(dir).isFile()) return new Map([['', readFileSync(dir)]]);
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path);
      else out.set(path, readFileSync(join(dir, path)));
    }
  };
  walk('');
  return out;
}

type Keyed = Map<string, { object: Record<string, unknown>; file: string }>;

/** The objects of a plain unit's YAML files, keyed by folder (`<platform>/<env>`) then identity. */
function objectsByFolder(unitPath: string, files: ReadonlyMap<string, string | Buffer>): Map<string, Keyed> {
  const out = new Map<string, Keyed>();
  for (const [rel, content] of files) {
    if (!/\.ya?ml$/.test(rel)) continue;
    const file = join(unitPath, rel);
    const folder = file.slice(0, file.lastIndexOf('/'));
    const keyed = out.get(folder) ?? new Map();
    for (const m of parseManifests(file, content.toString())) keyed.set(objectKey(m.object), { object: m.object as Record<string, unknown>, file });
    out.set(folder, keyed);
  }
  return out;
}

function diffPlainUnit(outDir: string, unit: OutputUnit & { files: ReadonlyMap<string, string> }): ObjectChange[] {
  // A file written byte for byte as it is holds the same objects on both sides: only the others
  // are parsed (most files, in the usual diff after an edit; the parse was most of the comparison).
  const disk = filesUnder(join(outDir, unit.path));
  const same = new Set([...unit.files].filter(([rel, content]) => disk.get(rel)?.equals(Buffer.from(content))).map(([rel]) => rel));
  const fresh = objectsByFolder(unit.path, new Map([...unit.files].filter(([rel]) => !same.has(rel))));
  const onDisk = objectsByFolder(unit.path, new Map([...disk].filter(([rel]) => !same.has(rel))));
  const out: ObjectChange[] = [];
  for (const folder of [...new Set([...fresh.keys(), ...onDisk.keys()])].sort()) {
    const a = onDisk.get(folder) ?? new Map();
    const b = fresh.get(folder) ?? new Map();
    for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      const before = a.get(key);
      const after = b.get(key);
      if (!before) out.push({ status: 'added', folder, object: describeObject(after!.object), file: after!.file, fields: [] });
      else if (!after) out.push({ status: 'removed', folder, object: describeObject(before.object), file: before.file, fields: [] });
      else {
        const fields = diffObjects(before.object, after.object);
        if (fields.length) out.push({ status: 'changed', folder, object: describeObject(after.object), file: after.file, fields });
      }
    }
  }
  return out;
}

function diffFiles(outDir: string, unit: OutputUnit): FileChange[] {
  const fresh: Map<string, Buffer> = 'files' in unit ? new Map([...unit.files].map(([k, v]) => [k, Buffer.from(v)]))
    : 'content' in unit ? new Map([['', Buffer.from(unit.content)]]) : new Map();
  const onDisk = filesUnder(join(outDir, unit.path));
  const name = (rel: string) => (rel ? `${unit.path}/${rel}` : unit.path);
  const out: FileChange[] = [];
  for (const rel of [...new Set([...fresh.keys(), ...onDisk.keys()])].sort()) {
    const before = onDisk.get(rel);
    const after = fresh.get(rel);
    if (!before) out.push({ status: 'added', file: name(rel) });
    else if (!after) out.push({ status: 'removed', file: name(rel) });
    else if (!before.equals(after)) out.push({ status: 'changed', file: name(rel) });
  }
  return out;
}

/**
 * What `kubesynth synth` with the same options would change under its output folder: plain
 * objects compared field by field (a comment or key order change is no change), chart files
 * by content.
 */
export function diffOutput(opts: SynthOptions): OutputDiff {
  const { units, immutable, cache } = buildOutput(opts);
  const objects: ObjectChange[] = [];
  const files: FileChange[] = [];
  (opts.observer ?? UNOBSERVED).phase('diff', opts.outDir, () => {
    for (const unit of units) {
      if (unit.path.startsWith('helm/')) files.push(...diffFiles(opts.outDir, unit));
      else if ('files' in unit) objects.push(...diffPlainUnit(opts.outDir, unit));
    }
  });
  return { objects, files, immutable, ...(cache ? { cache } : {}) };
}
