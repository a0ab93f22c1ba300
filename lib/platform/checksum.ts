import { createHash } from 'node:crypto';

/**
 * JSON exactly as Go's encoding/json writes it (Helm's `toJson`): map keys sorted, no spaces,
 * `<`, `>`, `&`, U+2028 and U+2029 escaped. Lets the plain synth and the chart compute the
 * same checksum.
 */
export function goJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return JSON.stringify(sorted(value))
    .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Hex SHA-256 of {@link goJson}; in a chart: `{{ $value | toJson | sha256sum }}`. */
export function checksumOf(value: unknown): string {
  return createHash('sha256').update(goJson(value)).digest('hex');
}
