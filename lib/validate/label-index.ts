import { LabelSelector, selects } from './label-selector';

/** One bucket key per label pair; `===` values give equal keys, which is all a lookup needs (see selectedBy). */
export const labelPairKey = (key: string, value: unknown): string => `${key}\u0000${String(value)}`;

/**
 * Labels whose own entries are all `selects` can see: a plain object. Anything else (a list, a
 * string, from a malformed file) answers lookups of other keys too (`length`), so it is tested
 * by every lookup, as the plain scan tested it.
 */
export const isPlainLabels = (labels: unknown): boolean =>
  labels === null || labels === undefined || (typeof labels === 'object' && !Array.isArray(labels));

/**
 * Things with labels (pods, pod templates), found by a selector without testing every one: each
 * is listed under each of its label pairs, and a selector with matchLabels only tests the things
 * in the smallest of its pairs' lists. A 1,000-service platform asks "which pods does this
 * select?" for every Service, PDB and NetworkPolicy peer: testing every pod each time made the
 * reference rules quadratic (about 1 s of a 6,000-object synth).
 */
export class LabelIndex<T> {
  private readonly byPair = new Map<string, number[]>();
  private readonly odd: number[] = [];

  /**
   * @param items in the order lookups return them
   * @param labelsOf the labels `selects` tests (as the rule reads them: raw, or strings only)
   */
  constructor(private readonly items: readonly T[], private readonly labelsOf: (item: T) => unknown) {
    items.forEach((item, i) => {
      const labels = labelsOf(item);
      if (!isPlainLabels(labels)) {
        this.odd.push(i);
        return;
      }
      for (const [k, v] of Object.entries(labels ?? {})) {
        const key = labelPairKey(k, v);
        const list = this.byPair.get(key);
        if (list) list.push(i);
        else this.byPair.set(key, [i]);
      }
    });
  }

  /**
   * The items `selector` selects, in item order: exactly `items.filter((i) => selects(selector, labelsOf(i)))`.
   * An item selected by matchLabels holds each of the selector's pairs, so the smallest pair's list has it.
   */
  public selectedBy(selector: LabelSelector | undefined): T[] {
    let smallest: number[] | undefined;
    for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) {
      const list = this.byPair.get(labelPairKey(k, v)) ?? [];
      if (!smallest || list.length < smallest.length) smallest = list;
    }
    const test = (item: T) => selects(selector, this.labelsOf(item) as Record<string, string>);
    if (!smallest) return this.items.filter(test);
    const candidates = this.odd.length ? [...new Set([...smallest, ...this.odd])].sort((a, b) => a - b) : smallest;
    return candidates.map((i) => this.items[i]).filter(test);
  }
}
