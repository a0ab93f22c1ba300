import type { ManifestSet, Rule, Violation } from '../rule';

export const secretRules: readonly Rule[] = [{
  id: 'secret-literal',
  severity: 'error',
  checks: 'No Secret object carries data or stringData: secret values never live in Git (DESIGN.md invariant 5).',
  fix: 'Delete the Secret and create it with an ExternalSecret (or reference an existing Secret by name).',
  check: (set: ManifestSet) => set.ofKind('Secret').flatMap((m): Violation[] =>
    (['data', 'stringData'] as const)
      .filter((field) => m.object[field] && typeof m.object[field] === 'object' && Object.keys(m.object[field]).length > 0)
      .map((field) => ({ manifest: m, path: field, message: `holds ${Object.keys(m.object[field]).length} value(s) in plain text (keys: ${Object.keys(m.object[field]).join(', ')})` }))),
}];
