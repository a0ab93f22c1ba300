import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PlatformChart } from '../platform/platform-chart';
import { ImageProps, imageExpression, imageReference } from '../workloads/image';
import { PodConventions, podConventionExpressions, podConventionFields } from '../workloads/pod-conventions';
import { ConfigFilesMount, podSecurityContext, RESTRICTED_CONTAINER_SECURITY } from '../workloads/pod-template';
import type { SandboxQuantities } from './sandbox-limits';
import type { SandboxNamespace } from './sandbox-namespace';
import type { ValuesPath } from '../templating/values-binding';

export interface SandboxPodTemplateProps {
  /** Where the sandboxes run. */
  readonly namespace: SandboxNamespace;
  /** The sandbox image (the seed's `Dockerfile.sandbox`), with a pinned tag. */
  readonly image: ImageProps;
  /** Values path of `image` (e.g. `sandbox.image`), so the chart renders it, mirror included, from there. */
  readonly imageValuesPath?: ValuesPath;
  /** Per-sandbox requests and limits (from {@link SandboxLimits}). */
  readonly resources: { readonly requests: SandboxQuantities; readonly limits: SandboxQuantities };
  /** Size of the writable workspace, e.g. `1024Mi`. */
  readonly workspaceSize: string;
  /** Where the agent's files live, the only writable path besides /tmp. @default /workspace */
  readonly workspacePath?: string;
  /** UID (and GID) the sandbox runs as; never 0. @default 1000 */
  readonly runAsUser?: number;
  /**
   * The sandboxes' pull secrets and PriorityClass: global's (globalPodConventions), the sandbox
   * image being no component's. The pods run in the sandbox namespace, so the pull Secrets must
   * exist there too. @default none
   */
  readonly podConventions?: PodConventions;
}

/** The file in the ConfigMap that holds the pod. */
export const SANDBOX_POD_FILE = 'pod.json';

/**
 * The pod every agent session runs in, written once as a Pod manifest in a ConfigMap that the
 * component creating sandboxes mounts and reads: restricted like every kubesynth pod (non-root,
 * read-only root with only the workspace and /tmp writable, all capabilities dropped, no
 * privilege escalation, seccomp RuntimeDefault), no ServiceAccount token (a ServiceAccount of its
 * own without one), no service links, bounded resources, never restarted, and labelled so the
 * sandbox namespace's policies isolate it. The creator fills in a name and the command.
 */
export class SandboxPodTemplate extends Construct {
  /** Name of the ConfigMap holding the pod. */
  public readonly configMapName: string;
  /** The pod, as written into the ConfigMap (strings may be chart tokens in helm mode). */
  public readonly pod: Readonly<Record<string, unknown>>;

  constructor(scope: Construct, id: string, props: SandboxPodTemplateProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    const where = this.node.path;
    const runAsUser = props.runAsUser ?? 1000;
    if (!Number.isInteger(runAsUser) || runAsUser < 1) throw new Error(`${where}: runAsUser must be a non-zero UID (found ${runAsUser}); sandboxes never run as root.`);
    const workspace = props.workspacePath ?? '/workspace';
    if (!workspace.startsWith('/') || workspace === '/' || workspace === '/tmp') {
      throw new Error(`${where}: workspacePath "${workspace}" must be an absolute folder other than / and /tmp.`);
    }
    const ns = props.namespace;
    const component = ns.component;
    const name = chart.nameOf(component);
    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name, namespace: ns.name, labels: chart.labelsOf(component) },
      automountServiceAccountToken: false,
    });
    const plainImage = imageReference(props.image);
    // A token inside the pod text renders the image from values (and the registry mirror) in the chart.
    const image = chart.helm && props.imageValuesPath ? chart.helm.token(imageExpression(chart.platform, props.imageValuesPath), chart.plainOf(plainImage)) : plainImage;
    this.pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { generateName: `${name}-`, namespace: ns.name, labels: { ...ns.podLabels } },
      spec: {
        serviceAccountName: name,
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        restartPolicy: 'Never',
        // In the chart the named template below adds them from values (the file has none).
        ...(chart.helm ? {} : podConventionFields(props.podConventions)),
        securityContext: podSecurityContext(runAsUser),
        containers: [{
          name: component,
          image,
          imagePullPolicy: props.image.pullPolicy ?? 'IfNotPresent',
          workingDir: workspace,
          resources: { requests: { ...props.resources.requests }, limits: { ...props.resources.limits } },
          securityContext: RESTRICTED_CONTAINER_SECURITY,
          volumeMounts: [{ name: 'workspace', mountPath: workspace }, { name: 'tmp', mountPath: '/tmp' }],
        }],
        volumes: [{ name: 'workspace', emptyDir: { sizeLimit: props.workspaceSize } }, { name: 'tmp', emptyDir: {} }],
      },
    };
    this.configMapName = chart.nameOf(`${component}-template`);
    const podText = `${goPrettyJson(this.pod)}\n`;
    const configMap = new k8s.KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: this.configMapName, namespace: chart.namespaceName, labels: chart.labelsOf(`${component}-template`) },
      data: { [SANDBOX_POD_FILE]: podText },
    });
    // In the chart the pod is a JSON file of the chart (files/<component>-template/pod.json);
    // a named template adds the pull secrets and PriorityClass from values and writes it out as
    // Helm's toPrettyJson does, which the plain text matches (goPrettyJson).
    const helm = chart.helm;
    if (helm) {
      const file = helm.chartFile(`files/${component}-template/${SANDBOX_POD_FILE}`, podText);
      const e = podConventionExpressions(props.podConventions?.componentKey);
      const pod = `${chart.platform}.${component}-template.pod`;
      helm.define(pod, 'The sandbox pod: the chart\'s file with the pull secrets and PriorityClass from values, as JSON with sorted keys.', [
        `{{- $pod := ${file} | fromJson -}}`,
        `{{- with ${e.priorityClassName} }}{{ $_ := set $pod.spec "priorityClassName" . }}{{ end -}}`,
        `{{- with ${e.imagePullSecrets} }}`,
        `{{- $_ := set $pod.spec "imagePullSecrets" (include ${JSON.stringify(`${chart.platform}.imagePullSecrets`)} . | fromJsonArray) }}`,
        '{{- end -}}',
        '{{- toPrettyJson $pod -}}',
      ].join('\n'));
      helm.overlay(configMap, { path: ['data', SANDBOX_POD_FILE], value: `{{ print (include ${JSON.stringify(pod)} $) "\\n" | toJson }}` });
    }
  }

  /** The ConfigMap as files for the creating workload's `configFiles`. */
  public mountAt(mountPath: string): ConfigFilesMount {
    // Read live, not rolled: the API reads the template per sandbox, and the kubelet refreshes it.
    return { config: { name: this.configMapName }, mountPath };
  }
}

/**
 * JSON as Helm's `toPrettyJson` writes it (Go's json.MarshalIndent): map keys sorted, two-space
 * indent, `<`, `>`, `&`, U+2028 and U+2029 escaped. The chart re-encodes the pod that way after
 * adding fields from values, so the plain synth writes the same text.
 */
function goPrettyJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]));
  };
  return JSON.stringify(sorted(value), null, 2).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
