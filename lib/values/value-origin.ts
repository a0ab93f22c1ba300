/** Which value sets an immutable field of an object (`redis.persistence.size` for its claims' size). */
export interface ValueOrigin {
  readonly kind: string;
  readonly name: string;
  /** The field, or a prefix of the fields, it sets, kubectl-explain style: `spec.volumeClaimTemplates[0].spec.resources.requests.storage`. */
  readonly field: string;
  /** `redis.persistence.size`, or `nameOverride`. */
  readonly valuesPath: string;
}
