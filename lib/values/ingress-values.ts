import { Type, type Static } from '@sinclair/typebox';
import { DNS1123_LABEL_PATTERN, DNS1123_SUBDOMAIN_PATTERN } from '../naming/dns';
import { StringMap } from './schema-kinds';

/** Ingress knobs as Helm values (`ingress.host`, `ingress.className`, ...). */
export const ingressValuesSchema = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Create the Ingress (and open the backend to the ingress controller).' }),
    className: Type.String({ minLength: 1, description: 'IngressClass that serves it, e.g. nginx.' }),
    host: Type.String({ pattern: DNS1123_SUBDOMAIN_PATTERN, maxLength: 253, description: 'Public host name.' }),
    tlsSecretName: Type.String({ pattern: DNS1123_SUBDOMAIN_PATTERN, maxLength: 253, description: 'Secret holding the TLS certificate for host (e.g. issued by cert-manager).' }),
    proxyBodySize: Type.String({ pattern: '^[0-9]+[kKmMgG]?$', description: 'Largest request body, nginx syntax (10m).' }),
    proxyTimeoutSeconds: Type.Integer({ minimum: 1, maximum: 3600, description: 'Upstream read and send timeout, in seconds.' }),
    securityHeaders: Type.Boolean({ description: 'Add HSTS, nosniff, frame-deny and XSS headers via a server-snippet (the controller must allow snippets).' }),
    controllerNamespace: Type.String({ pattern: DNS1123_LABEL_PATTERN, description: 'Namespace of the ingress controller pods, admitted by the NetworkPolicy.' }),
    annotations: StringMap({ description: 'Extra Ingress annotations; they win over the generated ones.' }),
  },
  { description: 'Ingress for the public endpoint: TLS only, with body-size and timeout limits.', additionalProperties: false },
);

/** Ingress knobs as Helm values (`ingress.host`, `ingress.className`, ...). */
export type IngressValues = Static<typeof ingressValuesSchema>;
