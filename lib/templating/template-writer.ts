import { MAX_TEMPLATE_LINE } from './action-layout';
import { goJson } from './go-json';
import { and, FieldPath, HelmTemplating, ListExtension, ObjectTemplating } from './helm-templating';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const YAML_11_SPECIAL = /^(y|n|yes|no|on|off|true|false|null|~)$/i;

/**
 * Writes one object as a Helm template: block YAML where overlays, conditions or map
 * extensions apply, JSON flow style (valid YAML) for literal subtrees. Every string is
 * either a JSON literal or a `{{ ... | toJson }}` action, so nothing from config is ever
 * evaluated by Helm: a value containing `{{` comes out verbatim.
 */
/**
 * Go expressions of the maps added to every object's `metadata.labels` and `.annotations`
 * (`commonLabels`, `commonAnnotations`): each key only where the object has none of that name,
 * as lib/platform/common-metadata.ts adds them in the plain synth.
 */
export interface CommonMetadata {
  readonly labels: string;
  readonly annotations: string;
}

export function writeTemplate(object: Json, t: ObjectTemplating, helm: HelmTemplating, common?: CommonMetadata): string {
  const writer = new TemplateWriter(t, helm, common);
  // A `define` may not stand inside an `if`: the named subtrees come first, then the object.
  const defines = t.namedSubtrees.map((s) => {
    const lines = writer.block(valueAt(object, s.path), s.path, 0);
    return `{{/* ${s.comment} */}}\n{{- define ${JSON.stringify(s.name)} -}}\n${lines.join('\n')}\n{{- end }}\n`;
  });
  const body = [...t.guards, ...writer.block(object, [], 0)].join('\n');
  const rendered = t.conditions.length ? `{{- if ${and(t.conditions)} }}\n${body}\n{{- end }}\n` : `${body}\n`;
  return [...defines, rendered].join('');
}

function valueAt(object: Json, path: FieldPath): Json {
  let value = object;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') throw new Error(`No field at ${path.join('.')} to write as a named template.`);
    value = (value as Record<string, Json>)[segment as string];
  }
  return value;
}

class TemplateWriter {
  private readonly overlays = new Map<string, { value?: string; when?: string; yaml?: string }>();
  private readonly extensions = new Map<string, string>();
  private readonly addOnlyExtensions = new Map<string, string>();
  private readonly listExtensions = new Map<string, ListExtension>();
  /** Lists that exist only as list extensions, by the key of their parent map. */
  private readonly addedLists = new Map<string, string[]>();
  private readonly blockPaths = new Set<string>();
  /** Map keys that exist only as overlays, by the key of their parent map. */
  private readonly addedKeys = new Map<string, string[]>();
  /** Subtrees written as named templates, by path: rendered in place with `include`. */
  private readonly included = new Map<string, string>();

  constructor(t: ObjectTemplating, private readonly helm: HelmTemplating, private readonly common?: CommonMetadata) {
    for (const s of t.namedSubtrees) this.included.set(key(s.path), s.name);
    for (const o of t.overlays) {
      const k = key(o.path);
      const prior = this.overlays.get(k);
      this.overlays.set(k, { value: o.value ?? prior?.value, when: o.when ?? prior?.when, yaml: o.yaml ?? prior?.yaml });
      this.markAncestors(o.path);
      const last = o.path[o.path.length - 1];
      if (!prior && typeof last === 'string') {
        const parent = key(o.path.slice(0, -1));
        this.addedKeys.set(parent, [...(this.addedKeys.get(parent) ?? []), last]);
      }
    }
    for (const e of t.extensions) {
      if (e.addOnly) {
        // The path's own map stays as it is written (a helper include); only its ancestors become blocks.
        this.addOnlyExtensions.set(key(e.path), e.expression);
        this.markAncestors(e.path);
        continue;
      }
      this.extensions.set(key(e.path), e.expression);
      this.markAncestors([...e.path, '']);
    }
    for (const e of t.listExtensions) {
      this.listExtensions.set(key(e.path), e);
      this.markAncestors([...e.path, 0]);
      const parent = key(e.path.slice(0, -1));
      this.addedLists.set(parent, [...(this.addedLists.get(parent) ?? []), String(e.path[e.path.length - 1])]);
    }
  }

  public block(value: Json, path: FieldPath, indent: number): string[] {
    return this.blockAt(value, path, key(path), indent);
  }

