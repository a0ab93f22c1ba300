#!/usr/bin/env node
import { Argument, Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { PLATFORM_NAMES } from '../../charts/platform-names';
import type { ValuesSource } from '../config/values-source';
import { isWriterThread, reportStatus, restartWriter, runInterruptible, stderrIsTerminal } from './interruptible';
import { PhaseClock } from './phase-clock';
import type { WatchedInputs } from './synth-watch';
import { ProgressLine } from './progress-line';
import { IDLE_MS } from './type-check/server-policy';
import { projectRoot } from '../project/project-root';
import { isOwnProject } from '../project/project-platforms';
import { synthCommand } from '../project/synth-command';
import { DEFAULT_CHART_VERSION, OUTPUT_FORMATS, OutputFormat } from '../synth/output-format';
import type { Severity } from '../validate/rule';
import { SETTINGS_FILE } from '../validate/settings-file';
import type { ValidationReport } from '../validate/validate';
import { WAIVE_ANNOTATION } from '../validate/waive-annotation';

/**
 * The modules a command needs, loaded when it runs rather than at start-up: the platforms pull
 * in cdk8s and every construct, the validator its rules and YAML readers, so `kubesynth --help`
 * and `kubesynth validate` load only what they use (issue 15: start-up <= 150 ms).
 */
const load = {
  platforms: () => (require('../project/project-platforms') as typeof import('../project/project-platforms')).loadProjectPlatforms(root),
  project: () => (require('../project/project-platforms') as typeof import('../project/project-platforms')).loadProject(root),
  init: () => require('../project/init-platform') as typeof import('../project/init-platform'),
  typeCheck: () => require('./type-check/type-check') as typeof import('./type-check/type-check'),
  typeCheckServer: () => require('./type-check/server-command') as typeof import('./type-check/server-command'),
  synth: () => require('../synth/synthesize') as typeof import('../synth/synthesize'),
  diff: () => ({ ...(require('../synth/output-diff') as typeof import('../synth/output-diff')), ...(require('../synth/format-diff') as typeof import('../synth/format-diff')) }),
  reader: () => require('../validate/read-manifests') as typeof import('../validate/read-manifests'),
  validate: () => require('../validate/validate') as typeof import('../validate/validate'),
  registry: () => require('../validate/registry') as typeof import('../validate/registry'),
  settings: () => require('../validate/settings') as typeof import('../validate/settings'),
  reporters: (): Record<ReportFormat, (r: ValidationReport) => string> => ({
    text: (require('../validate/report/text') as typeof import('../validate/report/text')).formatText,
    json: (require('../validate/report/json') as typeof import('../validate/report/json')).formatJson,
    junit: (require('../validate/report/junit') as typeof import('../validate/report/junit')).formatJunit,
  }),
  values: () => ({
    ...(require('../config/values-source') as typeof import('../config/values-source')),
    ...(require('../config/set-values') as typeof import('../config/set-values')),
    ...(require('../config/set-file-values') as typeof import('../config/set-file-values')),
  }),
  watch: () => require('./synth-watch') as typeof import('./synth-watch'),
  output: () => ({
    ...(require('../emit/atomic-output') as typeof import('../emit/atomic-output')),
    ...(require('./interruptible') as typeof import('./interruptible')),
  }),
};

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * `-f` files in order, then all `--set`s, then all `--set-file`s: Helm's order, whatever the
 * order on the command line.
 */
function overridesFrom(files: readonly string[], sets: readonly string[], setFiles: readonly string[]): ValuesSource[] {
  const { readValuesFile, parseSetArgs, parseSetFileArgs } = load.values();
  const sources = files.map(readValuesFile);
  // Named by its paths only: the name is printed in errors, and a refused credential must not be.
  if (sets.length) sources.push({ name: `--set ${sets.map(withoutValues).join(' --set ')}`, values: parseSetArgs(sets) });
  // Named by paths and files: the files' text is not printed.
  if (setFiles.length) sources.push({ name: `--set-file ${setFiles.join(' --set-file ')}`, values: parseSetFileArgs(setFiles) });
  return sources;
}

/** `a.b=x,c={1,2}` -> `a.b=…,c=…`: the paths of a --set argument, for naming it without its values. */
const withoutValues = (arg: string) => arg.replace(/=(\{[^}]*\}?|(\\.|[^,\\])*)/g, '=…');

const root = projectRoot();

/**
 * `--platform`: kubesynth's own platforms are known without loading them (start-up); a project
 * that installed kubesynth has its own, checked once they are loaded (selectTargets names them).
 */
