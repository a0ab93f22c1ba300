import { dump, DumpOptions } from 'js-yaml';

/**
 * js-yaml's `dump(value, options)` text for the values synthesized objects are made of, written
 * without js-yaml's general machinery (issue 15: js-yaml was a sixth of a 1,000-service synth's
 * CPU, most of it deciding, for every string, how to write it). Output is byte for byte js-yaml's,
 * for its block style with the options below: the layout rules of its writer (block mappings and
 * sequences, `{}`/`[]` when empty, `- ` items holding compact mappings) are repeated here, and
 * every scalar's text is js-yaml's own, asked of it once per distinct scalar and remembered. A
 * value outside that subset (a multi-line string, a non-plain object, a key of more than 1,024
 * characters, undefined) makes {@link blockYaml} answer undefined: the caller then asks js-yaml
 * for the whole value. test/block-yaml.test.ts holds the two to the same bytes.
 */
export const BLOCK_YAML_OPTIONS: DumpOptions = { lineWidth: -1, noRefs: true, quotingType: '"' };

/** Scalars written so far (string or number -> its YAML text); cleared when it grows too big. */
const scalars = new Map<unknown, string>();
const MAX_REMEMBERED = 200_000;

class NotBlockYaml extends Error {}

/** js-yaml's text for a single-line string or a number, as a key or a value (the same then: see blockYaml). */
function scalarText(value: string | number): string {
  let text = scalars.get(value);
  if (text === undefined) {
    if (typeof value === 'string' && value.includes('\n')) throw new NotBlockYaml();
    text = dump(value, BLOCK_YAML_OPTIONS).slice(0, -1);
    if (scalars.size >= MAX_REMEMBERED) scalars.clear();
    scalars.set(value, text);
  }
  return text;
}

const isPlainMap = (value: object): value is Record<string, unknown> => {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * js-yaml's writeNode in block context for one value at `level`: maps and lists return their
 * lines each starting with a line break (a non-compact node), or, `compact`, the first without
 * one (a list item's content); scalars their text.
 */
function node(value: unknown, level: number, compact: boolean): string {
  switch (typeof value) {
    case 'string':
      return value === '' ? '""' : scalarText(value);
    case 'number':
      // js-yaml's int representer for integers (not -0), its float representer (asked of it) otherwise.
      return Number.isInteger(value) && !Object.is(value, -0) ? String(value) : scalarText(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return sequence(value, level, compact);
      if (!isPlainMap(value)) throw new NotBlockYaml();
      return mapping(value, level, compact);
    default:
      throw new NotBlockYaml();
  }
}

function mapping(map: Record<string, unknown>, level: number, compact: boolean): string {
  const keys = Object.keys(map);
  if (!keys.length) return '{}';
  const next = `\n${'  '.repeat(level)}`;
  let out = '';
  for (const key of keys) {
    const value = map[key];
    if (value === undefined) throw new NotBlockYaml();
    const keyText = key === '' ? '""' : scalarText(key);
    // js-yaml writes such a key as an explicit `? ` pair.
    if (keyText.length > 1024) throw new NotBlockYaml();
    const valueText = node(value, level + 1, false);
    if (compact && out === '') out = keyText;
    else out += next + keyText;
    out += valueText.charCodeAt(0) === 10 ? `:${valueText}` : `: ${valueText}`;
  }
  return out;
}

function sequence(list: readonly unknown[], level: number, compact: boolean): string {
  if (!list.length) return '[]';
  const next = `\n${'  '.repeat(level)}`;
  let out = '';
  for (let i = 0; i < list.length; i++) {
    // js-yaml writes a hole or undefined item as null.
    const item = list[i] === undefined ? null : list[i];
    const itemText = node(item, level + 1, true);
    if (!(compact && out === '')) out += next;
    out += itemText.charCodeAt(0) === 10 ? `-${itemText}` : `- ${itemText}`;
  }
  return out;
}

/**
 * `dump(value, BLOCK_YAML_OPTIONS)`'s very text, or undefined when `value` holds something this
 * writer leaves to js-yaml (see the module comment).
 */
export function blockYaml(value: unknown): string | undefined {
  try {
    return `${node(value, 0, true)}\n`;
  } catch (e) {
    if (e instanceof NotBlockYaml) return undefined;
    throw e;
  }
}
