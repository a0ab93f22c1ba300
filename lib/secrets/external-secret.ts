import { Construct } from 'constructs';
import { ExternalSecret as ExternalSecretV1, ExternalSecretV1Beta1 } from '../../imports/externalsecrets-external-secrets.io';
import { PlatformChart } from '../platform/platform-chart';
import type { SecretKeyReference } from './secret-key-reference';

export type { ExternalSecretApiVersion, SecretStoreReference } from '../values/secret-store-values';
import type { ExternalSecretApiVersion, SecretStoreReference } from '../values/secret-store-values';

/** One key of the Secret, read from one remote secret (and property). */
export interface ExternalSecretKey {
  /** Key in the Kubernetes Secret, e.g. `password`. */
  readonly secretKey: string;
  /** Name of the secret in the store, e.g. `cortex-core/database`. */
  readonly remoteKey: string;
  /** Property within a JSON remote secret, e.g. `password`. @default the whole value */
  readonly property?: string;
}

export interface ExternalSecretProps {
  /** Component the Secret serves; the ExternalSecret is named `<platform>-<component>`. */
  readonly component: string;
  readonly store: SecretStoreReference;
  /** Keys read one by one. */
  readonly data?: readonly ExternalSecretKey[];
  /** Remote secrets whose every property becomes a key (`dataFrom.extract`). */
  readonly dataFrom?: ReadonlyArray<{ readonly remoteKey: string; readonly keys: readonly string[] }>;
  /** How often the operator reads the store again, as a Go duration. @default 1h */
  readonly refreshInterval?: string;
  /** @default v1 */
  readonly apiVersion?: ExternalSecretApiVersion;
  /** Name of the Secret the operator writes. @default the ExternalSecret's name */
  readonly targetName?: string;
  /** Owner: the Secret is deleted with the ExternalSecret. @default Owner */
  readonly creationPolicy?: 'Owner' | 'Orphan' | 'Merge' | 'None';
  /** What happens to the Secret when the remote secret is gone. @default Retain */
  readonly deletionPolicy?: 'Retain' | 'Delete' | 'Merge';
  /** Secret type, e.g. `kubernetes.io/basic-auth` (CNPG requires it). @default Opaque */
  readonly secretType?: string;
  /**
   * Keys the operator renders from the fetched ones with its v2 template engine (Go templates,
   * e.g. `{{ .password | urlquery }}`; see `percentEncoded`). They are added next to the
   * `data` keys (mergePolicy Merge), so consumers of the plain keys keep them.
   * @default none
   */
  readonly templateData?: Readonly<Record<string, string>>;
}

/**
 * An ExternalSecret: the Secret a workload reads is written by the External Secrets Operator
 * from a secret store, so no credential is ever in config, YAML or chart. Fields the API
 * server or operator would default are written out, so Argo CD shows no permanent drift.
 */
export class ExternalSecret extends Construct {
  /** Name of the Secret the operator writes. */
  public readonly secretName: string;
  /** Keys the Secret will hold. */
  public readonly keys: readonly string[];

  constructor(scope: Construct, id: string, props: ExternalSecretProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    const name = chart.nameOf(props.component);
    this.secretName = props.targetName ?? name;
    const data = props.data ?? [];
    const dataFrom = props.dataFrom ?? [];
    if (!data.length && !dataFrom.length) {
      throw new Error(`${this.node.path}: an ExternalSecret needs data or dataFrom; list the keys the workload reads.`);
    }
    const templated = Object.keys(props.templateData ?? {});
    this.keys = [...data.map((d) => d.secretKey), ...dataFrom.flatMap((d) => d.keys), ...templated];
    const duplicate = this.keys.find((k, i) => this.keys.indexOf(k) !== i);
    if (duplicate) throw new Error(`${this.node.path}: key "${duplicate}" is listed twice; each Secret key comes from one place.`);

    // Written out because the operator fills them in otherwise (Argo CD would show drift).
    const strategies = { conversionStrategy: 'Default', decodingStrategy: 'None', metadataPolicy: 'None' };
    const spec = {
      refreshInterval: props.refreshInterval ?? '1h',
      secretStoreRef: { name: props.store.name, kind: props.store.kind ?? 'ClusterSecretStore' },
      target: {
        name: this.secretName,
        creationPolicy: props.creationPolicy ?? 'Owner',
        deletionPolicy: props.deletionPolicy ?? 'Retain',
        ...(props.secretType || templated.length ? {
          template: {
            ...(props.secretType ? { type: props.secretType } : {}),
            engineVersion: 'v2',
            // Merge keeps the fetched keys next to the rendered ones; Replace would leave only the rendered ones.
            mergePolicy: templated.length ? 'Merge' : 'Replace',
            ...(templated.length ? { data: { ...props.templateData } } : {}),
          },
        } : {}),
      },
      ...(data.length ? {
        data: data.map((d) => ({
          secretKey: d.secretKey,
          remoteRef: { key: d.remoteKey, ...(d.property !== undefined ? { property: d.property } : {}), ...strategies },
        })),
      } : {}),
      ...(dataFrom.length ? { dataFrom: dataFrom.map((d) => ({ extract: { key: d.remoteKey, ...strategies } })) } : {}),
    };
    const metadata = { name, namespace: chart.namespaceName, labels: chart.labelsOf(props.component) };
    // In the chart the version is a value lookup, so it is chosen by the template, not here.
    const resource = !chart.helm && props.apiVersion === 'v1beta1'
      ? new ExternalSecretV1Beta1(this, 'Resource', { metadata, spec: spec as any })
      : new ExternalSecretV1(this, 'Resource', { metadata, spec: spec as any });
    if (chart.helm && props.apiVersion) {
      chart.helm.overlay(resource, { path: ['apiVersion'], value: `{{ print "external-secrets.io/" (${chart.helm.expressionOf(props.apiVersion)}) | toJson }}` });
    }
  }

  /** A reference to one key of the Secret, for a workload's `secretEnv`. */
  public keyRef(key: string): SecretKeyReference {
    if (!this.keys.includes(key)) {
      throw new Error(`${this.node.path}: the Secret "${this.secretName}" has no key "${key}" (keys: ${this.keys.join(', ')}).`);
    }
    return { secretName: this.secretName, key };
  }
}
