import type { JSONSchemaType } from 'ajv';
import { DNS1123_LABEL_PATTERN } from '../naming/dns';
import { EgressValues, egressRule, egressValuesSchema } from './egress-values';
import { atMostRule, ValueRule } from './value-rule';
import { DIGEST_SCHEMA, type ImagePullPolicy } from './image-values';

/** Agent sandboxes (one pod per session) as Helm values (`sandbox.maxConcurrent`, ...). */
export interface SandboxValues {
  namespace: string;
  image: { registry: string; repository: string; tag: string; pullPolicy: ImagePullPolicy; digest: string };
  maxConcurrent: number;
  limits: { cpuMillicores: number; memoryMiB: number };
  requests: { cpuMillicores: number; memoryMiB: number };
  workspaceSize: string;
  network: { enabled: boolean; egress: EgressValues };
}

const amounts = (description: string, cpu: string, memory: string) => ({
  type: 'object',
  description,
  additionalProperties: false,
  required: ['cpuMillicores', 'memoryMiB'],
  properties: {
    cpuMillicores: { type: 'integer', minimum: 10, maximum: 256000, description: cpu },
    memoryMiB: { type: 'integer', minimum: 16, maximum: 1048576, description: memory },
  },
}) as const;

export const sandboxValuesSchema: JSONSchemaType<SandboxValues> = {
  type: 'object',
  description: 'Agent sandboxes: one pod per session, created by the API in a namespace of their own (restricted PSS, default deny, quota).',
  additionalProperties: false,
  required: ['namespace', 'image', 'maxConcurrent', 'limits', 'requests', 'workspaceSize', 'network'],
  properties: {
    namespace: { type: 'string', pattern: `^$|${DNS1123_LABEL_PATTERN}`, description: 'Namespace the sandbox pods run in (written out, with the restricted Pod Security Standard, by the plain YAML and the chart alike: the API needs it); must differ from the platform namespace. Empty: `<fullname>-sandboxes` (plain YAML: `<platform>-sandboxes`), so two releases never share one.' },
    image: {
      type: 'object',
      description: 'The sandbox image (the seed\'s Dockerfile.sandbox).',
      additionalProperties: false,
      required: ['registry', 'repository', 'tag', 'pullPolicy', 'digest'],
      properties: {
        // Narrow patterns: the image is written inside the pod template text.
        registry: { type: 'string', pattern: '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?$', description: 'Registry host; global.imageRegistry, when set, replaces it.' },
        repository: { type: 'string', pattern: '^[a-z0-9]([a-z0-9._/-]*[a-z0-9])?$', description: 'Repository within the registry.' },
        tag: { type: 'string', pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$', not: { const: 'latest' }, description: 'A pinned version; `latest` is refused.' },
        pullPolicy: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'], description: 'When the kubelet pulls the image.' },
        digest: DIGEST_SCHEMA,
      },
    },
    maxConcurrent: { type: 'integer', minimum: 1, maximum: 10000, description: 'Most sandboxes (agent sessions) running at once: the ResourceQuota\'s pod count; its CPU and memory totals are this many times the per-sandbox amounts.' },
    limits: amounts('Most one sandbox may use (COGNITION_DOCKER_CPU_LIMIT, COGNITION_DOCKER_MEMORY_LIMIT): the LimitRange default and maximum.', 'CPU in millicores (1000 = one core).', 'Memory in MiB; the sandbox is OOM-killed above it.'),
    requests: amounts('What one sandbox is guaranteed: the LimitRange default request; at most the limits.', 'CPU in millicores.', 'Memory in MiB.'),
    workspaceSize: { type: 'string', pattern: '^[0-9]+(Mi|Gi)$', description: 'Size of the sandbox\'s writable /workspace (an emptyDir), e.g. 1Gi.' },
    network: {
      type: 'object',
      description: 'COGNITION_DOCKER_NETWORK: off (the default) is `none`, nothing in or out; on opens the named egress `sandbox-network` (and DNS).',
      additionalProperties: false,
      required: ['enabled', 'egress'],
      properties: {
        enabled: { type: 'boolean', description: 'Let sandboxes out (a loosening: agents can then reach what egress allows).' },
        egress: egressValuesSchema('Where sandboxes may go when network is on.'),
      },
    },
  },
};

/** Rules the schema cannot state: requests not above limits, excepted ranges inside the egress range. */
export function sandboxRules(path: string): ValueRule[] {
  return [
    ...(['cpuMillicores', 'memoryMiB'] as const).map((r) => atMostRule({ path: [path, 'requests', r], bound: [path, 'limits', r], boundLabel: `limits.${r}`, measure: 'number' })),
    egressRule([path, 'network', 'egress']),
  ];
}
