import { Construct } from 'constructs';
import { and, valuesExpression } from '../templating/helm-templating';
import { Cluster, ClusterSpecResourcesLimits, ClusterSpecResourcesRequests } from '../../imports/cnpg-postgresql.cnpg.io';
import type { Connection, ConnectionTarget, MemberPort, NamespaceIngress, TargetCredentials } from '../network/network-member';
import { registerNetworkMember } from '../network/network-member';
import { NamespaceIngressList } from '../network/network-member';
import type { NamedEgressRule } from '../network/rules';
import { PodMonitor } from '../observability/pod-monitor';
import type { DatabaseMonitorOptions } from '../observability/platform-monitoring';
import { PlatformChart } from '../platform/platform-chart';
import type { ExternalSecret } from '../secrets/external-secret';
import type { ConnectionUrlKey } from '../secrets/url-template';
import { mirroredImageName, mirroredImageNameExpression } from '../workloads/image';
import { bindPodConventions, podConventionFields, PodConventions } from '../workloads/pod-conventions';
import { bindResources, ResourceProps } from '../workloads/resources';
import { PostgresBackupProps, postgresBackupParts } from './postgres-backup';
import { KEEP_ON_DELETE_ANNOTATIONS } from './volume-backup-cron-job';
import { childPath, type ValuesPath } from '../templating/values-binding';

/** Where the CloudNativePG operator runs and how instances reach the Kubernetes API. */
export interface PostgresOperatorAccess {
  /** Namespace of the CNPG operator, which calls each instance's status port. @default cnpg-system */
  readonly operatorNamespace?: string;
  /** Address range of the Kubernetes API server, which instances call. @default 0.0.0.0/0 */
  readonly apiServerCidr?: string;
}

export interface PostgresClusterProps extends PostgresOperatorAccess {
  /** Component name; the Cluster is named `<platform>-<component>`. */
  readonly component: string;
  /** PostgreSQL image with a pinned tag, e.g. `ghcr.io/cloudnative-pg/postgresql:16.4`. */
  readonly imageName: string;
  /**
   * `global.imageRegistry`: when set, it replaces the registry of `imageName` (the Cluster's
   * image and the wait-for-database init containers that reuse it), for air-gapped installs.
   * @default "" (the registry in imageName)
   */
  readonly imageRegistry?: string;
  /**
   * Pull secrets and PriorityClass of the instances' pods (`spec.imagePullSecrets`,
   * `spec.priorityClassName`, which the operator copies to them): global's
   * (globalPodConventions), the image being no component's. @default none
   */
  readonly podConventions?: PodConventions;
  /** 1 is a single primary; more adds streaming replicas with automatic failover. */
  readonly instances: number;
  /** Volume size per instance, e.g. `100Gi`. */
  readonly storageSize: string;
  /** @default the cluster's default StorageClass */
  readonly storageClass?: string;
  /** Database created at bootstrap. */
  readonly database: string;
  /** Its owner, the role applications log in as. */
  readonly owner: string;
  /**
   * The owner's credentials (keys `username` and `password`, type `kubernetes.io/basic-auth`).
   * Its Secret must be named `<cluster>-app`, the name CNPG and its clients expect.
   * @default CNPG generates `<cluster>-app` itself
   */
  readonly credentials?: ExternalSecret;
  /**
   * The key of `credentials` holding the percent-encoded connection URL (see
   * `postgresCredentials`); clients' `env.url` read it. @default none: clients get host, port and login only
   */
  readonly connectionUrl?: ConnectionUrlKey;
  /**
   * Refuse connections without TLS (`hostnossl all all all reject` in pg_hba): every client must
   * use `sslmode=require` or stricter. CNPG serves TLS with its own CA either way. @default false
   */
  readonly requireTls?: boolean;
  /** SQL run in the application database right after it is created, e.g. `CREATE EXTENSION IF NOT EXISTS pgcrypto`. @default none */
  readonly postInitApplicationSql?: readonly string[];
  /** `postgresql.conf` parameters, e.g. `max_connections: 200`; written as strings, as CNPG requires. */
  readonly parameters?: Readonly<Record<string, string | number>>;
  readonly resources: ResourceProps;
  /** Values key of this database (e.g. `databases.core`), so the chart binds its numbers and maps. */
  readonly valuesPath?: ValuesPath;
  /**
   * Backups to an object store (barman): `spec.backup`, a ScheduledBackup, the store's
   * credentials from an ExternalSecret and a named egress to the store. @default no backups
   */
  readonly backup?: PostgresBackupProps;
}

