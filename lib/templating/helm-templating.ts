import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** A JSON path inside an object: map keys and list indexes. */
export type FieldPath = readonly (string | number)[];

/** Replaces or conditions one field (or list item) of an object in the chart's template. */
export interface FieldOverlay {
  readonly path: FieldPath;
  /** Template text that renders the field's value as JSON, e.g. `{{ .Values.api.replicas | toJson }}`. Omit to keep the synthesized value. */
  readonly value?: string;
  /** Go template condition: the field or list item is rendered only when it holds. */
  readonly when?: string;
  /**
   * Go expression (no braces) yielding a map or list that replaces the field, written as block
   * YAML with `toYaml | nindent`, as hand-written charts do. Instead of `value`, for map keys.
   */
  readonly yaml?: string;
}

/** Merges a map from values into a map of the object; values win over the synthesized keys, as in the plain synth. */
export interface MapExtension {
  readonly path: FieldPath;
  /** Go template expression (no braces) yielding a map, e.g. `.Values.ingress.annotations`. */
  readonly expression: string;
  /**
   * The values' keys never meet the object's (a values rule refuses them), so a map the chart
   * renders with a helper (the standard labels) keeps its `include`, the values' keys after it.
   * @default false: values win over the object's keys, each written out
   */
  readonly addOnly?: boolean;
}

/** Adds the items of a list from values to a list of the object (creating the list when the object has none). */
export interface ListExtension {
  readonly path: FieldPath;
  /** Go template expression (no braces) yielding a list, e.g. `$.Values.api.extraEnv`. */
  readonly expression: string;
  /** Before the synthesized items or after them, as the plain synth puts them. */
  readonly position: 'start' | 'end';
  /**
   * Go expression of what each item renders as, given the item as `$item` (e.g. the item merged
   * over defaults). @default the item as it is
   */
  readonly item?: string;
}

/**
 * A subtree of an object written as a named template (`define`) at the top of the object's
 * template file, and rendered in place with `include`, so other fields can use its rendered text
 * too (a hook Job's name hashes its whole spec).
 */
export interface NamedSubtree {
  readonly path: FieldPath;
  /** The template's name, e.g. `somabrain.migrate.jobSpec`. */
  readonly name: string;
  /** What it is for, written above the `define`. */
  readonly comment: string;
}

export interface ObjectTemplating {
  readonly conditions: string[];
  readonly overlays: FieldOverlay[];
  readonly extensions: MapExtension[];
  readonly listExtensions: ListExtension[];
  readonly namedSubtrees: NamedSubtree[];
  /** Template statements that render nothing or `fail`, run before the object (inside its toggle). */
  readonly guards: string[];
}

/** Token text: lower-case alphanumerics, so a token is itself a valid DNS-1123 label and passes construct validation. */
const TOKEN_PATTERN = /kstok(\d+)z/g;

/**
 * What the Helm emitter needs besides the synthesized objects: which strings stand for
 * template expressions (tokens), which objects exist only under a condition (toggles), and
 * which fields are replaced by value lookups (overlays). Constructs record these while they
 * build, in helm mode only; the plain synth never sees any of it.
 */
export class HelmTemplating {
  private readonly expressions: string[] = [];
  private readonly defaults: string[] = [];
  private readonly byExpression = new Map<string, string>();
  private readonly objects = new Map<ApiObject, ObjectTemplating>();
  private readonly stack: string[] = [];
  private readonly knownMaps = new Map<string, string>();
  private readonly chartFiles = new Map<string, string>();
  private readonly definitions = new Map<string, string>();

  /**
   * A string that stands for a Go template expression yielding a string. `plain` is what it
   * renders to with the chart's defaults and release name = chart name (used for file names).
   */
  public token(expression: string, plain: string): string {
    const known = this.byExpression.get(expression);
    if (known) return known;
    const token = `kstok${this.expressions.length}z`;
    this.expressions.push(expression);
    this.defaults.push(plain);
    this.byExpression.set(expression, token);
    return token;
  }

