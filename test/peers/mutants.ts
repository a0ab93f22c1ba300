/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * One-defect mutants of a hardened app, for the differential test: each mutant is a complete,
 * self-contained set (workload, Service, PDB, NetworkPolicies, ServiceAccount) under names and
 * labels of its own, so hundreds can be written to one folder and judged by each peer in one run.
 */
export interface Mutant {
  readonly name: string;
  /** The rule family the defect belongs to, for the agreement matrix. */
  readonly family: string;
  /** The defects applied (one, or two for combinations). */
  readonly defects: readonly string[];
  readonly objects: any[];
}

type Kind = 'Deployment' | 'StatefulSet' | 'Pod' | 'CronJob';
const NS = 'mutants';

function base(name: string, kind: Kind): any[] {
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'mutants' };
  const container: any = {
    name: 'app',
    image: 'registry.example.com/app:1.2.3',
    ports: [{ name: 'http', containerPort: 8080 }],
    resources: { requests: { cpu: '100m', memory: '128Mi', 'ephemeral-storage': '100Mi' }, limits: { cpu: '500m', memory: '256Mi', 'ephemeral-storage': '100Mi' } },
    readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
    livenessProbe: { tcpSocket: { port: 'http' } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false, runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
    imagePullPolicy: 'Always',
  };
  const spec: any = {
    serviceAccountName: name,
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [container],
  };
  const batch = kind === 'CronJob';
  if (batch) {
    spec.restartPolicy = 'Never';
    delete container.readinessProbe;
    delete (container as any).livenessProbe;
  }
  const meta = { name, namespace: NS, labels };
  const template = { metadata: { labels }, spec };
  const replicated = kind === 'Deployment' || kind === 'StatefulSet';
  if (replicated) spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: labels } }];
  if (replicated) spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: labels } }] } };
  const workload = kind === 'Pod' ? { apiVersion: 'v1', kind, metadata: meta, spec }
    : kind === 'CronJob' ? { apiVersion: 'batch/v1', kind, metadata: meta, spec: { schedule: '0 3 * * *', startingDeadlineSeconds: 600, jobTemplate: { spec: { template } } } }
      : { apiVersion: 'apps/v1', kind, metadata: meta, spec: { replicas: 3, selector: { matchLabels: labels }, template, ...(kind === 'StatefulSet' ? { serviceName: `${name}-headless` } : {}) } };
  const out: any[] = [
    workload,
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta, automountServiceAccountToken: false },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta,
      spec: { podSelector: { matchLabels: labels }, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: { matchLabels: labels } }] }], egress: [{ to: [{ podSelector: { matchLabels: labels } }] }] },
    },
  ];
  if (!batch) out.push({ apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } });
  if (kind === 'StatefulSet') out.push({ apiVersion: 'v1', kind: 'Service', metadata: { ...meta, name: `${name}-headless` }, spec: { clusterIP: 'None', selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } });
  if (replicated) out.push({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } });
  return out;
}

/** The namespace's default deny, shared by every mutant (one set per mutant adds it). */
export const SHARED: any[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: NS }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
];

const podSpecOf = (o: any): any => (o.kind === 'Pod' ? o.spec : o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec);
const c0 = (objs: any[]) => podSpecOf(objs[0]).containers[0];
const sc = (objs: any[]) => c0(objs).securityContext;
const byKind = (objs: any[], kind: string) => objs.find((o) => o.kind === kind);

