/**
 * JSON text exactly as Helm's `toJson` (Go's encoding/json) writes a value that `fromYaml`
 * decoded, so a hash of it in TypeScript equals the chart's `toJson | sha256sum` byte for byte:
 * no spaces; map keys sorted by their UTF-8 bytes (Go sorts map keys); `<`, `>`, `&`, U+2028 and
 * U+2029 escaped as `\u003c`... (Go's HTML-safe escaping); numbers as Go writes a float64
 * (`fromYaml` decodes every number to one), which for finite numbers is JavaScript's shortest
 * form too. Keys with an undefined value are left out, as JSON.stringify does.
 */
export function goJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => goJson(v ?? null)).join(',')}]`;
  switch (typeof value) {
    case 'string':
      return goString(value);
    case 'boolean':
      return String(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`goJson: ${value} has no JSON form.`);
      return JSON.stringify(value);
    case 'object': {
      const map = value as Record<string, unknown>;
      const keys = Object.keys(map).filter((k) => map[k] !== undefined).sort(byUtf8);
      return `{${keys.map((k) => `${goString(k)}:${goJson(map[k])}`).join(',')}}`;
    }
    default:
      throw new Error(`goJson: a ${typeof value} has no JSON form.`);
  }
}

/** JSON.stringify escapes `"`, `\`, and control characters as Go does (Go 1.22+ writes `\b` and `\f` short too); Go also escapes these. */
const GO_ONLY_ESCAPES = /[<>&\u2028\u2029]/g;

function goString(text: string): string {
  return JSON.stringify(text).replace(GO_ONLY_ESCAPES, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
