import { LabelIndex } from './label-index';
import type { LabelSelector } from './label-selector';
import { kindOf, Manifest, nameOf, namespaceOf } from './manifest';
import { PodSource, podsOf } from './pods';
import { SelectorIndex } from './selector-index';

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

/** Where the kinds that select pods keep their selector, under `spec`. */
const POD_SELECTOR_FIELDS: Readonly<Record<string, string>> = { PodDisruptionBudget: 'selector', NetworkPolicy: 'podSelector' };

/**
 * The objects validated together (one platform and env, or what the user pointed at): the
 * reference and isolation rules look for their targets in it and nowhere else. Lookups by name,
 * selector and labels go through indexes built on first use, so rules stay linear in the objects
 * (a rule that scanned the set for each object took a second at 6,000 objects).
 */
export class ManifestSet {
  public readonly pods: readonly PodSource[];
  private readonly byKind = new Map<string, Manifest[]>();
  /** Rules ask the same (kind, namespace) question for every object they check: answer it once. */
  private readonly byNamespace = new Map<string, Manifest[]>();
  /** Indexes built on first use, by what they index (see {@link indexed}). */
  private readonly indexes = new Map<string, unknown>();

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

  /** The pods in `namespace` that `selector` selects, in set order (`pods.filter`, without testing every pod). */
  public podsSelectedBy(namespace: string, selector: LabelSelector): PodSource[] {
    return this.indexed(`pods\u0001${namespace}`, () => new LabelIndex(this.pods.filter((p) => p.namespace === namespace), (p) => p.labels)).selectedBy(selector);
  }

  /**
   * The objects of `kinds` in `namespace` whose pod template labels (`spec.template.metadata.labels`,
   * as written, `{}` when absent) `selector` selects, in the order of `kinds`, then set order.
   */
  public templatesSelectedBy(kinds: readonly string[], namespace: string, selector: LabelSelector): Manifest[] {
    const key = `templates\u0001${kinds.join(',')}\u0001${namespace}`;
    return this.indexed(key, () => new LabelIndex(kinds.flatMap((k) => this.inNamespace(k, namespace)), (m) => m.object.spec?.template?.metadata?.labels ?? {})).selectedBy(selector);
  }

  /**
   * The PodDisruptionBudgets or NetworkPolicies (`kind`) in `namespace` whose pod selector
   * (`spec.selector`, `spec.podSelector`) selects `labels`, in set order. An empty selector
   * selects everything here, as in `selects`: callers that mean "names some pods" check that.
   */
  public selecting(kind: 'PodDisruptionBudget' | 'NetworkPolicy', namespace: string, labels: unknown): Manifest[] {
    const field = POD_SELECTOR_FIELDS[kind];
    return this.indexed(`selecting\u0001${kind}\u0001${namespace}`, () => new SelectorIndex(this.inNamespace(kind, namespace), (m) => m.object.spec?.[field])).selecting(labels);
  }

  /** The first object of `kind` in `namespace` whose name is `name` (as `inNamespace(...).find` by name). */
  public named(kind: string, namespace: string, name: unknown): Manifest | undefined {
    return this.indexed(`named\u0001${kind}\u0001${namespace}`, () => {
      const byName = new Map<string, Manifest>();
      for (const m of this.inNamespace(kind, namespace)) if (!byName.has(nameOf(m.object))) byName.set(nameOf(m.object), m);
      return byName;
    }).get(name as string);
  }

  /** The first HorizontalPodAutoscaler in the workload's namespace whose scaleTargetRef names it (kind and name). */
  public autoscalerOf(workload: Manifest): Manifest | undefined {
    const namespace = namespaceOf(workload.object) ?? '';
    return this.indexed(`autoscalers\u0001${namespace}`, () => {
      const byTarget = new Map<string, Manifest>();
      for (const h of this.inNamespace('HorizontalPodAutoscaler', namespace)) {
        const ref = h.object.spec?.scaleTargetRef;
        // Only strings can equal a workload's kind and name (kindOf and nameOf give strings).
        if (typeof ref?.kind !== 'string' || typeof ref?.name !== 'string') continue;
        const key = `${ref.kind}\u0001${ref.name}`;
        if (!byTarget.has(key)) byTarget.set(key, h);
      }
      return byTarget;
    }).get(`${kindOf(workload.object)}\u0001${nameOf(workload.object)}`);
  }

  /** The index under `key`, built by `build` the first time it is asked for. */
  private indexed<T>(key: string, build: () => T): T {
    let index = this.indexes.get(key) as T | undefined;
    if (index === undefined) {
      index = build();
      this.indexes.set(key, index);
    }
    return index;
  }
}