/** Each defect: its family, the kinds it applies to, and the change. */
const DEFECTS: ReadonlyArray<{ id: string; family: string; kinds?: readonly Kind[]; apply(objs: any[]): void }> = [
  { id: 'privileged', family: 'pod security', apply: (o) => { sc(o).privileged = true; } },
  { id: 'privilege-escalation', family: 'pod security', apply: (o) => { sc(o).allowPrivilegeEscalation = true; } },
  { id: 'run-as-root', family: 'pod security', apply: (o) => { sc(o).runAsUser = 0; podSpecOf(o[0]).securityContext.runAsUser = 0; delete sc(o).runAsNonRoot; delete podSpecOf(o[0]).securityContext.runAsNonRoot; } },
  { id: 'host-network', family: 'pod security', apply: (o) => { podSpecOf(o[0]).hostNetwork = true; } },
  { id: 'host-pid', family: 'pod security', apply: (o) => { podSpecOf(o[0]).hostPID = true; } },
  { id: 'host-ipc', family: 'pod security', apply: (o) => { podSpecOf(o[0]).hostIPC = true; } },
  { id: 'host-path', family: 'pod security', apply: (o) => { podSpecOf(o[0]).volumes = [{ name: 'sock', hostPath: { path: '/var/run/docker.sock' } }]; c0(o).volumeMounts = [{ name: 'sock', mountPath: '/var/run/docker.sock' }]; } },
  { id: 'host-port', family: 'pod security', apply: (o) => { c0(o).ports[0].hostPort = 8080; } },
  { id: 'add-sys-admin', family: 'pod security', apply: (o) => { sc(o).capabilities.add = ['SYS_ADMIN']; } },
  { id: 'no-drop-all', family: 'pod security', apply: (o) => { delete sc(o).capabilities; } },
  { id: 'seccomp-unconfined', family: 'pod security', apply: (o) => { sc(o).seccompProfile = { type: 'Unconfined' }; podSpecOf(o[0]).securityContext.seccompProfile = { type: 'Unconfined' }; } },
  { id: 'unsafe-sysctl', family: 'pod security', apply: (o) => { podSpecOf(o[0]).securityContext.sysctls = [{ name: 'kernel.msgmax', value: '65536' }]; } },
  { id: 'selinux-custom', family: 'pod security', apply: (o) => { sc(o).seLinuxOptions = { type: 'spc_t' }; } },
  { id: 'writable-root-fs', family: 'pod security', apply: (o) => { sc(o).readOnlyRootFilesystem = false; } },
  { id: 'root-group', family: 'pod security', apply: (o) => { podSpecOf(o[0]).securityContext.runAsGroup = 0; sc(o).runAsGroup = 0; } },
  { id: 'automount-token', family: 'pod security', apply: (o) => { podSpecOf(o[0]).automountServiceAccountToken = true; } },
  { id: 'host-aliases', family: 'pod security', apply: (o) => { podSpecOf(o[0]).hostAliases = [{ ip: '10.0.0.1', hostnames: ['db.local'] }]; } },
  { id: 'no-requests', family: 'workload health', apply: (o) => { delete c0(o).resources.requests; } },
  { id: 'no-limits', family: 'workload health', apply: (o) => { delete c0(o).resources.limits; } },
  { id: 'no-readiness', family: 'workload health', kinds: ['Deployment', 'StatefulSet', 'Pod'], apply: (o) => { delete c0(o).readinessProbe; } },
  { id: 'no-liveness', family: 'workload health', kinds: ['Deployment', 'StatefulSet', 'Pod'], apply: (o) => { delete c0(o).livenessProbe; } },
  { id: 'probe-wrong-port', family: 'workload health', kinds: ['Deployment', 'StatefulSet', 'Pod'], apply: (o) => { c0(o).readinessProbe.httpGet.port = 'metrics'; } },
  { id: 'duplicate-env', family: 'workload health', apply: (o) => { c0(o).env = [{ name: 'MODE', value: 'a' }, { name: 'MODE', value: 'b' }]; } },
  { id: 'latest-tag', family: 'images', apply: (o) => { c0(o).image = 'registry.example.com/app:latest'; } },
  { id: 'no-tag', family: 'images', apply: (o) => { c0(o).image = 'registry.example.com/app'; } },
  { id: 'env-password-literal', family: 'secrets', apply: (o) => { c0(o).env = [{ name: 'DB_PASSWORD', value: 'hunter2' }]; } },
  { id: 'no-pdb', family: 'availability', kinds: ['Deployment', 'StatefulSet'], apply: (o) => { o.splice(o.indexOf(byKind(o, 'PodDisruptionBudget')), 1); } },
  { id: 'pdb-zero', family: 'availability', kinds: ['Deployment', 'StatefulSet'], apply: (o) => { byKind(o, 'PodDisruptionBudget').spec.maxUnavailable = 0; } },
  { id: 'pdb-no-policy', family: 'availability', kinds: ['Deployment', 'StatefulSet'], apply: (o) => { delete byKind(o, 'PodDisruptionBudget').spec.maxUnavailable; } },
  { id: 'selector-mismatch', family: 'availability', kinds: ['Deployment', 'StatefulSet'], apply: (o) => { o[0].spec.selector = { matchLabels: { 'app.kubernetes.io/name': `${o[0].metadata.name}-typo` } }; } },
  { id: 'recreate', family: 'availability', kinds: ['Deployment'], apply: (o) => { o[0].spec.strategy = { type: 'Recreate' }; } },
  { id: 'no-spread', family: 'availability', kinds: ['Deployment', 'StatefulSet'], apply: (o) => { delete podSpecOf(o[0]).topologySpreadConstraints; delete podSpecOf(o[0]).affinity; } },
  { id: 'cron-no-deadline', family: 'availability', kinds: ['CronJob'], apply: (o) => { delete o[0].spec.startingDeadlineSeconds; } },
  { id: 'service-wrong-target-port', family: 'networking', kinds: ['Deployment', 'StatefulSet', 'Pod'], apply: (o) => { byKind(o, 'Service').spec.ports[0].targetPort = 9090; } },
  { id: 'service-selects-nothing', family: 'networking', kinds: ['Deployment', 'StatefulSet', 'Pod'], apply: (o) => { byKind(o, 'Service').spec.selector = { 'app.kubernetes.io/name': 'nothing' }; } },
  { id: 'service-nodeport', family: 'networking', kinds: ['Deployment', 'StatefulSet', 'Pod'], apply: (o) => { byKind(o, 'Service').spec.type = 'NodePort'; } },
  { id: 'service-external-ip', family: 'networking', kinds: ['Deployment', 'StatefulSet', 'Pod'], apply: (o) => { byKind(o, 'Service').spec.externalIPs = ['203.0.113.10']; } },
  { id: 'no-network-policy', family: 'networking', apply: (o) => { o.splice(o.indexOf(byKind(o, 'NetworkPolicy')), 1); } },
  { id: 'network-policy-typo', family: 'networking', apply: (o) => { byKind(o, 'NetworkPolicy').spec.podSelector = { matchLabels: { 'app.kubernetes.io/name': 'typo' } }; } },
  { id: 'missing-service-account', family: 'rbac', apply: (o) => { o.splice(o.indexOf(byKind(o, 'ServiceAccount')), 1); } },
  { id: 'default-namespace', family: 'metadata', kinds: ['Pod'], apply: (o) => { for (const x of o) x.metadata.namespace = 'default'; } },
];

