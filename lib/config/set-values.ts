import { emptyTree, ValuesTree } from './merge-values';

/** A `--set` argument Helm would refuse too. */
export class SetValuesError extends Error {
  constructor(arg: string, problem: string) {
    super(`--set ${arg}: ${problem}; expected path=value, e.g. api.image.tag=1.4.2, api.tolerations[0].key=x or settings.corsOrigins={a,b}`);
    this.name = 'SetValuesError';
  }
}

/**
 * Parses `--set` arguments into one values tree, as Helm 3's strvals parser does: dotted paths,
 * `[n]` list indexes (earlier items padded with null), `{a,b}` lists, backslash escapes, and
 * the same typing (true/false/null in any case, integers without a leading zero; everything
 * else, floats included, stays a string). Later arguments win.
 */
export function parseSetArgs(args: readonly string[]): ValuesTree {
  const tree = emptyTree();
  for (const arg of args) new SetParser(arg).parseInto(tree);
  return tree;
}


/** Helm's strvals.MaxIndex. */
export const MAX_LIST_INDEX = 65536;

class SetParser {
  private pos = 0;
  /** Where the current `path=value` began, for error messages. */
  private start = 0;
  constructor(private readonly arg: string) {}

  public parseInto(tree: ValuesTree): void {
    while (this.pos < this.arg.length) {
      this.start = this.pos;
      this.assign(tree);
    }
  }

  /** Reads `key(.key|[n])*=value` into `data`, then consumes a following comma. */
  private assign(data: Record<string, unknown>): void {
    const { text: key, stop } = this.readUntil('=[.,');
    if (stop === undefined || stop === ',') {
      const path = this.arg.slice(this.start, stop === undefined ? this.arg.length : this.pos - 1);
      throw new SetValuesError(this.arg, `key "${path || key}" has no value`);
    }
    if (stop === '=') {
      data[key] = this.value();
    } else if (stop === '.') {
      if (data[key] !== undefined && data[key] !== null && !isMap(data[key])) {
        throw new SetValuesError(this.arg, `"${key}" already holds ${JSON.stringify(data[key])}, not a map`);
      }
      const child = isMap(data[key]) ? (data[key] as Record<string, unknown>) : emptyTree();
      data[key] = child;
      this.assign(child);
    } else {
      if (data[key] !== undefined && data[key] !== null && !Array.isArray(data[key])) {
        throw new SetValuesError(this.arg, `"${key}" already holds ${JSON.stringify(data[key])}, not a list`);
      }
      const list = Array.isArray(data[key]) ? (data[key] as unknown[]) : [];
      data[key] = list;
      this.indexed(list);
    }
  }

  /** After `[`: `n]` then `=value`, `.key...` or another `[`. */
  private indexed(list: unknown[]): void {
    const { text, stop } = this.readUntil(']');
    if (stop !== ']' || !/^\d+$/.test(text)) throw new SetValuesError(this.arg, `list index "${text}" is not a non-negative integer`);
    const index = Number(text);
    // Helm's strvals refuses indexes past 65536 too; without a bound `a[999999999]=1` would fill memory with nulls.
    if (index > MAX_LIST_INDEX) throw new SetValuesError(this.arg, `list index ${index} is greater than the maximum supported index ${MAX_LIST_INDEX}`);
    while (list.length < index) list.push(null);
    const next = this.arg[this.pos++];
    if (next === '=') {
      list[index] = this.value();
    } else if (next === '.') {
      const child = isMap(list[index]) ? (list[index] as Record<string, unknown>) : emptyTree();
      list[index] = child;
      this.assign(child);
    } else if (next === '[') {
      const child = Array.isArray(list[index]) ? (list[index] as unknown[]) : [];
      list[index] = child;
      this.indexed(child);
    } else {
      throw new SetValuesError(this.arg, `expected "=", "." or "[" after [${index}]`);
    }
  }

  /** A scalar up to the next comma, or a `{a,b}` list. */
  private value(): unknown {
    if (this.arg[this.pos] === '{') {
      this.pos++;
      const items: unknown[] = [];
      for (;;) {
        const { text, stop } = this.readUntil(',}');
        if (stop === undefined) throw new SetValuesError(this.arg, 'list literal is missing its closing "}"');
        items.push(typed(text));
        if (stop === '}') break;
      }
      const after = this.arg[this.pos];
      if (after !== undefined && after !== ',') throw new SetValuesError(this.arg, 'expected "," after a list literal');
      if (after === ',') this.pos++;
      return items;
    }
    const { text } = this.readUntil(',');
    return typed(text);
  }

  /** Text up to (and consuming) the first unescaped stop character; `stop` is undefined at the end. */
  private readUntil(stops: string): { text: string; stop?: string } {
    let text = '';
    while (this.pos < this.arg.length) {
      const c = this.arg[this.pos++];
      if (c === '\\' && this.pos < this.arg.length) {
        text += this.arg[this.pos++];
      } else if (stops.includes(c)) {
        return { text, stop: c };
      } else {
        text += c;
      }
    }
    return { text };
  }
}

const isMap = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Helm's typedVal: booleans and null in any case, integers without a leading zero, else the string. */
function typed(text: string): unknown {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (text === '0') return 0;
  // Go's ParseInt after Helm's leading-zero check: "-05" is -5, "05" stays a string.
  if (text[0] !== '0' && /^[-+]?\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text) || 0;
  return text;
}

