import { k8s } from 'cdk8s-plus-28';
import { connectionPort } from '../network/connection-port';
import type { Connection } from '../network/network-member';
import type { NamedEgressRule } from '../network/rules';
import { checksumOf } from '../platform/checksum';
import { FilesConfigMap } from '../platform/files-config-map';
import type { SettingsConfigMap } from '../platform/settings-config-map';
import { ImageProps, imageReference } from './image';
import { podConventionFields } from './pod-conventions';
import { toK8sProbe, WorkloadProbes } from './probes';
import { resourceRequirements, ResourceProps } from './resources';
import type { SecretKeyReference } from '../secrets/secret-key-reference';

/** A writable folder on an otherwise read-only root filesystem, backed by an emptyDir. */
export interface WritablePath {
  readonly path: string;
  /** Keep it in RAM (tmpfs), e.g. for logs that must not touch the node's disk. @default false */
  readonly inMemory?: boolean;
  /** e.g. `256Mi`. @default no limit beyond the container's */
  readonly sizeLimit?: string;
}

/** Where pods may be scheduled, shaped like the Helm values that set it. */
export interface PlacementProps {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: readonly k8s.Toleration[];
  readonly affinity?: k8s.Affinity;
}

/** A Secret mounted read-only as files (one file per key), as Docker secrets are. */
export interface SecretFiles {
  readonly secretName: string;
  /** Folder the files appear in, e.g. `/run/secrets`. */
  readonly mountPath: string;
  /** Only these keys, each as a file of the same name. @default every key */
  readonly keys?: readonly string[];
}

/** A ConfigMap of files mounted read-only into the container (one file per key). */
export interface ConfigFilesMount {
  /**
   * A FilesConfigMap, whose change rolls the pods (for processes that read files once, at
   * start), or any ConfigMap by name, read live (the kubelet refreshes the files within about a
   * minute, and the pods keep running).
   */
  readonly config: FilesConfigMap | { readonly name: string };
  /** Folder the files appear in, e.g. `/policies`. */
  readonly mountPath: string;
}

/**
 * Why a pod gets its ServiceAccount token: a loosening of the secure defaults, for a component
 * that calls the Kubernetes API (one that creates pods, for instance). The reason is written on
 * the workload as `kubesynth.io/service-account-token`, so review sees it.
 */
export interface ServiceAccountTokenProps {
  readonly reason: string;
}

/** Annotation on a workload whose pods mount their ServiceAccount token; its value is the reason. */
export const SERVICE_ACCOUNT_TOKEN_ANNOTATION = 'kubesynth.io/service-account-token';

/** What every pod kubesynth writes is made of: one container, its env, its security and its volumes. */
export interface PodTemplateProps {
  /** Component name; the container is named after it. */
  readonly component: string;
  readonly image: ImageProps;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  /** The container's working directory, for apps that resolve paths from it (e.g. `data/`). @default the image's */
  readonly workingDir?: string;
  readonly resources: ResourceProps;
  /** Required for long-running pods; run-to-completion pods (Jobs) have none. */
  readonly probes?: WorkloadProbes;
  /** Literal env vars (non-secret). */
  readonly env?: Readonly<Record<string, string>>;
  /** Env vars read from Secrets by name and key. */
  readonly secretEnv?: Readonly<Record<string, SecretKeyReference>>;
  /** Secrets mounted as read-only files. */
  readonly secretFiles?: readonly SecretFiles[];
  /**
   * Mount the ServiceAccount token (a named loosening: only for pods that call the Kubernetes
   * API). @default no token
   */
  readonly serviceAccountToken?: ServiceAccountTokenProps;
  /** ConfigMaps loaded whole as env vars; a change to one rolls the pods (checksum annotation). */
  readonly settings?: readonly SettingsConfigMap[];
  /** ConfigMaps mounted as files; a change to one rolls the pods too (same checksum annotation). @default none */
  readonly configFiles?: readonly ConfigFilesMount[];
  /** Services this workload calls; each opens exactly that path in the NetworkPolicies. */
  readonly uses?: readonly Connection[];
  /** Egress beyond `uses`, each named. */
  readonly egress?: readonly NamedEgressRule[];
  /** @default [{ path: '/tmp' }] */
  readonly writablePaths?: readonly WritablePath[];
  readonly placement?: PlacementProps;
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** Time for in-flight work to drain on shutdown. @default 30 */
  readonly terminationGracePeriodSeconds?: number;
  /** UID (and GID, fsGroup) the container runs as; never 0. @default 1000 */
  readonly runAsUser?: number;
  /** Names of Secrets the kubelet pulls the images with (a private registry). @default none */
  readonly imagePullSecrets?: readonly string[];
  /** PriorityClass of the pods. @default none: the cluster's default priority */
  readonly priorityClassName?: string;
}

