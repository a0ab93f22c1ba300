import { DIGEST_PATTERN, type ImagePullPolicy } from '../values/image-values';

export { DIGEST_PATTERN, DIGEST_SCHEMA, type ImagePullPolicy } from '../values/image-values';

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
  /**
   * `sha256:<64 hex>`: the image by content, `<registry>/<repository>@<digest>`, in place of the
   * tag (which still names the version in the `app.kubernetes.io/version` label).
   * @default none: the tag
   */
  readonly digest?: string;
}

export function imageReference(image: ImageProps): string {
  if (!image.tag || image.tag === 'latest') {
    throw new Error(`Image "${image.registry}/${image.repository}" needs a pinned tag (found "${image.tag}"); set image.tag to a release version such as "1.4.2".`);
  }
  if (image.digest && !new RegExp(DIGEST_PATTERN).test(image.digest)) {
    throw new Error(`Image "${image.registry}/${image.repository}": digest "${image.digest}" is not sha256: followed by 64 lower-case hex digits.`);
  }
  return image.digest ? `${image.registry}/${image.repository}@${image.digest}` : `${image.registry}/${image.repository}:${image.tag}`;
}

/**
 * The construct props of an image map from values, with `global.imageRegistry` (`registry`),
 * when set, in place of its registry. In the chart the digest is left out here: the
 * `<platform>.image` helper (imageExpression) reads it at render time, and a value-lookup token
 * is no digest imageReference could check.
 */
export function imageFromValues(chart: { readonly helm?: unknown }, image: ImageProps, registry: string): ImageProps {
  const { digest, ...rest } = image;
  return { ...rest, registry: registry || image.registry, ...(digest && !chart.helm ? { digest } : {}) };
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
