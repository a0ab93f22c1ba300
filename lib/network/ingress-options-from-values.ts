import type { IngressValues } from '../values/ingress-values';
import type { IngressOptions } from './platform-ingress';

/** The Ingress options from the values (`enabled` is the chart's toggle, not an option). */
export function ingressOptionsFrom(v: IngressValues): IngressOptions {
  const { enabled: _enabled, ...options } = v;
  return options;
}