/** The pod parts a workload construct assembles into its Deployment, Job or StatefulSet. */
export interface PodTemplate {
  readonly container: k8s.Container;
  readonly spec: k8s.PodSpec;
  readonly annotations: Record<string, string>;
  /** `envConditions[i]` is the chart toggle env[i] exists under (an optional connection target). */
  readonly envConditions: ReadonlyArray<string | undefined>;
}

/** The container security context every kubesynth container gets (restricted Pod Security Standard). */
export const RESTRICTED_CONTAINER_SECURITY: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  privileged: false,
  capabilities: { drop: ['ALL'] },
};

/**
 * Builds a pod with the secure defaults cdk8s-plus-28 lacks: non-root UID, read-only root
 * (writable paths are explicit emptyDirs), no privilege escalation, all capabilities dropped,
 * seccomp RuntimeDefault, no service account token (unless `serviceAccountToken` says why), no
 * service links, requests and limits.
 * `ports[0]` is the port HTTP and TCP probes use. `where` names the construct in errors.
 */
export function securePodTemplate(where: string, props: PodTemplateProps, serviceAccountName: string, ports: ReadonlyArray<{ name: string; port: number }> = []): PodTemplate {
  const runAsUser = props.runAsUser ?? 1000;
  if (props.workingDir !== undefined && !props.workingDir.startsWith('/')) throw new Error(`${where}: workingDir "${props.workingDir}" must be an absolute path, e.g. /opt/app.`);
  if (runAsUser === 0) throw new Error(`${where}: runAsUser 0 is root; pick a non-zero UID the image supports.`);
  const writable = props.writablePaths ?? [{ path: '/tmp' }];
  const volumes: k8s.Volume[] = writable.map((w) => ({
    name: volumeName(w.path),
    emptyDir: { ...(w.inMemory ? { medium: 'Memory' } : {}), ...(w.sizeLimit ? { sizeLimit: k8s.Quantity.fromString(w.sizeLimit) } : {}) },
  }));
  const mounts: k8s.VolumeMount[] = writable.map((w) => ({ name: volumeName(w.path), mountPath: w.path }));
  (props.secretFiles ?? []).forEach((s) => {
    const name = volumeName(s.mountPath, 'secret-');
    volumes.push({
      name,
      // Group-readable only: the pod's fsGroup owns the files, nobody else can read them.
      secret: { secretName: s.secretName, defaultMode: 0o440, ...(s.keys ? { items: s.keys.map((key) => ({ key, path: key })) } : {}) },
    });
    mounts.push({ name, mountPath: s.mountPath, readOnly: true });
  });
  (props.configFiles ?? []).forEach((f) => {
    const name = volumeName(f.mountPath, 'config-');
    volumes.push({ name, configMap: { name: f.config.name, defaultMode: 0o444 } });
    mounts.push({ name, mountPath: f.mountPath, readOnly: true });
  });
  if (props.serviceAccountToken && !props.serviceAccountToken.reason.trim()) {
    throw new Error(`${where}: serviceAccountToken needs a reason (why this pod calls the Kubernetes API); it is shown in review.`);
  }
  const mainPort = ports[0]?.name;
  const { conditions, ...env } = envOf(props);
  const probes = props.probes;

  const container: k8s.Container = {
    name: props.component,
    image: imageReference(props.image),
    imagePullPolicy: props.image.pullPolicy ?? 'IfNotPresent',
    ...(props.command ? { command: [...props.command] } : {}),
    ...(props.args ? { args: [...props.args] } : {}),
    ...(props.workingDir ? { workingDir: props.workingDir } : {}),
    ...(ports.length ? { ports: ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: 'TCP' })) } : {}),
    ...env,
    resources: resourceRequirements(props.resources),
    ...(probes ? {
      livenessProbe: toK8sProbe(probes.liveness, mainPort, `${where} liveness`),
      readinessProbe: toK8sProbe(probes.readiness, mainPort, `${where} readiness`),
      startupProbe: toK8sProbe(probes.startup, mainPort, `${where} startup`),
    } : {}),
    securityContext: RESTRICTED_CONTAINER_SECURITY,
    ...(mounts.length ? { volumeMounts: mounts } : {}),
  };

  const annotations: Record<string, string> = { ...(props.podAnnotations ?? {}) };
  const checksummed = configSources(props);
  if (checksummed.length) {
    annotations['checksum/config'] = checksumOf(Object.fromEntries(checksummed.map((s) => [s.component, s.data])));
  }

  const placement = props.placement ?? {};
  const spec: k8s.PodSpec = {
    serviceAccountName,
    automountServiceAccountToken: props.serviceAccountToken !== undefined,
    enableServiceLinks: false,
    terminationGracePeriodSeconds: props.terminationGracePeriodSeconds ?? 30,
    securityContext: podSecurityContext(runAsUser),
    ...podConventionFields({ imagePullSecrets: props.imagePullSecrets ?? [], priorityClassName: props.priorityClassName ?? '' }),
    ...(placement.nodeSelector && Object.keys(placement.nodeSelector).length ? { nodeSelector: { ...placement.nodeSelector } } : {}),
    ...(placement.tolerations?.length ? { tolerations: [...placement.tolerations] } : {}),
    ...(placement.affinity && Object.keys(placement.affinity).length ? { affinity: placement.affinity } : {}),
    containers: [container],
    ...(volumes.length ? { volumes } : {}),
  };
  return { container, spec, annotations, envConditions: conditions };
}

