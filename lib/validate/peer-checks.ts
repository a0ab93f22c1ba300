/**
 * Every check of the linters people run on Kubernetes YAML, and what `kubesynth validate` does
 * about it: the rule that covers it, or why none does. `--rules` lists the peers of each rule
 * from here, docs/validate-rules.md is written from here (test/validate-rules-doc.test.ts keeps
 * it current), and the differential test (test/peers/differential.test.ts) holds kube-score and
 * trivy to it.
 *
 * Sources: `kube-score list` (1.20.0), kube-linter docs/generated/checks.md, Polaris
 * pkg/config/default.yaml, trivy-checks checks/kubernetes/*.rego (the KSV family).
 */
export type PeerName = 'kube-score' | 'kube-linter' | 'polaris' | 'trivy';

export interface PeerCheck {
  readonly peer: PeerName;
  /** The peer's own id: kube-score `container-image-tag`, trivy `KSV-0013`. */
  readonly check: string;
  /** Does the peer run it without extra flags or config? */
  readonly byDefault: boolean;
  /** Our rule ids that flag what it flags. */
  readonly rules: readonly string[];
  /** Where we deliberately do not (or only partly) follow it: why. */
  readonly note?: string;
}

const WHY = {
  replicas: 'Replica counts are a per-environment decision (dev and staging run one replica by config); once a workload runs more than one, pdb-required and spread apply.',
  pullPolicy: 'Tags are pinned (image-tag refuses latest) and a digest pins bytes; IfNotPresent then starts the same image without a registry round trip on every restart.',
  uid: 'Containers run as the non-root UID/GID their image was built for (often 1000); a UID above 10000 would not own the image\'s files. runAsNonRoot, UID not 0 (pss-restricted) and group not 0 (root-group) are required.',
  ephemeral: 'Not yet: ephemeral storage is not among the component resources values; writable paths are emptyDirs. Open item.',
  identicalProbes: 'Open: self-contained servers with no dependency use one health endpoint for readiness and liveness; APIs that report dependencies use a TCP liveness check.',
  headless: 'Single-writer StatefulSets with one replica are reached through their ClusterIP Service; no client uses per-pod DNS names.',
  registry: 'Which registries are trusted is the cluster\'s admission policy; the registry is a value (`global.imageRegistry`).',
  quota: 'LimitRange and ResourceQuota are the cluster operator\'s capacity decision; every container sets its own requests and limits (resources).',
  priority: 'PriorityClasses are defined per cluster; naming one would make the output fail on clusters without it.',
  equalLimits: 'Burstable QoS is deliberate (requests below limits); resources requires both to be set.',
  envSecrets: 'Contradicts the seeds: their apps read credentials from environment variables (secretKeyRef), which is how they are configured.',
  nodes: 'Node placement (affinity, DNS options) belongs to the cluster, not to a portable platform.',
  orgPolicy: 'An organisation\'s own labelling policy, off by default in the peer.',
  controlPlane: 'Checks the control-plane nodes\' configuration, not manifests.',
  unhealthyEviction: 'The API default (IfHealthyBudget) is kept on purpose: restating it adds nothing, and AlwaysAllow would let a drain evict pods of a budget that is already broken.',
  jobTtl: 'The migration Jobs are Argo CD/Helm hooks deleted by their hook-delete-policy; a TTL would delete a Job the GitOps tool still tracks (drift).',
  sshPort: 'A port number says nothing about what listens on it; NetworkPolicies (pod-network-policy) say who may reach any port.',
  lowPorts: 'pss-restricted drops every capability but NET_BIND_SERVICE, so a port below 1024 needs that capability written out, which a reviewer sees.',
  sorted: 'Key order carries no meaning; kubesynth\'s output is deterministic.',
  tiller: 'Tiller was Helm 2\'s server, gone since 2020; kubesynth charts are Helm 3.',
  gatekeeper: 'Gatekeeper constraint objects are cluster policy, not part of an application set.',
  openshift: 'OpenShift SecurityContextConstraints objects are not part of an application set; the pods themselves are held to pss-restricted.',
  defaultSa: 'A pod that does not call the API may run as `default` with no token mounted (service-account-token); kubesynth gives each workload its own ServiceAccount anyway.',
  instance: 'The recommended label app.kubernetes.io/instance names the release, shared by every component (Helm\'s convention), not each object\'s name.',
  hpaMax: 'Dev and staging pin an HPA\'s min and max to the same small count by config.',
  versions: 'removed-api flags apiVersions the API server no longer serves; the schema rule refuses apiVersions it has no schema for.',
} as const;

