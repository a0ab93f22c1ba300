/**
 * An evaluator of Kubernetes NetworkPolicy (networking.k8s.io/v1) semantics, written from the
 * Kubernetes documentation and independent of kubesynth's generator: given objects, which pod
 * may open a connection to which pod, port and protocol.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Labels = Readonly<Record<string, string>>;

export interface Pod {
  readonly id: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly ports: ReadonlyArray<{ name?: string; containerPort: number; protocol?: string }>;
  /** For an endpoint outside the pod network (the API server, a cloud service): its IPv4 address, which ipBlocks match. */
  readonly ip?: string;
}

function ipv4(text: string): number {
  return text.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** Is `ip` inside `cidr` (IPv4)? */
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipv4(ip) / size) === Math.floor(ipv4(base) / size);
}

export interface LabelSelector {
  readonly matchLabels?: Labels;
  readonly matchExpressions?: ReadonlyArray<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: readonly string[] }>;
}

export interface Policy {
  readonly namespace: string;
  readonly spec: any;
}

export function selects(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const ok = e.operator === 'In' ? has && (e.values ?? []).includes(labels[e.key])
      : e.operator === 'NotIn' ? !has || !(e.values ?? []).includes(labels[e.key])
        : e.operator === 'Exists' ? has : !has;
    if (!ok) return false;
  }
  return true;
}

export class Cluster {
  constructor(
    private readonly policies: readonly Policy[],
    /** Labels of each namespace; every namespace also carries kubernetes.io/metadata.name. */
    private readonly namespaceLabels: Readonly<Record<string, Labels>> = {},
  ) {}

  private nsLabels(ns: string): Labels {
    return { ...(this.namespaceLabels[ns] ?? {}), 'kubernetes.io/metadata.name': ns };
  }

  /** Policy types: as written, else Ingress plus Egress when an egress section exists. */
  private types(p: Policy): string[] {
    return p.spec.policyTypes ?? ['Ingress', ...(p.spec.egress ? ['Egress'] : [])];
  }

  private isolating(pod: Pod, type: 'Ingress' | 'Egress'): Policy[] {
    return this.policies.filter((p) => p.namespace === pod.namespace && selects(p.spec.podSelector, pod.labels) && this.types(p).includes(type));
  }

  private peerMatches(peer: any, policyNamespace: string, pod: Pod): boolean {
    // ipBlocks address IPs outside the pod network in this model: only endpoints with an ip match.
    if (peer.ipBlock) return pod.ip !== undefined && inCidr(pod.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((e: string) => inCidr(pod.ip!, e));
    if (pod.ip !== undefined) return false;
    const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, this.nsLabels(pod.namespace)) : pod.namespace === policyNamespace;
    return nsOk && selects(peer.podSelector, pod.labels);
  }

  private portMatches(ports: any[] | undefined, target: Pod, port: number, protocol: string): boolean {
    if (!ports || ports.length === 0) return true;
    return ports.some((p) => {
      if ((p.protocol ?? 'TCP') !== protocol) return false;
      if (p.port === undefined) return true;
      const number = typeof p.port === 'number' ? p.port : target.ports.find((c) => c.name === p.port && (c.protocol ?? 'TCP') === protocol)?.containerPort;
      if (number === undefined) return false;
      return p.endPort !== undefined ? port >= number && port <= p.endPort : port === number;
    });
  }

  /** May `from` open a connection to `to` on `port`/`protocol`? Both directions must allow it. */
  public allows(from: Pod, to: Pod, port: number, protocol = 'TCP'): boolean {
    const egress = this.isolating(from, 'Egress');
    const egressOk = egress.length === 0 || egress.some((p) => (p.spec.egress ?? []).some((rule: any) =>
      (!rule.to || rule.to.length === 0 || rule.to.some((peer: any) => this.peerMatches(peer, p.namespace, to))) && this.portMatches(rule.ports, to, port, protocol)));
    const ingress = this.isolating(to, 'Ingress');
    const ingressOk = ingress.length === 0 || ingress.some((p) => (p.spec.ingress ?? []).some((rule: any) =>
      (!rule.from || rule.from.length === 0 || rule.from.some((peer: any) => this.peerMatches(peer, p.namespace, from))) && this.portMatches(rule.ports, to, port, protocol)));
    return egressOk && ingressOk;
  }
}

/** The platform's pods (one per Deployment, StatefulSet, Job, CronJob or CNPG Cluster) and a Cluster of its policies and namespace labels. */
export function clusterFrom(objects: readonly any[]): { cluster: Cluster; pods: Pod[] } {
  const fromTemplate = (o: any): Pod => ({
    id: o.spec.template.metadata.labels['app.kubernetes.io/component'],
    namespace: o.metadata.namespace,
    labels: o.spec.template.metadata.labels,
    ports: o.spec.template.spec.containers.flatMap((c: any) => c.ports ?? []),
  });
  // CloudNativePG runs a Cluster as pods labelled cnpg.io/cluster=<name>, serving PostgreSQL,
  // the instance manager's status port and metrics (as the operator documents).
  const fromCnpg = (o: any): Pod => ({
    id: o.metadata.labels['app.kubernetes.io/component'],
    namespace: o.metadata.namespace,
    labels: { 'cnpg.io/cluster': o.metadata.name, 'cnpg.io/podRole': 'instance' },
    ports: [{ name: 'postgresql', containerPort: 5432 }, { name: 'status', containerPort: 8000 }, { name: 'metrics', containerPort: 9187 }],
  });
  // A CronJob's pods are made from the Job template inside it.
  const fromCronJob = (o: any): Pod => fromTemplate({ metadata: o.metadata, spec: o.spec.jobTemplate.spec });
  const pods: Pod[] = [
    ...objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'Job').map(fromTemplate),
    ...objects.filter((o) => o.kind === 'CronJob').map(fromCronJob),
    ...objects.filter((o) => o.kind === 'Cluster' && o.apiVersion.startsWith('postgresql.cnpg.io/')).map(fromCnpg),
  ];
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy').map((p) => ({ namespace: p.metadata.namespace, spec: p.spec }));
  const namespaces = Object.fromEntries(objects.filter((o) => o.kind === 'Namespace').map((n) => [n.metadata.name, n.metadata.labels ?? {}]));
  return { cluster: new Cluster(policies, namespaces), pods };
}
