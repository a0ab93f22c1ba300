/**
 * `npm run bench`: the synth edit loop (with the cache, everything reused or one platform
 * changed, and without it) against cdk8s-cli's `cdk8s synth --format helm`, diff against synth,
 * engine scale at 100, 500 and 1,000 services, and `kubesynth validate` on dist/ and on 10,000
 * objects (`BENCH_ONLY=validate npm run bench` runs only those, `BENCH_ONLY=scale` only the
 * scale cases, `BENCH_ONLY=edit` only the edit loop, baseline and diff cases). Each case runs once to warm up, then RUNS times;
 * the table gives medians, min-max, CPU time and peak RSS, and the ratios between cases.
 * Figures go to bench/results/latest.json and a chart to bench/results/scale.svg.
 * A benchmark, not a test: shared machines are noisy, so nothing here passes or fails. Synths use
 * the type-check server, as a user's do (KUBESYNTH_TYPE_CHECK_SERVER=1, even where CI is set).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { scaleChart } from './scale-chart';
import { stopTypeCheckServer, typeCheckServerIdle } from './type-check-server';

const ROOT = resolve(__dirname, '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = [100, 500, 1000];
const STARTED = Date.now();
const loadAtStart = loadavg();

interface Sample {
  wall: number;
  cpu: number;
  rssMiB: number;
  /** The part of `cpu` spent outside the measured process tree (the type-check server's check), when the case says. */
  cpuElsewhere?: number;
}
/** What a case's command spent outside its own process tree (the type-check server's CPU), read from its stderr. */
type CpuElsewhere = (stderr: string) => number;
interface CaseResult { name: string; command: string; runs: Sample[]; median: Sample; min: number; max: number }

/**
 * Runs a command and returns its wall time and, from RUSAGE_CHILDREN, the CPU time and peak
 * RSS of its whole process tree. python3 does the measuring because Node cannot read
 * RUSAGE_CHILDREN; it is on every machine of this kind (node-gyp needs it).
 */
const MEASURE = `
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
err = p.stderr.decode("utf-8", "replace")[-20000:]
print(json.dumps({"code": p.returncode, "wall": wall, "cpu": r.ru_utime + r.ru_stime, "rssMiB": r.ru_maxrss / 1024, "stderr": err}))
`;

/** How a case runs, beside its command. */
interface CaseOptions {
  /** Run before each measured run (an edit). */
  readonly before?: () => void;
  readonly elsewhere?: CpuElsewhere;
  /** Environment over the bench's. */
  readonly env?: NodeJS.ProcessEnv;
  /** Run once after the warm-up run. */
  readonly afterWarmUp?: () => void;
}