  /** Splits a string into literal text and token expressions, in order. */
  public pieces(text: string): Array<{ literal: string } | { expression: string }> {
    // Most strings hold no token: no regex iterator for them (issue 15: every string of the chart passes here).
    if (!text.includes('kstok')) return text ? [{ literal: text }] : [];
    const out: Array<{ literal: string } | { expression: string }> = [];
    let last = 0;
    for (const m of text.matchAll(TOKEN_PATTERN)) {
      if (m.index! > last) out.push({ literal: text.slice(last, m.index) });
      out.push({ expression: this.expressions[Number(m[1])] });
      last = m.index! + m[0].length;
    }
    if (last < text.length) out.push({ literal: text.slice(last) });
    return out;
  }

  /** A Go expression yielding `text`: its token's expression, or a `print` of literals and tokens. */
  public expressionOf(text: string): string {
    const pieces = this.pieces(text);
    if (pieces.length === 0) return '""';
    if (pieces.length === 1 && 'expression' in pieces[0]) return pieces[0].expression;
    if (pieces.length === 1) return JSON.stringify(text);
    return `print ${pieces.map((p) => ('literal' in p ? JSON.stringify(p.literal) : `(${p.expression})`)).join(' ')}`;
  }

  /**
   * Declares that wherever `map` appears in an object, the template renders it with
   * `include` (e.g. the standard labels helper), so templates read like a hand-written chart.
   */
  public knownMap(map: Readonly<Record<string, string>>, include: string): void {
    this.knownMaps.set(canonical(map), include);
  }

