import { Construct } from 'constructs';
import { Certificate as CertificateResource } from '../../imports/certificates-cert-manager.io';
import { PlatformChart } from '../platform/platform-chart';

/** The cert-manager issuer that signs a certificate. */
export interface IssuerReference {
  /** e.g. `letsencrypt-prod`. */
  readonly name: string;
  /** @default ClusterIssuer */
  readonly kind?: 'ClusterIssuer' | 'Issuer';
}

export interface CertificateProps {
  /** Component the certificate serves; named `<platform>-<component>`. */
  readonly component: string;
  /** Secret cert-manager writes the key pair to; the Ingress reads it. */
  readonly secretName: string;
  /** Host names; the first is also the common name. */
  readonly dnsNames: readonly string[];
  readonly issuer: IssuerReference;
}

/**
 * A cert-manager `Certificate` (cert-manager.io/v1) for an Ingress's hosts: cert-manager keeps
 * `secretName` holding a valid certificate, renewed before it expires, with a new private key
 * at each renewal.
 */
export class Certificate extends Construct {
  public readonly secretName: string;

  constructor(scope: Construct, id: string, props: CertificateProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    if (!props.dnsNames.length) throw new Error(`${this.node.path}: a Certificate needs at least one DNS name.`);
    this.secretName = props.secretName;
    new CertificateResource(this, 'Resource', {
      metadata: { name: chart.nameOf(props.component), namespace: chart.namespaceName, labels: chart.labelsOf(props.component) },
      spec: {
        secretName: props.secretName,
        commonName: props.dnsNames[0],
        dnsNames: [...props.dnsNames],
        issuerRef: { name: props.issuer.name, kind: props.issuer.kind ?? 'ClusterIssuer', group: 'cert-manager.io' },
        privateKey: { rotationPolicy: 'Always' as any },
      },
    });
  }
}
