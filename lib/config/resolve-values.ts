import type { ErrorObject, SchemaObject } from 'ajv';
import { DNS1123_LABEL_DESCRIPTION, DNS1123_LABEL_PATTERN, DNS1123_SUBDOMAIN_DESCRIPTION, DNS1123_SUBDOMAIN_PATTERN } from '../naming/dns';
import { ConfigError, ConfigIssue, describeValue, formatPath } from './config-error';
import { credentialLiterals } from './credential-literals';
import { emptyTree, mergeValues, ValuesTree } from './merge-values';
import { escapeReservedKeys } from './reserved-keys';
import type { ValuesSource } from './values-source';
import { ValuesValidators } from './values-validators';

type Segment = string | number;

/** A rule JSON Schema cannot express (e.g. min not above max), found by the platform's own check. */
export interface ValueProblem {
  readonly path: readonly Segment[];
  readonly expected: string;
  readonly found?: string;
  /**
   * The value is missing (e.g. empty in the defaults, where nothing can be given for every
   * install): the fix goes in the most specific source, the env file or an override, so the
   * problem names that one rather than the defaults that hold the empty value. @default false
   */
  readonly missing?: boolean;
}

const PATTERN_DESCRIPTIONS: Record<string, string> = {
  [DNS1123_LABEL_PATTERN]: DNS1123_LABEL_DESCRIPTION,
  [DNS1123_SUBDOMAIN_PATTERN]: DNS1123_SUBDOMAIN_DESCRIPTION,
};

/**
 * Merges the sources in order (Helm semantics), checks the result against `schema` and then
 * `check`, and returns the typed values, or throws a ConfigError that points each problem at
 * the file and line its value came from. `validators` compiles the schema (once per process, or
 * kept in the synth cache: see values-validators).
 */
export function resolveValues<V>(
  schema: SchemaObject,
  sources: readonly ValuesSource[],
  check?: (values: V) => readonly ValueProblem[],
  validators: ValuesValidators = ValuesValidators.in(),
): V {
  // Before the schema, so a password under an unknown key is reported as what it is.
  const literals = sources.flatMap((s) => credentialLiterals(s, schema));
  if (literals.length) throw new ConfigError(literals);
  const merged = sources.reduce<ValuesTree>((acc, s) => mergeValues(acc, s.values), emptyTree());
  const validate = validators.get(schema);
  if (!validate(merged)) {
    throw new ConfigError(uniqueIssues((validate.errors ?? []).map((e) => issueFromAjv(e, merged, sources))));
  }
  const problems = check ? check(merged as V) : [];
  if (problems.length) {
    throw new ConfigError(problems.map((p) => (p.missing ? inLastSource(sources, p) : locate(sources, p.path, p.expected, p.found))));
  }
  // Constructs and cdk8s expect plain objects; keys that name Object.prototype members travel escaped (see reserved-keys).
  return escapeReservedKeys(merged) as V;
}

function issueFromAjv(e: ErrorObject, root: unknown, sources: readonly ValuesSource[]): ConfigIssue {
  const path = toSegments(e.instancePath, root);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const known = Object.keys((e.parentSchema as SchemaObject | undefined)?.properties ?? {});
      return locate(sources, [...path, String(p.additionalProperty)],
        known.length ? `one of the keys ${known.join(', ')}` : 'no keys here', `unknown key "${String(p.additionalProperty)}"`);
    }
    case 'required':
      return locate(sources, [...path, String(p.missingProperty)], 'a value (it is required)', 'nothing');
    case 'type':
      return locate(sources, path, `a value of type ${[p.type].flat().join(' or ')}`, describeValue(e.data));
    case 'enum':
      return locate(sources, path, `one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`, describeValue(e.data));
    case 'pattern':
      return locate(sources, path, PATTERN_DESCRIPTIONS[String(p.pattern)] ?? `a string matching ${String(p.pattern)}`, describeValue(e.data));
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return locate(sources, path, `a number ${String(p.comparison)} ${String(p.limit)}`, describeValue(e.data));
    case 'not': {
      const forbidden = (e.schema as SchemaObject | undefined)?.const;
      return locate(sources, path, forbidden !== undefined ? `a value other than ${JSON.stringify(forbidden)}` : 'a different value', describeValue(e.data));
    }
    case 'minLength':
    case 'maxLength':
      return locate(sources, path, `a string of ${e.keyword === 'minLength' ? 'at least' : 'at most'} ${String(p.limit)} characters`, describeValue(e.data));
    default:
      return locate(sources, path, `a value that ${e.message ?? `passes ${e.keyword}`}`, describeValue(e.data));
  }
}

/** A missing value's problem, named in the last source: the one to add it to (no line: it is not there). */
function inLastSource(sources: readonly ValuesSource[], p: ValueProblem): ConfigIssue {
  const last = sources[sources.length - 1];
  return { file: last?.name ?? 'values', path: formatPath(p.path), expected: p.expected, ...(p.found !== undefined ? { found: p.found } : {}) };
}

/** Attributes a path to the last source that sets it (or its nearest ancestor): that is the file to fix. */
function locate(sources: readonly ValuesSource[], path: readonly Segment[], expected: string, found?: string): ConfigIssue {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    for (let i = sources.length - 1; i >= 0; i--) {
      if (hasPath(sources[i].values, prefix) && (depth > 0 || i === sources.length - 1)) {
        const s = sources[i];
        return { file: s.name, line: s.lineOf?.(path), path: formatPath(path), expected, ...(found !== undefined ? { found } : {}) };
      }
    }
  }
  const last = sources[sources.length - 1];
  return { file: last?.name ?? 'values', path: formatPath(path), expected, ...(found !== undefined ? { found } : {}) };
}

function hasPath(tree: unknown, path: readonly Segment[]): boolean {
  let node = tree;
  for (const s of path) {
    if (node === null || typeof node !== 'object' || !(s in (node as object))) return false;
    node = (node as Record<string, unknown>)[s as string];
  }
  return true;
}

function toSegments(pointer: string, root: unknown): Segment[] {
  const out: Segment[] = [];
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: Segment = Array.isArray(node) ? Number(key) : key;
    out.push(segment);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return out;
}

function uniqueIssues(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.file}|${i.path}|${i.expected}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