/** Objects that are mutants on their own (RBAC, ConfigMaps, removed APIs): the defect is the object. */
const STANDALONE: ReadonlyArray<{ id: string; family: string; make(name: string): any }> = [
  { id: 'rbac-wildcard-verbs', family: 'rbac', make: (name) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace: NS }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['*'] }] }) },
  { id: 'rbac-wildcard-resources', family: 'rbac', make: (name) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get'] }] }) },
  { id: 'rbac-secrets', family: 'rbac', make: (name) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }] }) },
  { id: 'rbac-exec', family: 'rbac', make: (name) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace: NS }, rules: [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] }] }) },
  { id: 'rbac-bind', family: 'rbac', make: (name) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterrolebindings', 'rolebindings'], verbs: ['create', 'update'] }] }) },
  { id: 'rbac-impersonate', family: 'rbac', make: (name) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules: [{ apiGroups: [''], resources: ['groups'], verbs: ['impersonate'] }] }) },
  { id: 'rbac-cluster-admin', family: 'rbac', make: (name) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'ServiceAccount', name, namespace: NS }] }) },
  { id: 'rbac-anonymous', family: 'rbac', make: (name) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', name: 'system:anonymous', apiGroup: 'rbac.authorization.k8s.io' }] }) },
  { id: 'configmap-password', family: 'secrets', make: (name) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS }, data: { DB_PASSWORD: 'hunter2' } }) },
  { id: 'secret-literal', family: 'secrets', make: (name) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: NS }, stringData: { password: 'hunter2' } }) },
  // kube-score refuses the whole run when a workload's labels are invalid, so the bad label is on a ConfigMap.
  { id: 'bad-label-value', family: 'metadata', make: (name) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS, labels: { 'app.kubernetes.io/version': '1.2.3+build' } }, data: { LOG_LEVEL: 'info' } }) },
  { id: 'removed-api-pdb', family: 'metadata', make: (name) => ({ apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name, namespace: NS }, spec: { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': name } } } }) },
];

const KINDS: readonly Kind[] = ['Deployment', 'StatefulSet', 'Pod', 'CronJob'];

/** The good base of each kind (no defect: the control), every one-defect mutant, and pairs of defects. */
export function mutants(): Mutant[] {
  const out: Mutant[] = [];
  let n = 0;
  const next = () => `m${String(n++).padStart(3, '0')}`;
  for (const kind of KINDS) {
    const name = next();
    out.push({ name, family: 'control', defects: [], objects: base(name, kind) });
  }
  for (const kind of KINDS) {
    for (const d of DEFECTS.filter((x) => !x.kinds || x.kinds.includes(kind))) {
      const name = next();
      const objects = base(name, kind);
      d.apply(objects);
      out.push({ name, family: d.family, defects: [d.id], objects });
    }
  }
  for (const s of STANDALONE) {
    const name = next();
    out.push({ name, family: s.family, defects: [s.id], objects: [s.make(name)] });
  }
  // Combinations: each defect with two others further down the list, on a Deployment.
  const pairable = DEFECTS.filter((d) => !d.kinds || d.kinds.includes('Deployment'));
  for (const offset of [7, 13]) {
    pairable.forEach((a, i) => {
      const b = pairable[(i + offset) % pairable.length];
      const name = next();
      const objects = base(name, 'Deployment');
      a.apply(objects);
      b.apply(objects);
      out.push({ name, family: 'combination', defects: [a.id, b.id], objects });
    });
  }
  return out;
}
