/**
 * Lays out the template lines a reviewer could not read on one screen: every line over
 * {@link MAX_TEMPLATE_LINE} characters is broken inside its Go template actions, which Go
 * templates allow (a newline inside `{{ }}`, between operands and inside parentheses, renders
 * nothing). What a template renders does not change by one byte:
 *
 * - actions written back to back (`{{ $x := list }}{{ range ... }}...{{ end }}`) go one per line,
 *   each after the first opening with `{{-`, which eats exactly the line break and indentation
 *   put before it (there was no text between them to eat);
 * - a long action is broken at its top-level operands, Lisp style: the function (or `if and`,
 *   `$x :=`) stays on the first line, each operand below it, indented, the closing parenthesis
 *   after the last one; a `dict`'s operands go two by two, key and value;
 * - a string too long for its line is cut into `print` operands (`print` joins strings with
 *   nothing between them), a text of several lines (an inline config) one operand per line.
 *
 * The chart's templates are generated, so this runs over each one as the last step, the way a
 * code formatter does: the generators write expressions, this decides where lines break.
 */

/** Longest template line the charts aim for (issue 12: Bitnami-style charts a person can review). */
export const MAX_TEMPLATE_LINE = 160;

/** How far the operands of a broken action are indented past the line the action starts on. */
const OPERAND_INDENT = 4;

/** Keywords and functions that read as one head with the word after them: `if and`, `else if`, `with index`. */
const HEAD_KEYWORDS = new Set(['if', 'else', 'with', 'range', 'not']);

/**
 * `template` with every line over `max` characters broken inside its actions where Go templates
 * allow it. Lines of plain text (no action) stay as they are: breaking one would change what
 * renders. Throws on a template whose actions cannot be parsed (an unclosed `{{` or string).
 */
export function breakLongLines(template: string, max = MAX_TEMPLATE_LINE): string {
  const segments = scan(template);
  // Every line short enough: each group below would come back as it is (issue 15: most of a chart's templates).
  if (!hasLineOver(template, max)) return template;
  const out: string[] = [];
  // A group is the segments from one line break of text to the next: actions inside it may span lines.
  let group: Segment[] = [];
  const flush = () => {
    out.push(layoutGroup(group, max));
    group = [];
  };
  for (const s of segments) {
    if (s.kind === 'action') {
      group.push(s);
      continue;
    }
    const lines = s.text.split('\n');
    lines.forEach((line, i) => {
      if (i > 0) {
        flush();
        out.push('\n');
      }
      if (line) group.push({ kind: 'text', text: line });
    });
  }
  flush();
  return out.join('');
}

/** Whether a line of `text` is longer than `max` characters. */
function hasLineOver(text: string, max: number): boolean {
  let start = 0;
  for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
    if (end - start > max) return true;
    start = end + 1;
  }
  return text.length - start > max;
}

type Segment = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'action'; readonly text: string };

/** The template as text and actions (`{{ ... }}`, comments included), in order. */
function scan(template: string): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf('{{', at);
    if (open < 0) {
      out.push({ kind: 'text', text: template.slice(at) });
      break;
    }
    if (open > at) out.push({ kind: 'text', text: template.slice(at, open) });
    const end = actionEnd(template, open);
    out.push({ kind: 'action', text: template.slice(open, end) });
    at = end;
  }
  return out;
}

/** Index just past the `}}` closing the action that opens at `open`. */
function actionEnd(template: string, open: number): number {
  const comment = /^\{\{-? ?\/\*/.exec(template.slice(open, open + 6));
  if (comment) {
    const close = template.indexOf('*/', open + comment[0].length);
    const end = close < 0 ? -1 : template.slice(close).search(/^\*\/ ?-?\}\}/);
    if (end < 0) throw new Error(`Unclosed template comment at ${where(template, open)}.`);
    return close + /^\*\/ ?-?\}\}/.exec(template.slice(close))![0].length;
  }
  let i = open + 2;
  while (i < template.length) {
    const c = template[i];
    if (c === '"' || c === "'" || c === '`') {
      i = literalEnd(template, i);
      continue;
    }
    if (c === '}' && template[i + 1] === '}') return i + 2;
    i++;
  }
  throw new Error(`Unclosed template action at ${where(template, open)}.`);
}

/** Index just past the string, raw string or character literal that starts at `start`. */
function literalEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (quote !== '`' && text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === quote) return i + 1;
  }
  throw new Error(`Unclosed ${quote} literal at ${where(text, start)}.`);
}

