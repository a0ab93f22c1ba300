import { Document, DocumentOptions, LineCounter, ParseOptions, ScalarTag, SchemaOptions, visit } from 'yaml';

/**
 * YAML read the way Helm reads values and kubectl reads manifests (Go's yaml.v2 through
 * sigs.k8s.io/yaml), where the JavaScript parser would read it differently:
 * - bytes that are not UTF-8, and control characters, are refused (the JS decoder would turn
 *   the first into U+FFFD and the parser accepts a raw NUL);
 * - timestamps stay the text written (`2024-01-02`, `!!timestamp 2024-01-02`): Go decodes
 *   them into a string, the JS parser into a Date that becomes an ISO string;
 * - `!!binary` is the decoded text, as in Go;
 * - a float beyond float64 (`1e400`) is the text written (Go's ParseFloat fails, so the
 *   scalar is a string); `.inf` and `.nan` are refused (JSON, and so Helm, cannot hold them).
 * One problem is reported, the first, with its line.
 */

export interface YamlProblem {
  readonly line?: number;
  /** What was found, for "expected ..., found <this>". */
  readonly found: string;
}

const TIMESTAMP = 'tag:yaml.org,2002:timestamp';
const BINARY = 'tag:yaml.org,2002:binary';

const timestampAsText: ScalarTag = { tag: TIMESTAMP, identify: () => false, resolve: (text: string) => text };
const binaryAsText: ScalarTag = { tag: BINARY, identify: () => false, resolve: (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8') };

/** Parser options: YAML 1.1 as Helm, without the JS-only timestamp and binary readings. */
export const HELM_YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  uniqueKeys: true,
  customTags: (tags) => [...tags.filter((t) => typeof t === 'string' || (t.tag !== TIMESTAMP && t.tag !== BINARY)), timestampAsText, binaryAsText],
};

/** The text of YAML bytes, or the first byte that is not UTF-8. */
export function decodeYamlBytes(bytes: Buffer): { text: string } | { problem: YamlProblem } {
  const bad = firstInvalidUtf8(bytes);
  if (bad === undefined) return { text: bytes.toString('utf8') };
  const line = bytes.subarray(0, bad).reduce((n, b) => n + (b === 0x0a ? 1 : 0), 1);
  return { problem: { line, found: `bytes that are not UTF-8 (0x${bytes[bad].toString(16).padStart(2, '0')} at byte ${bad})` } };
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence (overlongs and surrogates included). */
function firstInvalidUtf8(b: Buffer): number | undefined {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    const need = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
    }
    // Overlong three- and four-byte forms, UTF-16 surrogates and code points past U+10FFFF.
    if ((c === 0xe0 && b[i + 1] < 0xa0) || (c === 0xed && b[i + 1] >= 0xa0) || (c === 0xf0 && b[i + 1] < 0x90) || (c === 0xf4 && b[i + 1] >= 0x90)) return i;
    i += need + 1;
  }
  return undefined;
}

/** Characters YAML does not allow in a stream (Go's yaml: "control characters are not allowed"). */
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/;

export function controlCharacterIn(text: string): YamlProblem | undefined {
  const m = CONTROL.exec(text);
  if (!m) return undefined;
  const line = text.slice(0, m.index).split('\n').length;
  return { line, found: `a control character (U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}), which YAML does not allow` };
}

/**
 * Makes the parsed document read as Go reads it (see the module comment): an out-of-range
 * float becomes its text; returns the first `.inf` or `.nan`, which Helm refuses.
 */
export function helmScalars(doc: Document, lines: LineCounter): YamlProblem | undefined {
  let problem: YamlProblem | undefined;
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value !== 'number' || Number.isFinite(node.value)) return undefined;
      const text = String(node.source ?? '');
      const line = node.range ? lines.linePos(node.range[0]).line : undefined;
      if (/^[-+]?\.(inf|Inf|INF)$/.test(text) || /^\.(nan|NaN|NAN)$/.test(text)) {
        problem = { line, found: `${text} (${Number.isNaN(node.value) ? 'not a number' : 'infinity'}), which JSON and so Helm cannot hold` };
        return visit.BREAK;
      }
      // 1e400: Go's ParseFloat fails, so the scalar stays the text written.
      node.value = text;
      return undefined;
    },
  });
  return problem;
}

