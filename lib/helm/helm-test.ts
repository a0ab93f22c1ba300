import { ApiObjectMetadata } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { PlatformChart } from '../platform/platform-chart';
import { bindPodConventions } from '../workloads/pod-conventions';
import { podSecurityContext, RESTRICTED_CONTAINER_SECURITY } from '../workloads/pod-template';
import { ServiceWorkload } from '../workloads/service-workload';
import { workloadsOf } from '../workloads/workload';

/** Component name of the test pod (its labels, its objects' names). */
export const HELM_TEST_COMPONENT = 'helm-test';

/** The test image: busybox (wget for HTTP, nc for TCP), the one the cognivern backup already pulls, behind `global.imageRegistry`. */
export const HELM_TEST_IMAGE = { registry: 'docker.io', repository: 'library/busybox', tag: '1.36.1' } as const;

/** busybox's `nobody`: the image needs no user of its own, and restricted PSS wants one that is not root. */
const NOBODY = 65534;

/**
 * Each target (`http://host:port/path` or `tcp://host:port`) is tried up to six times, five
 * seconds apart (a pod that just became ready may still be joining its Service's endpoints),
 * and every target is reported, so one failing run names all that could not be reached.
 */
const SCRIPT = `failed=0
for target in "$@"; do
  reached=
  for attempt in 1 2 3 4 5 6; do
    case "$target" in
      http://*) wget -q -O /dev/null -T 5 "$target" && reached=1 ;;
      tcp://*) hostport="\${target#tcp://}"; nc -z -w 5 "\${hostport%:*}" "\${hostport##*:}" && reached=1 ;;
    esac
    [ -n "$reached" ] && break
    sleep 5
  done
  if [ -n "$reached" ]; then echo "reached $target"; else echo "could not reach $target"; failed=1; fi
done
exit $failed
`;

/** Hook annotations: run by `helm test`, replaced by the next run, deleted once every test passed (kept for `kubectl logs` when one failed). */
function testHook(weight: number): Record<string, string> {
  return { 'helm.sh/hook': 'test', 'helm.sh/hook-weight': String(weight), 'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded' };
}

/**
 * `helm test` for a chart (`templates/tests/`): a Job whose pod reaches every Service of the
 * platform on its health endpoint (the readiness probe's HTTP path, or a TCP connect for
 * servers probed that way), from outside the pods, through the Services, as clients do. A
 * Job rather than a bare Pod: it retries a failed run (backoffLimit), and kwok, which stands in
 * for kubelets in the test harness, completes only pods that Jobs own.
 *
 * The pod is restricted-PSS clean, like every kubesynth pod. Two NetworkPolicies, hooks
 * themselves and created first (lower weight), open exactly this path for the test's
 * duration: egress from the test pod to the release's pods, and ingress to them from it.
 *
 * Built only in helm mode: the plain YAML has no `helm test`.
 */
export class HelmTestHooks extends Construct {
  /** The test image with the chart's defaults, for the Artifact Hub image list. */
  public readonly image: string;
  /** The Job that runs the checks. */
  public readonly job: k8s.KubeJob;

  constructor(scope: PlatformChart, id: string) {
    super(scope, id);
    const chart = scope;
    const helm = chart.helm;
    if (!helm) throw new Error(`${this.node.path}: helm test hooks exist only in the Helm chart; build them in helm mode.`);
    const namespace = chart.namespaceName;
    const services = workloadsOf(chart).filter((w): w is ServiceWorkload => w instanceof ServiceWorkload && w.namespace === namespace);
    const targets = services.flatMap((s) => {
      const check = s.readinessCheck;
      const base = `${s.host}:${s.port.port}`;
      const target = 'httpPath' in check ? `http://${base}${check.httpPath}` : `tcp://${base}`;
      return [{ target, when: s.condition }];
    });
    const release = chart.selectorOf(HELM_TEST_COMPONENT);
    const instance = { 'app.kubernetes.io/name': release['app.kubernetes.io/name'], 'app.kubernetes.io/instance': release['app.kubernetes.io/instance'] };
    const labels = chart.labelsOf(HELM_TEST_COMPONENT);
    const meta = (suffix: string, weight: number): ApiObjectMetadata => ({
      name: chart.nameOf(suffix === '' ? HELM_TEST_COMPONENT : `${HELM_TEST_COMPONENT}-${suffix}`),
      namespace,
      labels,
      annotations: testHook(weight),
    });

    new k8s.KubeNetworkPolicy(this, 'Egress', {
      metadata: meta('egress', -1),
      spec: { podSelector: { matchLabels: release }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: instance } }] }] },
    });
    new k8s.KubeNetworkPolicy(this, 'Ingress', {
      metadata: meta('ingress', -1),
      spec: { podSelector: { matchLabels: instance }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: release } }] }] },
    });

    // `get` on a default map, so a chart without `global` values renders too.
    const registry = helm.token(`default ${JSON.stringify(HELM_TEST_IMAGE.registry)} (get (default (dict) $.Values.global) "imageRegistry")`, HELM_TEST_IMAGE.registry);
    const image = `${registry}/${HELM_TEST_IMAGE.repository}:${HELM_TEST_IMAGE.tag}`;
    this.image = helm.plain(image);
    const quantity = (cpu: string, memory: string) => ({ cpu: k8s.Quantity.fromString(cpu), memory: k8s.Quantity.fromString(memory) });
    this.job = new k8s.KubeJob(this, 'Job', {
      metadata: meta('', 0),
      spec: {
        backoffLimit: 2,
        activeDeadlineSeconds: 300,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: podSecurityContext(NOBODY),
            containers: [{
              name: HELM_TEST_COMPONENT,
              image,
              imagePullPolicy: 'IfNotPresent',
              command: ['/bin/sh', '-c', SCRIPT, HELM_TEST_COMPONENT],
              args: targets.map((t) => t.target),
              resources: { requests: quantity('10m', '16Mi'), limits: quantity('100m', '32Mi') },
              securityContext: RESTRICTED_CONTAINER_SECURITY,
            }],
          },
        },
      },
    });
    // Global's pull secrets and PriorityClass: busybox is no component's image (a private mirror
    // behind global.imageRegistry needs global.imagePullSecrets for it too).
    bindPodConventions(chart, this.job, ['spec', 'template', 'spec'], undefined);
    targets.forEach((t, i) => {
      if (t.when) helm.overlay(this.job, { path: ['spec', 'template', 'spec', 'containers', 0, 'args', i], when: t.when });
    });
  }
}
