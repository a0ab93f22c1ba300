import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { valuesExpression } from '../helm/helm-templating';
import { PlatformChart } from '../platform/platform-chart';
import type { ServiceWorkload } from '../workloads/service-workload';

/** Ingress knobs, shaped like the Helm values that set them. */
export interface IngressOptions {
  /** IngressClass, e.g. `nginx`. */
  readonly className: string;
  /** Public host name, e.g. `api.example.com`. */
  readonly host: string;
  /** Secret holding the TLS certificate for `host`. */
  readonly tlsSecretName: string;
  /** Largest request body, nginx syntax (`10m`). */
  readonly proxyBodySize: string;
  /** Upstream read/send timeout. */
  readonly proxyTimeoutSeconds: number;
  /**
   * Add the HSTS, nosniff, frame-deny and XSS headers through a `server-snippet`. ingress-nginx
   * 1.9+ refuses snippet annotations unless `allow-snippet-annotations` is on (and, from 1.12,
   * `annotations-risk-level: Critical`): turn this off and set the headers in the controller's
   * ConfigMap if your controller forbids snippets.
   */
  readonly securityHeaders: boolean;
  /** Namespace the ingress controller's pods run in; NetworkPolicies admit it to the backend port. */
  readonly controllerNamespace: string;
  /** Extra annotations, merged over the generated ones. */
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface PlatformIngressProps extends IngressOptions {
  /** Component name for the object, e.g. `api`. */
  readonly component: string;
  readonly backend: ServiceWorkload;
  /** Values key holding the ingress knobs (e.g. `ingress`), so the Helm chart reads them from there. */
  readonly valuesPath?: string;
}

const SNIPPET = 'nginx.ingress.kubernetes.io/server-snippet';
const SECURITY_HEADERS = [
  'add_header X-Content-Type-Options "nosniff" always;',
  'add_header X-Frame-Options "DENY" always;',
  'add_header X-XSS-Protection "1; mode=block" always;',
  'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;',
].join('\n') + '\n';

/**
 * An Ingress for one host, TLS-only (HTTP redirects to HTTPS), with body-size and timeout
 * limits; it opens the backend's NetworkPolicy to the ingress controller's namespace.
 */
export class PlatformIngress extends Construct {
  public readonly host: string;
  public readonly backend: ServiceWorkload;
  /** In the Helm chart: the toggle this Ingress exists under, if any. */
  public readonly condition?: string;

  constructor(scope: Construct, id: string, props: PlatformIngressProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    this.host = props.host;
    this.backend = props.backend;
    this.condition = chart.helm?.currentCondition;
    const name = chart.nameOf(props.component);
    // In the chart, the values' annotations are merged in by the template (see below), not copied here.
    const bound = chart.helm && props.valuesPath;
    const annotations: Record<string, string> = {
      'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
      'nginx.ingress.kubernetes.io/proxy-body-size': props.proxyBodySize,
      'nginx.ingress.kubernetes.io/proxy-read-timeout': String(props.proxyTimeoutSeconds),
      'nginx.ingress.kubernetes.io/proxy-send-timeout': String(props.proxyTimeoutSeconds),
      ...(props.securityHeaders || bound ? { [SNIPPET]: SECURITY_HEADERS } : {}),
      ...(bound ? {} : props.annotations ?? {}),
    };
    const resource = new k8s.KubeIngress(this, 'Resource', {
      metadata: {
        name,
        namespace: chart.namespaceName,
        labels: chart.labelsOf(props.component),
        annotations,
      },
      spec: {
        ingressClassName: props.className,
        tls: [{ hosts: [props.host], secretName: props.tlsSecretName }],
        rules: [{
          host: props.host,
          http: {
            paths: [{
              path: '/',
              pathType: 'Prefix',
              backend: { service: { name: props.backend.name, port: { name: props.backend.port.name } } },
            }],
          },
        }],
      },
    });
    props.backend.allowIngressFromNamespace(props.controllerNamespace, [props.backend.port.port]);
    if (chart.helm && props.valuesPath) {
      const v = (key: string) => valuesExpression([...props.valuesPath!.split('.'), key]);
      const timeout = `{{ ${v('proxyTimeoutSeconds')} | toString | toJson }}`;
      const at = (annotation: string) => ['metadata', 'annotations', annotation];
      chart.helm.overlay(resource, { path: at('nginx.ingress.kubernetes.io/proxy-read-timeout'), value: timeout });
      chart.helm.overlay(resource, { path: at('nginx.ingress.kubernetes.io/proxy-send-timeout'), value: timeout });
      chart.helm.overlay(resource, { path: at(SNIPPET), when: v('securityHeaders') });
      chart.helm.extend(resource, { path: ['metadata', 'annotations'], expression: v('annotations') });
    }
  }
}
