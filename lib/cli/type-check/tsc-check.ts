import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { CHECK_ONLY, CHECKED_FOLDERS, type CheckedProject, type TypeCheckReply } from './checker';

/**
 * The check of a project whose TypeScript has no compiler API (7 and later, the npm `latest`:
 * a Go program): its own `tsc` checks the project's charts/ and lib/ in a child process,
 * incrementally from a build info file of its own, and its errors are told as the compiler API's
 * are (`charts/x.ts:12:5 - error TS2353: ...`). No server keeps its program: TypeScript 7
 * checks a one-file edit of this repository in about a second anyway.
 */

/** A check that takes longer is stopped, and the synth says the check could not run. */
const TSC_TIMEOUT_MS = 300_000;

/** `charts/x.ts(12,5): error TS2353: message`, as `tsc --pretty false` prints a diagnostic with a place. */
const PLACED = /^(.+)\((\d+),(\d+)\): (error|warning|message) (TS\d+): (.*)$/;
/** `error TS5108: message`: one without. */
const UNPLACED = /^(error|warning|message) (TS\d+): (.*)$/;

/**
 * The tsconfig the check runs with, in `dir`: the project's (extended: its options, `files` and
 * `exclude`) over charts/ and lib/, checked and never emitted, with its build info in `dir`.
 */
function checkConfig(project: CheckedProject, dir: string): string {
  const file = join(dir, 'tsconfig.check.json');
  const config = {
    extends: project.tsconfig,
    compilerOptions: { ...CHECK_ONLY, incremental: true, tsBuildInfoFile: join(dir, 'tsc.tsbuildinfo') },
    include: CHECKED_FOLDERS.map((f) => join(project.root, f)),
  };
  mkdirSync(dir, { recursive: true });
  // Aside and renamed in: two synths at once must not read half of one.
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, `${JSON.stringify(config, null, 2)}\n`);
  renameSync(partial, file);
  return file;
}

/** A line of tsc's report that starts a diagnostic: its category and its text as the compiler API's are told. */
function diagnosticOf(line: string): { category: string; text: string } | undefined {
  const placed = PLACED.exec(line);
  if (placed) return { category: placed[4], text: `${placed[1]}:${placed[2]}:${placed[3]} - ${placed[4]} ${placed[5]}: ${placed[6]}` };
  const unplaced = UNPLACED.exec(line);
  return unplaced ? { category: unplaced[1], text: `${unplaced[1]} ${unplaced[2]}: ${unplaced[3]}` } : undefined;
}

/**
 * The errors in tsc's report, each with the lines under it (a chain of reasons) indented; a
 * warning or message is not an error.
 */
function errorsInTscReport(report: string): string[] {
  const errors: string[][] = [];
  let current: string[] | undefined;
  for (const line of report.split(/\r?\n/)) {
    const d = diagnosticOf(line);
    if (d) {
      current = d.category === 'error' ? [d.text] : undefined;
      if (current) errors.push(current);
    } else if (current && line.trim()) {
      current.push(`  ${line}`);
    }
  }
  return errors.map((lines) => lines.join('\n'));
}

/** Checks the project with its own `tsc` (CheckedProject.nativeTsc); `buildInfo`'s folder holds the check's tsconfig and build info. */
export function checkByTsc(tsc: string, project: CheckedProject, buildInfo: string): TypeCheckReply {
  const config = checkConfig(project, dirname(buildInfo));
  const run = spawnSync(process.execPath, [tsc, '--project', config, '--pretty', 'false'], { cwd: project.root, encoding: 'utf8', timeout: TSC_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  const report = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  if (run.error) return { failed: `${tsc}: ${run.error.message}` };
  // An option the project's tsconfig (or one it extends) sets is reported where our config extends it: named by the project's.
  const ours = `${relative(project.root, config)}:`;
  const errors = errorsInTscReport(report).map((e) => (e.startsWith(ours) ? e.replace(/^\S+ - /, `${relative(project.root, project.tsconfig)} - `) : e));
  // 0: no error; 1 and 2: errors (with and without output). Anything else, or errors it did not print as such, is tsc failing.
  if (run.status === 0 && !errors.length) return { errors };
  if ((run.status === 1 || run.status === 2) && errors.length) return { errors };
  return { failed: `${tsc} exited with ${run.status ?? run.signal}: ${report.trim().slice(0, 2000) || 'no output'}` };
}