function measure(argv: string[], cwd: string, { before, elsewhere, env }: CaseOptions = {}): Sample {
  before?.();
  const r = spawnSync('python3', ['-c', MEASURE, ...argv], { cwd, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', KUBESYNTH_TYPE_CHECK_SERVER: '1', ...env } });
  const line = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Sample & { code: number; stderr: string };
  if (r.status !== 0 || line.code !== 0) throw new Error(`${argv.join(' ')} failed (${line.code}): ${line.stderr ?? ''}${r.stderr}`);
  const there = elsewhere?.(line.stderr);
  return { wall: line.wall, cpu: line.cpu + (there ?? 0), rssMiB: line.rssMiB, ...(there === undefined ? {} : { cpuElsewhere: there }) };
}

function medianOf(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

function formatTable(rows: readonly CaseResult[]): string {
  return [
    '| case | median wall | min-max | median CPU | peak RSS |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.name} | ${r.median.wall.toFixed(2)} s | ${r.min.toFixed(2)}-${r.max.toFixed(2)} s | ${r.median.cpu.toFixed(2)} s | ${r.median.rssMiB.toFixed(0)} MiB |`),
  ].join('\n');
}

function runCase(name: string, argv: string[], cwd: string, options: CaseOptions = {}): CaseResult {
  measure(argv, cwd, options); // warm-up: file caches, compiled-code caches (and the type-check server started)
  options.afterWarmUp?.();
  return caseResult(name, argv.join(' '), Array.from({ length: RUNS }, () => measure(argv, cwd, options)));
}

/** A case's medians and spread from its runs, printed as it finishes. */
function caseResult(name: string, command: string, runs: Sample[]): CaseResult {
  const med = (pick: (s: Sample) => number) => medianOf(runs.map(pick));
  const result = {
    name,
    command,
    runs,
    median: { wall: med((s) => s.wall), cpu: med((s) => s.cpu), rssMiB: med((s) => s.rssMiB) },
    min: Math.min(...runs.map((s) => s.wall)),
    max: Math.max(...runs.map((s) => s.wall)),
  };
  process.stdout.write(`  ${name}: ${result.median.wall.toFixed(2)} s\n`);
  return result;
}

/**
 * CLI start-up (`kubesynth --help`, issue 15: <= 150 ms), and `kubesynth validate` on all of dist/ and on a corpus of at least 10,000 objects (copies of the
 * dist/ folders, bench/validate-corpus.ts), whole process; start-up alone (`kubesynth validate
 * --rules`) is measured too, so "after start-up" is the difference. Targets (issue 14): dist/
 * well under 1 s of CPU after start-up, 10,000 objects under 5 s. With BENCH_BEFORE=<an earlier
 * kubesynth's build/lib/cli/main.js> the same cases run with it too, in the same run, so before
 * and after meet the same machine load, and the ratios are printed.
 */
function validateCases(out: string): { rows: CaseResult[]; targets: string[] } {
  const corpus = join(out, 'validate-corpus');
  const made = spawnSync(process.execPath, [join(ROOT, 'build', 'bench', 'validate-corpus.js'), '10000', corpus], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`validate-corpus failed: ${made.stderr}`);
  const objects = made.stdout.trim();
  const measureCli = (cli: string, label: string) => {
    const help = runCase(`0. start-up: kubesynth --help${label}`, [process.execPath, cli, '--help'], ROOT);
    const startup = runCase(`4. start-up: kubesynth validate --rules (loads everything, validates nothing)${label}`, [process.execPath, cli, 'validate', '--rules'], ROOT);
    const dist = runCase(`5. kubesynth validate dist/ (15 folders, every rule, schemas)${label}`, [process.execPath, cli, 'validate', join(ROOT, 'dist')], ROOT);
    const big = runCase(`6. kubesynth validate ${objects} (copies of the dist/ folders)${label}`, [process.execPath, cli, 'validate', corpus], ROOT);
    return { help, startup, dist, big, afterStartup: dist.median.cpu - startup.median.cpu };
  };
  const before = process.env.BENCH_BEFORE ? measureCli(resolve(process.env.BENCH_BEFORE), ' [before]') : undefined;
  const now = measureCli(join(ROOT, 'build', 'lib', 'cli', 'main.js'), '');
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  return {
    rows: [...(before ? [before.help, before.startup, before.dist, before.big] : []), now.help, now.startup, now.dist, now.big],
    targets: [
      `kubesynth --help: ${(now.help.median.wall * 1000).toFixed(0)} ms wall, ${(now.help.median.cpu * 1000).toFixed(0)} ms CPU (target <= 150 ms)`,
      `validate dist/: ${now.afterStartup.toFixed(2)} s CPU after start-up (target well under 1 s), ${now.dist.median.wall.toFixed(2)} s wall`,
      `validate ${objects}: ${now.big.median.cpu.toFixed(2)} s CPU, ${now.big.median.wall.toFixed(2)} s wall (target under 5 s)`,
      ...(before ? [
        `before -> after, --help: ${(before.help.median.wall * 1000).toFixed(0)} -> ${(now.help.median.wall * 1000).toFixed(0)} ms wall (${ratio(now.help.median.wall, before.help.median.wall)}), ${(before.help.median.cpu * 1000).toFixed(0)} -> ${(now.help.median.cpu * 1000).toFixed(0)} ms CPU`,
        `before -> after, dist/ CPU after start-up: ${before.afterStartup.toFixed(2)} -> ${now.afterStartup.toFixed(2)} s (${ratio(now.afterStartup, before.afterStartup)})`,
        `before -> after, dist/ wall: ${before.dist.median.wall.toFixed(2)} -> ${now.dist.median.wall.toFixed(2)} s (${ratio(now.dist.median.wall, before.dist.median.wall)})`,
        `before -> after, ${objects} CPU: ${before.big.median.cpu.toFixed(2)} -> ${now.big.median.cpu.toFixed(2)} s (${ratio(now.big.median.cpu, before.big.median.cpu)})`,
        `before -> after, ${objects} wall: ${before.big.median.wall.toFixed(2)} -> ${now.big.median.wall.toFixed(2)} s (${ratio(now.big.median.wall, before.big.median.wall)})`,
      ] : []),
    ],
  };
}

/**
 * The generated platform at each size, plain + chart + .tgz + validation, whole process. With
 * BENCH_BEFORE=<another checkout>/build/lib/cli/main.js, that checkout's build runs the same
 * cases in the same run (interleaved per size, so both meet the same machine load).
 */
function scaleCases(out: string): { now: CaseResult[]; before?: CaseResult[] } {
  const beforeRoot = process.env.BENCH_BEFORE ? resolve(process.env.BENCH_BEFORE, '..', '..', '..', '..') : undefined;
  const run = (root: string, label: string) => (n: number) =>
    runCase(`3. ${n} services: plain + chart${label}`, [process.execPath, join(root, 'build', 'bench', 'scale-synth.js'), String(n), join(out, `scale-${n}${label ? '-before' : ''}`)], ROOT);
  const now: CaseResult[] = [];
  const before: CaseResult[] = [];
  for (const n of SIZES) {
    if (beforeRoot) before.push(run(beforeRoot, ' [before]')(n));
    now.push(run(ROOT, '')(n));
  }
  return { now, ...(beforeRoot ? { before } : {}) };
}

function scaleTargets(scale: readonly CaseResult[], before?: readonly CaseResult[]): string[] {
  const at = (rows: readonly CaseResult[], n: number) => rows[SIZES.indexOf(n)];
  return [
    `1,000 services: ${at(scale, 1000).median.wall.toFixed(2)} s (target <= 3 s), ${at(scale, 1000).median.rssMiB.toFixed(0)} MiB (target <= 400 MiB)`,
    `time(1,000) / time(100) = ${(at(scale, 1000).median.wall / at(scale, 100).median.wall).toFixed(2)} (target <= 8)`,
    ...(before ? SIZES.map((n) => `before -> after, ${n} services: ${at(before, n).median.wall.toFixed(2)} -> ${at(scale, n).median.wall.toFixed(2)} s wall, ${at(before, n).median.cpu.toFixed(2)} -> ${at(scale, n).median.cpu.toFixed(2)} s CPU, ${at(before, n).median.rssMiB.toFixed(0)} -> ${at(scale, n).median.rssMiB.toFixed(0)} MiB`) : []),
  ];
}

/** Edits made by this bench run, over all cases: each edit's value is new to the synth cache. */
let edits = 0;

/**
 * Runs `measure` with a function that edits `charts/<platform>.ts` before each run: a new
 * export each time (a changed compiled module, so the platform's cache key changes, and a key
 * never seen before, so the cache cannot already hold it: the value is the bench's start time
 * and a count over all cases; a count per case made the second case's edits the first one's,
 * all taken from the cache). The file is restored afterwards, also when the process is stopped.
 */
function withChartEdits<T>(platform: string, measure: (edit: () => void) => T): T {
  const file = join(ROOT, 'charts', `${platform}.ts`);
  const original = readFileSync(file, 'utf8');
  const restore = () => writeFileSync(file, original);
  process.once('SIGINT', () => (restore(), process.exit(130)));
  try {
    return measure(() => writeFileSync(file, `${original}\nexport const BENCH_EDIT = '${STARTED}-${++edits}'; // npm run bench: a one-platform edit\n`));
  } finally {
    restore();
  }
}

/**
 * The one-platform edit with `npm run synth -- --watch` running: bench/watch-latency measures
 * each save to the watch's "wrote" line, in a process of its own (it waits on the watch's
 * output), and prints its samples.
 */
function watchCase(out: string): CaseResult {
  const name = '1. edit loop, one platform changed, npm run synth -- --watch: edit charts/cortex-core.ts (a new export); from the save to "wrote" (type check included, by the type-check server; its CPU added)';
  const r = spawnSync(process.execPath, [join(ROOT, 'build', 'bench', 'watch-latency.js'), out, String(RUNS), `${STARTED}`], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench/watch-latency failed (${r.status}): ${r.stderr}`);
  return caseResult(name, 'npm run synth -- --watch (bench/watch-latency.ts)', JSON.parse(r.stdout.trim().split('\n').pop() ?? '[]') as Sample[]);
}

/**
 * `kubesynth diff` of the whole dist/ against `kubesynth synth` of it (issue 15: diff <= 1.2x a
 * synth, as it is a synth plus a comparison), each into the same copy of dist/, with the cache
 * (its warm-up run fills it: the usual case, an unchanged tree or one changed platform) and
 * without it (every output built).
 */
function diffCases(out: string): { rows: CaseResult[]; ratios: Record<string, number>; targets: string[] } {
  const copy = join(out, 'dist-copy');
  cpSync(join(ROOT, 'dist'), copy, { recursive: true });
  const cli = join(ROOT, 'build', 'lib', 'cli', 'main.js');
  const cache = ['--cache-dir', join(out, 'diff-cache')];
  const synth = runCase('7. kubesynth synth of dist/ (cache)', [process.execPath, cli, 'synth', '--out', copy, ...cache], ROOT);
  const diff = runCase('7. kubesynth diff of dist/ (cache)', [process.execPath, cli, 'diff', '--out', copy, ...cache], ROOT);
  const synthNoCache = runCase('8. kubesynth synth of dist/ --no-cache', [process.execPath, cli, 'synth', '--out', copy, '--no-cache'], ROOT);
  const diffNoCache = runCase('8. kubesynth diff of dist/ --no-cache', [process.execPath, cli, 'diff', '--out', copy, '--no-cache'], ROOT);
  const ratios = { diffOverSynth: diff.median.wall / synth.median.wall, diffOverSynthNoCache: diffNoCache.median.wall / synthNoCache.median.wall };
  return {
    rows: [synth, diff, synthNoCache, diffNoCache],
    ratios,
    targets: [
      `diff / synth of dist/ = ${ratios.diffOverSynth.toFixed(2)} with the cache, ${ratios.diffOverSynthNoCache.toFixed(2)} without (target <= 1.2); CPU ${(diff.median.cpu / synth.median.cpu).toFixed(2)} and ${(diffNoCache.median.cpu / synthNoCache.median.cpu).toFixed(2)}`,
    ],
  };
}

/**
 * The edit loop as a user runs it, everything on (cache, validation, plain + charts + .tgz),
 * with a cache of its own that the warm-up run fills: a touch changes no input, so every
 * output is reused; an edit of one chart's code rebuilds that platform (its 3 envs and chart).
 * Then the same without the cache, the cdk8s-cli baseline, and diff against synth.
 */
function editCases(out: string, npm: string): { rows: CaseResult[]; baseline: CaseResult; ratios: Record<string, number>; targets: string[] } {
  const cache = ['--cache-dir', join(out, 'cache')];
  const touch = () => utimesSync(join(ROOT, 'charts', 'cortex-core.ts'), new Date(), new Date());
  const editLoop = runCase('1. edit loop: touch charts/cortex-core.ts; npm run synth (all platforms and envs, plain + chart + .tgz, validation, cache)', [npm, 'run', '--silent', 'synth', '--', '--out', join(out, 'edit'), ...cache], ROOT, { before: touch });
  // The type check as a user's synth runs it: by the project's type-check server, which the warm-up run starts (a server
  // left by earlier work is stopped first). Its CPU is outside the measured process tree: `--timings` reports it, and
  // it is added to the case's CPU.
  stopTypeCheckServer();
  const serverCpu: CpuElsewhere = (stderr) => {
    const m = /type check: checked by the type-check server \(pid \d+, ([\d.]+) s of CPU there/.exec(stderr);
    if (!m) throw new Error(`the one-platform synth was not checked by the type-check server:\n${stderr}`);
    return Number(m[1]);
  };
  const oneChanged = withChartEdits('cortex-core', (edit) => runCase('1. edit loop, one platform changed: edit charts/cortex-core.ts (a new export); npm run synth (type check included, by the type-check server; its CPU added)', [npm, 'run', '--silent', 'synth', '--', '--out', join(out, 'edit'), ...cache, '--timings'], ROOT, { before: edit, elsewhere: serverCpu, afterWarmUp: typeCheckServerIdle }));
  stopTypeCheckServer();
  // Before the server (issue 15): the check on the synth's second thread, from TypeScript's build info, as where CI is set.
  const oneChangedThread = withChartEdits('cortex-core', (edit) => runCase('1. edit loop, one platform changed, type check on the synth\'s second thread (KUBESYNTH_TYPE_CHECK_SERVER=0: as before the server, and where CI is set)', [npm, 'run', '--silent', 'synth', '--', '--out', join(out, 'edit'), ...cache], ROOT, { before: edit, env: { KUBESYNTH_TYPE_CHECK_SERVER: '0' } }));
  // The same without the type check (issue 16), which checks the edit on the second core and which the synth waits for before writing.
  const oneChangedUnchecked = withChartEdits('cortex-core', (edit) => runCase('1. edit loop, one platform changed, --no-type-check', [npm, 'run', '--silent', 'synth', '--', '--out', join(out, 'edit'), ...cache, '--no-type-check'], ROOT, { before: edit }));
  // The same edit with `npm run synth -- --watch` running (bench/watch-latency): from the save to the watch's "wrote".
  stopTypeCheckServer();
  const watch = watchCase(out);
  // What every `npm run synth` costs before any synth work: npm, Node and scripts/synth.cjs's hashing, and the CLI's start. The one-platform goal (0.25x) cannot go below it.
  const floor = runCase('1. floor: npm run synth -- --help (npm, Node, the compile check of scripts/synth.cjs, the CLI\'s start; no synth)', [npm, 'run', '--silent', 'synth', '--', '--help'], ROOT);
  const noCache = runCase('1. edit loop without the cache: touch charts/cortex-core.ts; npm run synth -- --no-cache (every output built)', [npm, 'run', '--silent', 'synth', '--', '--out', join(out, 'edit-no-cache'), '--no-cache'], ROOT, { before: touch });
  const baseline = runCase('2. baseline: cdk8s synth --format helm (cdk8s-plus-28, ts-node)', [join(ROOT, 'node_modules', '.bin', 'cdk8s'), 'synth', '--format', 'helm', '--chart-version', '0.1.0', '--no-check-upgrade', '--output', join(out, 'baseline')], join(ROOT, 'bench', 'baseline'));
  const diffs = diffCases(out);
  const ratios = {
    editLoopOverBaseline: editLoop.median.wall / baseline.median.wall,
    oneChangedOverBaseline: oneChanged.median.wall / baseline.median.wall,
    oneChangedThreadOverBaseline: oneChangedThread.median.wall / baseline.median.wall,
    oneChangedUncheckedOverBaseline: oneChangedUnchecked.median.wall / baseline.median.wall,
    noCacheOverBaseline: noCache.median.wall / baseline.median.wall,
    floorOverBaseline: floor.median.wall / baseline.median.wall,
    watchOverBaseline: watch.median.wall / baseline.median.wall,
    ...diffs.ratios,
  };
  return {
    rows: [editLoop, oneChanged, oneChangedThread, oneChangedUnchecked, watch, floor, noCache, baseline, ...diffs.rows],
    baseline,
    ratios,
    targets: [
      `edit loop / baseline = ${ratios.editLoopOverBaseline.toFixed(2)} (target <= 0.5); CPU ${(editLoop.median.cpu / baseline.median.cpu).toFixed(2)}`,
      `edit loop, one platform changed / baseline = ${ratios.oneChangedOverBaseline.toFixed(2)} (target <= 0.25); CPU ${(oneChanged.median.cpu / baseline.median.cpu).toFixed(2)}; the type-check server's check of the edit: ${medianOf(oneChanged.runs.map((r) => r.cpuElsewhere ?? 0)).toFixed(2)} s of CPU (median)`,
      `edit loop, one platform changed, type check on the second thread (no server) / baseline = ${ratios.oneChangedThreadOverBaseline.toFixed(2)}; CPU ${(oneChangedThread.median.cpu / baseline.median.cpu).toFixed(2)}`,
      `edit loop, one platform changed, synth --watch (save to written) / baseline = ${ratios.watchOverBaseline.toFixed(2)} (target <= 0.25); CPU ${(watch.median.cpu / baseline.median.cpu).toFixed(2)}; the type-check server's check of the edit: ${medianOf(watch.runs.map((r) => r.cpuElsewhere ?? 0)).toFixed(2)} s of CPU (median)`,
      `edit loop, one platform changed, --no-type-check / baseline = ${ratios.oneChangedUncheckedOverBaseline.toFixed(2)}; CPU ${(oneChangedUnchecked.median.cpu / baseline.median.cpu).toFixed(2)}`,
      `edit loop without the cache / baseline = ${ratios.noCacheOverBaseline.toFixed(2)}; CPU ${(noCache.median.cpu / baseline.median.cpu).toFixed(2)}`,
      `floor (npm run synth -- --help) / baseline = ${ratios.floorOverBaseline.toFixed(2)}: what any npm run synth costs before synth work`,
      ...diffs.targets,
    ],
  };
}

function main(): void {
  try {
    run();
  } finally {
    // Nothing of the bench's keeps running after it.
    stopTypeCheckServer();
  }
}

function run(): void {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = mkdtempSync(join(tmpdir(), 'kubesynth-bench-'));
  process.stdout.write(`kubesynth benchmark: ${RUNS} runs per case after a warm-up\n`);
  const results = join(ROOT, 'bench', 'results');
  if (process.env.BENCH_ONLY === 'scale') {
    const s = scaleCases(out);
    const targets = scaleTargets(s.now, s.before);
    process.stdout.write(`\n${formatTable([...(s.before ?? []), ...s.now])}\n\n${targets.join('\n')}\n`);
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'scale.json'), `${JSON.stringify({ runs: RUNS, node: process.version, date: new Date().toISOString(), cases: [...(s.before ?? []), ...s.now], targets }, null, 2)}\n`);
    writeFileSync(join(results, 'scale.svg'), scaleChart(SIZES.map((n, i) => ({ services: n, seconds: s.now[i].median.wall, mib: s.now[i].median.rssMiB }))));
    process.stdout.write('\nwrote bench/results/scale.json and bench/results/scale.svg\n');
    return;
  }
  if (process.env.BENCH_ONLY === 'validate') {
    const v = validateCases(out);
    process.stdout.write(`\n${formatTable(v.rows)}\n\n${v.targets.join('\n')}\n`);
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'validate.json'), `${JSON.stringify({ runs: RUNS, node: process.version, date: new Date().toISOString(), cases: v.rows, targets: v.targets }, null, 2)}\n`);
    process.stdout.write('\nwrote bench/results/validate.json\n');
    return;
  }
  const edit = editCases(out, npm);
  if (process.env.BENCH_ONLY === 'edit') {
    process.stdout.write(`\n${formatTable(edit.rows)}\n\n${edit.targets.join('\n')}\n`);
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'edit-loop.json'), `${JSON.stringify({ runs: RUNS, node: process.version, date: new Date().toISOString(), cases: edit.rows, ratios: edit.ratios, targets: edit.targets }, null, 2)}\n`);
    process.stdout.write('\nwrote bench/results/edit-loop.json\n');
    return;
  }
  const scaled = scaleCases(out);
  const scale = scaled.now;
  const validate = validateCases(out);
  const rows = [...edit.rows, ...(scaled.before ?? []), ...scale, ...validate.rows];
  const table = formatTable(rows);
  const ratios = {
    ...edit.ratios,
    scale1000Over100: scale[2].median.wall / scale[0].median.wall,
  };
  const targets = [
    ...edit.targets,
    ...scaleTargets(scale, scaled.before),
    ...validate.targets,
  ];
  process.stdout.write(`\n${table}\n\n${targets.join('\n')}\n`);

  mkdirSync(results, { recursive: true });
  // When, where and under what load, as the README quotes the run.
  const machine = { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), loadAverage: { start: loadAtStart, end: loadavg() } };
  writeFileSync(join(results, 'latest.json'), `${JSON.stringify({ runs: RUNS, node: process.version, date: new Date(STARTED).toISOString(), machine, cases: rows, ratios, targets }, null, 2)}\n`);
  writeFileSync(join(results, 'scale.svg'), scaleChart(SIZES.map((n, i) => ({ services: n, seconds: scale[i].median.wall, mib: scale[i].median.rssMiB }))));
  process.stdout.write('\nwrote bench/results/latest.json and bench/results/scale.svg\n');
}

main();
