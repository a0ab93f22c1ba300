import { Construct } from 'constructs';
import { ClusterSpecBackup, ClusterSpecBackupBarmanObjectStoreDataCompression, ClusterSpecBackupBarmanObjectStoreDataEncryption, ClusterSpecBackupBarmanObjectStoreWalCompression, ClusterSpecBackupBarmanObjectStoreWalEncryption } from '../../imports/cnpg-postgresql.cnpg.io';
import { ScheduledBackup, ScheduledBackupSpecBackupOwnerReference, ScheduledBackupSpecMethod } from '../../imports/cnpgscheduledbackups-postgresql.cnpg.io';
import type { NamedEgressRule } from '../network/rules';
import { PlatformChart } from '../platform/platform-chart';
import { ExternalSecret, ExternalSecretApiVersion, SecretStoreReference } from '../secrets/external-secret';
import type { ValuesPath } from '../templating/values-binding';

/** Where the object store's access keys come from: a remote secret, never a value. */
export interface BackupCredentialsSource {
  readonly store: SecretStoreReference;
  /** Remote secret with the properties `ACCESS_KEY_ID` and `ACCESS_SECRET_KEY`. */
  readonly remoteKey: string;
  /** @default 1h */
  readonly refreshInterval?: string;
  /** @default v1 */
  readonly apiVersion?: ExternalSecretApiVersion;
}

/** Backups of one CNPG cluster to an object store with barman (`spec.backup.barmanObjectStore`). */
export interface PostgresBackupProps {
  /** Off: no `spec.backup`, no ScheduledBackup, no credentials, no egress. */
  readonly enabled: boolean;
  /** Object store URL, e.g. `s3://example-backups/cortex-core`; the cluster writes under its own name there. */
  readonly destinationPath: string;
  /** S3-compatible endpoint (MinIO, Ceph). @default AWS S3 */
  readonly endpointUrl?: string;
  /** Base backup schedule, CNPG cron with seconds first (six fields), e.g. `0 0 2 * * *`. */
  readonly schedule: string;
  /** Recovery window kept, `<n>d|w|m`, e.g. `30d`. */
  readonly retentionPolicy: string;
  /** Server-side encryption of base backups and WAL. */
  readonly encryption: 'AES256' | 'aws:kms';
  readonly credentials: BackupCredentialsSource;
  /** The named opening to the object store, for the instances' NetworkPolicy. */
  readonly egress: NamedEgressRule;
  /** Values key of these settings (e.g. `databaseBackup`): the chart toggles them with `<valuesPath>.enabled`. @default fixed */
  readonly valuesPath?: ValuesPath;
}

/** Keys of the credentials Secret, the names CNPG's barman-cloud docs use. */
export const BACKUP_ACCESS_KEY_ID = 'ACCESS_KEY_ID';
export const BACKUP_SECRET_ACCESS_KEY = 'ACCESS_SECRET_KEY';

const SIX_FIELD_CRON = /^\S+(\s+\S+){5}$/;
const RETENTION = /^[1-9][0-9]*[dwm]$/;
const DESTINATION = /^(s3|gs|https):\/\/\S+$/;

/** What a cluster's backup adds: its `spec.backup`, and the objects made next to the Cluster. */
export interface PostgresBackupParts {
  readonly spec: ClusterSpecBackup;
  /** Makes the ScheduledBackup and the credentials ExternalSecret (call it under the backup toggle). */
  readonly build: (scope: Construct) => void;
}

/**
 * Checks the props and returns a cluster's backup parts: barman to the object store with
 * gzip-compressed, server-side-encrypted base backups and WAL (WAL archiving is continuous as
 * soon as `spec.backup` exists), the retention window, and a ScheduledBackup for the base
 * backups, which runs once right away (`immediate`) so point-in-time recovery has a base.
 * In the chart the destination is `required`, so `helm install` refuses an empty one as
 * `kubesynth synth` does.
 */
export function postgresBackupParts(scope: Construct, component: string, clusterName: string, props: PostgresBackupProps): PostgresBackupParts {
  const chart = PlatformChart.of(scope);
  const where = `${scope.node.path}: backup`;
  const plain = (s: string) => chart.plainOf(s);
  if (!chart.helm && props.enabled && !props.destinationPath) {
    throw new Error(`${where}: no destinationPath; name the object store the backups go to (e.g. s3://example-backups/<platform>), or turn backups off (enabled: false) where data may be lost.`);
  }
  if (plain(props.destinationPath) && !DESTINATION.test(plain(props.destinationPath))) {
    throw new Error(`${where}: destinationPath "${props.destinationPath}" is not an object store URL; use s3://bucket/prefix, gs://bucket/prefix or an https:// Azure URL.`);
  }
  if (!SIX_FIELD_CRON.test(plain(props.schedule))) {
    throw new Error(`${where}: schedule "${props.schedule}" is not a six-field CNPG cron (seconds first); e.g. "0 0 2 * * *" for 02:00 daily.`);
  }
  if (!RETENTION.test(plain(props.retentionPolicy))) {
    throw new Error(`${where}: retentionPolicy "${props.retentionPolicy}" must be a number and d, w or m, e.g. 30d.`);
  }
  const secretName = `${clusterName}-backup-store`;
  const helm = chart.helm;
  const destinationPath = helm
    ? helm.token(`required ${JSON.stringify(`${props.valuesPath ?? 'backup'}.destinationPath: name the object store the database backups go to (e.g. s3://example-backups/<platform>), or set ${props.valuesPath ?? 'backup'}.enabled=false`)} (${helm.expressionOf(props.destinationPath)})`, plain(props.destinationPath))
    : props.destinationPath;
  const spec: ClusterSpecBackup = {
    retentionPolicy: props.retentionPolicy,
    barmanObjectStore: {
      destinationPath,
      ...(props.endpointUrl ? { endpointUrl: props.endpointUrl } : {}),
      s3Credentials: {
        accessKeyId: { name: secretName, key: BACKUP_ACCESS_KEY_ID },
        secretAccessKey: { name: secretName, key: BACKUP_SECRET_ACCESS_KEY },
      },
      data: { compression: ClusterSpecBackupBarmanObjectStoreDataCompression.GZIP, encryption: props.encryption as ClusterSpecBackupBarmanObjectStoreDataEncryption },
      wal: { compression: ClusterSpecBackupBarmanObjectStoreWalCompression.GZIP, encryption: props.encryption as ClusterSpecBackupBarmanObjectStoreWalEncryption },
    },
  };
  return {
    spec,
    build: (parent: Construct) => {
      new ExternalSecret(parent, 'BackupCredentials', {
        component: `${component}-backup-store`,
        targetName: secretName,
        store: props.credentials.store,
        refreshInterval: props.credentials.refreshInterval,
        apiVersion: props.credentials.apiVersion,
        data: [BACKUP_ACCESS_KEY_ID, BACKUP_SECRET_ACCESS_KEY].map((k) => ({ secretKey: k, remoteKey: props.credentials.remoteKey, property: k })),
      });
      new ScheduledBackup(parent, 'ScheduledBackup', {
        metadata: { name: clusterName, namespace: chart.namespaceName, labels: chart.labelsOf(component) },
        spec: {
          cluster: { name: clusterName },
          schedule: props.schedule,
          method: ScheduledBackupSpecMethod.BARMAN_OBJECT_STORE,
          immediate: true,
          // Backups belong to the ScheduledBackup: deleting it (or the release) removes the Backup objects, never the files in the bucket.
          backupOwnerReference: ScheduledBackupSpecBackupOwnerReference.SELF,
        },
      });
    },
  };
}
