import { Type, type Static, type TString } from '@sinclair/typebox';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveValues } from '../config/resolve-values';
import type { ValuesValidators } from '../config/values-validators';
import { readValuesFile } from '../config/values-source';
import { DNS1123_LABEL_PATTERN } from '../naming/dns';

const GO_DURATION = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$';
const REPO_PATH = '^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$';
const NO_PARENT = { pattern: '(^|/)\\.\\.(/|$)' };
const GIT_REVISION = '^[^\\s~^:?*\\[\\\\]+$';

/**
 * A map of names to strings written `additionalProperties: {schema}` (as values.schema.json
 * writes maps; TypeBox's Record would write a `patternProperties` whose refusals read worse).
 * gitops/ sits below values/ in lib's layers, so it states this one shape itself.
 */
const stringMap = (value: TString) => Type.Unsafe<Record<string, string>>({ type: 'object', required: [], additionalProperties: value });

/** `config/gitops.yaml`: where the rendered manifests live, and how Argo CD and Flux reach them. */
export const gitOpsConfigSchema = Type.Object(
  {
    // Git URL of this repository, as the GitOps controller clones it.
    repoURL: Type.String({ pattern: '^(https://|ssh://|git@)\\S+$', description: 'Git URL (https://, ssh:// or git@).' }),
    // Branch Flux follows, and Argo CD in an environment without its own `argocd.targetRevisions` entry.
    branch: Type.String({ minLength: 1, pattern: GIT_REVISION }),
    // Folder of the synthesized YAML inside the repository.
    outputPath: Type.String({ pattern: REPO_PATH, not: NO_PARENT }),
    argocd: Type.Object(
      {
        namespace: Type.String({ pattern: DNS1123_LABEL_PATTERN }),
        // Cluster API server per environment; environments not listed deploy to `defaultDestination`.
        destinations: stringMap(Type.String({ pattern: '^https://\\S+$' })),
        defaultDestination: Type.String({ pattern: '^https://\\S+$' }),
        // Git revision (branch, tag or commit) per environment, e.g. prod pinned to a release tag
        // while dev follows the branch; default: `branch` for every environment.
        targetRevisions: stringMap(Type.String({ minLength: 1, pattern: GIT_REVISION })),
        // Sync on every commit, prune what was removed, undo changes made by hand.
        automated: Type.Boolean(),
        // A failed sync is retried `limit` times, waiting `duration`, times `factor` each time, at most `maxDuration`.
        retry: Type.Object(
          {
            limit: Type.Integer({ minimum: 0, description: 'How many times a failed sync is retried.' }),
            backoff: Type.Object(
              {
                duration: Type.String({ pattern: GO_DURATION }),
                factor: Type.Integer({ minimum: 1 }),
                maxDuration: Type.String({ pattern: GO_DURATION }),
              },
              { additionalProperties: false },
            ),
          },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
    flux: Type.Object(
      {
        namespace: Type.String({ pattern: DNS1123_LABEL_PATTERN }),
        // How often Flux compares the cluster with the folder.
        interval: Type.String({ pattern: GO_DURATION }),
        // How soon a failed reconciliation (or one waiting on `dependsOn`) is tried again; shorter than `interval`.
        retryInterval: Type.String({ pattern: GO_DURATION }),
        // How long a Kustomization waits for its objects (the migration Job included) to become ready.
        timeout: Type.String({ pattern: GO_DURATION }),
        // Secret with the Git credentials, for a private repository; empty for a public one.
        secretRef: Type.String(),
        // The Flux Kustomization every platform `dependsOn`: the CRDs and operators its objects need
        // (cert-manager, External Secrets with its ClusterSecretStore, CloudNativePG, the
        // prometheus-operator CRDs, an ingress controller). With a `path` (inside this repository)
        // kubesynth writes it into each cluster's folder; with an empty `path` it is one the cluster
        // already has (e.g. from `flux bootstrap`), and the platforms only depend on it by name.
        infrastructure: Type.Object(
          {
            name: Type.String({ pattern: DNS1123_LABEL_PATTERN }),
            // Empty: a Kustomization the cluster already has; else a folder of this repository.
            path: Type.String({ anyOf: [{ const: '' }, { pattern: REPO_PATH, not: NO_PARENT }] }),
          },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** `config/gitops.yaml`, as read: where the rendered manifests live, and how Argo CD and Flux reach them. */
export type GitOpsConfig = Static<typeof gitOpsConfigSchema>;

const FILE_NAME = 'gitops.yaml';

/** What a file may leave out. */
const DEFAULTS = {
  branch: 'main',
  outputPath: 'dist',
  argocd: {
    namespace: 'argocd',
    destinations: {},
    defaultDestination: 'https://kubernetes.default.svc',
    targetRevisions: {},
    automated: true,
    // Argo CD's own default backoff, with a limit: a broken commit stops retrying after ~5 minutes.
    retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
  },
  flux: { namespace: 'flux-system', interval: '10m', retryInterval: '2m', timeout: '10m', secretRef: '', infrastructure: { name: 'infrastructure', path: 'infrastructure' } },
};

/** Reads `<configDir>/gitops.yaml`; without one there are no entry points to write. */
export function loadGitOpsConfig(configDir: string, validators?: ValuesValidators): GitOpsConfig | undefined {
  const file = join(configDir, FILE_NAME);
  if (!existsSync(file)) return undefined;
  return resolveValues<GitOpsConfig>(gitOpsConfigSchema, [{ name: 'gitops defaults', values: DEFAULTS }, readValuesFile(file)], undefined, validators);
}