const platformOption = () => {
  const option = new Option('-p, --platform <name>', 'only this platform');
  return isOwnProject(root) ? option.choices(PLATFORM_NAMES) : option;
};

/**
 * A folder option whose default is a folder of the project; help names it `<project>/<folder>`
 * (the program's help says what <project> is), not by this machine's absolute path.
 */
const projectFolderOption = (flags: string, description: string, folder: string) =>
  new Option(flags, description).default(resolve(root, folder), `<project>/${folder}`);

/**
 * Before a command reads or writes an output folder, it finishes or undoes what a killed synth
 * left there (see lib/output/output-swap), and says so.
 */
function recoverFirst(dir: string): void {
  const done = load.output().recoverOutputFolder(dir);
  if (done) console.error(`note: ${resolve(dir)}: ${done}`);
}

type ReportFormat = 'text' | 'json' | 'junit';

/**
 * `--cache-dir`: where synth and diff keep finished outputs by the hash of their inputs
 * (lib/synth/synth-cache). In the project's git-ignored .cache/, beside the cluster tools,
 * so one clone's runs share it and `git clean -X` or removing it costs only a rebuild.
 */
const cacheFolderOption = () => projectFolderOption('--cache-dir <dir>', 'synth cache folder (reused outputs; safe to delete)', '.cache/synth');

/** `cache: 18 reused, 2 built, 0 damaged (<dir>)`, printed with --timings. */
const formatCacheStats = (s: { reused: number; built: number; damaged: number }, dir: string) =>
  `cache: ${s.reused} reused, ${s.built} built, ${s.damaged} damaged (${resolve(dir)})`;

/**
 * The progress line and phase clock of one command: `done` erases the line and, with
 * `--timings`, prints the phases on stderr (start-up measured from the process's start).
 */
function watchPhases(program: Command, outcome: Outcome): { clock: PhaseClock; done: <T>(result: T) => T } {
  const { quiet, timings } = program.opts<{ quiet?: boolean; timings?: boolean }>();
  const progress = new ProgressLine(!quiet && stderrIsTerminal() ? process.stderr : undefined);
  const clock = new PhaseClock(progress);
  // A watch's later synths start with the process warm: nothing of theirs is start-up.
  if (!outcome.rerun) clock.add('start-up', process.uptime() * 1000);
  // An error ends the command elsewhere (main): the line is erased before the message.
  outcome.clearProgress = () => progress.clear();
  return {
    clock,
    done: (result) => {
      progress.clear();
      if (timings) console.error(clock.format());
      return result;
    },
  };
}

/** Exit status of `validate` and `diff` when their input cannot be read (1 means "found something"). */
export const EXIT_INPUT_ERROR = 2;

/** Holds the exit status an action decides (commander actions cannot return one). */
interface Outcome {
  status: number;
  /** Erases the command's progress line, if it drew one. */
  clearProgress?: () => void;
  /** `synth --watch`: what to watch once the first synth ran, whatever its result. */
  watch?: WatchedInputs;
  /** A synth of `synth --watch` after its first. */
  readonly rerun?: boolean;
}

