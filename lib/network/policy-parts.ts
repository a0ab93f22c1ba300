import { k8s } from 'cdk8s-plus-28';
import type { EgressDestination } from './rules';

/** Namespace label every cluster sets (since Kubernetes 1.21), used to select a namespace by name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Lists the names of a policy's named egress rules, so every opening is visible in review. */
export const NAMED_EGRESS_ANNOTATION = 'kubesynth.io/named-egress';

/** The cluster DNS, which every pod needs to resolve names. */
export interface ClusterDns {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

/** kube-dns as most distributions label it. */
export const KUBE_DNS: ClusterDns = { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } };

export const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });

export const byNamespace = (namespace: string): k8s.NetworkPolicyPeer => ({ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } } });

/** Egress to the cluster DNS, on UDP and TCP 53. */
export function dnsEgressRule(dns: ClusterDns): k8s.NetworkPolicyEgressRule {
  return {
    to: [{ ...byNamespace(dns.namespace), podSelector: { matchLabels: { ...dns.podLabels } } }],
    ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, tcp(53)],
  };
}

/** The peer a named egress rule opens to: an IP range, pods of another namespace, or pods of this one. */
export function egressPeer(to: EgressDestination): k8s.NetworkPolicyPeer {
  if ('cidr' in to) return { ipBlock: { cidr: to.cidr, ...(to.except?.length ? { except: [...to.except] } : {}) } };
  if ('namespace' in to) return { ...byNamespace(to.namespace), ...(to.podLabels ? { podSelector: { matchLabels: { ...to.podLabels } } } : {}) };
  return { podSelector: { matchLabels: { ...to.podLabels } } };
}

/** A namespace's baseline: every pod isolated in both directions until a policy opens a path. */
export function defaultDenySpec(): k8s.NetworkPolicySpec {
  return { podSelector: {}, policyTypes: ['Ingress', 'Egress'] };
}
