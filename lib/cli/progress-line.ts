/** Where a progress line is drawn: a terminal's stream (process.stderr), or a test's stand-in. */
export interface ProgressStream {
  write(text: string): unknown;
}

/**
 * One line on a terminal that says what a long command is doing (`render cortex-core/prod`),
 * redrawn in place and erased when the command ends, so the output proper stays as it is.
 * Nothing is drawn for work that ends within `delayMs`: a quick command prints no flicker.
 * Off (draws nothing) when the stream is not a terminal or with `--quiet`; the caller decides.
 */
export class ProgressLine {
  private readonly startedAt: number;
  private drawn = false;

  /**
   * @param stream where to draw; undefined: off
   * @param delayMs how long a command runs before the line appears @default 1000
   * @param now the clock, in milliseconds @default performance.now
   */
  constructor(
    private readonly stream: ProgressStream | undefined,
    private readonly delayMs = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedAt = now();
  }

  /** Shows `text` (once the delay has passed), replacing what the line said. */
  update(text: string): void {
    if (!this.stream || this.now() - this.startedAt < this.delayMs) return;
    // \r back to the line's start, \x1b[K erases what a longer previous text left.
    this.stream.write(`\r${text}\x1b[K`);
    this.drawn = true;
  }

  /** Erases the line, if it was drawn, before the command prints its result. */
  clear(): void {
    if (!this.drawn) return;
    this.stream?.write('\r\x1b[K');
    this.drawn = false;
  }
}