  /**
   * {@link block}, given the path's key too: each child's key is its parent's plus one segment,
   * instead of the whole path joined again at every lookup (a fifth of the chart's time at
   * 1,000 services).
   */
  private blockAt(value: Json, path: FieldPath, pathKey: string, indent: number): string[] {
    if (Array.isArray(value)) return this.listBlock(value, path, pathKey, indent);
    if (value === null || typeof value !== 'object') throw new Error(`block() needs a map or list at ${pathKey}`);
    const pad = ' '.repeat(indent);
    const lines: string[] = [];
    const extension = this.extensions.get(pathKey);
    const keys = [...Object.keys(value), ...this.overlayOnlyKeys(value, pathKey)];
    for (const k of keys) {
      const childPath = [...path, k];
      const childKey = childKeyOf(path, pathKey, k);
      const overlay = this.overlays.get(childKey);
      let entry: string[];
      if (overlay?.yaml !== undefined) {
        // `{{-` eats the space after the colon; nindent puts the map or list on the lines below.
        entry = [`${pad}${yamlKey(k)}: {{- toYaml ${overlay.yaml} | nindent ${indent + 2} }}`];
      } else if (overlay?.value !== undefined) {
        entry = [`${pad}${yamlKey(k)}: ${overlay.value}`];
      } else {
        entry = this.entry(`${pad}${yamlKey(k)}:`, value[k], childPath, childKey, indent);
      }
      const commonExpression = this.common && path.length === 1 && path[0] === 'metadata' && (k === 'labels' || k === 'annotations') ? this.common[k] : undefined;
      if (commonExpression) {
        if (overlay?.value !== undefined || overlay?.yaml !== undefined || overlay?.when) {
          throw new Error(`metadata.${k} is replaced or toggled whole by an overlay; common ${k} cannot be added to it (overlay its keys instead).`);
        }
        entry = [...entry, ...this.commonKeys(commonExpression, value[k], childKey, indent + 2)];
      }
      if (overlay?.when) entry = wrap(overlay.when, entry);
      if (extension) entry = wrap(`not (hasKey ${extension} ${JSON.stringify(k)})`, entry);
      lines.push(...entry);
    }
    for (const k of (this.addedLists.get(pathKey) ?? []).filter((x) => !(x in value))) {
      const list = this.listExtensions.get(childKeyOf(path, pathKey, k))!;
      lines.push(...wrap(list.expression, [`${pad}${yamlKey(k)}:`, ...rangeLines(list, indent + 2)]));
    }
    if (extension) {
      lines.push(`{{- range $key, $value := ${extension} }}`, `${pad}{{ $key | toJson }}: {{ $value | toJson }}`, '{{- end }}');
    }
    if (this.common && path.length === 1 && path[0] === 'metadata') {
      for (const field of ['labels', 'annotations'] as const) {
        const expression = this.common[field];
        if (field in value || this.overlays.has(childKeyOf(path, pathKey, field))) continue;
        // A map the object has only from values (a ServiceAccount's annotations) comes first: its keys win, as its own would.
        const own = this.extensions.get(childKeyOf(path, pathKey, field));
        const map = own ? `merge (dict) ${own} ${expression}` : expression;
        lines.push(`{{- with ${map} }}`, `${pad}${field}: {{- toYaml . | nindent ${indent + 2} }}`, '{{- end }}');
      }
    }
    return lines;
  }

  /**
   * The lines that add the common labels or annotations (`expression`) to the object's own map
   * at `path` (its `value`): each key the map does not have. Kubesynth's label helper writes
   * only the standard labels, which the values rules keep out of commonLabels.
   */
  private commonKeys(expression: string, value: Json, pathKey: string, indent: number): string[] {
    const pad = ' '.repeat(indent);
    const helper = !this.blockPaths.has(pathKey) && this.helm.knownMapInclude(value) !== undefined;
    const own = value !== null && typeof value === 'object' && !Array.isArray(value) && !helper ? [...Object.keys(value), ...this.overlayOnlyKeys(value, pathKey)] : [];
    const guards = [
      ...(own.length ? [`(has $key (list${own.map((k) => `\n  ${JSON.stringify(k)}`).join('')}))`] : []),
      ...(this.extensions.has(pathKey) ? [`(hasKey ${this.extensions.get(pathKey)} $key)`] : []),
    ];
    const condition = guards.length === 0 ? undefined : guards.length === 1 ? `not ${guards[0]}` : `not (or ${guards.join(' ')})`;
    const line = `${pad}{{ $key | toJson }}: {{ $value | toJson }}`;
    return [`{{- range $key, $value := ${expression} }}`, ...(condition ? wrap(condition, [line]) : [line]), '{{- end }}'];
  }

