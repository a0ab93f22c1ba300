import { containersOf } from '../pods';
import type { ManifestSet, Rule, Violation } from '../rule';

/**
 * The tag of an image reference, or undefined when it has none. A colon after the last slash
 * is a tag; one before it belongs to a registry port (`registry:5000/app` has no tag).
 */
export function imageTag(image: string): string | undefined {
  const name = image.split('@')[0];
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  return colon === -1 ? undefined : name.slice(colon + 1);
}

export const imageRules: readonly Rule[] = [{
  id: 'image-tag',
  severity: 'error',
  checks: 'Every container image is pinned: a tag other than `latest`, or a digest (`@sha256:...`). A tagless image means `latest`, which changes under you.',
  fix: 'Pin the image to a released version tag or digest (for kubesynth components: `<component>.image.tag`).',
  check(set: ManifestSet): Violation[] {
    const out: Violation[] = [];
    for (const pod of set.pods) {
      for (const { container, path } of containersOf(pod, true)) {
        const image = container.image;
        if (typeof image !== 'string') continue; // a missing image is a schema error
        if (image.includes('@sha256:')) continue;
        const tag = imageTag(image);
        if (tag === undefined) out.push({ manifest: pod.manifest, path: `${path}.image`, message: `is ${JSON.stringify(image)}, with no tag (which means latest)` });
        else if (tag === 'latest') out.push({ manifest: pod.manifest, path: `${path}.image`, message: `is ${JSON.stringify(image)}, tagged latest` });
      }
    }
    return out;
  },
}];
