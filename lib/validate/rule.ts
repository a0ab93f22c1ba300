import { kindOf, Manifest, namespaceOf } from './manifest';
import { PodSource, podsOf } from './pods';

export type Severity = 'error' | 'warning';

/** What a rule stands for, as the README and `kubesynth validate --rules` list it. */
export interface RuleInfo {
  /** Stable id, used in output and in waivers: `kubesynth.io/waive: "<id>=<reason>"`. */
  readonly id: string;
  readonly severity: Severity;
  /** What it checks, one sentence. */
  readonly checks: string;
  /** How to fix a violation, one sentence. */
  readonly fix: string;
}

/** One violation as a rule sees it: the object, the field path, and what is wrong there. */
export interface Violation {
  readonly manifest: Manifest;
  /** Field path in kubectl-explain style, `spec.template.spec.containers[0].image`; '' for the object as a whole. */
  readonly path: string;
  readonly message: string;
}

export interface Rule extends RuleInfo {
  check(set: ManifestSet): Violation[];
}

/**
 * The objects validated together (one platform and env, or what the user pointed at): the
 * reference and isolation rules look for their targets in it and nowhere else.
 */
export class ManifestSet {
  public readonly pods: readonly PodSource[];
  private readonly byKind = new Map<string, Manifest[]>();
  /** Rules ask the same (kind, namespace) question for every object they check: answer it once. */
  private readonly byNamespace = new Map<string, Manifest[]>();

  constructor(public readonly manifests: readonly Manifest[]) {
    for (const m of manifests) {
      const list = this.byKind.get(kindOf(m.object)) ?? [];
      list.push(m);
      this.byKind.set(kindOf(m.object), list);
    }
    this.pods = manifests.flatMap(podsOf);
  }

  /** Objects of `kind`, optionally only those of an API group (`apiVersion` starting with `<group>/`). */
  public ofKind(kind: string, group?: string): Manifest[] {
    const all = this.byKind.get(kind) ?? [];
    return group === undefined ? all : all.filter((m) => String(m.object.apiVersion).startsWith(`${group}/`));
  }

  public inNamespace(kind: string, namespace: string, group?: string): Manifest[] {
    const key = `${kind}\u0001${namespace}\u0001${group ?? ''}`;
    let found = this.byNamespace.get(key);
    if (!found) {
      found = this.ofKind(kind, group).filter((m) => namespaceOf(m.object) === namespace);
      this.byNamespace.set(key, found);
    }
    return found;
  }
}
