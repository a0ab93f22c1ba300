import { createHash, type Hash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { threadId } from 'node:worker_threads';
import type * as ts from 'typescript';

/**
 * What `kubesynth synth` type-checks, and how, for both places a check runs: once on the synth's
 * second thread (checkOnce, with TypeScript's build info on disk), or in the type-check server
 * (WarmChecker), which keeps the program in memory between synths.
 */

/** The folders of a project whose files the check starts from: the code a synth runs; tests are left to the test run. */
export const CHECKED_FOLDERS = ['charts', 'lib'];

/** The project to check, with the TypeScript it installed. */
export interface CheckedProject {
  /** The resolved path of the project's `typescript` module. */
  readonly typescript: string;
  readonly tsconfig: string;
  readonly root: string;
  /**
   * Set when that TypeScript has no compiler API to check with in this process (7 and later,
   * written in Go): its `tsc` command, which checks the project instead (tsc-check.ts).
   */
  readonly nativeTsc?: string;
}

/** The errors as `file:line:col - error TSnnnn: message`, or why the check could not run. */
export type TypeCheckReply = { readonly errors: readonly string[] } | { readonly failed: string };

/** Checked, never written: the project's own build output and declarations are its build's business. */
export const CHECK_ONLY: ts.CompilerOptions = {
  noEmit: true,
  composite: false,
  declaration: false,
  declarationMap: false,
  emitDeclarationOnly: false,
  sourceMap: false,
};

/** `charts/x.ts:12:5 - error TS2353: ...`, relative to the project, as editors and terminals link it. */
function format(t: typeof ts, root: string, d: ts.Diagnostic): string {
  const text = t.flattenDiagnosticMessageText(d.messageText, '\n    ');
  let where = '';
  if (d.file && d.start !== undefined) {
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    where = `${relative(root, d.file.fileName)}:${line + 1}:${character + 1} - `;
  }
  return `${where}${t.DiagnosticCategory[d.category].toLowerCase()} TS${d.code}: ${text}`;
}

type Parsed = { readonly parsed: ts.ParsedCommandLine; readonly rootNames: readonly string[] } | { readonly fatal: readonly string[] };

/** The project's tsconfig.json with CHECK_ONLY (and `extra`) over it, and the files under CHECKED_FOLDERS. */
function parse(t: typeof ts, project: CheckedProject, extra: ts.CompilerOptions): Parsed {
  const fatal: ts.Diagnostic[] = [];
  const parsed = t.getParsedCommandLineOfConfigFile(project.tsconfig, { ...CHECK_ONLY, ...extra }, { ...t.sys, onUnRecoverableConfigFileDiagnostic: (d) => fatal.push(d) });
  if (!parsed || fatal.length) return { fatal: fatal.map((d) => format(t, project.root, d)) };
  const roots = CHECKED_FOLDERS.map((f) => `${project.root}${sep}${f}${sep}`);
  const rootNames = parsed.fileNames.filter((f) => roots.some((r) => f.startsWith(r) || f.startsWith(r.split(sep).join('/'))));
  return { parsed, rootNames };
}

/** Every error of the program; a builder program answers from what it kept for files no edit affected. */
function errorsOf(t: typeof ts, root: string, program: ts.BuilderProgram): string[] {
  return [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getSemanticDiagnostics(),
  ].filter((d) => d.category === t.DiagnosticCategory.Error).map((d) => format(t, root, d));
}

/**
 * One check in a process that ends after it: TypeScript's build info file (`buildInfo`) keeps
 * what the last check found per file, so only what an edit affects is checked again, but every
 * file is still read and bound.
 */
export function checkOnce(project: CheckedProject, buildInfo: string): TypeCheckReply {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const t = require(project.typescript) as typeof ts;
  const p = parse(t, project, { incremental: true, tsBuildInfoFile: buildInfo });
  if ('fatal' in p) return { errors: p.fatal };
  mkdirSync(dirname(buildInfo), { recursive: true });
  const program = t.createIncrementalProgram({
    rootNames: p.rootNames,
    options: p.parsed.options,
    configFileParsingDiagnostics: t.getConfigFileParsingDiagnostics(p.parsed),
    ...(p.parsed.projectReferences ? { projectReferences: p.parsed.projectReferences } : {}),
  });
  const errors = errorsOf(t, project.root, program);
  // With noEmit, emit writes the build info alone: what the next check starts from. Written aside and renamed in:
  // two synths at once must not read half of one.
  program.emit(undefined, (file, text) => {
    const partial = `${file}.${process.pid}.${threadId}`;
    writeFileSync(partial, text);
    renameSync(partial, file);
  });
  return { errors };
}

/**
 * A parsed file kept between checks. The project's own files are compared by their text, which
 * the parsed file holds; installed packages, which only an install replaces, by a stamp.
 */
interface KeptFile {
  /** An installed package's inode, size and change time. */
  readonly stamp?: string;
  readonly file: ts.SourceFile | undefined;
}

/** A file as it is now: an installed package's stamp, or a project file's text as TypeScript reads it. */
type CurrentFile = { readonly stamp: string } | { readonly text: string };

/**
 * The check the type-check server runs (lib/cli/type-check/server.ts): the program stays in
 * memory, so a check after an edit parses only the files that changed and checks only the files
 * the edit can affect, as `tsc --watch` does. Nothing is watched: each check compares every
 * file with what was parsed, so an answer never depends on a file-system event arriving in time.
 *
 * What makes it start over: a changed tsconfig file, package.json or lockfile (options and
 * installed packages: every parsed file is dropped), or a file added to or removed from the
 * tsconfig's files (module resolution is redone from scratch, the parsed files kept).
 */
export class WarmChecker {
  private readonly t: typeof ts;
  private readonly files = new Map<string, KeptFile>();
  private configKey?: string;
  private fileListKey?: string;
  private last?: ts.SemanticDiagnosticsBuilderProgram;
  private roots: readonly string[] = [];

  constructor(private readonly project: CheckedProject) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.t = require(project.typescript) as typeof ts;
  }

  /** Checks the project as its files are, or with `edits` (path to text) over them. */
  public check(edits: ReadonlyMap<string, string> = new Map()): TypeCheckReply {
    const { t, project } = this;
    const configKey = hashConfigFiles(createHash('sha256'), project.root).digest('hex');
    if (configKey !== this.configKey) {
      this.files.clear();
      this.last = undefined;
      this.configKey = configKey;
    }
    const p = parse(t, project, {});
    if ('fatal' in p) {
      this.last = undefined;
      return { errors: p.fatal };
    }
    // The tsconfig's files, read from disk on each parse: a file added or removed.
    const fileListKey = createHash('sha256').update(p.parsed.fileNames.join('\0')).digest('hex');
    if (fileListKey !== this.fileListKey) {
      this.last = undefined;
      this.fileListKey = fileListKey;
    }
    this.roots = p.rootNames;
    const host = t.createIncrementalCompilerHost(p.parsed.options, t.sys);
    // The host's getSourceFile reads through host.readFile.
    const read = host.readFile.bind(host);
    host.readFile = (fileName) => edits.get(fileName) ?? read(fileName);
    const parseFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const edited = edits.get(fileName);
      const current = edited !== undefined ? { text: edited } : this.currentOf(fileName);
      const kept = this.files.get(fileName);
      if (kept && current && ('stamp' in current ? kept.stamp === current.stamp : kept.file?.text === current.text)) return kept.file;
      const file = parseFile(fileName, languageVersion, onError, shouldCreate);
      if (current) this.files.set(fileName, { ...('stamp' in current ? { stamp: current.stamp } : {}), file });
      return file;
    };
    const program = t.createSemanticDiagnosticsBuilderProgram(p.rootNames, p.parsed.options, host, this.last, t.getConfigFileParsingDiagnostics(p.parsed), p.parsed.projectReferences);
    const errors = errorsOf(t, project.root, program);
    this.last = program;
    return { errors };
  }

  /**
   * The steps of a rehearsal: a check as if the largest platform file had been edited, then one
   * of the files as they are. The server runs them after its first check, while it waits, so
   * that V8 has compiled the code of an incremental check before a synth needs one: the first
   * checks after an edit took 1.5-1.7 s of CPU, later ones 0.5 s.
   */
  public rehearsal(): Array<() => void> {
    const size = (f: string) => statSync(f).size;
    const charts = this.roots.filter((f) => f.startsWith(`${this.project.root}/charts/`));
    const file = (charts.length ? charts : this.roots).reduce<string | undefined>((a, b) => (a === undefined || size(b) > size(a) ? b : a), undefined);
    if (file === undefined) return [];
    return [
      () => this.check(new Map([[file, `${readFileSync(file, 'utf8')}\n// kubesynth: a rehearsed edit\n`]])),
      () => this.check(),
    ];
  }

  private currentOf(fileName: string): CurrentFile | undefined {
    try {
      if (fileName.split(/[\\/]/).includes('node_modules')) {
        const s = statSync(fileName, { bigint: true });
        return { stamp: `${s.ino}:${s.size}:${s.ctimeNs}` };
      }
      // TypeScript's readFile drops a byte-order mark: the parsed text has none.
      return { text: readFileSync(fileName, 'utf8').replace(/^\uFEFF/, '') };
    } catch {
      return undefined;
    }
  }
}

/** The files of a project's folder whose change means new compiler options or new installed packages. */
const CONFIG_FILE = /^(tsconfig.*\.json|package(-lock)?\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml)$/;

/** Whether a file of the project's folder, by name, is one of those (`synth --watch` starts a new thread on their change). */
export const isProjectConfigFile = (name: string): boolean => CONFIG_FILE.test(name);

/** Adds the project's config files (name, length, content) to `hash`, for the server's and the synth's keys alike. */
export function hashConfigFiles(hash: Hash, root: string): Hash {
  for (const name of readdirSync(root).filter(isProjectConfigFile).sort()) {
    const content = readFileSync(join(root, name));
    hash.update(`${name}\0${content.length}\0`).update(content);
  }
  return hash;
}
