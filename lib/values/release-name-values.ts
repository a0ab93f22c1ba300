import { Type, type Static, type TObject } from '@sinclair/typebox';

/**
 * Longest an override may be. Object names are `<fullname>-<component>` and the longest
 * component part is 23 characters (`-memory-db-backup-store`); operators add more (CNPG's
 * `-app`, a StatefulSet's `-0` and revision hash). Within these limits no name is ever cut to 63
 * characters, so two components can never end up with the same cut name.
 */
export const MAX_FULLNAME_OVERRIDE = 30;
/** `<platform>-<nameOverride>` is the prefix: the longest platform name (`meta-cognition`) plus 20 stays within 35. */
export const MAX_NAME_OVERRIDE = 20;

/** Empty, or a DNS-1123 label: every object name starts with it. */
const override = (maxLength: number, description: string) =>
  Type.String({
    maxLength,
    pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$',
    description: `${description} Empty, or lower-case letters, digits and '-', starting and ending with a letter or digit, at most ${maxLength} characters.`,
  });

/** Schema properties to spread into a platform's top-level `properties`. */
export const releaseNameValuesSchema = {
  nameOverride: override(MAX_NAME_OVERRIDE, 'Replaces the chart name in the app.kubernetes.io/name label and in object names (`<release>-<nameOverride>-<component>`, or `<release>-<component>` when the release name contains it).'),
  fullnameOverride: override(MAX_FULLNAME_OVERRIDE, 'Replaces the whole object-name prefix: objects are named `<fullnameOverride>-<component>` whatever the release name.'),
};

/**
 * The Bitnami naming knobs, top-level in every platform's values: `nameOverride` replaces the
 * chart name (the `app.kubernetes.io/name` label and the name part of `<release>-<name>`),
 * `fullnameOverride` replaces the whole object-name prefix. The plain synth takes them from
 * config too (its release name is the platform name), so both name objects the same.
 */
export type ReleaseNameValues = Static<TObject<typeof releaseNameValuesSchema>>;

/** Their keys, for a platform's `required` list. */
export const RELEASE_NAME_KEYS = ['nameOverride', 'fullnameOverride'] as const;

/** No override: objects are named `<platform>-<component>`. */
export const NO_NAME_OVERRIDES: ReleaseNameValues = { nameOverride: '', fullnameOverride: '' };

/** The two naming values of a platform's values, for PlatformDefinition.names. */
export function releaseNames(v: ReleaseNameValues): ReleaseNameValues {
  return { nameOverride: v.nameOverride, fullnameOverride: v.fullnameOverride };
}
