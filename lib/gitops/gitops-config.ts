import type { JSONSchemaType } from 'ajv';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveValues } from '../config/resolve-values';
import { readValuesFile } from '../config/values-source';
import { DNS1123_LABEL_PATTERN } from '../naming/dns';

/** `config/gitops.yaml`: where the rendered manifests live, and how Argo CD and Flux reach them. */
export interface GitOpsConfig {
  /** Git URL of this repository, as the GitOps controller clones it. */
  repoURL: string;
  /** Branch Argo CD and Flux follow. */
  branch: string;
  /** Folder of the synthesized YAML inside the repository. */
  outputPath: string;
  argocd: {
    namespace: string;
    project: string;
    /** Cluster API server per environment; environments not listed deploy to `defaultDestination`. */
    destinations: Record<string, string>;
    defaultDestination: string;
    /** Sync on every commit, prune what was removed, undo changes made by hand. */
    automated: boolean;
  };
  flux: {
    namespace: string;
    /** How often Flux compares the cluster with the folder. */
    interval: string;
    /** Secret with the Git credentials, for a private repository; empty for a public one. */
    secretRef: string;
  };
}

const FILE_NAME = 'gitops.yaml';

const GO_DURATION = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$';

export const gitOpsConfigSchema: JSONSchemaType<GitOpsConfig> = {
  type: 'object',
  additionalProperties: false,
  required: ['repoURL', 'branch', 'outputPath', 'argocd', 'flux'],
  properties: {
    repoURL: { type: 'string', pattern: '^(https://|ssh://|git@)\\S+$', description: 'Git URL (https://, ssh:// or git@).' },
    branch: { type: 'string', minLength: 1, pattern: '^[^\\s~^:?*\\[\\\\]+$' },
    outputPath: { type: 'string', pattern: '^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$', not: { pattern: '(^|/)\\.\\.(/|$)' } } as any,
    argocd: {
      type: 'object',
      additionalProperties: false,
      required: ['namespace', 'project', 'destinations', 'defaultDestination', 'automated'],
      properties: {
        namespace: { type: 'string', pattern: DNS1123_LABEL_PATTERN },
        project: { type: 'string', minLength: 1 },
        destinations: { type: 'object', required: [], additionalProperties: { type: 'string', pattern: '^https://\\S+$' } },
        defaultDestination: { type: 'string', pattern: '^https://\\S+$' },
        automated: { type: 'boolean' },
      },
    },
    flux: {
      type: 'object',
      additionalProperties: false,
      required: ['namespace', 'interval', 'secretRef'],
      properties: {
        namespace: { type: 'string', pattern: DNS1123_LABEL_PATTERN },
        interval: { type: 'string', pattern: GO_DURATION },
        secretRef: { type: 'string' },
      },
    },
  },
};

/** What a file may leave out. */
const DEFAULTS = {
  branch: 'main',
  outputPath: 'dist',
  argocd: { namespace: 'argocd', project: 'default', destinations: {}, defaultDestination: 'https://kubernetes.default.svc', automated: true },
  flux: { namespace: 'flux-system', interval: '10m', secretRef: '' },
};

/** Reads `<configDir>/gitops.yaml`; without one there are no entry points to write. */
export function loadGitOpsConfig(configDir: string): GitOpsConfig | undefined {
  const file = join(configDir, FILE_NAME);
  if (!existsSync(file)) return undefined;
  return resolveValues<GitOpsConfig>(gitOpsConfigSchema, [{ name: 'gitops defaults', values: DEFAULTS }, readValuesFile(file)]);
}
