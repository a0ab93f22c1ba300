/**
 * The names of the platforms charts/index.ts registers, in its order: the CLI's `--platform`
 * choices, known without loading the platforms (cdk8s and every construct; start-up, issue 15).
 * charts/index.ts refuses to load when the two lists differ.
 */
export const PLATFORM_NAMES: readonly string[] = ['cortex-core', 'cognition', 'cognivern', 'meta-cognition', 'somabrain'];
