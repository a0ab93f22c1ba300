import type { PhaseObserver } from '../progress/phase-observer';
import type { ProgressLine } from './progress-line';

/**
 * Times a command's phases for `--timings` (the sum of each phase's steps, in the order the
 * phases first ran) and tells the progress line what each step works on.
 */
export class PhaseClock implements PhaseObserver {
  private readonly totals = new Map<string, number>();

  /**
   * @param progress the line to update as steps start
   * @param now the clock, in milliseconds @default performance.now
   */
  constructor(private readonly progress?: ProgressLine, private readonly now: () => number = () => performance.now()) {}

  phase<T>(phase: string, what: string, work: () => T): T {
    this.progress?.update(`${phase} ${what}`);
    const started = this.now();
    try {
      return work();
    } finally {
      this.add(phase, this.now() - started);
    }
  }

  /** Adds time measured elsewhere (start-up, measured by the process's own clock). */
  add(phase: string, ms: number): void {
    this.totals.set(phase, (this.totals.get(phase) ?? 0) + ms);
  }

  /** `timings: start-up 212 ms, read 180 ms, ... (total 1034 ms)`: one line for stderr. */
  format(): string {
    const total = [...this.totals.values()].reduce((a, b) => a + b, 0);
    return `timings: ${[...this.totals].map(([p, ms]) => `${p} ${Math.round(ms)} ms`).join(', ')} (total ${Math.round(total)} ms)`;
  }
}
