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
