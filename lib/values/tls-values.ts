import { Type, type Static } from '@sinclair/typebox';
import { DNS1123_SUBDOMAIN_PATTERN } from '../naming/dns';
import { StringEnum } from './schema-kinds';

/** TLS for a platform's Ingress host, as Helm values (`tls.certManager.issuerName`, ...). */
export const tlsValuesSchema = Type.Object(
  {
    certManager: Type.Object(
      {
        enabled: Type.Boolean({ description: 'Create the Certificate.' }),
        issuerName: Type.String({ pattern: DNS1123_SUBDOMAIN_PATTERN, maxLength: 253, description: 'Issuer that signs it, e.g. letsencrypt-prod.' }),
        issuerKind: StringEnum(['ClusterIssuer', 'Issuer'], { description: 'ClusterIssuer or Issuer (in the platform namespace).' }),
      },
      { description: 'A cert-manager Certificate that keeps ingress.tlsSecretName valid; off: the Secret is provided another way.', additionalProperties: false },
    ),
  },
  { description: 'TLS for the Ingress host.', additionalProperties: false },
);

/** TLS for a platform's Ingress host, as Helm values (`tls.certManager.issuerName`, ...). */
export type TlsValues = Static<typeof tlsValuesSchema>;
