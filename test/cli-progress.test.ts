/**
 * Issue 15, "Also": `--timings` prints each phase's time, a progress line is drawn on a terminal
 * for work over about a second and never when stderr is not a terminal or with `--quiet`, and
 * neither changes what a command prints on stdout. The CLI names the platforms without loading
 * them (start-up), from a list that must stay the registry's. Behaviour only: how fast is for
 * `npm run bench`.
 */
import { join } from 'node:path';
import { platforms } from '../charts';
import { PLATFORM_NAMES } from '../charts/platform-names';
import { PhaseClock } from '../lib/cli/phase-clock';
import { ProgressLine } from '../lib/cli/progress-line';
import { runCli } from './support/cli';
import { ROOT, tempDir } from './support/synthesized';

/** A clock the test moves by hand. */
function fakeClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe('the progress line', () => {
  test('draws nothing for work that ends within the delay, then redraws in place and erases at the end', () => {
    const clock = fakeClock();
    const drawn: string[] = [];
    const line = new ProgressLine({ write: (t) => drawn.push(t) }, 1000, clock.now);
    line.update('read dist');
    clock.advance(999);
    line.update('validate cortex-core/dev, 40 objects');
    expect(drawn).toEqual([]);
    clock.advance(1);
    line.update('validate cortex-core/prod, 42 objects');
    line.update('report text');
    line.clear();
    expect(drawn).toEqual(['\rvalidate cortex-core/prod, 42 objects\x1b[K', '\rreport text\x1b[K', '\r\x1b[K']);
  });

  test('a line never drawn is not erased either (nothing at all is written)', () => {
    const drawn: string[] = [];
    const line = new ProgressLine({ write: (t) => drawn.push(t) }, 1000, fakeClock().now);
    line.update('read');
    line.clear();
    expect(drawn).toEqual([]);
  });

  test('off (no stream: not a terminal, or --quiet) it draws nothing however long the work', () => {
    const clock = fakeClock();
    const line = new ProgressLine(undefined, 1000, clock.now);
    clock.advance(60_000);
    expect(() => {
      line.update('render');
      line.clear();
    }).not.toThrow();
  });
});

describe('the phase clock', () => {
  test('sums each phase over its steps, in the order phases first ran, and tells the progress line each step', () => {
    const clock = fakeClock();
    const updates: string[] = [];
    const phases = new PhaseClock({ update: (t: string) => updates.push(t) } as unknown as ProgressLine, clock.now);
    phases.add('start-up', 120.4);
    phases.phase('render', 'a/dev', () => clock.advance(100));
    phases.phase('validate', 'a, 3 objects', () => clock.advance(50));
    expect(phases.phase('render', 'a/prod', () => (clock.advance(30), 'result'))).toBe('result');
    expect(phases.format()).toBe('timings: start-up 120 ms, render 130 ms, validate 50 ms (total 300 ms)');
    expect(updates).toEqual(['render a/dev', 'validate a, 3 objects', 'render a/prod']);
  });

  test('a step that throws still counts, and the error goes on', () => {
    const clock = fakeClock();
    const phases = new PhaseClock(undefined, clock.now);
    expect(() => phases.phase('read', 'x', () => {
      clock.advance(7);
      throw new Error('unreadable');
    })).toThrow('unreadable');
    expect(phases.format()).toBe('timings: read 7 ms (total 7 ms)');
  });
});

describe('--timings and --quiet on the command line', () => {
  const folder = join(ROOT, 'dist', 'cortex-core', 'dev');

  test('validate --timings prints its phases on stderr, and stdout is the same as without', () => {
    const plain = runCli(['validate', folder]);
    const timed = runCli(['validate', folder, '--timings']);
    expect(timed.status).toBe(plain.status);
    expect(timed.stdout).toBe(plain.stdout);
    expect(plain.stderr).toBe('');
    expect(timed.stderr).toMatch(/^timings: start-up \d+ ms, load \d+ ms, read \d+ ms, validate \d+ ms, report \d+ ms \(total \d+ ms\)\n$/);
  });

  test('the global options go before the command too', () => {
    expect(runCli(['--timings', '--quiet', 'validate', folder]).stderr).toMatch(/^timings: start-up/);
  });

  test('synth --timings names the synth phases: values, render, emit, compare, chart, validate, write', () => {
    const out = join(tempDir(), 'out');
    const r = runCli(['synth', '-p', 'cortex-core', '-e', 'dev', '--out', out, '--timings', '--no-cache']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^timings: start-up \d+ ms, load \d+ ms, values \d+ ms, render \d+ ms, emit \d+ ms, compare \d+ ms, chart \d+ ms, validate \d+ ms, write \d+ ms \(total \d+ ms\)$/m);
  });

  test('when stderr is not a terminal, no progress line is drawn', () => {
    const r = runCli(['validate', join(ROOT, 'dist')]);
    expect(r.stderr).not.toContain('\r');
  });

  describe('when stderr is a terminal', () => {
    let isTTY: boolean | undefined;
    beforeEach(() => {
      isTTY = process.stderr.isTTY;
      process.stderr.isTTY = true;
    });
    afterEach(() => {
      process.stderr.isTTY = isTTY as true;
    });

    test('--quiet draws no progress line', () => {
      const r = runCli(['validate', join(ROOT, 'dist'), '--quiet']);
      expect(r.stderr).toBe('');
    });

    test('a progress line, if the work took long enough to draw one, is erased before anything else is printed', () => {
      const r = runCli(['validate', join(ROOT, 'dist'), '--timings']);
      // Drawn or not (it depends on this machine's speed), stderr ends with the timings alone.
      const [, progress] = /^([\s\S]*?)timings: [^\r\n]*\n$/.exec(r.stderr) ?? [];
      expect(progress).toBeDefined();
      if (progress) expect(progress).toMatch(/^(\r(read|load|validate|report) [^\r\n]*\x1b\[K)+\r\x1b\[K$/);
      expect(r.stdout).toBe(runCli(['validate', join(ROOT, 'dist'), '--quiet']).stdout);
    });
  });
});

test('the CLI names the platforms without loading them, from a list kept the same as the registry', () => {
  expect([...PLATFORM_NAMES]).toEqual(platforms.map((p) => p.name));
  // Help wraps the choices over lines: compare with the whitespace folded.
  const help = runCli(['synth', '--help']).stdout.replace(/\s+/g, ' ');
  expect(help).toContain(`(choices: ${PLATFORM_NAMES.map((n) => `"${n}"`).join(', ')})`);
});
