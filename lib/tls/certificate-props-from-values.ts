import type { IngressValues } from '../values/ingress-values';
import type { TlsValues } from '../values/tls-values';
import type { CertificateProps } from './certificate';

/** The Certificate that keeps the Ingress's TLS Secret valid for its host. */
export function certificatePropsFrom(tls: TlsValues, ingress: Pick<IngressValues, 'host' | 'tlsSecretName'>): CertificateProps {
  return {
    component: 'tls',
    secretName: ingress.tlsSecretName,
    dnsNames: [ingress.host],
    issuer: { name: tls.certManager.issuerName, kind: tls.certManager.issuerKind },
  };
}
