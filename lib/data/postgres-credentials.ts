import type { Construct } from 'constructs';
import { PlatformChart } from '../platform/platform-chart';
import { ExternalSecret, SecretStoreReference, ExternalSecretApiVersion } from '../secrets/external-secret';
import { ConnectionUrlKey, connectionUrlTemplate } from '../secrets/url-template';

/** Key of `<cluster>-app` holding the connection URL (the name CNPG gives it in the Secrets it generates). */
export const POSTGRES_URL_KEY = 'uri';

export interface PostgresCredentialsProps {
  /** The database's component; the Secret is `<platform>-<component>-app`, the ExternalSecret `<platform>-<component>-credentials`. */
  readonly component: string;
  readonly store: SecretStoreReference;
  readonly refreshInterval?: string;
  readonly apiVersion?: ExternalSecretApiVersion;
  /** Remote secret with the properties `username` and `password`. */
  readonly remoteKey: string;
  /** Database name, the URL's path. */
  readonly database: string;
  /** URL scheme clients use, e.g. `postgresql+asyncpg` (SQLAlchemy with asyncpg) or `postgresql`. */
  readonly scheme: string;
  /** Query string without `?`, e.g. `ssl=require` (asyncpg) or `sslmode=require` (libpq, psycopg). @default none */
  readonly query?: string;
}

/**
 * The owner login of a CloudNativePG database, from the secret store into `<cluster>-app`
 * (type basic-auth, which CNPG bootstraps with), plus key `uri`: the connection URL to the
 * `-rw` Service with the login percent-encoded by the operator, valid for any password.
 */
export function postgresCredentials(scope: Construct, id: string, props: PostgresCredentialsProps): { secret: ExternalSecret; url: ConnectionUrlKey } {
  const chart = PlatformChart.of(scope);
  const cluster = chart.nameOf(props.component);
  const secret = new ExternalSecret(scope, id, {
    component: `${props.component}-credentials`,
    store: props.store,
    refreshInterval: props.refreshInterval,
    apiVersion: props.apiVersion,
    targetName: `${cluster}-app`,
    secretType: 'kubernetes.io/basic-auth',
    data: ['username', 'password'].map((p) => ({ secretKey: p, remoteKey: props.remoteKey, property: p })),
    templateData: {
      [POSTGRES_URL_KEY]: connectionUrlTemplate({
        scheme: props.scheme, host: `${cluster}-rw`, port: 5432, usernameKey: 'username', passwordKey: 'password', path: props.database, query: props.query,
      }),
    },
  });
  return { secret, url: { key: POSTGRES_URL_KEY, scheme: props.scheme } };
}
