import type { Static, TObject } from '@sinclair/typebox';
import { LABEL_KEY_SCHEMA, LABEL_VALUE_SCHEMA, noStandardLabelsRule, STANDARD_LABEL_KEYS } from './component-values';
import type { ValueRule } from './value-rule';
import { StringMap } from './schema-kinds';

/**
 * The Bitnami knobs `commonLabels` and `commonAnnotations`, top-level in every platform's
 * values: added to the metadata of every object the platform renders (plain YAML and chart
 * alike), e.g. a cost-center label or an owner annotation. They add keys and never replace one
 * kubesynth writes (a hook, a sync wave, a Pod Security label): where both set a key,
 * kubesynth's value stays.
 */
export type CommonMetadataValues = Static<TObject<typeof commonMetadataValuesSchema>>;

/** Schema properties to spread into a platform's top-level `properties`. */
export const commonMetadataValuesSchema = {
  commonLabels: StringMap({
    additionalProperties: LABEL_VALUE_SCHEMA,
    propertyNames: LABEL_KEY_SCHEMA,
    description: `Labels added to every object (not the pods: see <component>.podLabels); a label kubesynth writes keeps its value. Refused: ${STANDARD_LABEL_KEYS.join(', ')}, which kubesynth sets (a workload's selector cannot change).`,
  }),
  commonAnnotations: StringMap({
    propertyNames: { ...LABEL_KEY_SCHEMA, description: 'An annotation key: an optional DNS subdomain prefix and /, then up to 63 letters, digits, -, _ or .' },
    description: 'Annotations added to every object (not the pods: see <component>.podAnnotations); an annotation kubesynth writes (hooks, sync waves, resource policies) keeps its value.',
  }),
};

/** Their keys, for a platform's `required` list. */
export const COMMON_METADATA_KEYS = ['commonLabels', 'commonAnnotations'] as const;

/** None: objects carry only kubesynth's labels and annotations. */
export const NO_COMMON_METADATA: CommonMetadataValues = { commonLabels: {}, commonAnnotations: {} };

/** The two values of a platform's values, for PlatformDefinition.commonMetadata. */
export function commonMetadata(v: CommonMetadataValues): CommonMetadataValues {
  return { commonLabels: v.commonLabels, commonAnnotations: v.commonAnnotations };
}

/** `commonLabels` holds none of kubesynth's own labels: the CLI and the chart refuse it with the same message. */
export const COMMON_METADATA_RULES: readonly ValueRule[] = [noStandardLabelsRule(['commonLabels'])];