/**
 * In the chart, the pods' `checksum/config` as Helm computes it from the ConfigMaps' rendered
 * data, the same sum the plain synth takes of theirs; undefined when one of them has no
 * chart-side data (its content is then fixed, and so is the plain sum).
 */
export function helmConfigChecksum(props: Pick<PodTemplateProps, 'settings' | 'configFiles'>): string | undefined {
  const sources = configSources(props);
  return sources.length && sources.every((s) => s.helmData)
    ? `(dict ${sources.map((s) => `${JSON.stringify(s.component)} ${s.helmData}`).join(' ')} | toJson | sha256sum)`
    : undefined;
}

/** The ConfigMaps whose content the pods' `checksum/config` annotation covers: settings, then mounted files. */
export function configSources(props: Pick<PodTemplateProps, 'settings' | 'configFiles'>): ReadonlyArray<SettingsConfigMap | FilesConfigMap> {
  return [...(props.settings ?? []), ...(props.configFiles ?? []).map((f) => f.config).filter((c): c is FilesConfigMap => c instanceof FilesConfigMap)];
}

/** Pod-level security: non-root with the given UID as user, group and volume owner; seccomp RuntimeDefault. */
export function podSecurityContext(runAsUser: number): k8s.PodSecurityContext {
  return { runAsNonRoot: true, runAsUser, runAsGroup: runAsUser, fsGroup: runAsUser, seccompProfile: { type: 'RuntimeDefault' } };
}

