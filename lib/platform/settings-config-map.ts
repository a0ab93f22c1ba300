import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { standardLabels } from '../naming/labels';
import { checksumOf } from './checksum';
import { PlatformChart } from './platform-chart';

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
  public readonly name: string;
  public readonly data: Readonly<Record<string, string>>;
  /** Changes whenever any value changes; workloads put it on their pod template to roll on change. */
  public readonly checksum: string;

  constructor(scope: Construct, id: string, props: SettingsConfigMapProps) {
    super(scope, id);
    const chart = PlatformChart.of(this);
    this.name = chart.nameOf(props.component);
    const data: Record<string, string> = {};
    for (const key of Object.keys(props.settings).sort()) {
      const name = envVarName(key);
      if (name in data) throw new Error(`${this.node.path}: settings "${key}" and another key both map to env var ${name}.`);
      data[name] = settingText(props.settings[key]);
    }
    this.data = data;
    this.checksum = checksumOf(data);
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: {
        name: this.name,
        namespace: chart.namespace,
        labels: standardLabels({ platform: chart.platform, component: props.component }),
      },
      data,
    });
  }
}
