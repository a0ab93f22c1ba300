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
  /**
   * Paths with something below them to look up (an overlay, an extension, a named subtree):
   * under any other path every lookup misses, so its children are not given keys (issue 15:
   * most of a template is plain, and a key is a new string to hash at each of its lookups).
   */
  private readonly watched = new Set<string>();
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
    for (const p of this.blockPaths) this.watched.add(p);
    for (const s of t.namedSubtrees) for (let i = 0; i < s.path.length; i++) this.watched.add(key(s.path.slice(0, i)));
  }

  public block(value: Json, path: FieldPath, indent: number): string[] {
    const lines: string[] = [];
    this.blockAt(value, path, key(path), indent, lines);
    return lines;
  }

  /**
   * {@link block}, given the path's key too: each child's key is its parent's plus one segment,
   * instead of the whole path joined again at every lookup (a fifth of the chart's time at
   * 1,000 services). Lines are appended to `lines`: one array per template rather than one per
   * map, list and entry, each copied into its parent's (issue 15: the chart worker's garbage).
   */
  private blockAt(value: Json, path: FieldPath, pathKey: string, indent: number, lines: string[]): void {
    if (Array.isArray(value)) return this.listBlock(value, path, pathKey, indent, lines);
    if (value === null || typeof value !== 'object') throw new Error(`block() needs a map or list at ${pathKey}`);
    const pad = ' '.repeat(indent);
    const extension = this.extensions.get(pathKey);
    const added = this.overlayOnlyKeys(value, pathKey);
    const keys = added.length ? [...Object.keys(value), ...added] : Object.keys(value);
    for (const k of keys) {
      const childKey = this.childKey(path, pathKey, k);
      const overlay = this.overlays.get(childKey);
      const start = lines.length;
      if (overlay?.yaml !== undefined) {
        // `{{-` eats the space after the colon; nindent puts the map or list on the lines below.
        lines.push(`${pad}${yamlKey(k)}: {{- toYaml ${overlay.yaml} | nindent ${indent + 2} }}`);
      } else if (overlay?.value !== undefined) {
        lines.push(`${pad}${yamlKey(k)}: ${overlay.value}`);
      } else {
        this.entry(`${pad}${yamlKey(k)}:`, value[k], path, k, childKey, indent, lines);
      }
      const commonExpression = this.common && path.length === 1 && path[0] === 'metadata' && (k === 'labels' || k === 'annotations') ? this.common[k] : undefined;
      if (commonExpression) {
        if (overlay?.value !== undefined || overlay?.yaml !== undefined || overlay?.when) {
          throw new Error(`metadata.${k} is replaced or toggled whole by an overlay; common ${k} cannot be added to it (overlay its keys instead).`);
        }
        lines.push(...this.commonKeys(commonExpression, value[k], childKey, indent + 2));
      }
      if (overlay?.when) wrapFrom(start, overlay.when, lines);
      if (extension) wrapFrom(start, `not (hasKey ${extension} ${JSON.stringify(k)})`, lines);
    }
    for (const k of (this.addedLists.get(pathKey) ?? []).filter((x) => !(x in value))) {
      const list = this.listExtensions.get(this.childKey(path, pathKey, k))!;
      lines.push(...wrap(list.expression, [`${pad}${yamlKey(k)}:`, ...rangeLines(list, indent + 2)]));
    }
    if (extension) {
      lines.push(`{{- range $key, $value := ${extension} }}`, `${pad}{{ $key | toJson }}: {{ $value | toJson }}`, '{{- end }}');
    }
    if (this.common && path.length === 1 && path[0] === 'metadata') {
      for (const field of ['labels', 'annotations'] as const) {
        const expression = this.common[field];
        if (field in value || this.overlays.has(this.childKey(path, pathKey, field))) continue;
        // A map the object has only from values (a ServiceAccount's annotations) comes first: its keys win, as its own would.
        const own = this.extensions.get(this.childKey(path, pathKey, field));
        const map = own ? `merge (dict) ${own} ${expression}` : expression;
        lines.push(`{{- with ${map} }}`, `${pad}${field}: {{- toYaml . | nindent ${indent + 2} }}`, '{{- end }}');
      }
    }
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

  /**
   * A key (or `-`) followed by its value, appended to `lines`: scalars inline, maps and lists as
   * indented blocks. The value is at `segment` of the map or list at `parent`.
   */
  private entry(head: string, value: Json, parent: FieldPath, segment: string | number, pathKey: string, indent: number, lines: string[]): void {
    const named = this.included.get(pathKey);
    if (named) {
      lines.push(head, `${' '.repeat(indent + 2)}{{- include ${JSON.stringify(named)} $ | nindent ${indent + 2} }}`);
      return;
    }
    const templated = this.blockPaths.has(pathKey);
    const include = templated ? undefined : this.helm.knownMapInclude(value);
    const added = this.addOnlyExtensions.get(pathKey);
    if (added && !include) throw new Error(`${pathKey}: an add-only map extension needs a map the chart renders with a helper.`);
    if (include && added) {
      const pad = ' '.repeat(indent + 2);
      lines.push(head, `${pad}{{- ${include} | nindent ${indent + 2} }}`, `{{- range $key, $value := ${added} }}`, `${pad}{{ $key | toJson }}: {{ $value | toJson }}`, '{{- end }}');
      return;
    }
    if (include) {
      lines.push(head, `${' '.repeat(indent + 2)}{{- ${include} | nindent ${indent + 2} }}`);
      return;
    }
    const literal = typeof value === 'string' && this.helm.pieces(value).every((p) => 'literal' in p);
    const block = literal ? blockScalar(value as string, indent + 2) : undefined;
    if (block) {
      lines.push(`${head} ${block[0]}`, ...block.slice(1));
      return;
    }
    const empty = value !== null && typeof value === 'object' && Object.keys(value).length === 0;
    if (value === null || typeof value !== 'object' || (empty && !templated)) {
      const line = `${head} ${this.flow(value)}`;
      lines.push(typeof value === 'string' && line.length > MAX_LINE && (!literal || toJsonKeeps(value)) ? `${head} ${this.longString(value, indent + 4)}` : line);
      return;
    }
    // The path is made only here, for the maps and lists below: most values are scalars.
    const path = [...parent, segment];
    const start = lines.length;
    if (Array.isArray(value)) {
      const list = this.listExtensions.get(pathKey);
      const conditions = [...value.map((_v, i) => this.overlays.get(this.childKey(path, pathKey, i))?.when), ...(list ? [list.expression] : [])];
      if (value.length && conditions.every((c) => c) && !this.overlays.get(pathKey)?.when) {
        // Every item may vanish (and the key itself is not toggled): render `[]` rather than a null key.
        const none = `not (or ${conditions.map((c) => `(${c})`).join(' ')})`;
        const line = `${head} {{- if ${none} }} []{{- end }}`;
        if (line.length <= MAX_LINE) {
          lines.push(line);
        } else {
          // One condition per line: Go templates allow line breaks inside an action.
          const pad = ' '.repeat(indent + 4);
          lines.push(`${head} {{- if not (or`, ...conditions.map((c, i) => `${pad}(${c})${i === conditions.length - 1 ? ') }} []{{- end }}' : ''}`));
        }
        this.listBody(value, path, pathKey, indent + 2, list, lines);
        return;
      }
      lines.push(head);
      this.listBody(value, path, pathKey, indent + 2, list, lines);
    } else {
      lines.push(head);
      this.blockAt(value, path, pathKey, indent + 2, lines);
    }
    // A list item's first key shares the dash's line, as people write YAML.
    const first = lines[start + 1];
    if (head.trimStart() === '-' && first?.startsWith(' '.repeat(indent + 2)) && !first.trimStart().startsWith('{{')) {
      lines[start] = `${head} ${first.slice(indent + 2)}`;
      lines.splice(start + 1, 1);
    }
  }

  /** A list's items, with the items from values (`list`) before or after them. */
  private listBody(value: Json[], path: FieldPath, pathKey: string, indent: number, list: ListExtension | undefined, lines: string[]): void {
    if (list?.position === 'start') lines.push(...rangeLines(list, indent));
    this.listBlock(value, path, pathKey, indent, lines);
    if (list && list.position !== 'start') lines.push(...rangeLines(list, indent));
  }

  private listBlock(list: Json[], path: FieldPath, pathKey: string, indent: number, lines: string[]): void {
    const pad = ' '.repeat(indent);
    list.forEach((item, i) => {
      const itemKey = this.childKey(path, pathKey, i);
      const overlay = this.overlays.get(itemKey);
      const start = lines.length;
      if (overlay?.value !== undefined) lines.push(`${pad}- ${overlay.value}`);
      else this.entry(`${pad}-`, item, path, i, itemKey, indent, lines);
      if (overlay?.when) wrapFrom(start, overlay.when, lines);
    });
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

  /**
   * The key of `segment` below `path` (whose key is `pathKey`), or {@link UNWATCHED} when
   * nothing below `path` is looked up: blockPaths holds every ancestor of what is looked up
   * (overlays, extensions, list extensions, the maps they add keys and lists to), and
   * `watched` those and the ancestors of named subtrees.
   */
  private childKey(path: FieldPath, pathKey: string, segment: string | number): string {
    return this.watched.has(pathKey) ? childKeyOf(path, pathKey, segment) : UNWATCHED;
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

/**
 * The key of every path below an unwatched one (see TemplateWriter.childKey): no path's key,
 * as a lone NUL names no field of a Kubernetes object.
 */
const UNWATCHED = '\u0000';

/** `key([...path, segment])`, from `pathKey` = `key(path)`. */
function childKeyOf(path: FieldPath, pathKey: string, segment: string | number): string {
  return path.length ? `${pathKey}\u0001${segment}` : String(segment);
}

function wrap(condition: string, lines: string[]): string[] {
  return [`{{- if ${condition} }}`, ...lines, '{{- end }}'];
}

/** {@link wrap} in place: the lines of `lines` from `start` on go inside the condition. */
function wrapFrom(start: number, condition: string, lines: string[]): void {
  lines.splice(start, 0, `{{- if ${condition} }}`);
  lines.push('{{- end }}');
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
