import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { assertDns1123Label } from '../naming/dns';
import { PlatformChart } from '../platform/platform-chart';
import { WAIVE_ANNOTATION } from '../validate/waivers';
import type { Workload } from '../workloads/workload';

export interface PodManagerRoleProps {
  /** The Role and RoleBinding are named `<platform>-<component>`, e.g. `sandbox-manager`. */
  readonly component: string;
  /** The namespace whose pods are managed; the Role and its binding live there. */
  readonly namespace: string;
  /** The workload whose ServiceAccount gets the Role; its pods must mount their token (`serviceAccountToken`). */
  readonly manager: Workload;
}

/** What a pod manager may do: start, follow and remove pods, read their logs. Nothing else (no exec, no secrets). */
export const POD_MANAGER_RULES: readonly k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
];

/**
 * Lets one workload create, watch and delete pods in one other namespace, and only there: a
 * namespaced Role (never a ClusterRole) with {@link POD_MANAGER_RULES}, bound to the workload's
 * ServiceAccount across namespaces. For components that run work as pods of their own (agent
 * sandboxes, one per session).
 */
export class PodManagerRole extends Construct {
  public readonly role: k8s.KubeRole;
  public readonly binding: k8s.KubeRoleBinding;

  constructor(scope: Construct, id: string, props: PodManagerRoleProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    const where = this.node.path;
    assertDns1123Label(props.component, `${where}: component`);
    if (!props.manager.mountsServiceAccountToken) {
      throw new Error(`${where}: ${props.manager.node.path} does not mount its ServiceAccount token, so it could not use this Role; give it serviceAccountToken with the reason.`);
    }
    if (chart.plainOf(props.namespace) === chart.plainOf(props.manager.namespace)) {
      throw new Error(`${where}: the managed namespace is the manager's own (${chart.plainOf(props.namespace)}); give the managed pods a namespace of their own, so the Role cannot touch the platform's pods.`);
    }
    const name = chart.nameOf(props.component);
    const metadata = { name, namespace: props.namespace, labels: chart.labelsOf(props.component) };
    // Creating pods is what this Role is for; the waiver says so to `kubesynth validate` and to a reviewer.
    const waiver = `rbac-sensitive=${name} creates and deletes the pods it runs work in, only in namespace ${props.namespace} (a namespace of their own), bound to ${props.manager.name} alone`;
    this.role = new k8s.KubeRole(this, 'Role', { metadata: { ...metadata, annotations: { [WAIVE_ANNOTATION]: waiver } }, rules: POD_MANAGER_RULES.map((r) => ({ ...r })) });
    this.binding = new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: props.manager.serviceAccountName, namespace: props.manager.namespace }],
    });
  }
}