function where(text: string, at: number): string {
  const before = text.slice(0, at).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

function layoutGroup(group: Segment[], max: number): string {
  const text = group.map((s) => s.text).join('');
  if (text.split('\n').every((l) => l.length <= max) || !group.some((s) => s.kind === 'action')) return text;
  const lineIndent = /^ */.exec(text)![0].length;
  const parts: string[] = [];
  let depth = 0;
  let column = 0;
  group.forEach((s, i) => {
    if (s.kind === 'text') {
      parts.push(s.text);
      column += s.text.length;
      return;
    }
    const action = parseAction(s.text);
    if (action === undefined) {
      // A comment: left as it is.
      parts.push(s.text);
      column += s.text.length;
      return;
    }
    const keyword = action.pipeline[0]?.[0];
    const word = keyword?.kind === 'word' ? keyword.text : '';
    if (word === 'end' || word === 'else') depth = Math.max(0, depth - 1);
    let open = action.open;
    if (group[i - 1]?.kind === 'action') {
      // Nothing stood between this action and the one before: a line break here renders nothing, as `{{-` eats it.
      const pad = lineIndent + OPERAND_INDENT + 2 * depth;
      parts.push(`\n${' '.repeat(pad)}`);
      column = pad;
      open = '{{-';
    }
    if (word === 'if' || word === 'range' || word === 'with' || word === 'else' || word === 'define' || word === 'block') depth++;
    const rest = group.slice(i + 1);
    // What follows on this line: text up to the next action, which would start a line of its own only if it directly follows.
    const tail = rest[0]?.kind === 'text' ? rest[0].text.length : 0;
    const head = `${open} `;
    const closing = ` ${action.close}`;
    const body = layoutPipeline(action.pipeline, column + head.length, lineIndent + OPERAND_INDENT + 2 * depth, closing.length + tail, max);
    const written = `${head}${body}${closing}`;
    parts.push(written);
    const lines = written.split('\n');
    column = lines.length > 1 ? lines[lines.length - 1].length : column + written.length;
  });
  return parts.join('');
}

/** An operand: a word (identifier, field, variable, number, `:=`), a quoted literal, or a parenthesised pipeline. */
type Operand = { readonly kind: 'word' | 'string'; readonly text: string } | { readonly kind: 'group'; readonly pipeline: Pipeline; readonly suffix: string };
type Command = Operand[];
type Pipeline = Command[];

/** The action's delimiters and pipeline; undefined for a comment. */
function parseAction(text: string): { open: string; close: string; pipeline: Pipeline } | undefined {
  const open = text.startsWith('{{- ') || text.startsWith('{{-\n') ? '{{-' : '{{';
  const close = /[ \n]-\}\}$/.test(text) ? '-}}' : '}}';
  const inner = text.slice(open.length, text.length - close.length);
  if (/^\s*\/\*/.test(inner)) return undefined;
  const tokens = tokenize(inner);
  let at = 0;
  const pipeline = (): Pipeline => {
    const commands: Pipeline = [[]];
    while (at < tokens.length && tokens[at].text !== ')') {
      const t = tokens[at++];
      if (t.text === '|' && t.kind === 'word') commands.push([]);
      else if (t.text === '(' && t.kind === 'word') {
        const inside = pipeline();
        if (tokens[at]?.text !== ')') throw new Error(`Unbalanced parentheses in ${text}`);
        at++;
        // A field of the group's value, written against the parenthesis: `(index .x 0).name`.
        const suffix = tokens[at]?.glued ? tokens[at++].text : '';
        commands[commands.length - 1].push({ kind: 'group', pipeline: inside, suffix });
      } else commands[commands.length - 1].push({ kind: t.kind, text: t.text });
    }
    return commands;
  };
  const result = pipeline();
  if (at !== tokens.length) throw new Error(`Unbalanced parentheses in ${text}`);
  return { open, close, pipeline: result.filter((c) => c.length) };
}

interface Token {
  readonly kind: 'word' | 'string';
  readonly text: string;
  /** Written against the token before it, with no space (a field after a closing parenthesis). */
  readonly glued: boolean;
}

