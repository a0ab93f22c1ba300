import { JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';

/*
 * Kubernetes JSON that users write in values (an extra env var, volume, sidecar) must reach the
 * manifest as written. cdk8s's generated classes convert their props field by field after
 * `addJsonPatch` patches run, which turns a quantity string ("64Mi") or an int-or-string port
 * into nothing and drops every field newer than their API version (cdk8s-plus-28: 1.28). These
 * controllers take such JSON as patches applied to the converted object instead.
 */

const applied = (json: any, patches: readonly JsonPatch[]): any => (patches.length ? JsonPatch.apply(json, ...patches) : json);

/** A Deployment that takes raw JSON patches, applied after cdk8s's typed conversion. */
export class RawJsonDeployment extends k8s.KubeDeployment {
  private readonly rawPatches: JsonPatch[] = [];

  /** Applies `patch` to the object's final JSON, after cdk8s's typed conversion. */
  public addRawJsonPatch(patch: JsonPatch): void {
    this.rawPatches.push(patch);
  }

  public toJson(): any {
    return applied(super.toJson(), this.rawPatches);
  }
}

/** A StatefulSet that takes raw JSON patches, applied after cdk8s's typed conversion. */
export class RawJsonStatefulSet extends k8s.KubeStatefulSet {
  private readonly rawPatches: JsonPatch[] = [];

  /** Applies `patch` to the object's final JSON, after cdk8s's typed conversion. */
  public addRawJsonPatch(patch: JsonPatch): void {
    this.rawPatches.push(patch);
  }

  public toJson(): any {
    return applied(super.toJson(), this.rawPatches);
  }
}
