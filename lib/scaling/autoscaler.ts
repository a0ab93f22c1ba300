import { ApiObjectMetadata } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** Autoscaling knobs, shaped like the Helm values that set them. */
export interface AutoscalingProps {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Average CPU utilisation (% of requests) to hold; omit to not scale on CPU. */
  readonly targetCPUUtilizationPercentage?: number;
  /** Average memory utilisation (% of requests) to hold; omit to not scale on memory. */
  readonly targetMemoryUtilizationPercentage?: number;
  /**
   * Scale-up/down behaviour.
   * @default DEFAULT_SCALING_BEHAVIOR (fast up, slow and gentle down)
   */
  readonly behavior?: k8s.HorizontalPodAutoscalerBehaviorV2;
}

/**
 * Scale up fast (double, or +4 pods, per minute), scale down gently (10 % per minute after
 * 5 minutes stable) so a traffic dip does not drop capacity the next spike needs.
 */
export const DEFAULT_SCALING_BEHAVIOR: k8s.HorizontalPodAutoscalerBehaviorV2 = {
  scaleUp: {
    stabilizationWindowSeconds: 60,
    selectPolicy: 'Max',
    policies: [
      { type: 'Percent', value: 100, periodSeconds: 60 },
      { type: 'Pods', value: 4, periodSeconds: 60 },
    ],
  },
  scaleDown: {
    stabilizationWindowSeconds: 300,
    policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }],
  },
};

export interface AutoscalerProps extends AutoscalingProps {
  readonly metadata: ApiObjectMetadata;
  /** Kind of what it scales. */
  readonly targetKind: 'Deployment' | 'StatefulSet';
  /** Name of what it scales. */
  readonly targetName: string;
}

/** An autoscaling/v2 HorizontalPodAutoscaler on CPU and/or memory utilisation. */
export class Autoscaler extends Construct {
  public readonly resource: k8s.KubeHorizontalPodAutoscalerV2;

  constructor(scope: Construct, id: string, props: AutoscalerProps) {
    super(scope, id);
    const where = `${this.node.path}`;
    if (!Number.isInteger(props.minReplicas) || props.minReplicas < 1) {
      throw new Error(`${where}: minReplicas must be an integer of at least 1 (found ${props.minReplicas}).`);
    }
    if (props.maxReplicas < props.minReplicas) {
      throw new Error(`${where}: maxReplicas (${props.maxReplicas}) must be at least minReplicas (${props.minReplicas}).`);
    }
    const metrics: k8s.MetricSpecV2[] = [];
    const utilisation = (name: string, target: number): k8s.MetricSpecV2 => ({
      type: 'Resource',
      resource: { name, target: { type: 'Utilization', averageUtilization: target } },
    });
    if (props.targetCPUUtilizationPercentage !== undefined) metrics.push(utilisation('cpu', props.targetCPUUtilizationPercentage));
    if (props.targetMemoryUtilizationPercentage !== undefined) metrics.push(utilisation('memory', props.targetMemoryUtilizationPercentage));
    if (metrics.length === 0) {
      throw new Error(`${where}: set targetCPUUtilizationPercentage and/or targetMemoryUtilizationPercentage, or disable autoscaling.`);
    }
    this.resource = new k8s.KubeHorizontalPodAutoscalerV2(this, 'Resource', {
      metadata: props.metadata,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: props.targetKind, name: props.targetName },
        minReplicas: props.minReplicas,
        maxReplicas: props.maxReplicas,
        metrics,
        behavior: props.behavior ?? DEFAULT_SCALING_BEHAVIOR,
      },
    });
  }
}
