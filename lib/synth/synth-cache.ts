import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CACHE_FORMAT } from './code-fingerprint';

/**
 * The synth cache (issue 15): finished outputs (a platform/env's plain folder with its GitOps
 * entry points, a platform's chart and .tgz) stored under the hash of everything they were
 * made from, so a synth whose inputs did not change reuses them instead of building them.
 *
 * An entry is `<dir>/<kind>/<output>/<key>/` (`plain/cognivern/dev/<key>`, `chart/cognivern/<key>`):
 * `entry.json` lists every file with its SHA-256 and
 * carries what the synth reports about the output (`meta`: object counts, validation
 * findings, the values behind immutable fields), and is itself hashed (`digest`). An entry is
 * used only when all of that checks out: a truncated, edited or missing file, or an edited
 * `entry.json`, makes it a miss, and it is removed and built again. Entries are made
 * aside and renamed in whole, so a killed synth or two synths at once never leave half of one.
 * Each output keeps its KEPT_PER_OUTPUT newest entries: going back a few edits is free, and the
 * cache stays bounded (about 8 MB per version of this project's five platforms).
 */

/** Entries kept per output (per platform/env, per chart), newest first. */
export const KEPT_PER_OUTPUT = 8;

/** The files of one stored output: output-relative path -> content. */
export type CachedFiles = ReadonlyMap<string, Buffer>;

export interface CacheEntry<M> {
  readonly files: CachedFiles;
  readonly meta: M;
}

/** What a synth did with the cache: outputs reused, built (and stored), and entries found damaged (and rebuilt). */
export interface CacheStats {
  reused: number;
  built: number;
  damaged: number;
}

interface EntryFile {
  readonly format: string;
  readonly key: string;
  readonly files: ReadonlyArray<readonly [path: string, sha256: string, bytes: number]>;
  readonly meta: unknown;
  readonly digest: string;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const digestOf = (e: Omit<EntryFile, 'digest'>) => sha256(JSON.stringify([e.format, e.key, e.files, e.meta]));

/** Output paths are relative and plain: an entry can never name a file outside itself. */
const SAFE_PATH = /^(?!.*(^|\/)\.\.?(\/|$))[^\0]+$/;

export class SynthCache {
  readonly stats: CacheStats = { reused: 0, built: 0, damaged: 0 };

  /** @param dir the cache folder (created when first written) */
  constructor(readonly dir: string) {}

  /** `output` is a relative path made of registry names (`cognivern/dev`), never user text. */
  private entryDir(kind: string, output: string, key: string): string {
    return join(this.dir, kind, output, key);
  }

  /**
   * The entry stored under `key`, when it is whole: every listed file present with its hash
   * and `entry.json` unedited. A damaged entry is removed (and counted) and is a miss.
   */
  get<M>(kind: string, output: string, key: string): CacheEntry<M> | undefined {
    const dir = this.entryDir(kind, output, key);
    let raw: string;
    try {
      raw = readFileSync(join(dir, 'entry.json'), 'utf8');
    } catch {
      return undefined;
    }
    const entry = this.check(dir, key, raw);
    if (!entry) {
      this.stats.damaged++;
      this.remove(dir);
      return undefined;
    }
    return entry as CacheEntry<M>;
  }

  private check(dir: string, key: string, raw: string): CacheEntry<unknown> | undefined {
    let e: EntryFile;
    try {
      e = JSON.parse(raw) as EntryFile;
    } catch {
      return undefined;
    }
    if (!e || e.format !== CACHE_FORMAT || e.key !== key || !Array.isArray(e.files) || e.digest !== digestOf(e)) return undefined;
    const files = new Map<string, Buffer>();
    for (const [path, hash, bytes] of e.files) {
      if (typeof path !== 'string' || !SAFE_PATH.test(path)) return undefined;
      let content: Buffer;
      try {
        content = readFileSync(join(dir, 'files', path));
      } catch {
        return undefined;
      }
      if (content.length !== bytes || sha256(content) !== hash) return undefined;
      files.set(path, content);
    }
    return { files, meta: e.meta };
  }

  /**
   * Stores an output under `key`, replacing what is there. Made in a folder of its own and
   * renamed in, so a reader sees the whole entry or none. A cache that cannot be written (a
   * read-only or full disk) is no error: the synth's output does not depend on it.
   */
  put(kind: string, output: string, key: string, files: ReadonlyMap<string, string | Buffer>, meta: unknown): void {
    const tmp = join(this.dir, `.new-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      const listed: Array<[string, string, number]> = [];
      for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const bytes = typeof content === 'string' ? Buffer.from(content) : content;
        const file = join(tmp, 'files', path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, bytes);
        listed.push([path, sha256(bytes), bytes.length]);
      }
      const body = { format: CACHE_FORMAT, key, files: listed, meta };
      mkdirSync(tmp, { recursive: true });
      writeFileSync(join(tmp, 'entry.json'), `${JSON.stringify({ ...body, digest: digestOf(body) })}\n`);
      const dir = this.entryDir(kind, output, key);
      mkdirSync(dirname(dir), { recursive: true });
      this.remove(dir);
      try {
        renameSync(tmp, dir);
      } catch {
        // Another synth stored the same entry meanwhile: the same content, keep theirs.
      }
      this.prune(dirname(dir));
    } catch {
      // Not cached this time; the output itself is unaffected.
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }

  /** Keeps the KEPT_PER_OUTPUT newest entries of one output (by when they were stored). */
  private prune(outputDir: string): void {
    const entries = readdirSync(outputDir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && /^[0-9a-f]{64}$/.test(e.name))
      .map((e) => ({ dir: join(outputDir, e.name), stored: statSync(join(outputDir, e.name)).mtimeMs }))
      .sort((a, b) => b.stored - a.stored);
    for (const old of entries.slice(KEPT_PER_OUTPUT)) this.remove(old.dir);
  }

  /** Removes an entry: renamed aside first, so no reader ever sees it half removed. */
  private remove(dir: string): void {
    const aside = `${dir}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      renameSync(dir, aside);
    } catch {
      return;
    }
    rmSync(aside, { recursive: true, force: true });
  }
}

/** A key: the SHA-256 of the parts, each length-prefixed so no two part lists hash alike. */
export function cacheKey(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(`${Buffer.byteLength(p)}\0${p}`);
  return hash.digest('hex');
}
