import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PlatformChart } from '../platform/platform-chart';
import { BoundAmount, boundQuantity } from '../values/bound-quantity';

/** CPU and memory of one sandbox container, in whole millicores and MiB (so totals can be derived). */
export interface SandboxAmounts {
  readonly cpuMillicores: BoundAmount;
  readonly memoryMiB: BoundAmount;
}

export interface SandboxLimitsProps {
  /** Namespace the sandboxes run in. */
  readonly namespace: string;
  /** Component the objects are named after (`<platform>-<component>`). @default sandbox */
  readonly component?: string;
  /** Most sandboxes that may run at once (one per agent session); the quota's pod count. */
  readonly maxConcurrent: BoundAmount;
  /** Most one sandbox may use (Docker's `--memory` / `--cpus`): the LimitRange's default and maximum. */
  readonly limits: SandboxAmounts;
  /** What one sandbox is guaranteed: the LimitRange's default request. */
  readonly requests: SandboxAmounts;
}

/** CPU and memory as quantity strings, shaped like a container's resources. */
export interface SandboxQuantities {
  readonly cpu: string;
  readonly memory: string;
}

/**
 * Bounds what sandboxes can take from the cluster, so one agent (or many) cannot starve it: a
 * LimitRange gives every container the per-sandbox limits as default and maximum, and a
 * ResourceQuota caps the namespace at `maxConcurrent` pods and `maxConcurrent` times the
 * per-sandbox requests and limits. Both are derived from the same numbers, so they never drift.
 */
export class SandboxLimits extends Construct {
  /** Per-sandbox requests and limits, for the sandbox pod template. */
  public readonly resources: { readonly requests: SandboxQuantities; readonly limits: SandboxQuantities };
  public readonly quota: k8s.KubeResourceQuota;
  public readonly limitRange: k8s.KubeLimitRange;

  constructor(scope: Construct, id: string, props: SandboxLimitsProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    const where = this.node.path;
    const check = (what: string, amount: BoundAmount) => {
      if (!Number.isInteger(amount.amount) || amount.amount < 1) throw new Error(`${where}: ${what} must be a whole number of at least 1 (found ${amount.amount}).`);
    };
    check('maxConcurrent', props.maxConcurrent);
    for (const [kind, amounts] of [['limits', props.limits], ['requests', props.requests]] as const) {
      check(`${kind}.cpuMillicores`, amounts.cpuMillicores);
      check(`${kind}.memoryMiB`, amounts.memoryMiB);
    }
    for (const r of ['cpuMillicores', 'memoryMiB'] as const) {
      if (props.requests[r].amount > props.limits[r].amount) {
        throw new Error(`${where}: requests.${r} (${props.requests[r].amount}) is above limits.${r} (${props.limits[r].amount}); a sandbox cannot be guaranteed more than it may use.`);
      }
    }
    const component = props.component ?? 'sandbox';
    const per = (a: SandboxAmounts): SandboxQuantities => ({ cpu: boundQuantity(chart, 'm', a.cpuMillicores), memory: boundQuantity(chart, 'Mi', a.memoryMiB) });
    const total = (a: SandboxAmounts): SandboxQuantities => ({
      cpu: boundQuantity(chart, 'm', a.cpuMillicores, props.maxConcurrent),
      memory: boundQuantity(chart, 'Mi', a.memoryMiB, props.maxConcurrent),
    });
    this.resources = { requests: per(props.requests), limits: per(props.limits) };
    const q = (amounts: SandboxQuantities) => ({ cpu: k8s.Quantity.fromString(amounts.cpu), memory: k8s.Quantity.fromString(amounts.memory) });
    const metadata = { name: chart.nameOf(component), namespace: props.namespace, labels: chart.labelsOf(component) };
    const requests = total(props.requests);
    const limits = total(props.limits);
    this.quota = new k8s.KubeResourceQuota(this, 'ResourceQuota', {
      metadata,
      spec: {
        hard: {
          'pods': k8s.Quantity.fromString(boundQuantity(chart, '', props.maxConcurrent)),
          'requests.cpu': k8s.Quantity.fromString(requests.cpu),
          'requests.memory': k8s.Quantity.fromString(requests.memory),
          'limits.cpu': k8s.Quantity.fromString(limits.cpu),
          'limits.memory': k8s.Quantity.fromString(limits.memory),
        },
      },
    });
    this.limitRange = new k8s.KubeLimitRange(this, 'LimitRange', {
      metadata,
      spec: {
        limits: [{
          type: 'Container',
          default: q(this.resources.limits),
          defaultRequest: q(this.resources.requests),
          max: q(this.resources.limits),
        }],
      },
    });
  }
}