/** The container's env and envFrom; `conditions[i]` is the toggle env[i] exists under in the chart. */
function envOf(props: PodTemplateProps): Pick<k8s.Container, 'env' | 'envFrom'> & { conditions: Array<string | undefined> } {
  const env: k8s.EnvVar[] = [];
  const conditions: Array<string | undefined> = [];
  const push = (vars: k8s.EnvVar[], condition?: string) => {
    env.push(...vars);
    conditions.push(...vars.map(() => condition));
  };
  push(Object.entries(props.env ?? {}).map(([name, value]) => ({ name, value })));
  for (const c of props.uses ?? []) push(connectionEnv(props.component, c), c.to.condition);
  push(Object.entries(props.secretEnv ?? {}).map(([name, ref]) => ({ name, valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key } } })));
  const seen = new Set<string>();
  for (const e of env) {
    if (seen.has(e.name)) throw new Error(`Component "${props.component}": env var ${e.name} is set twice (check env, secretEnv and uses).`);
    seen.add(e.name);
  }
  const envFrom = (props.settings ?? []).map((s) => ({ configMapRef: { name: s.name } }));
  return { ...(env.length ? { env } : {}), ...(envFrom.length ? { envFrom } : {}), conditions };
}

/**
 * The env vars one connection gives its client: the login from the target's Secret, the URL
 * (for a target with a login, the percent-encoded URL its Secret holds), host, port, database.
 */
function connectionEnv(component: string, c: Connection): k8s.EnvVar[] {
  const target = c.to;
  const port = connectionPort(c, `Component "${component}"`);
  const names = c.env ?? {};
  const vars: k8s.EnvVar[] = [];
  const creds = target.credentials;
  const fromSecret = (name: string, key: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: creds!.secretName, key } } });
  if (creds) {
    if (names.user && !creds.usernameKey) throw new Error(`Component "${component}": "${target.component}" logs in with a password only; drop env.user.`);
    if (names.user) vars.push(fromSecret(names.user, creds.usernameKey!));
    if (names.password) vars.push(fromSecret(names.password, creds.passwordKey));
  } else if (names.user || names.password) {
    throw new Error(`Component "${component}": uses "${target.component}" with env.user/env.password, but it has no credentials to read them from.`);
  }
  if (names.database && creds?.database !== undefined) vars.push({ name: names.database, value: creds.database });
  if (names.url) {
    if (creds) {
      // A login in a URL must be percent-encoded, which only the secret's renderer can do: read the URL the Secret holds.
      if (!creds.url) {
        throw new Error(`Component "${component}": a URL for "${target.component}" would carry its password raw (breaking on @, /, : or %); give "${target.component}" a connection URL key (credentials.url, rendered by its ExternalSecret with connectionUrlTemplate) or use env.host/env.port/env.user/env.password.`);
      }
      const scheme = c.scheme ?? 'http';
      if (port !== target.port) {
        throw new Error(`Component "${component}": the URL for "${target.component}" comes from its Secret (key ${creds.url.key} of ${creds.secretName}) and names its main port ${target.port.port}, not ${port.port}; use env.host and env.port for port ${port.port}.`);
      }
      if (creds.url.scheme !== scheme) {
        throw new Error(`Component "${component}": "${target.component}" offers a ${creds.url.scheme}:// URL (key ${creds.url.key} of ${creds.secretName}), not ${scheme}://; use scheme "${creds.url.scheme}" or render another key.`);
      }
      vars.push(fromSecret(names.url, creds.url.key));
    } else {
      vars.push({ name: names.url, value: `${c.scheme ?? 'http'}://${target.host}:${port.port}` });
    }
  }
  if (names.host) vars.push({ name: names.host, value: target.host });
  if (names.port) vars.push({ name: names.port, value: String(port.port) });
  return vars;
}

/** A volume name (a DNS-1123 label) from its mount path: `/run/secrets` with `secret-` is `secret-run-secrets`. */
function volumeName(path: string, prefix = ''): string {
  const name = path.replace(/^\/+|\/+$/g, '').replace(/[^a-z0-9]+/gi, '-').toLowerCase() || 'root';
  return `${prefix}${name}`.slice(0, 63).replace(/-+$/, '');
}
