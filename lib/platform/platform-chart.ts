import { ApiObject, Chart } from 'cdk8s';
import { Construct, type IConstruct } from 'constructs';
import { FieldPath, HelmTemplating } from '../templating/helm-templating';
import { pathOf, type ValuesPath, valuesExpressionAt } from '../templating/values-binding';
import { assertDns1123Label } from '../naming/dns';
import { LabelIdentity, selectorLabels, standardLabels } from '../naming/labels';
import { appName, componentName, releaseFullname } from '../naming/names';
import type { ReleaseNameValues } from '../values/release-name-values';
import type { ValueOrigin } from '../values/value-origin';

export interface PlatformChartProps {
  /** Platform name, e.g. `cortex-core`. */
  readonly platform: string;
  /** Environment name, e.g. `prod`. */
  readonly environment: string;
  /** Namespace the platform's workloads run in. */
  readonly namespace: string;
  /** `nameOverride` and `fullnameOverride` from values; ignored in helm mode, where the chart's helpers read them. @default no override */
  readonly names?: ReleaseNameValues;
  /**
   * Set when building the Helm chart: constructs then record template expressions, toggles
   * and overlays alongside the objects. @default plain YAML
   */
  readonly helm?: HelmTemplating;
}

/** A component of a platform: a construct with pods, named once per platform. */
export interface ChartComponent extends IConstruct {
  readonly component: string;
}

/**
 * One platform in one environment. Workloads register here so that platform-wide objects
 * (NetworkPolicies) can be derived from what was declared, once every component exists.
 * Names and labels come from here, so the Helm chart can give them the release's prefix.
 */
export class PlatformChart extends Chart {
  /** Finds the PlatformChart a construct belongs to; constructs outside one are a programming error. */
  public static of(scope: Construct): PlatformChart {
    const chart: Chart = Chart.of(scope);
    if (!(chart instanceof PlatformChart)) {
      throw new Error(`${scope.node.path}: kubesynth constructs must be created inside a PlatformChart.`);
    }
    return chart as PlatformChart;
  }

  public readonly platform: string;
  public readonly environment: string;
  /**
   * Namespace the platform's workloads run in. (Not cdk8s's `Chart.namespace`, which cdk8s
   * would also stamp on cluster-scoped objects such as Namespaces.)
   */
  public readonly namespaceName: string;
  public readonly helm?: HelmTemplating;
  /** Plain YAML: the `app.kubernetes.io/name` label and the object-name prefix, after the overrides. */
  private readonly appName: string;
  private readonly fullname: string;
  private readonly registered: ChartComponent[] = [];
  /** The registered components' names: a scan of `registered` per component made registering 1,000 quadratic. */
  private readonly components = new Set<string>();
  private readonly origins: ValueOrigin[] = [];

  constructor(scope: Construct, id: string, props: PlatformChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    assertDns1123Label(props.platform, 'Platform name');
    assertDns1123Label(props.environment, 'Environment name');
    assertDns1123Label(props.namespace, 'Namespace');
    this.platform = props.platform;
    this.environment = props.environment;
    this.namespaceName = props.namespace;
    this.helm = props.helm;
    const names = props.names ?? { nameOverride: '', fullnameOverride: '' };
    this.appName = appName(props.platform, names);
    this.fullname = releaseFullname(props.platform, names);
  }

  /**
   * `<fullname>-<component>`, `<platform>-<component>` without overrides (Bitnami-style, so
   * releases never collide); in the chart, the `<platform>.componentName` helper.
   */
  public nameOf(component: string): string {
    if (!this.helm) return componentName(this.platform, component, this.fullname);
    const plain = componentName(this.platform, component);
    if (component === this.platform) return this.helm.token(`include "${this.platform}.fullname" $`, plain);
    return this.helm.token(`include "${this.platform}.componentName" (dict "context" $ "component" ${JSON.stringify(component)})`, plain);
  }

  private identity(component: string, version?: string): LabelIdentity {
    if (!this.helm) return { platform: this.appName, instance: this.platform, component, version };
    return {
      platform: this.helm.token(`include "${this.platform}.name" $`, this.platform),
      instance: this.helm.token('$.Release.Name', this.platform),
      component,
      version,
      managedBy: this.helm.token('$.Release.Service', 'Helm'),
      extra: { 'helm.sh/chart': this.helm.token(`include "${this.platform}.chart" $`, this.platform) },
    };
  }

