import type { JSONSchemaType } from 'ajv';
import { DNS1123_LABEL_PATTERN, DNS1123_SUBDOMAIN_PATTERN } from '../naming/dns';

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
  description: 'Ingress for the public endpoint: TLS only, with body-size and timeout limits.',
  additionalProperties: false,
  required: ['enabled', 'className', 'host', 'tlsSecretName', 'proxyBodySize', 'proxyTimeoutSeconds', 'securityHeaders', 'controllerNamespace', 'annotations'],
  properties: {
    enabled: { type: 'boolean', description: 'Create the Ingress (and open the backend to the ingress controller).' },
    className: { type: 'string', minLength: 1, description: 'IngressClass that serves it, e.g. nginx.' },
    host: { type: 'string', pattern: DNS1123_SUBDOMAIN_PATTERN, maxLength: 253, description: 'Public host name.' },
    tlsSecretName: { type: 'string', pattern: DNS1123_SUBDOMAIN_PATTERN, maxLength: 253, description: 'Secret holding the TLS certificate for host (e.g. issued by cert-manager).' },
    proxyBodySize: { type: 'string', pattern: '^[0-9]+[kKmMgG]?$', description: 'Largest request body, nginx syntax (10m).' },
    proxyTimeoutSeconds: { type: 'integer', minimum: 1, maximum: 3600, description: 'Upstream read and send timeout, in seconds.' },
    securityHeaders: { type: 'boolean', description: 'Add HSTS, nosniff, frame-deny and XSS headers via a server-snippet (the controller must allow snippets).' },
    controllerNamespace: { type: 'string', pattern: DNS1123_LABEL_PATTERN, description: 'Namespace of the ingress controller pods, admitted by the NetworkPolicy.' },
    annotations: { type: 'object', required: [], additionalProperties: { type: 'string' }, description: 'Extra Ingress annotations; they win over the generated ones.' },
  },
};
