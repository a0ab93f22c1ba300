/* eslint-disable @typescript-eslint/no-explicit-any */
import { containersOf, PodSource } from '../pods';
import type { ManifestSet, Rule, Violation } from '../rule';

/** Volume types the restricted Pod Security Standard allows. */
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret', 'name']);

/** The sysctls the baseline standard allows (namespaced, cannot affect other pods). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

/** SELinux, AppArmor and Windows settings of one securityContext (pod or container) that baseline forbids. */
function hostEscapes(sc: any, path: string, at: (path: string, message: string) => void): void {
  const se = sc?.seLinuxOptions;
  if (se && typeof se === 'object') {
    if (!SELINUX_TYPES.has(se.type ?? '')) at(`${path}.seLinuxOptions.type`, `is ${JSON.stringify(se.type)}; only container_t, container_init_t, container_kvm_t and container_engine_t are allowed`);
    for (const f of ['user', 'role'] as const) if (se[f]) at(`${path}.seLinuxOptions.${f}`, 'may not be set');
  }
  if (sc?.appArmorProfile?.type === 'Unconfined') at(`${path}.appArmorProfile.type`, 'is Unconfined; use RuntimeDefault or Localhost');
  if (sc?.windowsOptions?.hostProcess === true) at(`${path}.windowsOptions.hostProcess`, 'is true: a Windows host process has the node\'s privileges');
}

/**
 * The `restricted` Pod Security Standard (kubernetes.io/docs/concepts/security/pod-security-standards),
 * as the API server's admission plugin evaluates it: a container setting wins over the pod's.
 */
function restrictedViolations(pod: PodSource): Violation[] {
  const spec = pod.spec;
  if (!spec || typeof spec !== 'object') return [];
  const out: Violation[] = [];
  const at = (path: string, message: string) => out.push({ manifest: pod.manifest, path, message });
  const podSc = spec.securityContext ?? {};
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[field] === true) at(`${pod.specPath}.${field}`, 'shares a host namespace, which restricted forbids');
  }
  (Array.isArray(spec.volumes) ? spec.volumes : []).forEach((v: any, i: number) => {
    const bad = Object.keys(v ?? {}).find((k) => !RESTRICTED_VOLUMES.has(k));
    if (bad) at(`${pod.specPath}.volumes[${i}].${bad}`, `is a ${bad} volume; restricted allows only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret`);
  });
  const podSeccomp = podSc.seccompProfile?.type;
  hostEscapes(podSc, `${pod.specPath}.securityContext`, at);
  (Array.isArray(podSc.sysctls) ? podSc.sysctls : []).forEach((s: any, i: number) => {
    if (!SAFE_SYSCTLS.has(s?.name)) at(`${pod.specPath}.securityContext.sysctls[${i}].name`, `is ${JSON.stringify(s?.name)}, not one of the safe sysctls baseline allows`);
  });
  const annotations = (pod.specPath === 'spec' ? pod.manifest.object.metadata?.annotations : pod.manifest.object.spec?.template?.metadata?.annotations) ?? {};
  for (const [k, v] of Object.entries(annotations as Record<string, unknown>)) {
    if (k.startsWith(APPARMOR_ANNOTATION) && v !== 'runtime/default' && !String(v).startsWith('localhost/')) at(`metadata.annotations[${k}]`, `is ${JSON.stringify(v)}; AppArmor must be runtime/default or localhost/<profile>`);
  }
  for (const { container: c, path } of containersOf(pod, true)) {
    const sc = c.securityContext ?? {};
    hostEscapes(sc, `${path}.securityContext`, at);
    if (sc.procMount !== undefined && sc.procMount !== 'Default') at(`${path}.securityContext.procMount`, `is ${JSON.stringify(sc.procMount)}; an unmasked /proc exposes the host`);
    if (sc.privileged === true) at(`${path}.securityContext.privileged`, 'is true; restricted forbids privileged containers');
    if (sc.allowPrivilegeEscalation !== false) at(`${path}.securityContext.allowPrivilegeEscalation`, 'must be false');
    if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) at(`${path}.securityContext.runAsNonRoot`, 'must be true (here or in the pod securityContext)');
    if ((sc.runAsUser ?? podSc.runAsUser) === 0) at(`${path}.securityContext.runAsUser`, 'is 0 (root); restricted forbids it');
    const seccomp = sc.seccompProfile?.type ?? podSeccomp;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') at(`${path}.securityContext.seccompProfile.type`, 'must be RuntimeDefault or Localhost (here or in the pod securityContext)');
    const drop: unknown[] = Array.isArray(sc.capabilities?.drop) ? sc.capabilities.drop : [];
    if (!drop.includes('ALL')) at(`${path}.securityContext.capabilities.drop`, 'must include ALL');
    const add: unknown[] = Array.isArray(sc.capabilities?.add) ? sc.capabilities.add : [];
    add.forEach((cap, i) => {
      if (cap !== 'NET_BIND_SERVICE') at(`${path}.securityContext.capabilities.add[${i}]`, `adds ${String(cap)}; restricted allows only NET_BIND_SERVICE`);
    });
    (Array.isArray(c.ports) ? c.ports : []).forEach((p: any, i: number) => {
      if (p?.hostPort) at(`${path}.ports[${i}].hostPort`, 'binds a host port, which restricted forbids');
    });
  }
  return out;
}

export const podSecurityRules: readonly Rule[] = [{
  id: 'pss-restricted',
  severity: 'error',
  checks: 'Every pod meets the restricted Pod Security Standard: no privileged or host namespaces, host paths, host ports, host processes, unsafe sysctls, unmasked /proc, custom SELinux or unconfined AppArmor; allowPrivilegeEscalation false; runAsNonRoot; not UID 0; seccomp RuntimeDefault; capabilities drop ALL (add only NET_BIND_SERVICE).',
  fix: 'Set the field as the message says, in the container securityContext (or the pod securityContext where noted).',
  check: (set: ManifestSet) => set.pods.flatMap(restrictedViolations),
}];
