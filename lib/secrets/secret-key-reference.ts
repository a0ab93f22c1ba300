/** One key of a Secret, as an env var's `secretKeyRef` or a connection's credentials name it. */
export interface SecretKeyReference {
  /** Name of an existing Secret (created by an ExternalSecret, an operator, or by hand; never by kubesynth with data). */
  readonly secretName: string;
  readonly key: string;
}