const POSTGRES_PORT = 5432;
/** The instance manager's status port, which the operator and the other instances call. */
const STATUS_PORT = 8000;
const METRICS_PORT = 9187;

/**
 * A CloudNativePG `Cluster`: PostgreSQL with replicas, failover and a `-rw` Service for the
 * primary. Clients connect through `uses`; they get the host and port of the `-rw` Service and
 * their login from the `<cluster>-app` Secret. Its NetworkPolicy admits exactly its clients,
 * its own instances (replication), the operator, and Prometheus when monitored.
 */
export class PostgresCluster extends Construct implements ConnectionTarget {
  public readonly component: string;
  /** The Cluster's name. */
  public readonly name: string;
  public readonly policyName: string;
  /** The `-rw` Service, which always points at the primary. */
  public readonly host: string;
  public readonly port: MemberPort = { name: 'postgres', port: POSTGRES_PORT };
  public readonly ports: readonly MemberPort[] = [this.port];
  public readonly peerPorts = [POSTGRES_PORT, STATUS_PORT];
  public readonly selector: Readonly<Record<string, string>>;
  public readonly credentials: TargetCredentials;
  public readonly uses: readonly Connection[] = [];
  public readonly egress: readonly NamedEgressRule[];
  public readonly egressConditions: ReadonlyArray<string | undefined>;
  public readonly condition?: string;
  public readonly resource: Cluster;
  /** The PostgreSQL image, which also has `pg_isready` for clients that wait for the database. */
  public readonly imageName: string;
  private readonly admitted = new NamespaceIngressList();

