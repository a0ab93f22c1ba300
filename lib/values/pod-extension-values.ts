import type { SchemaObject } from 'ajv';
import { POD_SHAPES } from './k8s/pod-shapes';
import { QUANTITY_PATTERN } from './quantity';

/**
 * Schemas of the Kubernetes objects a component's `extraEnv`, `extraEnvFrom`, `extraVolumes`,
 * `extraVolumeMounts`, `sidecars` and `initContainers` take. The shapes come from the OpenAPI
 * document of the Kubernetes release the cluster suite runs (k8s/pod-shapes.ts, made by
 * test/support/k8s-openapi-shapes.ts), so a field Kubernetes has is accepted and a misspelt
 * one refused. Over them, what the restricted Pod Security Standard and kubesynth's secure
 * defaults forbid is taken out here, in the open: no host volume types, no host ports, a
 * sidecar's security context may only tighten kubesynth's, and every container states its
 * requests and limits.
 */
const shapes = POD_SHAPES as Record<'EnvVar' | 'EnvFromSource' | 'Volume' | 'VolumeMount' | 'Container', SchemaObject>;

/** The volume types restricted Pod Security admits (kubernetes.io/docs/concepts/security/pod-security-standards, "Volume Types"). */
export const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'] as const;

/** `shape` with only the listed properties. */
function only(shape: SchemaObject, keep: readonly string[]): SchemaObject {
  const properties = shape.properties as Record<string, SchemaObject>;
  return { ...shape, properties: Object.fromEntries(keep.map((k) => [k, properties[k]])) };
}

/** `shape` with some properties replaced (or added). */
function withProperties(shape: SchemaObject, replaced: Record<string, SchemaObject>, required: readonly string[] = []): SchemaObject {
  return {
    ...shape,
    required: [...new Set([...((shape.required as string[] | undefined) ?? []), ...required])].sort(),
    properties: { ...(shape.properties as Record<string, SchemaObject>), ...replaced },
  };
}

// Each shape carries a title: the chart's values.schema.json writes it once under that name in
// `definitions` and refers to it from every component (lib/helm/readable-schema.ts, sharedShapes).
export const ENV_VAR_SCHEMA: SchemaObject = { title: 'EnvVar', ...shapes.EnvVar };
export const ENV_FROM_SCHEMA: SchemaObject = { title: 'EnvFromSource', ...shapes.EnvFromSource };
export const VOLUME_MOUNT_SCHEMA: SchemaObject = { title: 'VolumeMount', ...shapes.VolumeMount };
/** A Volume of the types restricted Pod Security admits. */
export const VOLUME_SCHEMA: SchemaObject = { title: 'RestrictedVolume', ...only(shapes.Volume, ['name', ...RESTRICTED_VOLUME_TYPES]) };

const quantity = { type: ['string', 'number'], pattern: QUANTITY_PATTERN };
const amounts = { type: 'object', additionalProperties: quantity, required: ['cpu', 'memory'], properties: { cpu: quantity, memory: quantity } };

/**
 * A sidecar or init container: a Kubernetes Container whose security context is merged over
 * kubesynth's restricted one (so only tightening fields are accepted, `containerSecurityContext`
 * says which), with requests and limits for CPU and memory and no host port.
 */
export function containerSchema(securityContext: SchemaObject): SchemaObject {
  const container = shapes.Container;
  const props = container.properties as Record<string, SchemaObject>;
  const port = props.ports.items as SchemaObject;
  const { hostIP: _ip, hostPort: _port, ...portProperties } = port.properties as Record<string, SchemaObject>;
  return withProperties({ title: 'RestrictedContainer', ...container }, {
    securityContext,
    ports: { ...props.ports, items: { ...port, properties: portProperties } },
    resources: { ...props.resources, required: ['limits', 'requests'], properties: { ...(props.resources.properties as object), limits: amounts, requests: amounts } },
  }, ['image', 'resources']);
}
