export type ImagePullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** A container image, shaped like the Helm values that set it. */
export interface ImageProps {
  /** Registry host, e.g. `registry.example.com`. */
  readonly registry: string;
  /** Repository within the registry, e.g. `cortex-core-api`. */
  readonly repository: string;
  /** A pinned tag; `latest` and empty tags are refused because rollouts and rollbacks need a fixed version. */
  readonly tag: string;
  /** @default IfNotPresent */
  readonly pullPolicy?: ImagePullPolicy;
}

export function imageReference(image: ImageProps): string {
  if (!image.tag || image.tag === 'latest') {
    throw new Error(`Image "${image.registry}/${image.repository}" needs a pinned tag (found "${image.tag}"); set image.tag to a release version such as "1.4.2".`);
  }
  return `${image.registry}/${image.repository}:${image.tag}`;
}

/**
 * Helm chart: the Go expression that renders an image reference from the values at
 * `imageValuesPath` (`api.image`) with the chart's `<platform>.image` helper, where
 * `global.imageRegistry`, when set, replaces the registry.
 */
export function imageExpression(platform: string, imageValuesPath: string): string {
  return `include "${platform}.image" (dict "image" $.Values.${imageValuesPath} "context" $)`;
}

/**
 * A full image reference (`ghcr.io/cloudnative-pg/postgresql:16.4`, as CNPG's `imageName` takes
 * it) with its registry replaced by `registry` when that is set: the mirror of an air-gapped
 * install. The registry is the first path segment when it holds a `.` or `:` or is `localhost`
 * (Docker's rule); a reference without one (Docker Hub) gets the mirror in front.
 */
export function mirroredImageName(imageName: string, registry: string): string {
  return registry ? `${registry}/${imageName.replace(REGISTRY_SEGMENT, '')}` : imageName;
}

const REGISTRY_SEGMENT = /^([^/]*[.:][^/]*|localhost)\//;

/** Helm chart: the Go expression of mirroredImageName over two string expressions. */
export function mirroredImageNameExpression(imageName: string, registry: string): string {
  const stripped = `regexReplaceAll ${JSON.stringify(REGISTRY_SEGMENT.source.replace('\\/', '/'))} (${imageName}) ""`;
  return `ternary (print (${registry}) "/" (${stripped})) (${imageName}) (ne (${registry}) "")`;
}
