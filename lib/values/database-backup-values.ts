import { Type, type Static } from '@sinclair/typebox';
import { egressValuesSchema, PRIVATE_IPV4_RANGES } from './egress-values';
import { StringEnum } from './schema-kinds';
import { remoteKeySchema } from './secret-store-values';
import { refuseRule, ValueRule } from './value-rule';

/** The values path every platform uses. */
export const DATABASE_BACKUP_VALUES_PATH = 'databaseBackup';

/**
 * The production defaults (the chart's values.yaml): on, daily base backups at 02:00 (the
 * seeds' backup cron), 30 days kept, AES256. No destination: each environment must name its
 * bucket, and a synth with backups on and none named is refused.
 */
export function defaultDatabaseBackup(platform: string): DatabaseBackupValues {
  return {
    enabled: true,
    destinationPath: '',
    endpointUrl: '',
    schedule: '0 0 2 * * *',
    retentionPolicy: '30d',
    encryption: 'AES256',
    credentialsRemoteKey: `${platform}/backup-object-store`,
    egress: { cidr: '0.0.0.0/0', except: [...PRIVATE_IPV4_RANGES], ports: [443] },
  };
}

/**
 * Backups of a platform's CloudNativePG databases as Helm values (`databaseBackup.*`): one
 * object store for all of them (each cluster writes under its own name), base backups on a
 * schedule, WAL archived continuously, a retention window and server-side encryption.
 */
export const databaseBackupValuesSchema = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Back the databases up (spec.backup, a ScheduledBackup, the object-store credentials and egress). Off only where data may be lost (dev).' }),
    destinationPath: Type.String({ pattern: '^$|^(s3|gs|https)://\\S+$', description: 'Object store URL the clusters write to, each under its own name, e.g. s3://example-backups/<platform>. Required while enabled.' }),
    endpointUrl: Type.String({ pattern: '^$|^https?://\\S+$', description: 'S3-compatible endpoint (MinIO, Ceph); empty for AWS S3 itself.' }),
    schedule: Type.String({ pattern: '^\\S+(\\s+\\S+){5}$', description: 'When the base backup runs: a CNPG cron with seconds first (six fields), e.g. "0 0 2 * * *" for 02:00 daily. WAL is archived continuously in between.' }),
    retentionPolicy: Type.String({ pattern: '^[1-9][0-9]*[dwm]$', description: 'Recovery window kept in the object store (base backups and WAL), e.g. 30d, 4w, 12m; older ones are deleted by CNPG.' }),
    encryption: StringEnum(['AES256', 'aws:kms'], { description: 'Server-side encryption of base backups and WAL in the bucket: AES256 (SSE-S3) or aws:kms (SSE-KMS, the bucket\'s key).' }),
    credentialsRemoteKey: remoteKeySchema('Remote secret with the object store\'s ACCESS_KEY_ID and ACCESS_SECRET_KEY, synced by an ExternalSecret to <cluster>-backup-store.'),
    egress: egressValuesSchema('Where the object store is: the database instances may reach exactly this range and these ports (named egress rule "backup-object-store").'),
  },
  {
    description: 'Backups of the CloudNativePG databases to an object store (barman): scheduled base backups and continuous WAL archiving. On in production; a synth with backups on and no destinationPath is refused.',
    additionalProperties: false,
  },
);

export type DatabaseBackupValues = Static<typeof databaseBackupValuesSchema>;

/** Backups on with nowhere to write: say which value to set, and the way out. */
export const databaseBackupRule: ValueRule = refuseRule({
  path: [DATABASE_BACKUP_VALUES_PATH, 'destinationPath'],
  when: [DATABASE_BACKUP_VALUES_PATH, 'enabled'],
  refused: (d) => !d,
  goCondition: (e) => `not ${e}`,
  expected: 'the object store the database backups go to, e.g. s3://example-backups/<platform> (databaseBackup.enabled is true: name your bucket, or set databaseBackup.enabled: false where data may be lost)',
  found: 'nothing',
});