  /** A key (or `-`) followed by its value: scalars inline, maps and lists as indented blocks. */
  private entry(head: string, value: Json, path: FieldPath, pathKey: string, indent: number): string[] {
    const named = this.included.get(pathKey);
    if (named) return [head, `${' '.repeat(indent + 2)}{{- include ${JSON.stringify(named)} $ | nindent ${indent + 2} }}`];
    const templated = this.blockPaths.has(pathKey);
    const include = templated ? undefined : this.helm.knownMapInclude(value);
    const added = this.addOnlyExtensions.get(pathKey);
    if (added && !include) throw new Error(`${pathKey}: an add-only map extension needs a map the chart renders with a helper.`);
    if (include && added) {
      const pad = ' '.repeat(indent + 2);
      return [head, `${pad}{{- ${include} | nindent ${indent + 2} }}`, `{{- range $key, $value := ${added} }}`, `${pad}{{ $key | toJson }}: {{ $value | toJson }}`, '{{- end }}'];
    }
    if (include) return [head, `${' '.repeat(indent + 2)}{{- ${include} | nindent ${indent + 2} }}`];
    const literal = typeof value === 'string' && this.helm.pieces(value).every((p) => 'literal' in p);
    const block = literal ? blockScalar(value as string, indent + 2) : undefined;
    if (block) return [`${head} ${block[0]}`, ...block.slice(1)];
    const empty = value !== null && typeof value === 'object' && Object.keys(value).length === 0;
    if (value === null || typeof value !== 'object' || (empty && !templated)) {
      const line = `${head} ${this.flow(value)}`;
      if (typeof value === 'string' && line.length > MAX_LINE && (!literal || toJsonKeeps(value))) return [`${head} ${this.longString(value, indent + 4)}`];
      return [line];
    }
    let body: string[];
    if (Array.isArray(value)) {
      const list = this.listExtensions.get(pathKey);
      const conditions = [...value.map((_v, i) => this.overlays.get(childKeyOf(path, pathKey, i))?.when), ...(list ? [list.expression] : [])];
      body = this.listBlock(value, path, pathKey, indent + 2);
      if (list) body = list.position === 'start' ? [...rangeLines(list, indent + 2), ...body] : [...body, ...rangeLines(list, indent + 2)];
      if (value.length && conditions.every((c) => c) && !this.overlays.get(pathKey)?.when) {
        // Every item may vanish (and the key itself is not toggled): render `[]` rather than a null key.
        const none = `not (or ${conditions.map((c) => `(${c})`).join(' ')})`;
        const line = `${head} {{- if ${none} }} []{{- end }}`;
        if (line.length <= MAX_LINE) return [line, ...body];
        // One condition per line: Go templates allow line breaks inside an action.
        const pad = ' '.repeat(indent + 4);
        return [`${head} {{- if not (or`, ...conditions.map((c, i) => `${pad}(${c})${i === conditions.length - 1 ? ') }} []{{- end }}' : ''}`), ...body];
      }
    } else {
      body = this.blockAt(value, path, pathKey, indent + 2);
    }
    // A list item's first key shares the dash's line, as people write YAML.
    if (head.trimStart() === '-' && body[0]?.startsWith(' '.repeat(indent + 2)) && !body[0].trimStart().startsWith('{{')) {
      return [`${head} ${body[0].slice(indent + 2)}`, ...body.slice(1)];
    }
    return [head, ...body];
  }

  private listBlock(list: Json[], path: FieldPath, pathKey: string, indent: number): string[] {
    const pad = ' '.repeat(indent);
    const lines: string[] = [];
    list.forEach((item, i) => {
      const itemPath = [...path, i];
      const itemKey = childKeyOf(path, pathKey, i);
      const overlay = this.overlays.get(itemKey);
      let entry: string[];
      if (overlay?.value !== undefined) entry = [`${pad}- ${overlay.value}`];
      else entry = this.entry(`${pad}-`, item, itemPath, itemKey, indent);
      if (overlay?.when) entry = wrap(overlay.when, entry);
      lines.push(...entry);
    });
    return lines;
  }

