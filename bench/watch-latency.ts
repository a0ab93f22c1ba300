/**
 * The edit loop of `npm run synth -- --watch` (issue 15): how long from saving an edit of one
 * platform's chart to the watch having written it (type check included, by the type-check
 * server). `npm run bench` runs it as a program of its own (`node build/bench/watch-latency.js
 * <out> <runs> <edit-tag>`) and reads the samples it prints as JSON on its last line.
 *
 * The watch is started once and warmed up by two edits; each measured run then saves a new
 * export into charts/cortex-core.ts (a value no cache holds), waits for the watch's "wrote" line,
 * and saves the file back (the watch synthesizes that too, from the cache; not measured). CPU is
 * the watch's process tree's (/proc) plus the type-check server's check, as the watch's
 * `--timings` reports it. The chart is restored also when the bench is stopped.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { typeCheckServerIdle } from './type-check-server';

const ROOT = resolve(__dirname, '..', '..');
const CHART = join(ROOT, 'charts', 'cortex-core.ts');
/** A watch synth that has not written after this long has failed (its stderr is in the error). */
const PATIENCE_MS = 120_000;

interface Sample { wall: number; cpu: number; rssMiB: number; cpuElsewhere: number }

/**
 * What the watch has printed, counted: each synth prints one result line on stdout (`wrote` or
 * `unchanged`), then, on stderr, its `type check:` line (with --timings) and `watch: waiting`.
 * stdout and stderr are separate pipes, so the lines of one synth may arrive in either order:
 * waits go by counts, not by position.
 */
class WatchOutput {
  /** When each result line arrived. */
  public readonly results: number[] = [];
  public readonly checks: string[] = [];
  public idles = 0;
  private readonly lines: string[] = [];
  private wake?: () => void;

  constructor(child: ChildProcess) {
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        const at = performance.now();
        const parts = (rest + chunk).split('\n');
        rest = parts.pop() ?? '';
        for (const text of parts) this.line(text, at);
        this.wake?.();
      });
    }
  }

  /** Waits until `ready` holds; a synth the watch refused, or none in PATIENCE_MS, throws with what it printed. */
  public async until(ready: () => boolean): Promise<void> {
    const by = performance.now() + PATIENCE_MS;
    while (!ready()) {
      if (this.lines.includes('nothing was written.')) throw new Error(`the watch refused a synth:\n${this.lines.join('\n')}`);
      if (performance.now() > by) throw new Error(`the watch did not finish in ${PATIENCE_MS / 1000} s:\n${this.lines.join('\n')}`);
      await new Promise<void>((done) => {
        this.wake = done;
        setTimeout(done, 1000);
      });
    }
  }

  /** Every synth so far has printed its result and its `watch: waiting`. */
  public get settled(): boolean {
    return this.idles > 0 && this.results.length === this.idles;
  }

  private line(text: string, at: number): void {
    this.lines.push(text);
    if (/^(wrote|unchanged) /.test(text)) this.results.push(at);
    else if (text.startsWith('type check: ')) this.checks.push(text);
    else if (text.startsWith('watch: waiting for changes')) this.idles++;
  }
}

/** `pid` and every process below it, with each one's CPU seconds (user + system), from /proc. */
function processTree(pid: number): Array<{ pid: number; cpu: number }> {
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name (which may hold spaces) start at its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const parent = Number(fields[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
      cpu.set(Number(entry), (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // Gone between the listing and the read.
    }
  }
  const tree = (p: number): Array<{ pid: number; cpu: number }> => [{ pid: p, cpu: cpu.get(p) ?? 0 }, ...(children.get(p) ?? []).flatMap(tree)];
  return tree(pid);
}

const treeCpu = (pid: number) => processTree(pid).reduce((n, p) => n + p.cpu, 0);

/** Peak RSS in MiB of the largest process under `pid` (the watch's Node). */
function treePeakMiB(pid: number): number {
  return Math.max(0, ...processTree(pid).map((p) => {
    try {
      return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    } catch {
      return 0;
    }
  }));
}

async function main(): Promise<void> {
  const [out, runsArg, tag] = process.argv.slice(2);
  const runs = Number(runsArg);
  const original = readFileSync(CHART, 'utf8');
  const restore = () => writeFileSync(CHART, original);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const child = spawn(npm, ['run', '--silent', 'synth', '--', '--watch', '--timings', '--out', join(out, 'watch'), '--cache-dir', join(out, 'watch-cache')], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, KUBESYNTH_TYPE_CHECK_SERVER: '1' },
  });
  const stop = () => {
    restore();
    try {
      process.kill(-child.pid!, 'SIGINT');
    } catch {
      // Ended already.
    }
  };
  process.once('SIGINT', () => (stop(), process.exit(130)));
  const output = new WatchOutput(child);
  try {
    await output.until(() => output.settled);
    typeCheckServerIdle();
    let edits = 0;
    /** Saves a new export and waits for the watch to write it; then saves the file back and waits for that synth too. */
    const editOnce = async (): Promise<Sample> => {
      const { results, idles, checks } = { results: output.results.length, idles: output.idles, checks: output.checks.length };
      const cpuBefore = treeCpu(child.pid!);
      writeFileSync(CHART, `${original}\nexport const BENCH_EDIT = '${tag}-watch-${++edits}'; // npm run bench: a one-platform edit\n`);
      const saved = performance.now();
      await output.until(() => output.results.length > results);
      const wall = (output.results[results] - saved) / 1000;
      await output.until(() => output.idles > idles && output.settled);
      const cpuElsewhere = Number(/([\d.]+) s of CPU there/.exec(output.checks[checks] ?? '')?.[1] ?? 0);
      const sample: Sample = { wall, cpu: treeCpu(child.pid!) - cpuBefore + cpuElsewhere, rssMiB: treePeakMiB(child.pid!), cpuElsewhere };
      restore();
      await output.until(() => output.idles > idles + 1 && output.settled);
      return sample;
    };
    for (let i = 0; i < 2; i++) await editOnce();
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) samples.push(await editOnce());
    process.stdout.write(`${JSON.stringify(samples)}\n`);
  } finally {
    stop();
  }
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 1;
});
