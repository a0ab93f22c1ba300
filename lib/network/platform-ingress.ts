import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { valuesExpression } from '../templating/helm-templating';
import { PlatformChart } from '../platform/platform-chart';
import type { MemberPort } from './network-member';
import type { ValuesPath } from '../templating/values-binding';

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

/** What an Ingress routes to: a Service (a ServiceWorkload is one) that can open its port to the controller's namespace. */
export interface IngressBackend {
  /** The Service's name. */
  readonly name: string;
  /** The port the Ingress sends to, by name. */
  readonly port: MemberPort;
  allowIngressFromNamespace(namespace: string, ports: readonly number[]): void;
}

/** A path prefix on the Ingress host served by another backend than the default one. */
export interface IngressRoute {
  /** Path prefix, e.g. `/api`; starts with `/` and is not `/` itself (that is `backend`'s). */
  readonly path: string;
  readonly backend: IngressBackend;
}

export interface PlatformIngressProps extends IngressOptions {
  /** Component name for the object, e.g. `api`. */
  readonly component: string;
  /** Serves `/`, every path no route claims. */
  readonly backend: IngressBackend;
  /**
   * More path prefixes with backends of their own, e.g. `/api` to the API while `/` goes to
   * the frontend; each backend is opened to the ingress controller. @default none
   */
  readonly routes?: readonly IngressRoute[];
  /** Values key holding the ingress knobs (e.g. `ingress`), so the Helm chart reads them from there. */
  readonly valuesPath?: ValuesPath;
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
 * limits; `/` goes to `backend`, each route's prefix to its own backend. It opens every
 * backend's NetworkPolicy to the ingress controller's namespace.
 */
export class PlatformIngress extends Construct {
  public readonly host: string;
  public readonly backend: IngressBackend;
  /** In the Helm chart: the toggle this Ingress exists under, if any. */
  public readonly condition?: string;

  constructor(scope: Construct, id: string, props: PlatformIngressProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    const routes = props.routes ?? [];
    for (const r of routes) {
      if (!/^\/[A-Za-z0-9._~\/-]*[A-Za-z0-9._~-]$/.test(r.path)) {
        throw new Error(`${this.node.path}: route path "${r.path}" must start with "/", name a prefix such as "/api" (not "/" itself, which is the default backend's) and not end with "/".`);
      }
    }
    const paths = routes.map((r) => r.path);
    const twice = paths.find((p, i) => paths.indexOf(p) !== i);
    if (twice) throw new Error(`${this.node.path}: route path "${twice}" is listed twice; each prefix has one backend.`);
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
            paths: [{ path: '/', backend: props.backend }, ...routes].map((r) => ({
              path: r.path,
              pathType: 'Prefix',
              backend: { service: { name: r.backend.name, port: { name: r.backend.port.name } } },
            })),
          },
        }],
      },
    });
    for (const backend of new Set([props.backend, ...routes.map((r) => r.backend)])) {
      backend.allowIngressFromNamespace(props.controllerNamespace, [backend.port.port]);
    }
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
