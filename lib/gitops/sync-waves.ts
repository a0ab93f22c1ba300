import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';

export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/**
 * Argo CD applies a lower wave first and waits for it to be healthy before the next: what a
 * step needs exists before it starts. Namespaces; then what pods read and how they may talk
 * (Secrets from ExternalSecrets, ConfigMaps, ServiceAccounts, NetworkPolicies, certificates);
 * then databases; then migrations, which need the database and its credentials; then the
 * workloads, which need the migrated schema; monitoring last, once its targets exist.
 */
export enum SyncWave {
  NAMESPACES = -3,
  SECRETS_AND_CONFIG = -2,
  DATABASES = -1,
  MIGRATIONS = 0,
  WORKLOADS = 1,
  MONITORING = 2,
}

const WAVE_BY_KIND: Readonly<Record<string, SyncWave>> = {
  Namespace: SyncWave.NAMESPACES,
  ExternalSecret: SyncWave.SECRETS_AND_CONFIG,
  ConfigMap: SyncWave.SECRETS_AND_CONFIG,
  ServiceAccount: SyncWave.SECRETS_AND_CONFIG,
  Role: SyncWave.SECRETS_AND_CONFIG,
  RoleBinding: SyncWave.SECRETS_AND_CONFIG,
  ResourceQuota: SyncWave.SECRETS_AND_CONFIG,
  LimitRange: SyncWave.SECRETS_AND_CONFIG,
  NetworkPolicy: SyncWave.SECRETS_AND_CONFIG,
  Certificate: SyncWave.SECRETS_AND_CONFIG,
  PersistentVolumeClaim: SyncWave.DATABASES,
  Cluster: SyncWave.DATABASES,
  Job: SyncWave.MIGRATIONS,
  Deployment: SyncWave.WORKLOADS,
  StatefulSet: SyncWave.WORKLOADS,
  CronJob: SyncWave.WORKLOADS,
  Service: SyncWave.WORKLOADS,
  HorizontalPodAutoscaler: SyncWave.WORKLOADS,
  PodDisruptionBudget: SyncWave.WORKLOADS,
  Ingress: SyncWave.WORKLOADS,
  ServiceMonitor: SyncWave.MONITORING,
  PodMonitor: SyncWave.MONITORING,
  PrometheusRule: SyncWave.MONITORING,
};

/** The wave of a kind; kinds not listed go with the workloads. */
export function syncWaveOf(kind: string): SyncWave {
  return WAVE_BY_KIND[kind] ?? SyncWave.WORKLOADS;
}

/**
 * Annotates every object under `scope` with its kind's sync wave, unless a construct chose one.
 * A stateful workload (StatefulSet) that is a data store can set `SyncWave.DATABASES` itself.
 */
export function annotateSyncWaves(scope: Construct): void {
  for (const o of scope.node.findAll()) {
    if (!(o instanceof ApiObject)) continue;
    if (o.metadata.toJson().annotations?.[SYNC_WAVE_ANNOTATION] !== undefined) continue;
    o.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, String(syncWaveOf(o.kind)));
  }
}
