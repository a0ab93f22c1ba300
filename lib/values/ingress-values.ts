import type { JSONSchemaType } from 'ajv';
import { DNS1123_LABEL_PATTERN, DNS1123_SUBDOMAIN_PATTERN } from '../naming/dns';
import type { IngressOptions } from '../network/platform-ingress';

/** Ingress knobs as Helm values (`ingress.host`, `ingress.className`, ...). */
export interface IngressValues {
  enabled: boolean;
  className: string;
  host: string;
  tlsSecretName: string;
  proxyBodySize: string;
  proxyTimeoutSeconds: number;
  securityHeaders: boolean;
  controllerNamespace: string;
  annotations: Record<string, string>;
}

export const ingressValuesSchema: JSONSchemaType<IngressValues> = {
  type: 'object',
  additionalProperties: false,
  required: ['enabled', 'className', 'host', 'tlsSecretName', 'proxyBodySize', 'proxyTimeoutSeconds', 'securityHeaders', 'controllerNamespace', 'annotations'],
  properties: {
    enabled: { type: 'boolean' },
    className: { type: 'string', minLength: 1 },
    host: { type: 'string', pattern: DNS1123_SUBDOMAIN_PATTERN, maxLength: 253 },
    tlsSecretName: { type: 'string', pattern: DNS1123_SUBDOMAIN_PATTERN, maxLength: 253 },
    proxyBodySize: { type: 'string', pattern: '^[0-9]+[kKmMgG]?$' },
    proxyTimeoutSeconds: { type: 'integer', minimum: 1, maximum: 3600 },
    securityHeaders: { type: 'boolean' },
    controllerNamespace: { type: 'string', pattern: DNS1123_LABEL_PATTERN },
    annotations: { type: 'object', required: [], additionalProperties: { type: 'string' } },
  },
};

export function ingressOptionsFrom(v: IngressValues): IngressOptions {
  const { enabled: _enabled, ...options } = v;
  return options;
}
