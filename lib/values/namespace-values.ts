import { Type, type Static } from '@sinclair/typebox';
import { DNS1123_LABEL_PATTERN } from '../naming/dns';

export const namespaceOverrideSchema = Type.String({
  pattern: `^$|${DNS1123_LABEL_PATTERN}`,
  description:
    'Namespace for every namespaced object, instead of the release namespace (chart: `helm -n`) or `namespace` (plain YAML). Empty: not overridden.',
});

export const namespacesSchema = Type.Object(
  {
    create: Type.Boolean({
      description:
        'Chart only: also write the Namespace the objects go to, with the restricted Pod Security Standard labels and helm.sh/resource-policy: keep (helm uninstall leaves it and what is in it). Off by default: Helm owns the release namespace (`helm install -n <ns> --create-namespace`); on when namespaceOverride names one that does not exist yet.',
    }),
  },
  { description: 'Namespace objects in the chart (the plain YAML always writes its Namespace: a GitOps sync has no --create-namespace).', additionalProperties: false },
);

/**
 * Where a platform's objects go, as Helm values. The plain YAML has no release namespace, so it
 * puts its objects in `namespace` (or `namespaceOverride`) and writes that Namespace out, as
 * GitOps needs. The chart is Helm-native: its objects go to the release namespace (`helm -n`),
 * or `namespaceOverride`, and it writes a Namespace only when `namespaces.create` asks.
 */
const namespaceValues = Type.Object({ namespaceOverride: namespaceOverrideSchema, namespaces: namespacesSchema });
export type NamespaceValues = Static<typeof namespaceValues>;

/** The platform namespace's description, for each platform's `namespace` value. */
export const PLAIN_NAMESPACE_DESCRIPTION =
  'Namespace of the plain YAML, written out with the restricted Pod Security Standard. The chart installs into the release namespace instead (`helm -n`; the round trip renders the chart with `-n` set to this value).';

export const NAMESPACE_DEFAULTS: NamespaceValues = { namespaceOverride: '', namespaces: { create: false } };

/** The namespace the plain YAML puts the platform in: `namespaceOverride`, else `namespace`. */
export function plainNamespace(values: NamespaceValues & { namespace: string }): string {
  return values.namespaceOverride || values.namespace;
}
