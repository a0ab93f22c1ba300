import type { JSONSchemaType } from 'ajv';
import { DNS1123_SUBDOMAIN_PATTERN } from '../naming/dns';

/** TLS for a platform's Ingress host, as Helm values (`tls.certManager.issuerName`, ...). */
export interface TlsValues {
  certManager: { enabled: boolean; issuerName: string; issuerKind: 'ClusterIssuer' | 'Issuer' };
}

export const tlsValuesSchema: JSONSchemaType<TlsValues> = {
  type: 'object',
  description: 'TLS for the Ingress host.',
  additionalProperties: false,
  required: ['certManager'],
  properties: {
    certManager: {
      type: 'object',
      description: 'A cert-manager Certificate that keeps ingress.tlsSecretName valid; off: the Secret is provided another way.',
      additionalProperties: false,
      required: ['enabled', 'issuerName', 'issuerKind'],
      properties: {
        enabled: { type: 'boolean', description: 'Create the Certificate.' },
        issuerName: { type: 'string', pattern: DNS1123_SUBDOMAIN_PATTERN, maxLength: 253, description: 'Issuer that signs it, e.g. letsencrypt-prod.' },
        issuerKind: { type: 'string', enum: ['ClusterIssuer', 'Issuer'], description: 'ClusterIssuer or Issuer (in the platform namespace).' },
      },
    },
  },
};
