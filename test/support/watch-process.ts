/**
 * A `synth --watch` process a test drives: it makes a change and waits for the synth that the
 * change starts, by counting lines. Each synth prints one result on stdout (`wrote`,
 * `unchanged`) or `nothing was written.` on stderr, then `watch: waiting for changes` on stderr;
 * stdout and stderr are separate pipes, so a synth is done when both counts have moved.
 */
import { ChildProcess, spawn } from 'node:child_process';

export class WatchProcess {
  public readonly output = { stdout: '', stderr: '' };
  private readonly child: ChildProcess;

  /** Starts `node <args>` in `cwd` and waits for its first synth. */
  public static async start(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<WatchProcess> {
    const watch = new WatchProcess(args, cwd, env);
    await watch.until(() => watch.idles() === 1 && watch.finished() === 1);
    return watch;
  }

  private constructor(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [...args], { cwd, env: { ...process.env, ...env } });
    this.child.stdout!.setEncoding('utf8').on('data', (d: string) => (this.output.stdout += d));
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.output.stderr += d));
  }

  public get exitCode(): number | null {
    return this.child.exitCode;
  }

  /** Makes a change and waits for the synth it starts; returns what the watch printed meanwhile. */
  public async afterChange(change: () => void): Promise<{ stdout: string; stderr: string }> {
    const from = { stdout: this.output.stdout.length, stderr: this.output.stderr.length, idles: this.idles() };
    change();
    await this.until(() => this.idles() > from.idles && this.finished() === this.idles());
    return { stdout: this.output.stdout.slice(from.stdout), stderr: this.output.stderr.slice(from.stderr) };
  }

  /** Ctrl-C; resolves to the exit status. */
  public interrupt(): Promise<number | null> {
    const exited = new Promise<number | null>((done) => this.child.once('exit', (code) => done(code)));
    this.child.kill('SIGINT');
    return exited;
  }

  /** Ends it, if it still runs (afterAll). */
  public kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  /** Result lines and refusals so far: one per finished synth. */
  private finished(): number {
    return (this.output.stdout.match(/^(wrote|unchanged) /gm) ?? []).length + (this.output.stderr.match(/^nothing was written\.$/gm) ?? []).length;
  }

  /** `watch: waiting` lines so far: one after each synth, printed after its result. */
  private idles(): number {
    return (this.output.stderr.match(/^watch: waiting for changes/gm) ?? []).length;
  }

  /** Waits for `ready`, up to two minutes, with the watch's output in the failure. */
  private async until(ready: () => boolean): Promise<void> {
    for (const by = Date.now() + 120_000; !ready();) {
      if (Date.now() > by || this.child.exitCode !== null) throw new Error(`the watch did not get there (exit ${this.child.exitCode}):\n${this.output.stdout}\n${this.output.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
