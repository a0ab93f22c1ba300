/**
 * What a synth writes: `plain` the plain YAML alone; `gitops` the plain YAML and the Argo CD /
 * Flux entry points that sync it (they name its folders, so they never come without it); `helm`
 * the charts alone; `all` everything. Apart from synthesize so the CLI's help can name them
 * without loading the synth (start-up, issue 15).
 */
export type OutputFormat = 'plain' | 'gitops' | 'helm' | 'all';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['plain', 'gitops', 'helm', 'all'];

export const DEFAULT_CHART_VERSION = '0.1.0';
