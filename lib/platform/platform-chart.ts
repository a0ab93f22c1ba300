import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { assertDns1123Label } from '../naming/dns';
import { componentName } from '../naming/names';
import type { Workload } from '../workloads/workload';

export interface PlatformChartProps {
  /** Platform name, e.g. `cortex-core`. */
  readonly platform: string;
  /** Environment name, e.g. `prod`. */
  readonly environment: string;
  /** Namespace the platform's workloads run in. */
  readonly namespace: string;
}

/**
 * One platform in one environment. Workloads register here so that platform-wide objects
 * (NetworkPolicies) can be derived from what was declared, once every component exists.
 */
export class PlatformChart extends Chart {
  /** Finds the PlatformChart a construct belongs to; constructs outside one are a programming error. */
  public static of(scope: Construct): PlatformChart {
    const chart: Chart = Chart.of(scope);
    if (!(chart instanceof PlatformChart)) {
      throw new Error(`${scope.node.path}: kubesynth constructs must be created inside a PlatformChart.`);
    }
    return chart as PlatformChart;
  }

  public readonly platform: string;
  public readonly environment: string;
  public readonly namespace: string;
  private readonly registered: Workload[] = [];

  constructor(scope: Construct, id: string, props: PlatformChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    assertDns1123Label(props.platform, 'Platform name');
    assertDns1123Label(props.environment, 'Environment name');
    assertDns1123Label(props.namespace, 'Namespace');
    this.platform = props.platform;
    this.environment = props.environment;
    this.namespace = props.namespace;
  }

  /** `<platform>-<component>`. */
  public nameOf(component: string): string {
    return componentName(this.platform, component);
  }

  public register(workload: Workload): void {
    const clash = this.registered.find((w) => w.component === workload.component);
    if (clash) {
      throw new Error(`${workload.node.path}: component "${workload.component}" is declared twice in platform "${this.platform}"; component names must be unique.`);
    }
    this.registered.push(workload);
  }

  /** Workloads in declaration order. */
  public get workloads(): readonly Workload[] {
    return this.registered;
  }
}