  constructor(scope: Construct, id: string, props: PostgresClusterProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    const where = this.node.path;
    const image = chart.plainOf(props.imageName);
    if (!/:[^/:]+$/.test(image) || /:latest$/.test(image)) {
      throw new Error(`${where}: imageName "${props.imageName}" needs a pinned tag, e.g. ghcr.io/cloudnative-pg/postgresql:16.4.`);
    }
    if (!Number.isInteger(props.instances) || props.instances < 1) {
      throw new Error(`${where}: instances must be an integer of at least 1 (found ${props.instances}).`);
    }
    this.component = props.component;
    this.imageName = mirroredImage(chart, props.imageName, props.imageRegistry ?? '');
    this.name = chart.nameOf(props.component);
    this.policyName = this.name;
    this.host = `${this.name}-rw`;
    this.condition = chart.helm?.currentCondition;
    // CNPG labels every instance pod with its cluster's name.
    this.selector = { 'cnpg.io/cluster': this.name };
    const appSecret = `${this.name}-app`;
    if (props.credentials && chart.plainOf(props.credentials.secretName) !== chart.plainOf(appSecret)) {
      throw new Error(`${where}: the credentials Secret must be named "${appSecret}" (found "${props.credentials.secretName}"); set the ExternalSecret's targetName.`);
    }
    if (props.connectionUrl && !props.credentials?.keys.includes(props.connectionUrl.key)) {
      throw new Error(`${where}: connectionUrl names key "${props.connectionUrl.key}", which the credentials ExternalSecret does not render; build it with postgresCredentials().`);
    }
    this.credentials = { secretName: appSecret, usernameKey: 'username', passwordKey: 'password', database: props.database, ...(props.connectionUrl ? { url: props.connectionUrl } : {}) };
    const egress: NamedEgressRule[] = [{ name: 'kubernetes-api', to: { cidr: props.apiServerCidr ?? '0.0.0.0/0' }, ports: [443, 6443] }];
    const egressConditions: Array<string | undefined> = [undefined];
    this.egress = egress;
    this.egressConditions = egressConditions;
    const backup = props.backup ? postgresBackupParts(this, props.component, this.name, props.backup) : undefined;
    const backupToggle = props.backup?.valuesPath ? childPath(props.backup.valuesPath, 'enabled') : undefined;
    // In the chart the backup exists under its toggle; in plain YAML only when enabled.
    const backupCondition = chart.helm && backupToggle ? and([this.condition, valuesExpression(backupToggle.split('.'))].filter((c): c is string => !!c)) : undefined;
    this.admitted.add(props.operatorNamespace ?? 'cnpg-system', [POSTGRES_PORT, STATUS_PORT], this.condition);

    this.resource = new Cluster(this, 'Resource', {
      // The Cluster holds the data: the operator deletes its volumes with it, so neither helm
      // uninstall nor a GitOps prune may delete it (delete it by hand when the data may go).
      metadata: { name: this.name, namespace: chart.namespaceName, labels: chart.labelsOf(props.component), annotations: { ...KEEP_ON_DELETE_ANNOTATIONS } },
      spec: {
        instances: props.instances,
        imageName: this.imageName,
        primaryUpdateStrategy: 'unsupervised' as any,
        enableSuperuserAccess: false,
        ...podConventionFields(props.podConventions),
        storage: { size: props.storageSize, ...(props.storageClass ? { storageClass: props.storageClass } : {}) },
        bootstrap: {
          initdb: {
            database: props.database,
            owner: props.owner,
            ...(props.credentials ? { secret: { name: appSecret } } : {}),
            ...(props.postInitApplicationSql?.length ? { postInitApplicationSql: [...props.postInitApplicationSql] } : {}),
          },
        },
        postgresql: {
          parameters: Object.fromEntries(Object.entries(props.parameters ?? {}).map(([k, v]) => [k, String(v)])),
          // Checked before CNPG's own rules; local and replication (certificate) connections are unaffected.
          ...(props.requireTls ? { pgHba: ['hostnossl all all all reject'] } : {}),
        },
        ...(backup && (props.backup?.enabled || chart.helm) ? { backup: backup.spec } : {}),
        resources: {
          requests: { cpu: ClusterSpecResourcesRequests.fromString(String(props.resources.requests.cpu)), memory: ClusterSpecResourcesRequests.fromString(String(props.resources.requests.memory)) },
          limits: { cpu: ClusterSpecResourcesLimits.fromString(String(props.resources.limits.cpu)), memory: ClusterSpecResourcesLimits.fromString(String(props.resources.limits.memory)) },
        },
      },
    });
    if (props.podConventions) bindPodConventions(chart, this.resource, ['spec'], props.podConventions.componentKey);
    const vp = props.valuesPath;
    if (vp) {
      chart.bindField(this.resource, ['spec', 'instances'], childPath(vp, 'instances'));
      // Each parameter as a string, as the plain synth writes it (CNPG refuses numbers).
      const asStrings = '$kubesynthParameters';
      chart.helm?.overlay(this.resource, {
        path: ['spec', 'postgresql', 'parameters'],
        value: `{{ ${asStrings} := dict }}{{ range $k, $v := $.Values.${vp}.parameters }}{{ $_ := set ${asStrings} $k (toString $v) }}{{ end }}{{ ${asStrings} | toJson }}`,
      });
      if (chart.helm) bindResources(chart.helm, this.resource, ['spec', 'resources'], [...vp.split('.'), 'resources']);
      // The plain synth leaves storageClass out when empty (the cluster default).
      chart.helm?.overlay(this.resource, { path: ['spec', 'storage', 'storageClass'], when: `$.Values.${vp}.storage.storageClass` });
    }
    if (backup && props.backup) {
      const b = props.backup;
      const addParts = () => {
        backup.build(this);
        egress.push(b.egress);
        egressConditions.push(chart.helm?.currentCondition);
      };
      if (backupToggle) chart.whenAt(backupToggle, b.enabled, addParts);
      else if (b.enabled) addParts();
      if (backupCondition) {
        chart.helm?.overlay(this.resource, { path: ['spec', 'backup'], when: backupCondition });
        // The plain synth leaves endpointUrl out when empty (AWS S3).
        chart.helm?.overlay(this.resource, { path: ['spec', 'backup', 'barmanObjectStore', 'endpointURL'], when: valuesExpression([...(b.valuesPath ?? '').split('.'), 'endpointUrl']) });
      }
    }
    registerNetworkMember(chart, this);
  }

  /**
   * Scrapes the instances' metrics (port 9187) with a PodMonitor labelled for the Prometheus
   * instance, and admits Prometheus's namespace to that port. Call it under the platform's
   * monitoring toggle.
   */
  public monitor(opts: DatabaseMonitorOptions): PodMonitor {
    const chart = PlatformChart.of(this);
    this.admitted.add(opts.prometheusNamespace, [METRICS_PORT], chart.helm?.currentCondition);
    return new PodMonitor(this, 'PodMonitor', { component: this.component, selector: this.selector, portName: 'metrics', ...opts });
  }

  public get ingressFromNamespaces(): readonly NamespaceIngress[] {
    return this.admitted.entries;
  }
}

/** The image with the mirror's registry; in the chart a token whose expression does the same from values. */
function mirroredImage(chart: PlatformChart, imageName: string, registry: string): string {
  const helm = chart.helm;
  if (!helm) return mirroredImageName(imageName, registry);
  if (!registry) return imageName;
  const plain = mirroredImageName(helm.plain(imageName), helm.plain(registry));
  return helm.token(mirroredImageNameExpression(helm.expressionOf(imageName), helm.expressionOf(registry)), plain);
}