function buildProgram(outcome: Outcome): Command {
  // exitOverride before the subcommands exist, so they inherit it: errors and --help return to main().
  const program = new Command('kubesynth')
    .exitOverride()
    .description('Synthesize AI-agent platforms to plain Kubernetes YAML for Argo CD and Flux, and to Helm charts.')
    .option('--debug', 'print stack traces for errors')
    .option('--timings', 'print how long each phase took (start-up, read, render, validate, write...) on stderr at the end')
    .option('-q, --quiet', 'no progress line (it is drawn on stderr only when that is a terminal, for work over a second)')
    .showHelpAfterError()
    .addHelpText('after', `
Examples:
  $ kubesynth synth                              every platform, every environment, into dist/
  $ kubesynth synth --platform cortex-core --env prod
  $ kubesynth list

<project> in a default is the folder holding cdk8s.yaml.`);

  program.command('synth')
    .description('Write plain YAML (one file per object plus kustomization.yaml) to <out>/<platform>/<env>/, a Helm chart per platform to <out>/helm/<platform>/ and <out>/helm/<platform>-<version>.tgz, and (with <config>/gitops.yaml) Argo CD and Flux entry points to <out>/gitops/<platform>/<env>/. Every object is validated first. All or nothing: on any error the output folder is left as it was; crash-safe (a killed run is finished or undone by the next command); one synth at a time per output folder. The output folder must be new, empty or written by kubesynth, and apart from the config folder and -f files.')
    .addOption(platformOption())
    .option('-e, --env <name>', 'only this environment (a config/<platform>/<env>.yaml)')
    .addOption(projectFolderOption('-o, --out <dir>', 'output folder', 'dist'))
    .addOption(projectFolderOption('-c, --config <dir>', 'folder of <platform>/<env>.yaml values files', 'config'))
    .addOption(new Option('--format <format>', 'plain YAML alone, plain YAML with its GitOps entry points, Helm charts alone, or everything').choices(OUTPUT_FORMATS).default('all'))
    .option('--chart-version <semver>', 'version of the Helm charts', DEFAULT_CHART_VERSION)
    .option('-f, --values <file>', 'extra values file applied after the env file, as `helm -f` (repeatable)', collect, [])
    .option('--set <path=value>', 'set a value, as `helm --set` (repeatable; applied after -f)', collect, [])
    .option('--set-file <path=file>', 'set a value to the text of a file, as `helm --set-file` (repeatable; applied last), e.g. opa.policy.rego=./default.rego', collect, [])
    .option('--no-validate', 'write even if `kubesynth validate` rules fail (prints a warning)')
    .option('--no-cache', 'build every output; by default an output whose inputs (code, values files, overrides, versions) did not change is taken from the synth cache')
    .addOption(cacheFolderOption())
    .option('--no-type-check', 'write without type-checking the project\'s charts/ and lib/ (prints a warning); by default they are checked with the project\'s tsconfig.json on a second thread, incrementally, and a type error stops the synth')
    .option('--accept-immutable-changes', 'write a version that changes fields Kubernetes cannot change on a live object (a StatefulSet\'s volume claim template, a selector) compared with the plain YAML in the output folder; refused otherwise, with the steps to take first (README: "Immutable fields")')
    .option('-w, --watch', 'after the synth, synth again on each change of charts/, lib/, the config folder, a -f or --set-file file, package.json, a lockfile or tsconfig.json, in this warm process (only what a change reaches is rebuilt; an error is printed and the watch goes on); Ctrl-C stops')
    .addHelpText('after', `
Examples:
  $ kubesynth synth
  $ kubesynth synth --watch --platform cortex-core   rewrites dist/cortex-core/ on each save
  $ kubesynth synth --platform cortex-core
  $ kubesynth synth -p cortex-core -e dev --out /tmp/preview
  $ kubesynth synth -p cortex-core -e prod --format plain --set api.image.tag=1.4.2 --out /tmp/preview
      previews in plain YAML what \`helm upgrade cortex-core dist/helm/cortex-core -f config/cortex-core/prod.yaml --set api.image.tag=1.4.2\` deploys`)
    .action((opts: { platform?: string; env?: string; out: string; config: string; format: OutputFormat; chartVersion: string; values: string[]; set: string[]; setFile: string[]; validate: boolean; cache: boolean; cacheDir: string; typeCheck: boolean; acceptImmutableChanges?: boolean; watch?: boolean }) => {
      // Before anything can fail: a watch goes on after a failed synth, for the fix.
      if (opts.watch) outcome.watch = { root, ownProject: isOwnProject(root), configDir: opts.config, files: [...opts.values, ...load.values().setFileNames(opts.setFile)] };
      load.output().announceOutputFolder(opts.out);
      recoverFirst(opts.out);
      if (!opts.validate) {
        console.error('WARNING: --no-validate: the output is NOT checked by `kubesynth validate`; run it before deploying.');
      }
      if (!opts.typeCheck) console.error('WARNING: --no-type-check: the project\'s code is NOT type-checked; a mistyped prop may be ignored.');
      // First, so it runs on the second core while the platforms load and build.
      const typeCheck = opts.typeCheck ? load.typeCheck().TypeCheck.start(root, opts.out) : undefined;
      if (typeCheck?.note) console.error(`note: ${typeCheck.note}`);
      const watch = watchPhases(program, outcome);
      const { platforms, module: platformModule } = watch.clock.phase('load', 'platforms', load.project);
      const report = watch.done(load.synth().synthesize({
        platforms,
        platformModule,
        configDir: opts.config,
        outDir: opts.out,
        platform: opts.platform,
        env: opts.env,
        format: opts.format,
        chartVersion: opts.chartVersion,
        overrides: overridesFrom(opts.values, opts.set, opts.setFile),
        validate: opts.validate,
        acceptImmutableChanges: opts.acceptImmutableChanges,
        observer: watch.clock,
        ...(opts.cache ? { cache: opts.cacheDir } : {}),
        // Only a check under way is waited for (and timed): a skipped one has nothing to say.
        ...(typeCheck?.running ? { beforeWrite: () => typeCheck.wait() } : {}),
      }));
      if (report.cache && program.opts<{ timings?: boolean }>().timings) console.error(formatCacheStats(report.cache, opts.cacheDir));
      if (typeCheck && program.opts<{ timings?: boolean }>().timings) console.error(`type check: ${typeCheck.describe()}`);
      const v = report.validation;
      if (v) console.log(`validated ${v.objects} objects: 0 errors, ${v.findings.length} warning(s), ${v.waived.length} waived${v.findings.length ? ` (\`kubesynth validate ${opts.out}\` lists them)` : ''}`);
      for (const w of report.written) console.log(`${w.platform}/${w.env}: ${w.objects} objects`);
      for (const c of report.charts) console.log(`${c.platform}: chart ${c.folder}/, ${c.archive}`);
      console.log(report.unchanged ? `unchanged ${resolve(opts.out)}: it holds this synth's output already, nothing written` : `wrote ${resolve(opts.out)}`);
    });

  program.command('validate')
    .description('Check Kubernetes YAML (files, folders of *.yaml/*.yml, or `-` for stdin) against the schemas and kubesynth\'s rules. Each folder is checked as one set (references must resolve inside it). Exit 0 when nothing fails (by default: no error; warnings allowed), 1 when something does, 2 when the input or the settings file cannot be read.')
    .addArgument(new Argument('[paths...]', 'files or folders; `-` reads stdin').default([resolve(root, 'dist')], '<project>/dist'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'junit']).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 on findings of this severity or worse').choices(['error', 'warning']).default('error'))
    .option('--config <file>', `per-rule severity settings (\`rules: {<rule-id>: error|warning|off}\`); default ${SETTINGS_FILE} in the working folder when present`)
    .option('--rules', 'list the rules (id, severity after the settings file, peer checks it covers) and exit')
    .addHelpText('after', `
Waive a rule on one object with an annotation that gives the reason:
  metadata.annotations["${WAIVE_ANNOTATION}"]: "probes=<why>; image-tag=<why>"

Change a rule's severity for the project in ${SETTINGS_FILE}:
  rules:
    secret-ref: error
    host-aliases: off

Examples:
  $ kubesynth validate dist/
  $ kubesynth validate dist/cortex-core/prod --format junit --fail-on warning > validate.xml
  $ helm template cortex-core dist/helm/cortex-core -f config/cortex-core/prod.yaml | kubesynth validate -`)
    .action((paths: string[], opts: { format: ReportFormat; failOn: Severity; config?: string; rules?: boolean }) => {
      const watch = watchPhases(program, outcome);
      const { validateSets, appliedRules, failuresOf } = watch.clock.phase('load', 'rules', load.validate);
      const { readSettings, DEFAULT_SETTINGS } = load.settings();
      const settingsFile = opts.config ?? (existsSync(SETTINGS_FILE) ? SETTINGS_FILE : undefined);
      const settings = settingsFile ? readSettings(settingsFile) : DEFAULT_SETTINGS;
      if (opts.rules) {
        const { RULES, WAIVER_RULE } = load.registry();
        const info = new Map([...RULES, WAIVER_RULE].map((r) => [r.id, r]));
        for (const r of appliedRules(settings)) {
          console.log(`${r.id} (${r.severity}): ${info.get(r.id)!.checks}\n    fix: ${info.get(r.id)!.fix}${r.peers.length ? `\n    peers: ${r.peers.join(', ')}` : ''}`);
        }
        return;
      }
      for (const p of paths) if (p !== '-') recoverFirst(p);
      const { readInputs } = load.reader();
      const { sets, skipped } = watch.clock.phase('read', paths.join(' '), () => readInputs(paths));
      const report = validateSets(sets, skipped, settings, watch.clock);
      const text = watch.clock.phase('report', opts.format, () => load.reporters()[opts.format](report));
      watch.done(undefined);
      process.stdout.write(text);
      outcome.status = failuresOf(report, opts.failOn).length ? 1 : 0;
    });

  program.command('diff')
    .description('Show what a fresh synth would change in the output folder, object by object (added, removed, changed fields); chart files by name. Exit 0 when nothing would change, 1 when something would, 2 on an error.')
    .addOption(platformOption())
    .option('-e, --env <name>', 'only this environment')
    .addOption(projectFolderOption('-o, --out <dir>', 'output folder to compare with', 'dist'))
    .addOption(projectFolderOption('-c, --config <dir>', 'folder of <platform>/<env>.yaml values files', 'config'))
    .addOption(new Option('--format <format>', 'what to compare (as synth --format)').choices(OUTPUT_FORMATS).default('all'))
    .option('--chart-version <semver>', 'version of the Helm charts', DEFAULT_CHART_VERSION)
    .option('--no-cache', 'build every output; by default outputs whose inputs did not change are taken from the synth cache')
    .addOption(cacheFolderOption())
    .addHelpText('after', `
Examples:
  $ kubesynth diff
  $ kubesynth diff --platform cortex-core --env prod`)
    .action((opts: { platform?: string; env?: string; out: string; config: string; format: OutputFormat; chartVersion: string; cache: boolean; cacheDir: string }) => {
      recoverFirst(opts.out);
      const watch = watchPhases(program, outcome);
      const { platforms, module: platformModule } = watch.clock.phase('load', 'platforms', load.project);
      const { diffOutput, formatDiff } = load.diff();
      const d = diffOutput({ platforms, platformModule, configDir: opts.config, outDir: opts.out, platform: opts.platform, env: opts.env, format: opts.format, chartVersion: opts.chartVersion, observer: watch.clock, ...(opts.cache ? { cache: opts.cacheDir } : {}) });
      watch.done(undefined);
      if (d.cache && program.opts<{ timings?: boolean }>().timings) console.error(formatCacheStats(d.cache, opts.cacheDir));
      process.stdout.write(formatDiff(d, synthCommand(root)));
      outcome.status = d.objects.length || d.files.length ? 1 : 0;
    });

  program.command('init')
    .description('Start a new platform in the project: charts/<platform>.ts (an API, a worker and a PostgreSQL database, with their connections and every Helm convention), config/<platform>/{dev,staging,prod}.yaml and test/<platform>.test.ts; in a project without them, charts/index.ts, cdk8s.yaml, tsconfig.json (what the synth type-checks charts/ with) and jest.config.cjs (what runs the test) too. Writes nothing when any of those files exists.')
    .argument('<platform>', 'name of the new platform, a DNS label (e.g. shop-assistant)')
    .addHelpText('after', `
Example:
  $ npx kubesynth init shop-assistant && npx kubesynth synth`)
    .action((platform: string) => {
      const { written, next } = load.init().initPlatform(root, platform);
      for (const f of written) console.log(`wrote ${f}`);
      console.log(`next:\n${next.map((n, i) => `  ${i + 1}. ${n}`).join('\n')}`);
    });

  program.command('type-check-server')
    .description(`Show the type-check server of this project, or stop it. The first synth starts it (not when CI is set, nor with KUBESYNTH_TYPE_CHECK_SERVER=0, nor on Windows, nor for TypeScript 7 or later, whose own tsc checks instead): a process that keeps the project's TypeScript program in memory, so that the type check of an edit costs what the edit changed. It ends by itself after ${IDLE_MS / 60_000} minutes without a synth.`)
    .option('--stop', 'stop it')
    .addHelpText('after', `
Examples:
  $ kubesynth type-check-server
  $ kubesynth type-check-server --stop`)
    .action((opts: { stop?: boolean }) => {
      // The server answers over a socket, asynchronously: the exit status is set when it has.
      void load.typeCheckServer().serverCommand(root, opts.stop ? 'stop' : 'status').then((r) => {
        (r.status ? console.error : console.log)(r.message);
        process.exitCode = r.status;
      });
    });

  program.command('list')
    .description('List the platforms, their environments and components.')
    .addOption(projectFolderOption('-c, --config <dir>', 'folder of <platform>/<env>.yaml values files', 'config'))
    .addHelpText('after', `
Example:
  $ kubesynth list`)
    .action((opts: { config: string }) => {
      for (const { def, envs } of load.synth().selectTargets({ platforms: load.platforms(), configDir: opts.config })) {
        console.log(`${def.name}: ${def.description}`);
        console.log(`  environments: ${envs.join(', ') || '(none: add config/<platform>/<env>.yaml)'}`);
        console.log(`  components:   ${def.components(def.defaults).join(', ')}`);
      }
    });
  return program;
}

export function main(argv: readonly string[]): number {
  return runCommand(argv).status;
}

/** Runs one command line: its exit status and, for `synth --watch`, what to watch. */
function runCommand(argv: readonly string[], rerun = false): Outcome {
  const outcome: Outcome = { status: 0, rerun };
  const program = buildProgram(outcome);
  try {
    program.parse([...argv], { from: 'user' });
    return outcome;
  } catch (e) {
    const err = e as Error & { code?: string; exitCode?: number };
    if (err.code?.startsWith('commander.')) return { status: err.exitCode ?? 1 };
    outcome.clearProgress?.();
    const command = program.args[0];
    const writes = command === 'synth' || command === 'init';
    // The error classes come from the modules that throw them: loaded already, if one did.
    const { ConfigError } = require('../config/config-error') as typeof import('../config/config-error');
    const { ValidationFailed } = load.validate();
    const { formatText } = require('../validate/report/text') as typeof import('../validate/report/text');
    const { UnsafeOutputFolder } = require('../output/output-guard') as typeof import('../output/output-guard');
    const { OutputLocked } = require('../output/output-lock') as typeof import('../output/output-lock');
    const { SetValuesError } = require('../config/set-values') as typeof import('../config/set-values');
    const { InputError } = load.reader();
    const { ImmutableFieldsChanged } = require('../diff/immutable-changes') as typeof import('../diff/immutable-changes');
    const { ProjectError } = require('../project/project-platforms') as typeof import('../project/project-platforms');
    const { TypeErrors } = load.typeCheck();
    if (e instanceof TypeErrors) {
      console.error(`error: ${e.message}, synth refuses to write\n${e.errors.map((l) => `  ${l}`).join('\n')}`);
    } else if (e instanceof ConfigError) {
      console.error(`error: invalid configuration\n${e.message.split('\n').map((l) => `  ${l}`).join('\n')}`);
    } else if (e instanceof ValidationFailed) {
      console.error(`error: validation failed, synth refuses to write\n${formatText(e.report).trimEnd().split('\n').map((l) => `  ${l}`).join('\n')}\n  fix the constructs or values, or waive a rule on an object with the ${WAIVE_ANNOTATION} annotation`);
    } else if (e instanceof ImmutableFieldsChanged) {
      console.error(`error: ${e.message}`);
    } else if (e instanceof ProjectError) {
      console.error(`error: ${e.message}`);
    } else if (e instanceof UnsafeOutputFolder || e instanceof OutputLocked) {
      console.error(`error: ${e.message}`);
    } else if (e instanceof SetValuesError) {
      console.error(`error: invalid --set\n  ${e.message}`);
    } else if (e instanceof InputError) {
      console.error(`error: cannot read the input\n  ${e.message}`);
    } else {
      // Anything else is unexpected: the message, and the stack only when asked for.
      console.error(`error: ${err.message ?? String(e)}${program.opts().debug ? '' : ' (run with --debug for the stack trace)'}`);
    }
    if (program.opts().debug) console.error(err.stack);
    if (writes) console.error('nothing was written.');
    outcome.status = writes ? 1 : EXIT_INPUT_ERROR;
    return outcome;
  }
}

/**
 * The writer thread (see interruptible): runs the command, then, for `synth --watch`, the same
 * command line again on each change until the thread is stopped.
 */
function runWriter(argv: readonly string[]): void {
  const first = runCommand(argv);
  if (!first.watch) return reportStatus(first.status);
  const inputs = first.watch;
  // Runs until the thread is stopped (Ctrl-C) or replaced (restart).
  load.watch().watchInputs(inputs, {
    synth: () => void runCommand(argv, true),
    restart: restartWriter,
    compile: () => (require(resolve(inputs.root, 'scripts', 'synth.cjs')) as { compileChanged: () => boolean }).compileChanged(),
    forgetCharts: () => (require('../project/project-platforms') as typeof import('../project/project-platforms')).forgetOwnCharts(),
  });
}

/**
 * Runs the command line as the `kubesynth` command does, setting process.exitCode: synth writes,
 * so it runs where SIGINT and SIGTERM can stop it cleanly (see interruptible). Exported for
 * `npm run synth` (scripts/synth.cjs), which compiles and then runs it in its own process.
 */
export function run(argv: readonly string[]): void {
  // `kubesynth --help | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  if (argv.find((a) => !a.startsWith('-')) === 'synth') {
    void runInterruptible(__filename, argv).then((status) => {
      process.exitCode = status;
    });
  } else {
    process.exitCode = main(argv);
  }
}

if (isWriterThread()) {
  runWriter(process.argv.slice(2));
} else if (require.main === module) {
  run(process.argv.slice(2));
}
