import type { JSONSchemaType } from 'ajv';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveValues } from '../config/resolve-values';
import type { ValuesValidators } from '../config/values-validators';
import { readValuesFile } from '../config/values-source';
import { DNS1123_LABEL_PATTERN } from '../naming/dns';

/** `config/gitops.yaml`: where the rendered manifests live, and how Argo CD and Flux reach them. */
export interface GitOpsConfig {
  /** Git URL of this repository, as the GitOps controller clones it. */
  repoURL: string;
  /** Branch Flux follows, and Argo CD in an environment without its own `argocd.targetRevisions` entry. */
  branch: string;
  /** Folder of the synthesized YAML inside the repository. */
  outputPath: string;
  argocd: {
    namespace: string;
    /** Cluster API server per environment; environments not listed deploy to `defaultDestination`. */
    destinations: Record<string, string>;
    defaultDestination: string;
    /**
     * Git revision (branch, tag or commit) per environment, e.g. prod pinned to a release tag
     * while dev follows the branch. @default `branch` for every environment
     */
    targetRevisions: Record<string, string>;
    /** Sync on every commit, prune what was removed, undo changes made by hand. */
    automated: boolean;
    /** A failed sync is retried `limit` times, waiting `duration`, times `factor` each time, at most `maxDuration`. */
    retry: {
      limit: number;
      backoff: { duration: string; factor: number; maxDuration: string };
    };
  };
  flux: {
    namespace: string;
    /** How often Flux compares the cluster with the folder. */
    interval: string;
    /** How soon a failed reconciliation (or one waiting on `dependsOn`) is tried again; shorter than `interval`. */
    retryInterval: string;
    /** How long a Kustomization waits for its objects (the migration Job included) to become ready. */
    timeout: string;
    /** Secret with the Git credentials, for a private repository; empty for a public one. */
    secretRef: string;
    /**
     * The Flux Kustomization every platform `dependsOn`: the CRDs and operators its objects need
     * (cert-manager, External Secrets with its ClusterSecretStore, CloudNativePG, the
     * prometheus-operator CRDs, an ingress controller). With a `path` (inside this repository)
     * kubesynth writes it into each cluster's folder; with an empty `path` it is one the cluster
     * already has (e.g. from `flux bootstrap`), and the platforms only depend on it by name.
     */
    infrastructure: { name: string; path: string };
  };
}

const FILE_NAME = 'gitops.yaml';

const GO_DURATION = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$';
const REPO_PATH = '^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$';
const NO_PARENT = { pattern: '(^|/)\\.\\.(/|$)' };

export const gitOpsConfigSchema: JSONSchemaType<GitOpsConfig> = {
  type: 'object',
  additionalProperties: false,
  required: ['repoURL', 'branch', 'outputPath', 'argocd', 'flux'],
  properties: {
    repoURL: { type: 'string', pattern: '^(https://|ssh://|git@)\\S+$', description: 'Git URL (https://, ssh:// or git@).' },
    branch: { type: 'string', minLength: 1, pattern: '^[^\\s~^:?*\\[\\\\]+$' },
    outputPath: { type: 'string', pattern: REPO_PATH, not: NO_PARENT } as any,
    argocd: {
      type: 'object',
      additionalProperties: false,
      required: ['namespace', 'destinations', 'defaultDestination', 'targetRevisions', 'automated', 'retry'],
      properties: {
        namespace: { type: 'string', pattern: DNS1123_LABEL_PATTERN },
        destinations: { type: 'object', required: [], additionalProperties: { type: 'string', pattern: '^https://\\S+$' } },
        defaultDestination: { type: 'string', pattern: '^https://\\S+$' },
        targetRevisions: { type: 'object', required: [], additionalProperties: { type: 'string', minLength: 1, pattern: '^[^\\s~^:?*\\[\\\\]+$' } },
        automated: { type: 'boolean' },
        retry: {
          type: 'object',
          additionalProperties: false,
          required: ['limit', 'backoff'],
          properties: {
            limit: { type: 'integer', minimum: 0, description: 'How many times a failed sync is retried.' },
            backoff: {
              type: 'object',
              additionalProperties: false,
              required: ['duration', 'factor', 'maxDuration'],
              properties: {
                duration: { type: 'string', pattern: GO_DURATION },
                factor: { type: 'integer', minimum: 1 },
                maxDuration: { type: 'string', pattern: GO_DURATION },
              },
            },
          },
        },
      },
    },
    flux: {
      type: 'object',
      additionalProperties: false,
      required: ['namespace', 'interval', 'retryInterval', 'timeout', 'secretRef', 'infrastructure'],
      properties: {
        namespace: { type: 'string', pattern: DNS1123_LABEL_PATTERN },
        interval: { type: 'string', pattern: GO_DURATION },
        retryInterval: { type: 'string', pattern: GO_DURATION },
        timeout: { type: 'string', pattern: GO_DURATION },
        secretRef: { type: 'string' },
        infrastructure: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'path'],
          properties: {
            name: { type: 'string', pattern: DNS1123_LABEL_PATTERN },
            // Empty: a Kustomization the cluster already has; else a folder of this repository.
            path: { type: 'string', anyOf: [{ const: '' }, { pattern: REPO_PATH, not: NO_PARENT }] } as any,
          },
        },
      },
    },
  },
};

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
