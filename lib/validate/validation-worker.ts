/**
 * The worker thread of BackgroundValidation (lib/validate/background-validation.ts): loads the
 * rules as soon as it starts, while the main thread renders, then validates each request (a
 * list of sets) and posts the report (see BlockingWorker: the main thread waits synchronously).
 */
import { serveBlockingRequests } from '../threads/blocking-worker';
import type { NamedSet } from './manifest';
import type { ValidationReport } from './validate';

const { serve } = serveBlockingRequests<NamedSet[], ValidationReport>();

/** The rules, or why they could not be loaded (every request is then answered with that error). */
let rules: typeof import('./validate') | { readonly loadError: string };
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  rules = require('./validate') as typeof import('./validate');
} catch (e) {
  rules = { loadError: e instanceof Error ? e.stack ?? e.message : String(e) };
}

serve((sets) => {
  if ('loadError' in rules) throw new Error(rules.loadError);
  return { result: rules.validateSets(sets) };
});
