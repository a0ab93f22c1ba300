import { Type, type Static, type TArray } from '@sinclair/typebox';
import type { k8s } from 'cdk8s-plus-28';
import { StringEnum, StringMap } from './schema-kinds';

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

const labelSelector = Type.Object(
  {
    matchLabels: Type.Optional(StringMap()),
    matchExpressions: Type.Optional(Type.Array(Type.Object(
      {
        key: Type.String({ minLength: 1 }),
        operator: StringEnum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
        values: Type.Optional(Type.Array(Type.String())),
      },
      { additionalProperties: false },
    ))),
  },
  { additionalProperties: false, description: 'A Kubernetes LabelSelector; {} selects all.' },
);
const IPV4_OR_6_CIDR = '^([0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}|[0-9A-Fa-f:]+/[0-9]{1,3})$';
const peer = Type.Object(
  {
    podSelector: Type.Optional(labelSelector),
    namespaceSelector: Type.Optional(labelSelector),
    ipBlock: Type.Optional(Type.Object(
      {
        cidr: Type.String({ pattern: IPV4_OR_6_CIDR, description: 'A CIDR, e.g. 10.0.0.0/8.' }),
        except: Type.Optional(Type.Array(Type.String({ pattern: IPV4_OR_6_CIDR }))),
      },
      { additionalProperties: false },
    )),
  },
  { additionalProperties: false, minProperties: 1, description: 'A NetworkPolicyPeer: podSelector and/or namespaceSelector, or an ipBlock.' },
);
const port = Type.Object(
  {
    protocol: Type.Optional(StringEnum(['TCP', 'UDP', 'SCTP'])),
    // One `type` list: a number is a port, a string a container port's name.
    port: Type.Optional(Type.Unsafe<number | string>({ type: ['integer', 'string'], minimum: 1, maximum: 65535, minLength: 1, maxLength: 15 })),
    endPort: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
  },
  { additionalProperties: false, description: 'A NetworkPolicyPort: protocol, port (number or container port name), endPort.' },
);
/** A rule names its peers: a rule with none would open the direction to everything, unseen in review. */
const rule = <P extends 'from' | 'to'>(peers: P, description: string) =>
  Type.Array(
    Type.Object(
      {
        ...({ [peers]: Type.Array(peer, { minItems: 1, description: `Who (${peers}); required and not empty, so every opening names its peers.` }) } as Record<P, TArray<typeof peer>>),
        ports: Type.Optional(Type.Array(port)),
      },
      { additionalProperties: false },
    ),
    { description },
  );

/**
 * `networkPolicy`: the platform's NetworkPolicies, on by default, and rules a team adds beside
 * the ones kubesynth derives from the declared connections (Bitnami's `extraIngress` /
 * `extraEgress`, shaped as Kubernetes NetworkPolicy rules).
 */
export const networkPolicyValuesSchema = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Write the NetworkPolicies (default deny, DNS, per component, named egress). false is a loosening: every pod of the namespace can then reach and be reached by anything; the workloads say so in the kubesynth.io/network-policy annotation.' }),
    extraIngress: rule('from', 'Kubernetes NetworkPolicy ingress rules admitted to every pod of the platform (policy <platform>-extra).'),
    extraEgress: rule('to', 'Kubernetes NetworkPolicy egress rules opened from every pod of the platform (policy <platform>-extra).'),
  },
  { additionalProperties: false, description: 'NetworkPolicies of the platform namespace: default deny plus what the declared connections need.' },
);

/** `networkPolicy` values; `enabled: false` is a loosening (every pod of the namespace may then talk to anything). */
export type NetworkPolicyValues = Static<typeof networkPolicyValuesSchema>;
