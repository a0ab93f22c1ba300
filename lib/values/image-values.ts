import { Type } from '@sinclair/typebox';

/** When the kubelet pulls an image (Kubernetes' `imagePullPolicy`). */
export type ImagePullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** An image digest as values take it. */
export const DIGEST_PATTERN = '^(sha256:[a-f0-9]{64})?$';

/** The `digest` value of an image map: empty, or the content digest that replaces the tag. */
export const DIGEST_SCHEMA = Type.String({
  pattern: DIGEST_PATTERN,
  description: 'Empty, or sha256: and 64 lower-case hex digits: the image is then pulled by digest (<registry>/<repository>@<digest>), the tag kept only as the version label.',
});
