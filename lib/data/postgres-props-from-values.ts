import { egressRuleFrom } from '../network/egress-rule-from-values';
import { boundSubtree, subtreePath } from '../templating/values-binding';
import type { ExternalSecretApiVersion, SecretStoreReference } from '../values/secret-store-values';
import type { GlobalValues } from '../values/component-values';
import type { DatabaseBackupValues } from '../values/database-backup-values';
import type { PostgresOperatorValues, PostgresValues } from '../values/postgres-values';
import { globalPodConventions } from '../workloads/pod-conventions';
import type { PostgresBackupProps } from './postgres-backup';
import type { PostgresClusterProps } from './postgres-cluster';

/**
 * Construct props from a database's values (`v.postgres`, as read from the platform's values:
 * the chart binds its numbers and maps to where they sit); `global` gives the registry mirror,
 * pull secrets and PriorityClass.
 */
export function postgresPropsFrom(component: string, v: PostgresValues, op: PostgresOperatorValues, global: GlobalValues): Omit<PostgresClusterProps, 'credentials'> {
  return {
    component,
    imageName: v.imageName,
    imageRegistry: global.global.imageRegistry,
    podConventions: globalPodConventions(global),
    instances: v.instances,
    storageSize: v.storage.size,
    storageClass: v.storage.storageClass || undefined,
    database: v.database,
    owner: v.owner,
    parameters: v.parameters,
    resources: v.resources,
    operatorNamespace: op.operatorNamespace,
    apiServerCidr: op.apiServerCidr,
    valuesPath: boundSubtree(v, 'postgresPropsFrom'),
  };
}

/** Construct props from the values; the ExternalSecret options are the platform's store. */
export function databaseBackupPropsFrom(
  v: DatabaseBackupValues,
  store: { readonly store: SecretStoreReference; readonly refreshInterval?: string; readonly apiVersion?: ExternalSecretApiVersion },
): PostgresBackupProps {
  return {
    enabled: v.enabled,
    destinationPath: v.destinationPath,
    endpointUrl: v.endpointUrl || undefined,
    schedule: v.schedule,
    retentionPolicy: v.retentionPolicy,
    encryption: v.encryption,
    credentials: { ...store, remoteKey: v.credentialsRemoteKey },
    egress: egressRuleFrom('backup-object-store', v.egress),
    valuesPath: subtreePath(v),
  };
}