function tokenize(inner: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < inner.length) {
    const c = inner[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const glued = i > 0 && inner[i - 1] === ')' && c !== ')' && c !== '|';
    if (c === '"' || c === "'" || c === '`') {
      const end = literalEnd(inner, i);
      tokens.push({ kind: 'string', text: inner.slice(i, end), glued });
      i = end;
    } else if (c === '(' || c === ')' || c === '|') {
      tokens.push({ kind: 'word', text: c, glued: false });
      i++;
    } else {
      let j = i;
      while (j < inner.length && !/[\s()|"'`]/.test(inner[j])) j++;
      tokens.push({ kind: 'word', text: inner.slice(i, j), glued });
      i = j;
    }
  }
  return tokens;
}

function flatOperand(o: Operand): string {
  return o.kind === 'group' ? `(${flatPipeline(o.pipeline)})${o.suffix}` : o.text;
}

function flatCommand(c: Command): string {
  return c.map(flatOperand).join(' ');
}

function flatPipeline(p: Pipeline): string {
  return p.map(flatCommand).join(' | ');
}

/**
 * `p` starting at `column`, its continuation lines at `indent`, with `tail` characters after it
 * on its last line: flat when it fits in `max`, else broken at its commands and operands.
 */
function layoutPipeline(p: Pipeline, column: number, indent: number, tail: number, max: number): string {
  const flat = flatPipeline(p);
  if (column + flat.length + tail <= max) return flat;
  if (p.length === 1) return layoutCommand(p[0], column, indent, tail, max);
  // `a | b | toJson`: a short end of the pipe stays on the last line of its start.
  const [first, ...rest] = p;
  const restFlat = rest.map((c) => ` | ${flatCommand(c)}`).join('');
  if (restFlat.length <= 24) return `${layoutCommand(first, column, indent, restFlat.length + tail, max)}${restFlat}`;
  const pad = ' '.repeat(indent);
  const lines = [layoutCommand(first, column, indent, 0, max)];
  rest.forEach((c, i) => lines.push(`\n${pad}| ${layoutCommand(c, indent + 2, indent + 2, i === rest.length - 1 ? tail : 0, max)}`));
  return lines.join('');
}

function layoutCommand(c: Command, column: number, indent: number, tail: number, max: number): string {
  const flat = flatCommand(c);
  if (column + flat.length + tail <= max) return flat;
  if (c.length === 1) return layoutOperand(c[0], column, indent, tail, max);
  // The head: the function with the keywords and the assignment before it (`if and`, `$x := merge`, `range $k, $v := x`).
  let headLength = 1;
  const assignment = c.findIndex((o) => o.kind === 'word' && (o.text === ':=' || o.text === '='));
  if (assignment >= 0 && assignment < c.length - 1) headLength = assignment + (c[assignment + 1].kind === 'word' ? 2 : 1);
  if (headLength >= c.length) return flat;
  while (headLength < c.length - 1 && c[headLength - 1].kind === 'word' && HEAD_KEYWORDS.has((c[headLength - 1] as { text: string }).text) && c[headLength].kind === 'word') {
    headLength++;
  }
  const head = c.slice(0, headLength).map(flatOperand).join(' ');
  const print = c[headLength - 1].kind === 'word' && (c[headLength - 1] as { text: string }).text === 'print';
  let operands = c.slice(headLength);
  if (print) operands = operands.flatMap((o) => splitLiteral(o, indent, max));
  const pairs = c[headLength - 1].kind === 'word' && (c[headLength - 1] as { text: string }).text === 'dict';
  // A dict's keys and values go two by two, as the map reads.
  const rows: Operand[][] = pairs ? operands.reduce<Operand[][]>((r, o, i) => (i % 2 ? r[r.length - 1].push(o) : r.push([o]), r), []) : operands.map((o) => [o]);
  // A single operand stays beside its function, `toYaml (merge`, and breaks inside.
  if (rows.length === 1 && rows[0].length === 1) return `${head} ${layoutOperand(rows[0][0], column + head.length + 1, indent, tail, max, !print)}`;
  const pad = ' '.repeat(indent);
  const lines = [head];
  rows.forEach((row, r) => {
    const last = r === rows.length - 1;
    let column2 = indent;
    const written = row.map((o, k) => {
      const lastOperand = last && k === row.length - 1;
      const text = layoutOperand(o, column2, indent + 2, lastOperand ? tail : 0, max, !print);
      column2 += text.length + 1;
      return text;
    });
    lines.push(`\n${pad}${written.join(' ')}`);
  });
  return lines.join('');
}

function layoutOperand(o: Operand, column: number, indent: number, tail: number, max: number, splitStrings = true): string {
  const flat = flatOperand(o);
  if (column + flat.length + tail <= max) return flat;
  if (o.kind === 'group') return `(${layoutPipeline(o.pipeline, column + 1, indent, tail + 1 + o.suffix.length, max)})${o.suffix}`;
  if (o.kind === 'string' && splitStrings) {
    // `print` of string operands is their concatenation, so a string may stand as the print of its pieces.
    const pieces = splitLiteral(o, indent + 2, max);
    if (pieces.length > 1) return layoutCommand([{ kind: 'word', text: 'print' }, ...pieces], column + 1, indent, tail + 1, max).replace(/^/, '(').concat(')');
  }
  return flat;
}

/**
 * A double-quoted string literal as several, each fitting a line at `indent`: cut after each
 * line break of its text, then after a space. Raw strings and literals that are not also JSON
 * stay whole.
 */
function splitLiteral(o: Operand, indent: number, max: number): Operand[] {
  if (o.kind !== 'string' || !o.text.startsWith('"')) return [o];
  let value: string;
  try {
    value = JSON.parse(o.text) as string;
  } catch {
    return [o];
  }
  const room = Math.max(40, max - indent - 8);
  const lines = value.split(/(?<=\n)/);
  if (lines.length === 1 && o.text.length <= room) return [o];
  const pieces = lines.flatMap((l) => cut(l, room));
  if (pieces.some((p) => JSON.stringify(p).length > room + 20)) return [o];
  return pieces.map((p) => ({ kind: 'string', text: JSON.stringify(p) }));
}

/** `text` in pieces whose JSON form fits `room`, cut after a space where there is one. */
function cut(text: string, room: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (JSON.stringify(rest).length > room) {
    let at = rest.lastIndexOf(' ', room - 10);
    if (at < room / 3) at = room - 10;
    else at += 1;
    // Never split a surrogate pair.
    if (/[\ud800-\udbff]/.test(rest[at - 1])) at--;
    out.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  return rest ? [...out, rest] : out;
}