  public knownMapInclude(value: unknown): string | undefined {
    // Known maps are label maps: skip the canonical form for every other map.
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !('app.kubernetes.io/name' in value)) return undefined;
    return this.knownMaps.get(canonical(value as Record<string, unknown>));
  }

  /**
   * Ships `text` as a file of the chart (e.g. `files/dashboards/x.json`) and returns a Go
   * expression yielding the text as the plain synth writes it: `.Files.Get` of the file, through
   * `tpl` when the text holds tokens. There each token is a `{{ ... }}` action whose string
   * literals are written in backquotes, so a JSON file stays valid JSON. The tokens' values must
   * need no escaping where they land (names and namespaces: DNS labels).
   */
  public chartFile(path: string, text: string): string {
    if (this.chartFiles.has(path)) throw new Error(`Two chart files would both be written to ${path}.`);
    const pieces = this.pieces(text);
    const templated = pieces.some((p) => 'expression' in p);
    const file = templated
      ? pieces.map((p) => ('literal' in p ? p.literal.replace(/{{/g, '{{ `{{` }}') : `{{ ${backquoted(p.expression)} }}`)).join('')
      : text;
    this.chartFiles.set(path, file);
    const get = `$.Files.Get ${JSON.stringify(path)}`;
    return templated ? `tpl (${get}) $` : get;
  }

  /**
   * A named template (`define`) of the chart, for text several templates render (a ConfigMap's
   * data and the checksum that rolls its pods); `include "<name>" $` renders it.
   */
  public define(name: string, comment: string, body: string): void {
    if (this.definitions.has(name)) throw new Error(`Two named templates would both be called ${name}.`);
    this.definitions.set(name, `{{/* ${comment} */}}\n{{- define ${JSON.stringify(name)} -}}\n${body}\n{{- end }}\n`);
  }

  /** Whether a named template of that name is declared already (for one several constructs share). */
  public hasDefinition(name: string): boolean {
    return this.definitions.has(name);
  }

  /** Every named template {@link define} declared, in order. */
  public get namedTemplates(): readonly string[] {
    return [...this.definitions.values()];
  }

  /** The files {@link chartFile} shipped, by path in the chart. */
  public get files(): ReadonlyMap<string, string> {
    return this.chartFiles;
  }

  /** The string with every token replaced by its plain default. */
  public plain(text: string): string {
    return text.replace(TOKEN_PATTERN, (_m, i: string) => this.defaults[Number(i)]);
  }

  /** The condition in force where a construct is being built (the AND of enclosing toggles). */
  public get currentCondition(): string | undefined {
    return this.stack.length ? and(this.stack) : undefined;
  }

  /** Runs `build`; every object it creates under `scope` exists in the chart only when `condition` holds. */
  public within(scope: Construct, condition: string, build: () => void): void {
    const before = new Set(apiObjectsUnder(scope));
    this.stack.push(condition);
    try {
      build();
    } finally {
      this.stack.pop();
    }
    for (const o of apiObjectsUnder(scope)) {
      if (!before.has(o)) this.of(o).conditions.unshift(condition);
    }
  }

  public condition(object: ApiObject, condition: string): void {
    this.of(object).conditions.push(condition);
  }

  public overlay(object: ApiObject, overlay: FieldOverlay): void {
    this.of(object).overlays.push(overlay);
  }

  public extend(object: ApiObject, extension: MapExtension): void {
    this.of(object).extensions.push(extension);
  }

  public extendList(object: ApiObject, extension: ListExtension): void {
    this.of(object).listExtensions.push(extension);
  }

  /** Adds statements run before the object renders, under its toggle: checks that `fail` with a message. */
  public guard(object: ApiObject, statements: string): void {
    this.of(object).guards.push(statements);
  }

  public nameSubtree(object: ApiObject, subtree: NamedSubtree): void {
    this.of(object).namedSubtrees.push(subtree);
  }

  public templatingOf(object: ApiObject): ObjectTemplating {
    return this.objects.get(object) ?? { conditions: [], overlays: [], extensions: [], namedSubtrees: [], listExtensions: [], guards: [] };
  }

  private of(object: ApiObject): ObjectTemplating {
    let t = this.objects.get(object);
    if (!t) {
      t = { conditions: [], overlays: [], extensions: [], namedSubtrees: [], listExtensions: [], guards: [] };
      this.objects.set(object, t);
    }
    return t;
  }
}

/** A Go expression with its "..." string literals as `...`, so it can stand inside a JSON string. */
function backquoted(expression: string): string {
  return expression.replace(/"((?:[^"\\]|\\.)*)"/g, (literal, body: string) => {
    if (body.includes('\\') || body.includes('`')) throw new Error(`Cannot write ${literal} in backquotes (in ${expression}).`);
    return `\`${body}\``;
  });
}

function canonical(map: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(Object.keys(map).sort().map((k) => [k, map[k]]));
}

function apiObjectsUnder(scope: Construct): ApiObject[] {
  return scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

/** Go template AND of conditions, each parenthesised. */
export function and(conditions: readonly string[]): string {
  return conditions.length === 1 ? conditions[0] : `and ${conditions.map((c) => `(${c})`).join(' ')}`;
}

/** Go template OR of conditions, each parenthesised. */
export function or(conditions: readonly string[]): string {
  return conditions.length === 1 ? conditions[0] : `or ${conditions.map((c) => `(${c})`).join(' ')}`;
}

/** `.Values.api.image.tag`, or `(index .Values "my-key" 0)` when a segment is not an identifier. */
export function valuesExpression(path: FieldPath): string {
  const simple = path.every((s) => typeof s === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(s));
  if (simple) return `$.Values${path.map((s) => `.${s}`).join('')}`;
  return `(index $.Values ${path.map((s) => (typeof s === 'number' ? String(s) : JSON.stringify(s))).join(' ')})`;
}

/** A Go template expression building `value` (JSON data): `(dict "k" ...)`, `(list ...)`, literals. */
export function goLiteral(value: unknown): string {
  if (Array.isArray(value)) return `(list ${value.map(goLiteral).join(' ')})`;
  if (value !== null && typeof value === 'object') return `(dict ${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)} ${goLiteral(v)}`).join(' ')})`;
  return JSON.stringify(value);
}
