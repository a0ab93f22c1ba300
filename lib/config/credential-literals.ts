import { ConfigIssue, formatPath } from './config-error';
import type { ValuesSource } from './values-source';

/** Keys that name a credential... */
const CREDENTIAL_KEY = /(password|passwd|secret|token|api[-_]?key|private[-_]?key|credential|access[-_]?key)/i;
/** ...unless they name where one is kept (`existingSecret`, `tlsSecretName`, `tokenRef`, a store's `credentialsRemoteKey`), which is the right way. */
const REFERENCE_KEY = /(name|ref|existingsecret|secretkey|remotekey|path|file)$/i;
/** A URL with a password in it: `postgres://user:pass@host/db`. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;

const FIX = 'a reference to a Secret, not a credential: keep the value in your secret store, read it through an ExternalSecret (name its remote key in config, e.g. b2c.remoteKey) or an existing Secret by name';

/**
 * DESIGN.md invariant 5: secret values never appear in config. Finds values that look like
 * credentials: a non-empty string under a credential-like key, or a URL carrying a password.
 * The value itself is never echoed, so the error does not leak it into CI logs.
 */
export function credentialLiterals(source: ValuesSource): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const visit = (value: unknown, path: Array<string | number>) => {
    if (typeof value === 'string') {
      const key = path[path.length - 1];
      const keyed = typeof key === 'string' && CREDENTIAL_KEY.test(key) && !REFERENCE_KEY.test(key) && value.trim() !== '';
      if (keyed || URL_WITH_PASSWORD.test(value)) {
        out.push({
          file: source.name,
          line: source.lineOf?.(path),
          path: formatPath(path),
          expected: FIX,
          found: keyed ? 'a literal under a credential key (value not shown)' : 'a URL with a password in it (value not shown)',
        });
      }
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, [...path, i]));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
    }
  };
  visit(source.values, []);
  return out;
}
