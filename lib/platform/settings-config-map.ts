import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { valuesExpression } from '../templating/helm-templating';
import { PlatformChart } from './platform-chart';
import type { ValuesPath } from '../templating/values-binding';

/** A setting as typed in config; rendered as the string an env var holds. */
export type SettingValue = string | number | boolean | readonly string[];

export interface SettingsConfigMapProps {
  /** Component the settings belong to; the ConfigMap is named `<platform>-<component>`. */
  readonly component: string;
  /**
   * Typed settings keyed in camelCase; each becomes an env var in SCREAMING_SNAKE_CASE
   * (`dbPoolSize` becomes `DB_POOL_SIZE`). Lists are joined with commas.
   */
  readonly settings: Readonly<Record<string, SettingValue>>;
  /** Prefix of every env var name, e.g. `COGNITION_` (`logLevel` becomes `COGNITION_LOG_LEVEL`). @default none */
  readonly envPrefix?: string;
  /** Values path the settings come from (e.g. `settings`), so the Helm chart reads them from there. */
  readonly valuesPath?: ValuesPath;
  /**
   * Values paths of settings kept elsewhere in values than under `valuesPath`, by setting key,
   * e.g. `{ otelExporterOtlpEndpoint: 'tracing.endpoint' }`, so the chart reads those from
   * there. @default every setting is under `valuesPath`
   */
  readonly settingValuesPaths?: Readonly<Record<string, ValuesPath>>;
}

/** `dbPoolSize` -> `DB_POOL_SIZE`. */
export function envVarName(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

export function settingText(value: SettingValue): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

/** A ConfigMap of env-var settings, loaded by workloads with `envFrom`. */
export class SettingsConfigMap extends Construct {
  public readonly component: string;
  public readonly name: string;
  public readonly data: Readonly<Record<string, string>>;
  /** In the Helm chart: a Go expression building the same `data` map from values. */
  public readonly helmData?: string;

  constructor(scope: Construct, id: string, props: SettingsConfigMapProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    if (props.envPrefix !== undefined && !/^[A-Z_][A-Z0-9_]*$/.test(props.envPrefix)) {
      throw new Error(`${this.node.path}: envPrefix "${props.envPrefix}" is not the start of an env var name; use capitals, digits and _, e.g. COGNITION_.`);
    }
    this.component = props.component;
    this.name = chart.nameOf(props.component);
    const data: Record<string, string> = {};
    const helmEntries: string[] = [];
    const stray = Object.keys(props.settingValuesPaths ?? {}).find((k) => !(k in props.settings));
    if (stray) throw new Error(`${this.node.path}: settingValuesPaths names "${stray}", which is not a setting; list only keys of settings.`);
    for (const key of Object.keys(props.settings).sort()) {
      const name = `${props.envPrefix ?? ''}${envVarName(key)}`;
      if (name in data) throw new Error(`${this.node.path}: settings "${key}" and another key both map to env var ${name}.`);
      data[name] = settingText(props.settings[key]);
      if (chart.helm) {
        // Bound to values: read them (typed) from there; otherwise the text, whose strings may still be value lookups.
        const own = props.settingValuesPaths?.[key];
        const value = own ? valuesExpression(own.split('.')) : props.valuesPath ? valuesExpression([...props.valuesPath.split('.'), key]) : undefined;
        const expression = !value ? chart.helm.expressionOf(data[name]) : Array.isArray(props.settings[key]) ? `join "," ${value}` : `toString ${value}`;
        helmEntries.push(`${name}: {{ ${expression} | toJson }}`);
      }
    }
    this.data = data;
    const resource = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: this.name, namespace: chart.namespaceName, labels: chart.labelsOf(props.component) },
      data,
    });
    if (chart.helm && helmEntries.length) {
      // One line per setting in a named template, which both the ConfigMap and its pods' checksum include.
      const template = `${chart.platform}.${props.component}.data`;
      chart.helm.define(template, `The ${props.component} ConfigMap's data, one setting per line; pods that load it carry its checksum.`, helmEntries.join('\n'));
      this.helmData = `(include "${template}" $ | fromYaml)`;
      chart.helm.overlay(resource, { path: ['data'], value: `{{- include "${template}" $ | nindent 2 }}` });
    }
  }
}
