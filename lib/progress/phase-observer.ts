/**
 * Watches a long command's phases as they run: the CLI shows a progress line from them and
 * sums their times for `--timings` (issue 15). Work is synchronous, so the observer wraps it.
 */
export interface PhaseObserver {
  /**
   * Runs `work` as one step of `phase` (`read`, `render`, `validate`...); `what` says what the
   * step works on (`cortex-core/prod, 42 objects`), for a progress line.
   */
  phase<T>(phase: string, what: string, work: () => T): T;
}

/** Runs the work and watches nothing. */
export const UNOBSERVED: PhaseObserver = { phase: (_phase, _what, work) => work() };
