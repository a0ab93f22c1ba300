import type { SchemaObject } from 'ajv';
import { ConfigIssue, formatPath } from './config-error';
import { credentialShapeOf } from './credential-shapes';
import type { ValuesSource } from './values-source';

type Segment = string | number;

/** Words of a key that name a credential: `dbPass`, `pwd`, `clientSecret`, `authToken`. */
const CREDENTIAL_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'credential', 'credentials', 'apikey', 'privatekey', 'accesskey', 'secretkey']);
/** Two words that do: `apiKey`, `private_key`, `ACCESS-KEY`. */
const CREDENTIAL_PAIRS = new Set(['api key', 'private key', 'access key', 'secret key', 'signing key', 'encryption key', 'master key', 'session key', 'client secret']);
/** Last words of a key that names where a credential is kept (`tlsSecretName`, `passwordRemoteKey`), not the credential. */
const REFERENCE_ENDINGS = /(^| )(name|ref|path|file|remote key|existing secret|secret store|store|type|kind|enabled)$/;

/** `awsSecretKey` -> `aws secret key`; `OPENAI_KEY` -> `openai key`; `db-password` -> `db password`. */
export function keyWords(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

/** Whether a key names a credential. An env-var style key ending in `_KEY` (OPENAI_KEY) does too. */
export function isCredentialKey(key: string): boolean {
  const words = keyWords(key).split(' ');
  if (words.some((w) => CREDENTIAL_WORDS.has(w))) return true;
  if (words.some((w, i) => i > 0 && CREDENTIAL_PAIRS.has(`${words[i - 1]} ${w}`))) return true;
  return /^[A-Z0-9]+(_[A-Z0-9]+)*_KEY$/.test(key);
}

/**
 * What the schema says of the key at the end of `path`: `declared` as a property, `free` (a
 * key the user names in a map the schema leaves open, such as podAnnotations), or `unknown`
 * (outside the schema: the schema check refuses it after this one, so only its value counts).
 * Only declared properties can be references.
 */
function keyKind(schema: SchemaObject | undefined, path: readonly Segment[]): 'declared' | 'free' | 'unknown' {
  let node: SchemaObject | undefined = schema;
  for (let i = 0; i < path.length; i++) {
    const s = path[i];
    if (!node) return 'unknown';
    const last = i === path.length - 1;
    if (typeof s === 'number') {
      node = node.items as SchemaObject | undefined;
      continue;
    }
    const declared = (node.properties as Record<string, SchemaObject> | undefined)?.[s];
    if (declared) {
      if (last) return 'declared';
      node = declared;
    } else if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      if (last) return 'free';
      node = node.additionalProperties as SchemaObject;
    } else {
      return schema ? 'unknown' : 'free';
    }
  }
  return 'unknown';
}

const FIX = 'a reference to a Secret, not a credential: keep the value in your secret store, read it through an ExternalSecret (name its remote key in config, e.g. b2c.remoteKey) or an existing Secret by name';
/** For an env entry (`extraEnv`), the reference is the entry's own `valueFrom`. */
const ENV_FIX = 'a reference to a Secret, not a credential: keep the value in your secret store and read it with valueFrom.secretKeyRef ({name: <Secret>, key: <key>}) instead of value, from a Secret an ExternalSecret writes or one that exists';

/**
 * DESIGN.md invariant 5: secret values never appear in config. A string is refused when
 * - its value has a credential's shape (a token format, a private key, a JWT, a URL with a
 *   password, a token as its user or a credential in its query), under any key; or
 * - its key names a credential (`dbPass`, `OPENAI_KEY`), unless it ends like a reference
 *   (`tlsSecretName`, `passwordRemoteKey`) and is not a key the user names in a free-form map:
 *   `podAnnotations.passwordRef` is no reference, whatever its ending.
 * In `{name, value}` pairs (env entries) the name is the key of the value. The value itself is
 * never echoed, so the error does not leak it into CI logs.
 */
export function credentialLiterals(source: ValuesSource, schema?: SchemaObject): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const report = (path: Segment[], found: string, expected: string) =>
    out.push({ file: source.name, line: source.lineOf?.(path), path: formatPath(path), expected, found: `${found} (value not shown)` });
  const check = (value: string, path: Segment[], key: Segment | undefined, kind: 'declared' | 'free' | 'unknown', expected = FIX): void => {
    const shape = credentialShapeOf(value);
    if (shape) report(path, shape, expected);
    else if (typeof key === 'string' && value.trim() !== '' && isCredentialKey(key) && !(kind !== 'free' && REFERENCE_ENDINGS.test(keyWords(key)))) {
      report(path, 'a literal under a credential key', expected);
    }
  };
  const visit = (value: unknown, path: Segment[]) => {
    if (typeof value === 'string') {
      check(value, path, path[path.length - 1], keyKind(schema, path));
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, [...path, i]));
    } else if (value && typeof value === 'object') {
      const map = value as Record<string, unknown>;
      for (const k of Object.keys(map)) {
        // An env entry: the name says what the value is.
        if (k === 'value' && typeof map.value === 'string' && typeof map.name === 'string') check(map.value, [...path, k], map.name, 'free', ENV_FIX);
        else visit(map[k], [...path, k]);
      }
    }
  };
  visit(source.values, []);
  return out;
}
