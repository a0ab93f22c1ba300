import Ajv, { Options, SchemaObject, ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';

/**
 * ajv's options for values schemas. `optimize: false`: the code optimizer's passes doubled the
 * compile of a platform's schema (cortex-core's 0.3 -> 0.7 s; 2.9 s of a 4.7 s CPU synth of
 * dist/, --cpu-prof, issue 15), while each compiled validator checks a handful of values files.
 * `source: true` keeps the generated code, so it can be stored (standalone code).
 */
const OPTIONS: Options = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true, code: { optimize: false } };
const STORED_OPTIONS: Options = { ...OPTIONS, code: { ...OPTIONS.code, source: true } };

/**
 * ajv's runtime helpers that standalone code requires, loaded here: the stored code then needs no
 * module resolution of its own (the cache folder may be anywhere, and a bundled CLI has no ajv
 * folder to resolve from). A helper not listed is refused, and the validator compiled instead.
 */
const RUNTIME: Readonly<Record<string, unknown>> = {
  'ajv/dist/runtime/ucs2length': require('ajv/dist/runtime/ucs2length'),
  'ajv/dist/runtime/equal': require('ajv/dist/runtime/equal'),
  'ajv/dist/runtime/uri': require('ajv/dist/runtime/uri'),
  'ajv/dist/runtime/validation_error': require('ajv/dist/runtime/validation_error'),
};

const runtimeRequire = (id: string): unknown => {
  if (!(id in RUNTIME)) throw new Error(`stored validator requires ${id}, not one of ajv's runtime helpers kubesynth provides`);
  return RUNTIME[id];
};

/** Bumped when what a stored validator holds, or how it is keyed, changes. */
const FORMAT = 'kubesynth-values-validator-1';

/** Stored validators kept (newest first): a few versions of each platform's schema (a platform's is 2-5 MB of code). */
export const KEPT_VALIDATORS = 16;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The first line of a stored file (code or code cache): the hash of what follows, so a damaged file is never run. */
const HEADER = /^\/\/ sha256:([0-9a-f]{64})\n$/;
const HEADER_BYTES = '// sha256:\n'.length + 64;

/**
 * The compiled validators of values schemas (a platform's, gitops.yaml's, chart.yaml's), each
 * compiled once per process; with a folder, also kept across processes (issue 15): compiling a
 * platform's schema took 0.3-0.6 s of a 1-2 s synth where one platform changed, while running
 * ajv's standalone code for it with V8's code cache takes 50 ms (without the code cache, V8
 * compiling the 2-5 MB of code took 0.2 s and its first run 0.35 s). A stored validator is keyed
 * by the hash of the schema, ajv's version and options, and is used only when its content hash
 * checks out; otherwise it is compiled and stored again. The code cache is V8's own (rejected by
 * V8 when made by another version or for other code) and hashed like the code. Files are written
 * aside and renamed in, so two synths at once never read half of one, and a folder that cannot
 * be written is no error.
 */
export class ValuesValidators {
  private static readonly shared = new Map<string, ValuesValidators>();

  /** The validators of this process, kept in `dir` when given. */
  public static in(dir?: string): ValuesValidators {
    const key = dir ?? '';
    let found = ValuesValidators.shared.get(key);
    if (!found) {
      found = new ValuesValidators(dir);
      ValuesValidators.shared.set(key, found);
    }
    return found;
  }

  private readonly compiled = new WeakMap<SchemaObject, ValidateFunction>();
  private ajv?: Ajv;

  /**
   * A set of its own (a process uses {@link in}'s; a test plays a second process with a second set).
   * @param dir where compiled validators are kept across processes. @default none: compiled in every process
   */
  public constructor(private readonly dir?: string) {}

  /** The validator of `schema`: from this process, the folder, or compiled now (and stored). */
  public get(schema: SchemaObject): ValidateFunction {
    let v = this.compiled.get(schema);
    if (!v) {
      const key = this.dir ? sha256(JSON.stringify([FORMAT, (require('ajv/package.json') as { version: string }).version, STORED_OPTIONS, schema])) : undefined;
      v = (key && this.load(key)) || this.compile(schema, key);
      this.compiled.set(schema, v);
    }
    return v;
  }

  private compile(schema: SchemaObject, key?: string): ValidateFunction {
    this.ajv ??= new Ajv(this.dir ? STORED_OPTIONS : OPTIONS);
    const v = this.ajv.compile(schema);
    if (key) this.store(key, standaloneCode(this.ajv, v));
    return v;
  }

  private fileOf(key: string): string {
    return join(this.dir!, `${key}.js`);
  }

  /** A stored validator, when present and whole. */
  private load(key: string): ValidateFunction | undefined {
    const code = this.read(this.fileOf(key))?.toString('utf8');
    if (code === undefined) return undefined;
    const codeCache = this.read(`${this.fileOf(key)}.v8`);
    const script = new Script(`(function (require, module, exports) {${code}\n})`, { filename: this.fileOf(key), ...(codeCache ? { cachedData: codeCache } : {}) });
    const module = { exports: {} as unknown };
    try {
      (script.runInThisContext() as (r: (id: string) => unknown, m: { exports: unknown }, e: unknown) => void)(runtimeRequire, module, module.exports);
    } catch {
      // Code another ajv wrote (a helper this one lacks): compiled and stored again.
      return undefined;
    }
    const validate = module.exports as ValidateFunction;
    if (!codeCache || script.cachedDataRejected) {
      // One run compiles the validator's body, so the code cache holds it too.
      validate({});
      this.write(`${this.fileOf(key)}.v8`, script.createCachedData());
    }
    return validate;
  }

  /** A stored file's content after its hash line, when the hash checks out. */
  private read(file: string): Buffer | undefined {
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch {
      return undefined;
    }
    const header = HEADER.exec(data.subarray(0, HEADER_BYTES).toString('latin1'));
    const content = data.subarray(HEADER_BYTES);
    return header && sha256(content) === header[1] ? content : undefined;
  }

  private store(key: string, code: string): void {
    this.write(this.fileOf(key), Buffer.from(code));
    this.prune();
  }

  /** Writes `content` under its hash line, aside and renamed in. */
  private write(file: string, content: Buffer): void {
    const partial = `${file}.${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      mkdirSync(this.dir!, { recursive: true });
      writeFileSync(partial, Buffer.concat([Buffer.from(`// sha256:${sha256(content)}\n`, 'latin1'), content]));
      renameSync(partial, file);
    } catch {
      // Not kept this time (a read-only or full disk): the validator in hand is the same.
      try {
        rmSync(partial, { force: true });
      } catch {
        // Never made.
      }
    }
  }

  /** Keeps the KEPT_VALIDATORS newest (with their code caches). */
  private prune(): void {
    try {
      const stored = readdirSync(this.dir!).filter((f) => /^[0-9a-f]{64}\.js$/.test(f)).map((f) => {
        const path = join(this.dir!, f);
        return { path, stored: statSync(path).mtimeMs };
      }).sort((a, b) => b.stored - a.stored);
      for (const old of stored.slice(KEPT_VALIDATORS)) {
        rmSync(old.path, { force: true });
        rmSync(`${old.path}.v8`, { force: true });
      }
    } catch {
      // Another synth pruned meanwhile.
    }
  }
}
