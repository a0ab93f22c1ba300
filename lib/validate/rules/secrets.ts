import { looksLikeSecretEntry } from './pod-hardening';
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

/**
 * ConfigMaps are read by anyone who can read the namespace's configuration and end up in logs:
 * a credential-named key with a literal value there is a leaked secret.
 */
export const configMapRules: readonly Rule[] = [{
  id: 'configmap-secret',
  severity: 'error',
  checks: 'No ConfigMap key named like a credential (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY...) holds a value, and no ConfigMap value is a private key (`-----BEGIN ... PRIVATE KEY-----`).',
  fix: 'Move the value to a Secret (created by an ExternalSecret) and read it from there.',
  check: (set: ManifestSet) => set.ofKind('ConfigMap').flatMap((m): Violation[] => {
    const data = m.object.data && typeof m.object.data === 'object' ? m.object.data as Record<string, unknown> : {};
    return Object.entries(data).flatMap(([k, v]): Violation[] => {
      if (typeof v === 'string' && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v)) return [{ manifest: m, path: `data[${k}]`, message: 'holds a private key' }];
      return looksLikeSecretEntry(k, v) ? [{ manifest: m, path: `data[${k}]`, message: `is named like a credential and holds a value` }] : [];
    });
  }),
}];
