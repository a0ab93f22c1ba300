import type { Rule } from './rule';
import { imageRules } from './rules/images';
import { isolationRules } from './rules/isolation';
import { podSecurityRules } from './rules/pod-security';
import { referenceRules } from './rules/references';
import { schemaRules } from './rules/schema';
import { secretRefRules } from './rules/secret-refs';
import { secretRules } from './rules/secrets';
import { workloadHealthRules } from './rules/workload-health';

/** Every rule `kubesynth validate` runs, in the order findings are listed. */
export const RULES: readonly Rule[] = [
  ...schemaRules,
  ...podSecurityRules,
  ...workloadHealthRules,
  ...imageRules,
  ...referenceRules,
  ...secretRefRules,
  ...isolationRules,
  ...secretRules,
];

/** The rule that reports malformed waivers; it cannot itself be waived. */
export const WAIVER_RULE = {
  id: 'waiver',
  severity: 'error' as const,
  checks: 'Every `kubesynth.io/waive` entry names a known rule and gives a reason.',
  fix: 'Write the annotation as `<rule-id>=<reason>`, entries separated by `;`.',
};
