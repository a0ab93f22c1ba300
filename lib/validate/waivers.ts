import type { Manifest } from './manifest';
import { RULES } from './registry';

import { WAIVE_ANNOTATION } from './waive-annotation';

export { WAIVE_ANNOTATION } from './waive-annotation';

export interface Waivers {
  /** rule id -> reason */
  readonly reasons: ReadonlyMap<string, string>;
  /** What is wrong with the annotation, one message per bad entry. */
  readonly problems: readonly string[];
}

const NONE: Waivers = { reasons: new Map(), problems: [] };

/**
 * Reads an object's waivers. A reason is required on purpose: a waiver is a decision a
 * reviewer must be able to read, so an entry without one is an error, not a silent waiver.
 */
export function waiversOf(m: Manifest): Waivers {
  const raw = m.object.metadata?.annotations?.[WAIVE_ANNOTATION];
  if (raw === undefined) return NONE;
  if (typeof raw !== 'string') return { reasons: new Map(), problems: ['must be a string of `<rule-id>=<reason>` entries separated by `;`'] };
  const reasons = new Map<string, string>();
  const problems: string[] = [];
  const known = new Set(RULES.map((r) => r.id));
  for (const entry of raw.split(';').map((e) => e.trim()).filter(Boolean)) {
    const eq = entry.indexOf('=');
    const id = (eq === -1 ? entry : entry.slice(0, eq)).trim();
    const reason = eq === -1 ? '' : entry.slice(eq + 1).trim();
    if (!known.has(id)) problems.push(`waives ${JSON.stringify(id)}, which is not a rule id (see \`kubesynth validate --rules\`)`);
    else if (!reason) problems.push(`waives ${id} without a reason: write ${id}=<why this object may break it>`);
    else reasons.set(id, reason);
  }
  return { reasons, problems };
}
