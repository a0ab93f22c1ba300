import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { InputError } from './read-manifests';
import { RULES, WAIVER_RULE } from './registry';
import type { Severity } from './rule';

/** What a project may set a rule to: a severity, or `off` to not run it. */
export type RuleLevel = Severity | 'off';

/** `.kubesynth-validate.yaml`, the project's choices for `kubesynth validate`. */
export interface ValidateSettings {
  /** Rule id -> the severity it reports with instead of its own, or `off`. */
  readonly severity: ReadonlyMap<string, RuleLevel>;
}

import { SETTINGS_FILE } from './settings-file';

export { SETTINGS_FILE } from './settings-file';
export const DEFAULT_SETTINGS: ValidateSettings = { severity: new Map() };
const LEVELS: readonly RuleLevel[] = ['error', 'warning', 'off'];

/**
 * Reads a settings file:
 *
 *     rules:
 *       secret-ref: error     # make CI fail when a Secret is not created by the set
 *       host-aliases: off
 *
 * Every mistake is an error naming the file, the path in it and what was expected: a typo in a
 * rule id would otherwise silently leave the rule at its default.
 */
export function readSettings(file: string): ValidateSettings {
  if (!existsSync(file)) throw new InputError(`${file}: expected a ${SETTINGS_FILE} settings file, found no such file`);
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`${file}: expected well-formed YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return DEFAULT_SETTINGS;
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new InputError(`${file}: expected a mapping with the key \`rules\`, found ${JSON.stringify(doc)}`);
  for (const key of Object.keys(doc)) {
    if (key !== 'rules') throw new InputError(`${file}: ${key}: expected only the key \`rules\` (rule id: error, warning or off), found ${JSON.stringify(key)}`);
  }
  const rules = (doc as { rules?: unknown }).rules ?? {};
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) throw new InputError(`${file}: rules: expected a mapping of rule id to error, warning or off, found ${JSON.stringify(rules)}`);
  const known = new Set(RULES.map((r) => r.id));
  const severity = new Map<string, RuleLevel>();
  for (const [id, level] of Object.entries(rules)) {
    if (id === WAIVER_RULE.id) throw new InputError(`${file}: rules.${id}: expected a rule that can be changed; malformed waivers are always errors`);
    if (!known.has(id)) throw new InputError(`${file}: rules.${id}: expected a rule id (\`kubesynth validate --rules\` lists them), found ${JSON.stringify(id)}`);
    if (!LEVELS.includes(level as RuleLevel)) throw new InputError(`${file}: rules.${id}: expected one of ${LEVELS.join(', ')}, found ${JSON.stringify(level)}`);
    severity.set(id, level as RuleLevel);
  }
  return { severity };
}
