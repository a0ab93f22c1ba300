import { Type, type Static } from '@sinclair/typebox';
import { DNS1123_LABEL_PATTERN } from '../naming/dns';
import { egressRule, egressValuesSchema } from './egress-values';
import { atMostRule, ValueRule } from './value-rule';
import { DIGEST_SCHEMA } from './image-values';
import { StringEnum } from './schema-kinds';

const amounts = (description: string, cpu: string, memory: string) =>
  Type.Object(
    {
      cpuMillicores: Type.Integer({ minimum: 10, maximum: 256000, description: cpu }),
      memoryMiB: Type.Integer({ minimum: 16, maximum: 1048576, description: memory }),
    },
    { description, additionalProperties: false },
  );

/** Agent sandboxes (one pod per session) as Helm values (`sandbox.maxConcurrent`, ...). */
export const sandboxValuesSchema = Type.Object(
  {
    namespace: Type.String({ pattern: `^$|${DNS1123_LABEL_PATTERN}`, description: 'Namespace the sandbox pods run in (written out, with the restricted Pod Security Standard, by the plain YAML and the chart alike: the API needs it); must differ from the platform namespace. Empty: `<fullname>-sandboxes` (plain YAML: `<platform>-sandboxes`), so two releases never share one.' }),
    image: Type.Object(
      {
        registry: Type.String({ pattern: '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?$', description: 'Registry host; global.imageRegistry, when set, replaces it.' }),
        repository: Type.String({ pattern: '^[a-z0-9]([a-z0-9._/-]*[a-z0-9])?$', description: 'Repository within the registry.' }),
        tag: Type.String({ pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$', not: { const: 'latest' }, description: 'A pinned version; `latest` is refused.' }),
        pullPolicy: StringEnum(['Always', 'IfNotPresent', 'Never'], { description: 'When the kubelet pulls the image.' }),
        digest: DIGEST_SCHEMA,
      },
      { description: 'The sandbox image (the seed\'s Dockerfile.sandbox).', additionalProperties: false },
    ),
    maxConcurrent: Type.Integer({ minimum: 1, maximum: 10000, description: 'Most sandboxes (agent sessions) running at once: the ResourceQuota\'s pod count; its CPU and memory totals are this many times the per-sandbox amounts.' }),
    limits: amounts('Most one sandbox may use (COGNITION_DOCKER_CPU_LIMIT, COGNITION_DOCKER_MEMORY_LIMIT): the LimitRange default and maximum.', 'CPU in millicores (1000 = one core).', 'Memory in MiB; the sandbox is OOM-killed above it.'),
    requests: amounts('What one sandbox is guaranteed: the LimitRange default request; at most the limits.', 'CPU in millicores.', 'Memory in MiB.'),
    workspaceSize: Type.String({ pattern: '^[0-9]+(Mi|Gi)$', description: 'Size of the sandbox\'s writable /workspace (an emptyDir), e.g. 1Gi.' }),
    network: Type.Object(
      {
        enabled: Type.Boolean({ description: 'Let sandboxes out (a loosening: agents can then reach what egress allows).' }),
        egress: egressValuesSchema('Where sandboxes may go when network is on.'),
      },
      { description: 'COGNITION_DOCKER_NETWORK: off (the default) is `none`, nothing in or out; on opens the named egress `sandbox-network` (and DNS).', additionalProperties: false },
    ),
  },
  { description: 'Agent sandboxes: one pod per session, created by the API in a namespace of their own (restricted PSS, default deny, quota).', additionalProperties: false },
);

/** Agent sandboxes (one pod per session) as Helm values (`sandbox.maxConcurrent`, ...). */
export type SandboxValues = Static<typeof sandboxValuesSchema>;

/** Rules the schema cannot state: requests not above limits, excepted ranges inside the egress range. */
export function sandboxRules(path: string): ValueRule[] {
  return [
    ...(['cpuMillicores', 'memoryMiB'] as const).map((r) => atMostRule({ path: [path, 'requests', r], bound: [path, 'limits', r], boundLabel: `limits.${r}`, measure: 'number' })),
    egressRule([path, 'network', 'egress']),
  ];
}
