import type { Rule } from './rule';
import { availabilityRules } from './rules/availability';
import { imageRules } from './rules/images';
import { isolationRules } from './rules/isolation';
import { metadataRules } from './rules/metadata';
import { networkingRules } from './rules/networking';
import { podHardeningRules } from './rules/pod-hardening';
import { podSecurityRules } from './rules/pod-security';
import { rbacRules } from './rules/rbac';
import { referenceRules } from './rules/references';
import { schemaRules } from './rules/schema';
import { secretRefRules } from './rules/secret-refs';
import { configMapRules, secretRules } from './rules/secrets';
import { workloadHealthRules } from './rules/workload-health';

/** Every rule `kubesynth validate` runs, in the order findings are listed. */
export const RULES: readonly Rule[] = [
  ...schemaRules,
  ...metadataRules,
  ...podSecurityRules,
  ...podHardeningRules,
  ...workloadHealthRules,
  ...availabilityRules,
  ...imageRules,
  ...referenceRules,
  ...networkingRules,
  ...secretRefRules,
  ...isolationRules,
  ...rbacRules,
  ...secretRules,
  ...configMapRules,
];

/** The rule that reports malformed waivers; it cannot itself be waived. */
export const WAIVER_RULE = {
  id: 'waiver',
  severity: 'error' as const,
  checks: 'Every `kubesynth.io/waive` entry names a known rule and gives a reason.',
  fix: 'Write the annotation as `<rule-id>=<reason>`, entries separated by `;`.',
};
