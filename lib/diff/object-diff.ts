/** One field that differs between two versions of an object; absent sides are `undefined`. */
export interface FieldChange {
  /** kubectl-explain style: `spec.template.spec.containers[0].image` */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const join = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : /^[A-Za-z0-9_-]+$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`);

/**
 * The leaf fields that differ between `before` and `after`: maps are compared key by key,
 * lists element by element, so a changed image is one change at its path, not a rewritten
 * Deployment.
 */
export function diffObjects(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isMap(before) && isMap(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffObjects(before[k], after[k], join(path, k)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: FieldChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) out.push(...diffObjects(before[i], after[i], join(path, i)));
    return out;
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, before, after }];
}

/** A value for one line of diff output: JSON, shortened; `(absent)` for a missing field. */
export function showValue(v: unknown, max = 60): string {
  if (v === undefined) return '(absent)';
  const text = JSON.stringify(v);
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
