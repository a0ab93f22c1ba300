import { LabelSelector, selects } from './label-selector';
import { isPlainLabels, labelPairKey } from './label-index';

/**
 * Things with a label selector (PodDisruptionBudgets, NetworkPolicies), found by the labels they
 * select without testing every one: each is listed under one pair of its matchLabels (it can only
 * select labels that hold that pair), or with the few that have no matchLabels, which every
 * lookup tests. The pair is the one fewest selectors share: every selector of a platform holds
 * `app.kubernetes.io/name`, only one its component. The inverse of LabelIndex, for "which PDBs
 * select this workload's pods?" asked for each of 1,000 workloads.
 */
export class SelectorIndex<T> {
  private readonly byPair = new Map<string, number[]>();
  private readonly unkeyed: number[] = [];

  /**
   * @param items in the order lookups return them
   * @param selectorOf the selector `selects` tests
   */
  constructor(private readonly items: readonly T[], private readonly selectorOf: (item: T) => LabelSelector | undefined) {
    const pairs = items.map((item) => Object.entries(selectorOf(item)?.matchLabels ?? {}).map(([k, v]) => labelPairKey(k, v)));
    const shared = new Map<string, number>();
    for (const keys of pairs) for (const key of keys) shared.set(key, (shared.get(key) ?? 0) + 1);
    pairs.forEach((keys, i) => {
      if (!keys.length) {
        this.unkeyed.push(i);
        return;
      }
      const rarest = keys.reduce((a, b) => (shared.get(b)! < shared.get(a)! ? b : a));
      const list = this.byPair.get(rarest);
      if (list) list.push(i);
      else this.byPair.set(rarest, [i]);
    });
  }

  /** The items whose selector selects `labels`, in item order: exactly `items.filter((i) => selects(selectorOf(i), labels))`. */
  public selecting(labels: unknown): T[] {
    const test = (item: T) => selects(this.selectorOf(item), labels as Record<string, string>);
    if (!isPlainLabels(labels)) return this.items.filter(test);
    const found = new Set<number>(this.unkeyed);
    for (const [k, v] of Object.entries(labels ?? {})) for (const i of this.byPair.get(labelPairKey(k, v)) ?? []) found.add(i);
    return [...found].sort((a, b) => a - b).map((i) => this.items[i]).filter(test);
  }
}
