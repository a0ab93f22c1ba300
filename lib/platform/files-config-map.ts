import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PlatformChart } from './platform-chart';

export interface FilesConfigMapProps {
  /** Component the files belong to; the ConfigMap is named `<platform>-<component>`. */
  readonly component: string;
  /**
   * File name -> content, e.g. `{ 'authz.rego': '...' }`. In the Helm chart, content may hold
   * value-lookup tokens (from values, or made with `HelmTemplating.token`): the template
   * renders them from `.Values`, and so does the pods' checksum.
   */
  readonly files: Readonly<Record<string, string>>;
}

/** Kubernetes ConfigMap keys: what a file name in a ConfigMap may be. */
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * A ConfigMap of files that workloads mount read-only (`configFiles` of a pod template), as
 * Docker bind-mounts a config folder. Pods that mount it carry a checksum of its content, so
 * a change rolls them: processes that read files once at start (OPA, nginx) see the new
 * content without relying on the kubelet's delayed, symlink-swapped volume updates.
 */
export class FilesConfigMap extends Construct {
  public readonly component: string;
  public readonly name: string;
  public readonly data: Readonly<Record<string, string>>;
  /** In the Helm chart: a Go expression building the same `data` map, for the pods' checksum. */
  public readonly helmData?: string;

  constructor(scope: Construct, id: string, props: FilesConfigMapProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    const names = Object.keys(props.files).sort();
    if (!names.length) throw new Error(`${this.node.path}: a FilesConfigMap needs at least one file.`);
    const bad = names.find((n) => !CONFIG_MAP_KEY.test(n) || n === '.' || n === '..');
    if (bad !== undefined) {
      throw new Error(`${this.node.path}: "${bad}" is not a valid ConfigMap key; name files with letters, digits, "-", "_" and "." only (no folders).`);
    }
    this.component = props.component;
    this.name = chart.nameOf(props.component);
    this.data = Object.fromEntries(names.map((n) => [n, props.files[n]]));
    const resource = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: this.name, namespace: chart.namespaceName, labels: chart.labelsOf(props.component) },
      data: { ...this.data },
    });
    const helm = chart.helm;
    if (helm) {
      // In the chart each file is a file of the chart (files/<component>/<name>), which a reviewer reads as it is mounted.
      const expressions = names.map((n) => [n, helm.chartFile(`files/${props.component}/${n}`, this.data[n])] as const);
      for (const [n, e] of expressions) helm.overlay(resource, { path: ['data', n], value: `{{ ${e} | toJson }}` });
      this.helmData = `(dict ${expressions.map(([n, e]) => `${JSON.stringify(n)} (${e})`).join(' ')})`;
    }
  }
}
