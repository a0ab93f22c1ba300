/**
 * Cortex Core prod written the way cdk8s-plus-28's docs suggest: the baseline of `npm run bench`
 * (case 2). The same kinds and counts of objects as dist/cortex-core/prod; what cdk8s-plus lacks
 * (PDB, NetworkPolicies with named peers) is written with its `k8s` bindings.
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';

const app = new App();

class CortexCore extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'cortex-core' });
    new kplus.Namespace(this, 'ns', { metadata: { name: 'cortex-core' } });
    new kplus.Namespace(this, 'monitoring', { metadata: { name: 'cortex-monitoring' } });
    const config = new kplus.ConfigMap(this, 'config', {
      data: { ENVIRONMENT: 'production', LOG_LEVEL: 'INFO', LOG_FORMAT: 'json', REQUIRE_HTTPS: 'true', DB_POOL_SIZE: '10', DB_MAX_OVERFLOW: '20' },
    });
    const service = (name: string, port: number, cpu: [number, number], memoryGi: [number, number], replicas?: number) => {
      const deployment = new kplus.Deployment(this, name, {
        replicas,
        containers: [{
          image: `registry.example.com/${name}:1.0.0`,
          portNumber: port,
          envFrom: [kplus.Env.fromConfigMap(config)],
          resources: {
            cpu: { request: kplus.Cpu.units(cpu[0]), limit: kplus.Cpu.units(cpu[1]) },
            memory: { request: Size.gibibytes(memoryGi[0]), limit: Size.gibibytes(memoryGi[1]) },
          },
          readiness: kplus.Probe.fromHttpGet('/health/ready', { port, initialDelaySeconds: Duration.seconds(15), periodSeconds: Duration.seconds(10) }),
          liveness: kplus.Probe.fromHttpGet('/health/live', { port, initialDelaySeconds: Duration.seconds(30), periodSeconds: Duration.seconds(20) }),
          startup: kplus.Probe.fromHttpGet('/health/live', { port, failureThreshold: 30, periodSeconds: Duration.seconds(10) }),
          securityContext: { user: 1000, group: 1000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
        }],
      });
      const svc = deployment.exposeViaService({ ports: [{ port }] });
      new kplus.k8s.KubePodDisruptionBudget(this, `${name}-pdb`, {
        spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: deployment.matchLabels } },
      });
      return { deployment, svc };
    };
    const memory = service('memory-service', 9000, [1, 2], [4, 8], 3);
    const cognition = service('cognition-service', 9100, [2, 4], [4, 8], 3);
    const redis = service('redis', 6379, [0.1, 0.2], [0.25, 0.5], 1);
    const api = service('cortex-core-api', 8000, [1, 2], [2, 4]);
    new kplus.HorizontalPodAutoscaler(this, 'api-hpa', {
      target: api.deployment,
      minReplicas: 3,
      maxReplicas: 10,
      metrics: [
        kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(70)),
        kplus.Metric.resourceMemory(kplus.MetricTarget.averageUtilization(80)),
      ],
    });
    new kplus.Ingress(this, 'ingress', {
      className: 'nginx',
      rules: [{ host: 'api.cortex-core.example.com', path: '/', backend: kplus.IngressBackend.fromService(api.svc) }],
      tls: [{ hosts: ['api.cortex-core.example.com'], secret: kplus.Secret.fromSecretName(this, 'tls', 'cortex-core-tls') }],
    });
    new kplus.k8s.KubeNetworkPolicy(this, 'default-deny', { spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } });
    new kplus.k8s.KubeNetworkPolicy(this, 'allow-dns', {
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }] }] },
    });
    for (const [name, target] of [['memory', memory], ['cognition', cognition], ['redis', redis], ['api', api]] as const) {
      new kplus.k8s.KubeNetworkPolicy(this, `${name}-policy`, {
        spec: { podSelector: { matchLabels: target.deployment.matchLabels }, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: { matchLabels: api.deployment.matchLabels } }] }] },
      });
    }
  }
}

new CortexCore(app, 'cortex-core');
app.synth();