const ks = (check: string, rules: string[], note?: string, byDefault = true): PeerCheck => ({ peer: 'kube-score', check, byDefault, rules, note });
const kl = (check: string, byDefault: boolean, rules: string[], note?: string): PeerCheck => ({ peer: 'kube-linter', check, byDefault, rules, note });
const po = (check: string, rules: string[], note?: string): PeerCheck => ({ peer: 'polaris', check, byDefault: true, rules, note });
const tv = (check: string, rules: string[], note?: string): PeerCheck => ({ peer: 'trivy', check, byDefault: true, rules, note });
const PSS = ['pss-restricted'];
/** rbac-sensitive leaves wildcard grants to rbac-wildcard, so a peer's "manage secrets" on `*` verbs is one of ours or the other. */
const RBAC_SENSITIVE = ['rbac-sensitive', 'rbac-wildcard'];

export const PEER_CHECKS: readonly PeerCheck[] = [
  // kube-score 1.20.0 (`kube-score list`); optional checks need --enable-optional-test.
  ks('container-cpu-requests-equal-limits', [], WHY.equalLimits, false),
  ks('container-ephemeral-storage-request-and-limit', [], WHY.ephemeral),
  ks('container-ephemeral-storage-request-equals-limit', [], WHY.ephemeral, false),
  ks('container-image-pull-policy', [], WHY.pullPolicy),
  ks('container-image-tag', ['image-tag']),
  ks('container-memory-requests-equal-limits', [], WHY.equalLimits, false),
  ks('container-ports-check', ['probe-port', 'service-target-port'], 'Partly: port names and numbers are validated by the schema and the API server; we check that probes and Services point at declared ports.', false),
  ks('container-resource-requests-equal-limits', [], WHY.equalLimits, false),
  ks('container-resources', ['resources']),
  ks('container-seccomp-profile', PSS, undefined, false),
  ks('container-security-context-privileged', PSS),
  ks('container-security-context-readonlyrootfilesystem', ['read-only-root-fs']),
  ks('container-security-context-user-group-id', ['pss-restricted', 'root-group'], `Partly: ${WHY.uid}`),
  ks('cronjob-has-deadline', ['job-lifecycle']),
  ks('cronjob-restartpolicy', ['job-lifecycle']),
  ks('deployment-has-host-podantiaffinity', ['spread'], 'spread also accepts topologySpreadConstraints, which kube-score does not read; it applies from two replicas.'),
  ks('deployment-has-poddisruptionbudget', ['pdb-required'], 'From two replicas: a PDB on one replica either blocks drains or allows everything.'),
  ks('deployment-pod-selector-labels-match-template-metadata-labels', ['selector-labels']),
  ks('deployment-replicas', [], WHY.replicas),
  ks('deployment-strategy', ['rolling-update']),
  ks('deployment-targeted-by-hpa-does-not-have-replicas-configured', ['hpa-replicas']),
  ks('environment-variable-key-duplication', ['env-duplicate']),
  ks('horizontalpodautoscaler-has-target', ['hpa-target']),
  ks('horizontalpodautoscaler-replicas', [], WHY.replicas),
  ks('ingress-targets-service', ['ingress-backend']),
  ks('label-values', ['label-values']),
  ks('networkpolicy-targets-pod', ['network-policy-target'], 'Policies for pods a workload creates at run time (a Role in the set lets it create pods there) are not flagged.'),
  ks('pod-networkpolicy', ['pod-network-policy']),
  ks('pod-probes', ['probes']),
  ks('pod-probes-identical', [], WHY.identicalProbes),
  ks('pod-topology-spread-constraints', ['spread', 'schema'], 'spread asks for spreading; the constraint fields are checked by the schema.'),
  ks('poddisruptionbudget-has-policy', ['pdb-policy']),
  ks('service-targets-pod', ['service-selector']),
  ks('service-type', ['service-exposure']),
  ks('stable-version', ['removed-api', 'schema'], WHY.versions),
  ks('statefulset-has-host-podantiaffinity', ['spread']),
  ks('statefulset-has-poddisruptionbudget', ['pdb-required'], 'From two replicas, as for Deployments.'),
  ks('statefulset-has-servicename', [], WHY.headless),
  ks('statefulset-pod-selector-labels-match-template-metadata-labels', ['selector-labels']),

  // kube-linter: default set, and the rest with --add-all-built-in.
  kl('access-to-create-pods', false, RBAC_SENSITIVE),
  kl('access-to-secrets', false, RBAC_SENSITIVE),
  kl('cluster-admin-role-binding', false, ['rbac-escalation']),
  kl('dangling-horizontalpodautoscaler', false, ['hpa-target']),
  kl('dangling-ingress', false, ['ingress-backend']),
  kl('dangling-networkpolicy', false, ['network-policy-target']),
  kl('dangling-networkpolicypeer-podselector', false, ['network-policy-target']),
  kl('dangling-service', true, ['service-selector']),
  kl('dangling-servicemonitor', false, ['servicemonitor-target']),
  kl('default-service-account', false, [], WHY.defaultSa),
  kl('deprecated-service-account-field', true, ['service-account']),
  kl('dnsconfig-options', false, [], WHY.nodes),
  kl('docker-sock', true, PSS),
  kl('drop-net-raw-capability', true, PSS),
  kl('duplicate-env-var', true, ['env-duplicate']),
  kl('env-value-from', false, ['secret-ref', 'secret-key-ref'], 'Partly: Secret references are checked; configMapKeyRef is not yet.'),
  kl('env-var-secret', true, ['env-secret-literal']),
  kl('exposed-services', false, ['service-exposure'], 'NodePort is flagged; a LoadBalancer is allowed (it is how a platform is reached from outside when there is no Ingress).'),
  kl('host-ipc', true, PSS),
  kl('host-network', true, PSS),
  kl('host-pid', true, PSS),
  kl('hpa-minimum-three-replicas', false, [], WHY.replicas),
  kl('invalid-target-ports', true, ['service-target-port'], 'A targetPort must name a port the pods declare, so a malformed name never passes.'),
  kl('job-ttl-seconds-after-finished', true, [], WHY.jobTtl),
  kl('latest-tag', true, ['image-tag']),
  kl('liveness-port', true, ['probe-port'], 'Partly: a probe on a port name the container does not declare is flagged; a port number is not (it reaches an undeclared port too, as ingress-nginx\'s health port 10254).'),
  kl('minimum-three-replicas', false, [], WHY.replicas),
  kl('mismatching-selector', true, ['selector-labels']),
  kl('no-anti-affinity', true, ['spread']),
  kl('no-extensions-v1beta', true, ['removed-api']),
  kl('no-liveness-probe', false, ['probes']),
  kl('no-node-affinity', false, [], WHY.nodes),
  kl('no-read-only-root-fs', true, ['read-only-root-fs']),
  kl('no-readiness-probe', false, ['probes']),
  kl('no-rolling-update-strategy', false, ['rolling-update']),
  kl('non-existent-service-account', true, ['service-account']),
  kl('non-isolated-pod', false, ['pod-network-policy']),
  kl('pdb-max-unavailable', true, ['pdb-policy']),
  kl('pdb-min-available', true, ['pdb-policy']),
  kl('pdb-unhealthy-pod-eviction-policy', true, [], WHY.unhealthyEviction),
  kl('priority-class-name', false, [], WHY.priority),
  kl('privilege-escalation-container', true, PSS),
  kl('privileged-container', true, PSS),
  kl('privileged-ports', false, [], WHY.lowPorts),
  kl('read-secret-from-env-var', false, [], WHY.envSecrets),
  kl('readiness-port', true, ['probe-port'], 'Partly: a probe on a port name the container does not declare is flagged; a port number is not (it reaches an undeclared port too, as ingress-nginx\'s health port 10254).'),
  kl('required-annotation-email', false, [], WHY.orgPolicy),
  kl('required-label-owner', false, [], WHY.orgPolicy),
  kl('restart-policy', false, ['job-lifecycle'], 'For Jobs and CronJobs; a Deployment\'s pods always restart (the API server enforces it).'),
  kl('run-as-non-root', true, PSS),
  kl('scc-deny-privileged-container', false, [], WHY.openshift),
  kl('schema-validation', false, ['schema', 'schema-unknown-field', 'schema-unknown-kind']),
  kl('sensitive-host-mounts', true, PSS),
  kl('sorted-keys', false, [], WHY.sorted),
  kl('ssh-port', true, [], WHY.sshPort),
  kl('startup-port', true, ['probe-port'], 'Partly: a probe on a port name the container does not declare is flagged; a port number is not (it reaches an undeclared port too, as ingress-nginx\'s health port 10254).'),
  kl('unsafe-proc-mount', false, PSS),
  kl('unsafe-sysctls', true, PSS),
  kl('unset-cpu-requirements', true, ['resources']),
  kl('unset-memory-requirements', true, ['resources']),
  kl('use-namespace', false, ['system-namespace'], 'An explicit `default` is flagged; an object with no namespace goes where it is applied (helm -n, kubectl -n).'),
  kl('wildcard-in-rules', false, ['rbac-wildcard']),
  kl('writable-host-mount', false, PSS),

  // Polaris: pkg/config/default.yaml.
  po('automountServiceAccountToken', ['service-account-token']),
  po('clusterrolePodExecAttach', RBAC_SENSITIVE),
  po('clusterrolebindingClusterAdmin', ['rbac-escalation']),
  po('clusterrolebindingPodExecAttach', RBAC_SENSITIVE, 'Reported on the role the binding names.'),
  po('cpuLimitsMissing', ['resources']),
  po('cpuRequestsMissing', ['resources']),
  po('dangerousCapabilities', PSS),
  po('deploymentMissingReplicas', [], WHY.replicas),
  po('hostIPCSet', PSS),
  po('hostNetworkSet', PSS),
  po('hostPIDSet', PSS),
  po('hostPathSet', PSS),
  po('hostPortSet', PSS),
  po('hostProcess', PSS),
  po('hpaMaxAvailability', [], WHY.hpaMax),
  po('hpaMinAvailability', [], WHY.replicas),
  po('insecureCapabilities', PSS),
  po('linuxHardening', PSS),
  po('livenessProbeMissing', ['probes']),
  po('memoryLimitsMissing', ['resources']),
  po('memoryRequestsMissing', ['resources']),
  po('metadataAndInstanceMismatched', [], WHY.instance),
  po('missingNetworkPolicy', ['pod-network-policy']),
  po('missingPodDisruptionBudget', ['pdb-required'], 'From two replicas.'),
  po('notReadOnlyRootFilesystem', ['read-only-root-fs']),
  po('pdbDisruptionsIsZero', ['pdb-policy']),
  po('pdbMinAvailableGreaterThanHPAMinReplicas', ['pdb-policy']),
  po('priorityClassNotSet', [], WHY.priority),
  po('privilegeEscalationAllowed', PSS),
  po('procMount', PSS),
  po('pullPolicyNotAlways', [], WHY.pullPolicy),
  po('readinessProbeMissing', ['probes']),
  po('rolePodExecAttach', RBAC_SENSITIVE),
  po('rolebindingClusterAdminClusterRole', ['rbac-escalation']),
  po('rolebindingClusterAdminRole', ['rbac-escalation']),
  po('rolebindingClusterRolePodExecAttach', RBAC_SENSITIVE, 'Reported on the role the binding names.'),
  po('rolebindingRolePodExecAttach', RBAC_SENSITIVE, 'Reported on the role the binding names.'),
  po('runAsPrivileged', PSS),
  po('runAsRootAllowed', PSS),
  po('sensitiveConfigmapContent', ['configmap-secret']),
  po('sensitiveContainerEnvVar', ['env-secret-literal']),
  po('tagNotSpecified', ['image-tag']),
  po('tlsSettingsMissing', ['ingress-tls']),
  po('topologySpreadConstraint', ['spread'], 'From two replicas.'),

  // trivy: the KSV checks of trivy-checks (checks/kubernetes), all run by `trivy config`.
  tv('KSV-0001', PSS), tv('KSV-0002', PSS, 'Unconfined or custom AppArmor is flagged; unset means the runtime default.'),
  tv('KSV-0003', PSS), tv('KSV-0004', PSS), tv('KSV-0005', PSS), tv('KSV-0006', PSS), tv('KSV-0007', ['host-aliases']),
  tv('KSV-0008', PSS), tv('KSV-0009', PSS), tv('KSV-0010', PSS), tv('KSV-0011', ['resources']), tv('KSV-0012', PSS),
  tv('KSV-0013', ['image-tag']), tv('KSV-0014', ['read-only-root-fs']), tv('KSV-0015', ['resources']), tv('KSV-0016', ['resources']),
  tv('KSV-0017', PSS), tv('KSV-0018', ['resources']), tv('KSV-0020', [], WHY.uid), tv('KSV-0021', [], WHY.uid),
  tv('KSV-0022', PSS), tv('KSV-0023', PSS), tv('KSV-0024', PSS), tv('KSV-0025', PSS), tv('KSV-0026', PSS), tv('KSV-0027', PSS),
  tv('KSV-0028', PSS), tv('KSV-0030', PSS), tv('KSV-0032', [], WHY.registry), tv('KSV-0033', [], WHY.registry),
  tv('KSV-0034', [], WHY.registry), tv('KSV-0035', [], WHY.registry), tv('KSV-0036', ['service-account-token']),
  tv('KSV-0037', ['system-namespace']), tv('KSV-0038', ['pod-network-policy', 'namespace-default-deny']),
  tv('KSV-0039', [], WHY.quota), tv('KSV-0040', [], WHY.quota),
  tv('KSV-0041', RBAC_SENSITIVE), tv('KSV-0042', RBAC_SENSITIVE), tv('KSV-0043', ['rbac-escalation']),
  tv('KSV-0044', ['rbac-wildcard']), tv('KSV-0045', ['rbac-wildcard']), tv('KSV-0046', ['rbac-wildcard']),
  tv('KSV-0047', ['rbac-escalation']), tv('KSV-0048', RBAC_SENSITIVE), tv('KSV-0049', RBAC_SENSITIVE),
  tv('KSV-0050', ['rbac-escalation']), tv('KSV-0051', ['rbac-escalation']), tv('KSV-0052', ['rbac-escalation']),
  tv('KSV-0053', RBAC_SENSITIVE), tv('KSV-0054', RBAC_SENSITIVE), tv('KSV-0055', ['rbac-escalation']),
  tv('KSV-0056', RBAC_SENSITIVE), tv('KSV-01010', ['configmap-secret'], 'Only credential-named keys with a value, and private keys: trivy also flags settings such as LOG_LEVEL.'),
  tv('KSV-01011', ['rbac-escalation']), tv('KSV-0102', [], WHY.tiller), tv('KSV-0103', PSS), tv('KSV-0104', PSS),
  tv('KSV-0105', PSS), tv('KSV-0106', PSS), tv('KSV-0107', ['removed-api']), tv('KSV-0108', ['service-exposure']),
  tv('KSV-0109', ['configmap-secret']), tv('KSV-0110', ['system-namespace'], 'An explicit `default` is flagged; an object with no namespace goes where it is applied.'),
  tv('KSV-0111', ['rbac-escalation']), tv('KSV-0112', ['rbac-wildcard']), tv('KSV-0113', RBAC_SENSITIVE),
  tv('KSV-0114', ['rbac-escalation']), tv('KSV-0115', RBAC_SENSITIVE), tv('KSV-0116', ['root-group']),
  tv('KSV-0117', [], WHY.lowPorts), tv('KSV-0118', PSS), tv('KSV-0119', PSS), tv('KSV-0120', PSS), tv('KSV-0121', PSS),
  tv('KSV-0122', ['rbac-escalation']), tv('KSV-0123', ['rbac-escalation']), tv('KSV-0124', [], WHY.gatekeeper),
  tv('KSV-0125', [], WHY.registry),
  tv('KCV-*', [], WHY.controlPlane),
];

/** `kube-score container-image-tag, trivy KSV-0013`: the peer checks a rule covers. */
export function peersOf(ruleId: string): string[] {
  return PEER_CHECKS.filter((p) => p.rules.includes(ruleId)).map((p) => `${p.peer} ${p.check}`);
}
