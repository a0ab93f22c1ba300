import type { JSONSchemaType } from 'ajv';
import type { k8s } from 'cdk8s-plus-28';

/**
 * `networkPolicy`: the platform's NetworkPolicies, on by default, and rules a team adds beside
 * the ones kubesynth derives from the declared connections (Bitnami's `extraIngress` /
 * `extraEgress`, shaped as Kubernetes NetworkPolicy rules).
 */
export interface NetworkPolicyValues {
  /** Off is a loosening: every pod of the platform namespace may then talk to anything. */
  enabled: boolean;
  /** Kubernetes NetworkPolicyIngressRule objects, admitted to every pod of the platform. */
  extraIngress: NetworkPolicyRuleValues[];
  /** Kubernetes NetworkPolicyEgressRule objects, opened from every pod of the platform. */
  extraEgress: NetworkPolicyRuleValues[];
}

/** A NetworkPolicy rule: `from` (ingress) or `to` (egress) peers, and ports. */
export interface NetworkPolicyRuleValues {
  from?: k8s.NetworkPolicyPeer[];
  to?: k8s.NetworkPolicyPeer[];
  ports?: NetworkPolicyPortValues[];
}

/** A NetworkPolicyPort as values write it: the port a number or a container port name. */
export interface NetworkPolicyPortValues {
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  port?: number | string;
  endPort?: number;
}

export const NETWORK_POLICY_VALUES_PATH = 'networkPolicy';

/** A fresh object each call: shared defaults would come out of values.yaml as YAML anchors. */
export function defaultNetworkPolicy(): NetworkPolicyValues {
  return { enabled: true, extraIngress: [], extraEgress: [] };
}

const stringMap = { type: 'object', required: [], additionalProperties: { type: 'string' } } as const;
const labelSelector = {
  type: 'object',
  additionalProperties: false,
  description: 'A Kubernetes LabelSelector; {} selects all.',
  properties: {
    matchLabels: stringMap,
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'operator'],
        properties: {
          key: { type: 'string', minLength: 1 },
          operator: { type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
          values: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
} as const;
const IPV4_OR_6_CIDR = '^([0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}|[0-9A-Fa-f:]+/[0-9]{1,3})$';
const peer = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  description: 'A NetworkPolicyPeer: podSelector and/or namespaceSelector, or an ipBlock.',
  properties: {
    podSelector: labelSelector,
    namespaceSelector: labelSelector,
    ipBlock: {
      type: 'object',
      additionalProperties: false,
      required: ['cidr'],
      properties: {
        cidr: { type: 'string', pattern: IPV4_OR_6_CIDR, description: 'A CIDR, e.g. 10.0.0.0/8.' },
        except: { type: 'array', items: { type: 'string', pattern: IPV4_OR_6_CIDR } },
      },
    },
  },
} as const;
const port = {
  type: 'object',
  additionalProperties: false,
  description: 'A NetworkPolicyPort: protocol, port (number or container port name), endPort.',
  properties: {
    protocol: { type: 'string', enum: ['TCP', 'UDP', 'SCTP'] },
    port: { type: ['integer', 'string'], minimum: 1, maximum: 65535, minLength: 1, maxLength: 15 },
    endPort: { type: 'integer', minimum: 1, maximum: 65535 },
  },
} as const;
/** A rule names its peers: a rule with none would open the direction to everything, unseen in review. */
const rule = (peers: 'from' | 'to', description: string) => ({
  type: 'array',
  description,
  items: {
    type: 'object',
    additionalProperties: false,
    required: [peers],
    properties: {
      [peers]: { type: 'array', minItems: 1, items: peer, description: `Who (${peers}); required and not empty, so every opening names its peers.` },
      ports: { type: 'array', items: port },
    },
  },
});

export const networkPolicyValuesSchema: JSONSchemaType<NetworkPolicyValues> = {
  type: 'object',
  additionalProperties: false,
  description: 'NetworkPolicies of the platform namespace: default deny plus what the declared connections need.',
  required: ['enabled', 'extraIngress', 'extraEgress'],
  properties: {
    enabled: { type: 'boolean', description: 'Write the NetworkPolicies (default deny, DNS, per component, named egress). false is a loosening: every pod of the namespace can then reach and be reached by anything; the workloads say so in the kubesynth.io/network-policy annotation.' },
    extraIngress: rule('from', 'Kubernetes NetworkPolicy ingress rules admitted to every pod of the platform (policy <platform>-extra).'),
    extraEgress: rule('to', 'Kubernetes NetworkPolicy egress rules opened from every pod of the platform (policy <platform>-extra).'),
  },
} as any;