  /** JSON flow text; strings go through {@link string}. */
  private flow(value: Json): string {
    if (value === null || typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
    if (typeof value === 'string') return this.string(value);
    if (Array.isArray(value)) return `[${value.map((v) => this.flow(v)).join(', ')}]`;
    const include = this.helm.knownMapInclude(value);
    if (include) return `{{ ${include} | fromYaml | toJson }}`;
    return `{${Object.entries(value).map(([k, v]) => `${literalKey(k)}: ${this.flow(v)}`).join(', ')}}`;
  }

  private string(text: string): string {
    const pieces = this.helm.pieces(text);
    if (pieces.length === 1 && 'literal' in pieces[0] && !text.includes('{{')) return JSON.stringify(text);
    // A lone expression needs no parentheses: `a | b | toJson` pipes the whole of `a | b`.
    if (pieces.length === 1 && 'expression' in pieces[0]) return `{{ ${pieces[0].expression} | toJson }}`;
    const operands = pieces.map((p) => ('literal' in p ? JSON.stringify(p.literal) : `(${p.expression})`));
    return `{{ print ${operands.join(' ')} | toJson }}`;
  }

  /**
   * A string of literals and value lookups too long for one line: one `print` action over
   * several lines (Go templates allow line breaks inside an action), one operand per line, long
   * literals cut after a space. `print` adds no space next to a string operand, so cutting a
   * literal in two changes nothing.
   */
  private longString(text: string, indent: number): string {
    const pad = ' '.repeat(indent);
    const operands = this.helm.pieces(text).flatMap((p) => ('literal' in p ? chunks(p.literal).map((c) => JSON.stringify(c)) : [`(${p.expression})`]));
    return ['{{ print', ...operands.map((o) => `${pad}${o}`), `${pad}| toJson }}`].join('\n');
  }

  private overlayOnlyKeys(value: { [key: string]: Json }, pathKey: string): string[] {
    return (this.addedKeys.get(pathKey) ?? []).filter((k) => !(k in value));
  }

  private markAncestors(path: FieldPath): void {
    for (let i = 0; i < path.length; i++) this.blockPaths.add(key(path.slice(0, i)));
  }
}

/**
 * A multi-line string as a YAML literal block (`|` or `|-`) indented by `indent`, so a script or
 * a snippet reads as it runs; undefined when the block could not say the same string exactly
 * (leading blank, several trailing newlines, control characters, or `{{`, which Helm would
 * evaluate).
 */
function blockScalar(text: string, indent: number): string[] | undefined {
  if (!text.includes('\n') || text.includes('{{') || /^[ \t\n]/.test(text) || /\n\n$/.test(text) || /[\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(text)) {
    return undefined;
  }
  const chomped = text.endsWith('\n') ? text.slice(0, -1) : text;
  const pad = ' '.repeat(indent);
  return [text.endsWith('\n') ? '|' : '|-', ...chomped.split('\n').map((l) => (l ? `${pad}${l}` : ''))];
}

/**
 * Whether Helm's `toJson` writes `text` exactly as the plain synth's JSON does, so a long
 * literal can be cut into `print` operands without one rendered byte moving: Go escapes `<`,
 * `>`, `&` and U+2028/9, and Helm builds differ on `\b` and `\f`, so only text free of those and
 * of control characters qualifies.
 */
function toJsonKeeps(text: string): boolean {
  return !/[\u0000-\u001f\u007f]/.test(text) && goJson(text) === JSON.stringify(text);
}

/** Longest template line the writer aims for (the layout pass breaks what is left longer). */
const MAX_LINE = MAX_TEMPLATE_LINE;

/** `text` cut into pieces of about 80 characters, after a space or a line break where there is one. */
export function chunks(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > 100) {
    const window = rest.slice(0, 100);
    const cut = Math.max(window.lastIndexOf(' ', 90), window.lastIndexOf('\n', 90));
    const at = cut > 40 ? cut + 1 : 80;
    out.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  return rest ? [...out, rest] : out;
}

/** A path as a map key; a control character separates segments, as none occurs in a field name. */
function key(path: FieldPath): string {
  return path.join('\u0001');
}

/** `key([...path, segment])`, from `pathKey` = `key(path)`. */
function childKeyOf(path: FieldPath, pathKey: string, segment: string | number): string {
  return path.length ? `${pathKey}\u0001${segment}` : String(segment);
}

function wrap(condition: string, lines: string[]): string[] {
  return [`{{- if ${condition} }}`, ...lines, '{{- end }}'];
}

function literalKey(k: string): string {
  if (k.includes('{{')) throw new Error(`A map key may not contain "{{": ${k}`);
  return JSON.stringify(k);
}

function yamlKey(k: string): string {
  if (k.includes('{{')) throw new Error(`A map key may not contain "{{": ${k}`);
  return /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(k) && !YAML_11_SPECIAL.test(k) ? k : JSON.stringify(k);
}

/** The items of a list from values, one `- <json>` line each, at the list's indentation. */
function rangeLines(list: ListExtension, indent: number): string[] {
  return [`{{- range $item := ${list.expression} }}`, `${' '.repeat(indent)}- {{ ${list.item ?? '$item'} | toJson }}`, '{{- end }}'];
}
