/** A Kubernetes quantity as values hold it: `500m`, `2Gi`, or a number of cores. */
export type QuantityValue = string | number;

/** Kubernetes resource.Quantity syntax: a number with an optional SI/binary suffix or exponent. */
export const QUANTITY_PATTERN = '^[+]?([0-9]+([.][0-9]*)?|[.][0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+)?$';

const SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The amount a quantity stands for, to compare requests with limits. */
export function quantityAmount(q: QuantityValue): number {
  const text = String(q);
  const m = /^([+]?[0-9.]+)([eE][+-]?[0-9]+|[a-zA-Z]*)$/.exec(text);
  if (!m) return NaN;
  const exp = /^[eE]/.test(m[2]) ? 10 ** Number(m[2].slice(1)) : SUFFIX[m[2]];
  return exp === undefined ? NaN : Number(m[1]) * exp;
}