  /** The `app.kubernetes.io/*` labels of a component's objects; in the chart, the `<platform>.labels` helper. */
  public labelsOf(component: string, version?: string): Record<string, string> {
    const labels = standardLabels(this.identity(component, version));
    const versionArg = version === undefined ? '""' : `(${this.helm?.expressionOf(version)})`;
    this.helm?.knownMap(labels, `include "${this.platform}.labels" (dict "context" $ "component" ${JSON.stringify(component)} "version" ${versionArg})`);
    return labels;
  }

  /** The immutable selector labels of a component's pods; in the chart, the `<platform>.selectorLabels` helper. */
  public selectorOf(component: string): Record<string, string> {
    const labels = selectorLabels(this.identity(component));
    this.helm?.knownMap(labels, `include "${this.platform}.selectorLabels" (dict "context" $ "component" ${JSON.stringify(component)})`);
    return labels;
  }

  /**
   * Builds an optional part of the platform, switched by the boolean `enabled` reads from the
   * values (`() => v.ingress.enabled`). Plain YAML: only when it is true. Helm chart: always,
   * under `{{ if .Values.<its path> }}`, so the toggle adds or removes the same objects in both.
   */
  public when(enabled: () => boolean, build: () => void): void {
    if (!this.helm) {
      if (enabled()) build();
      return;
    }
    this.helm.within(this, valuesExpressionAt(pathOf(enabled)), build);
  }

  /**
   * {@link when} for a construct that holds a copy of a toggle and the path it was read from
   * (see values-binding's childPath): the same switch, in both outputs.
   */
  public whenAt(path: ValuesPath, enabled: boolean, build: () => void): void {
    if (!this.helm) {
      if (enabled) build();
      return;
    }
    this.helm.within(this, valuesExpressionAt(path), build);
  }

  /**
   * `value`, or `fallback` when `value` is empty. In the chart, Sprig's `default` of the two, so
   * the choice is made at render time from the values, as the plain synth makes it.
   */
  public valueOr(value: string, fallback: string): string {
    if (!this.helm) return value || fallback;
    const plain = this.helm.plain(value) || this.helm.plain(fallback);
    return this.helm.token(`default (${this.helm.expressionOf(fallback)}) (${this.helm.expressionOf(value)})`, plain);
  }

  /** What `text` renders to with the chart's defaults (checks on values use it: in the chart, strings are value-lookup tokens). */
  public plainOf(text: string): string {
    return this.helm ? this.helm.plain(text) : text;
  }

  /**
   * Helm chart only: the field at `path` renders from `.Values.<valuesPath>`. For numbers,
   * booleans and maps from values, which (unlike strings) cannot carry a value-lookup token.
   */
  public bindField(object: ApiObject, path: FieldPath, valuesPath: ValuesPath | undefined): void {
    if (!this.helm || !valuesPath) return;
    this.helm.overlay(object, { path, value: `{{ ${valuesExpressionAt(valuesPath)} | toJson }}` });
  }

  /**
   * Helm chart only: merges the map at `.Values.<valuesPath>` into the object's map at `path`
   * (e.g. extra labels), so keys added in values appear, as they do in the plain synth.
   */
  public extendFromValues(object: ApiObject, path: FieldPath, valuesPath: ValuesPath | undefined): void {
    if (!this.helm || !valuesPath) return;
    this.helm.extend(object, { path, expression: valuesExpressionAt(valuesPath) });
  }

  /** Records which value sets an immutable field of an object, so a refused change names it. */
  public recordValueOrigin(origin: ValueOrigin): void {
    this.origins.push(origin);
  }

  /** Every origin {@link recordValueOrigin} recorded. */
  public get valueOrigins(): readonly ValueOrigin[] {
    return this.origins;
  }

  /**
   * Records a component with pods (a workload, a database, a job), refusing a name used twice.
   * The network layer keeps what it needs of them (network/network-members.ts); the chart knows
   * only their names and order.
   */
  public register(member: ChartComponent): void {
    if (this.components.has(member.component)) {
      throw new Error(`${member.node.path}: component "${member.component}" is declared twice in platform "${this.platform}"; component names must be unique.`);
    }
    this.registered.push(member);
    this.components.add(member.component);
  }

  /** Everything registered (workloads, databases, jobs), in declaration order. */
  public get members(): readonly ChartComponent[] {
    return this.registered;
  }
}
