/** One thing wrong with a platform's values, located as precisely as the sources allow. */
export interface ConfigIssue {
  /** The file the offending value came from (or the platform defaults). */
  readonly file: string;
  /** 1-based line in `file`, where the YAML parser knows it. */
  readonly line?: number;
  /** Path of the value in Helm `--set` syntax, e.g. `api.autoscaling.minReplicas`; empty for the document root. */
  readonly path: string;
  /** What the value must be. */
  readonly expected: string;
  /** What was there instead. */
  readonly found?: string;
}

/** Bad configuration. Never carries a stack trace to the user: the issues say everything. */
export class ConfigError extends Error {
  public readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line !== undefined ? `${issue.file}:${issue.line}` : issue.file;
  const at = issue.path ? ` at ${issue.path}` : '';
  const found = issue.found !== undefined ? `, found ${issue.found}` : '';
  return `${where}${at}: expected ${issue.expected}${found}`;
}

/** Segments to Helm `--set` syntax: ['api','tolerations',0,'key'] -> `api.tolerations[0].key`. */
export function formatPath(segments: readonly (string | number)[]): string {
  return segments.reduce<string>((out, s) => (typeof s === 'number' ? `${out}[${s}]` : out ? `${out}.${s}` : s), '');
}

/** Describes a found value for an error message: its JSON text (shortened) and type. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  const type = Array.isArray(value) ? 'list' : typeof value === 'object' ? 'map' : typeof value;
  let text = JSON.stringify(value) ?? String(value);
  if (text.length > 60) text = `${text.slice(0, 57)}...`;
  return `${text} (${type})`;
}
