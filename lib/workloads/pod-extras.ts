import { ApiObject, JsonPatch } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-28';
import { ConfigError, formatPath } from '../config/config-error';
import { mergeValues, ValuesTree } from '../config/merge-values';
import { goLiteral, HelmTemplating, valuesExpression } from '../templating/helm-templating';
import type { ComponentValues } from '../values/component-values';
import { PlatformChart } from '../platform/platform-chart';
import { RESTRICTED_CONTAINER_SECURITY } from './pod-template';

type Item = Readonly<Record<string, unknown>>;

/**
 * Kubernetes objects a user adds to the pod kubesynth builds for a component (the Bitnami
 * `extraEnv`, `extraVolumes`, `sidecars`, ... conventions), as the values schema has checked them.
 */
export interface PodExtras {
  /** EnvVars added to the main container after its own. @default none */
  readonly env?: readonly Item[];
  /** EnvFromSources loaded into the main container before its own, so the platform's keys win. @default none */
  readonly envFrom?: readonly Item[];
  /** Volumes added to the pod after its own. @default none */
  readonly volumes?: readonly Item[];
  /** VolumeMounts added to the main container after its own. @default none */
  readonly volumeMounts?: readonly Item[];
  /** Containers run beside the main one, each under kubesynth's restricted security context. @default none */
  readonly sidecars?: readonly Item[];
  /** Containers run before the pod's, after its own init containers, under the same security context. @default none */
  readonly initContainers?: readonly Item[];
}

/** The component value each extra comes from: typed, so a renamed value breaks the build here. */
export const EXTRA_VALUES: { readonly [K in keyof PodExtras]-?: keyof ComponentValues } = {
  env: 'extraEnv',
  envFrom: 'extraEnvFrom',
  volumes: 'extraVolumes',
  volumeMounts: 'extraVolumeMounts',
  sidecars: 'sidecars',
  initContainers: 'initContainers',
};

/** Where a list of extras goes in the pod template, and whether before or after what kubesynth puts there. */
const PLACES: { readonly [K in keyof PodExtras]-?: { readonly path: readonly (string | number)[]; readonly position: 'start' | 'end'; readonly container?: boolean } } = {
  env: { path: ['containers', 0, 'env'], position: 'end' },
  envFrom: { path: ['containers', 0, 'envFrom'], position: 'start' },
  volumes: { path: ['volumes'], position: 'end' },
  volumeMounts: { path: ['containers', 0, 'volumeMounts'], position: 'end' },
  sidecars: { path: ['containers'], position: 'end', container: true },
  initContainers: { path: ['initContainers'], position: 'end', container: true },
};

/** A container from values with kubesynth's restricted security context under its own (maps merge, lists replace: what Helm's mergeOverwrite does). */
function restricted(container: Item): Item {
  // Back to ordinary objects: mergeValues makes null-prototype maps, which cdk8s cannot resolve.
  return JSON.parse(JSON.stringify(mergeValues({ securityContext: { ...RESTRICTED_CONTAINER_SECURITY } } as unknown as ValuesTree, container as ValuesTree)));
}

const names = (items: readonly { name?: unknown }[] | undefined): string[] => (items ?? []).map((i) => String(i.name));
const list = (items: readonly string[]) => items.join(', ');

/** What the extras of the component at `valuesPath` may not do to `spec`: every refusal the chart's guard makes too, with the same words. */
function problems(spec: k8s.PodSpec, extras: PodExtras, valuesPath: string): Array<{ path: (string | number)[]; expected: string; found: string }> {
  const out: Array<{ path: (string | number)[]; expected: string; found: string }> = [];
  const at = (field: keyof PodExtras, ...rest: (string | number)[]) => [...valuesPath.split('.'), EXTRA_VALUES[field], ...rest];
  // The API server warns of an env var that hides an earlier one: refused here instead.
  const env = names(spec.containers[0].env);
  (extras.env ?? []).forEach((e, i) => {
    if (env.includes(String(e.name))) out.push({ path: at('env', i, 'name'), expected: `a name the container does not set already (${list(env)})`, found: JSON.stringify(e.name) });
    env.push(String(e.name));
  });
  const volumes = names(spec.volumes);
  (extras.volumes ?? []).forEach((v, i) => {
    if (volumes.includes(String(v.name))) out.push({ path: at('volumes', i, 'name'), expected: `a volume name the pod does not have yet (${list(volumes)})`, found: JSON.stringify(v.name) });
    volumes.push(String(v.name));
  });
  const mounted = (mounts: unknown, path: (string | number)[]) => ((mounts ?? []) as Item[]).forEach((m, j) => {
    if (!volumes.includes(String(m.name))) out.push({ path: [...path, j, 'name'], expected: `the name of a volume of the pod (${list(volumes)})`, found: JSON.stringify(m.name) });
  });
  mounted(extras.volumeMounts, at('volumeMounts'));
  for (const field of ['sidecars', 'initContainers'] as const) (extras[field] ?? []).forEach((c, i) => mounted(c.volumeMounts, [...at(field, i), 'volumeMounts']));
  return out;
}

/**
 * JSON patches of the controller that add the extras where {@link PLACES} says. Patches, not
 * fields of the typed spec: cdk8s's typed conversion would drop what it expects as objects
 * (a quantity `"64Mi"`, an int-or-string port), and the values are Kubernetes JSON already. A
 * mount of a volume the pod lacks, a volume or env var name it has already are refused with
 * the values path, as the chart refuses them (see {@link bindPodExtras}).
 */
export function podExtrasPatches(spec: k8s.PodSpec, extras: PodExtras, valuesPath: string): JsonPatch[] {
  const found = problems(spec, extras, valuesPath);
  if (found.length) throw new ConfigError(found.map((p) => ({ file: 'values', path: formatPath(p.path), expected: p.expected, found: p.found })));
  const patches: JsonPatch[] = [];
  for (const field of Object.keys(PLACES) as Array<keyof PodExtras>) {
    const place = PLACES[field];
    const items = (extras[field] ?? []).map((i) => (place.container ? restricted(i) : i));
    if (!items.length) continue;
    const pointer = `/spec/template/spec/${place.path.join('/')}`;
    const own = place.path.reduce<unknown>((node, s) => (node as Record<string | number, unknown> | undefined)?.[s], spec) as unknown[] | undefined;
    if (!own?.length) patches.push(JsonPatch.add(pointer, items));
    else if (place.position === 'end') patches.push(...items.map((i) => JsonPatch.add(`${pointer}/-`, i)));
    else patches.push(...items.map((i, n) => JsonPatch.add(`${pointer}/${n}`, i)));
  }
  return patches;
}

/**
 * Helm chart: the same extras read from `.Values.<valuesPath>`, appended to (or put before) the
 * lists of the controller's pod template, and a guard that fails the render with the plain
 * synth's message where {@link extendPod} refuses. `built` is the pod spec as synthesized.
 */
export function bindPodExtras(helm: HelmTemplating, controller: ApiObject, valuesPath: string, built: k8s.PodSpec): void {
  const v = (field: keyof PodExtras) => valuesExpression([...valuesPath.split('.'), EXTRA_VALUES[field]]);
  const template = ['spec', 'template', 'spec'];
  const restrictedContainer = `${PlatformChart.of(controller).platform}.restrictedContainer`;
  if (!helm.hasDefinition(restrictedContainer)) {
    helm.define(
      restrictedContainer,
      'A sidecar or init container from values (JSON) over kubesynth\'s restricted security context.',
      [
        '{{- $restricted := dict',
        ...Object.entries(RESTRICTED_CONTAINER_SECURITY).map(([k, value]) => `  ${JSON.stringify(k)} ${goLiteral(value)}`),
        '-}}',
        '{{- mustMergeOverwrite (dict "securityContext" $restricted) (deepCopy .) | toJson -}}',
      ].join('\n'),
    );
  }
  const item = `include ${JSON.stringify(restrictedContainer)} $item | fromJson`;
  for (const field of Object.keys(PLACES) as Array<keyof PodExtras>) {
    const place = PLACES[field];
    helm.extendList(controller, { path: [...template, ...place.path], expression: v(field), position: place.position, ...(place.container ? { item } : {}) });
  }
  helm.guard(controller, guardTemplate(valuesPath, v, built));
}

/** The chart's side of {@link problems}: Go template text that renders nothing or fails with the same message. */
function guardTemplate(valuesPath: string, v: (field: keyof PodExtras) => string, built: k8s.PodSpec): string {
  const path = (field: keyof PodExtras) => formatPath([...valuesPath.split('.'), EXTRA_VALUES[field]]);
  // The arguments on a line of their own keep the template's lines short.
  const fail = (where: string, expected: string, args: string) => `{{- fail (printf ${JSON.stringify(`values at ${where}: expected ${expected}, found %q`)}\n  ${args}) }}`;
  const mounts = (over: string, where: string, args: string) => [
    `{{- range $j, $m := ${over} }}`,
    `{{- if not (has $m.name $volumes) }}`,
    fail(where, 'the name of a volume of the pod (%s)', `${args} (join ", " $volumes) $m.name`),
    '{{- end }}',
    '{{- end }}',
  ];
  return [
    `{{- /* Names the extras refer to or must not repeat: the pod's own, then those the values add (kubesynth synth refuses the same). */}}`,
    `{{- $env := ${goList(names(built.containers[0].env))} }}`,
    `{{- range $i, $e := ${v('env')} }}`,
    `{{- if has $e.name $env }}`,
    fail(`${path('env')}[%d].name`, 'a name the container does not set already (%s)', '$i (join ", " $env) $e.name'),
    '{{- end }}',
    '{{- $env = append $env $e.name }}',
    '{{- end }}',
    `{{- $volumes := ${goList(names(built.volumes))} }}`,
    `{{- range $i, $v := ${v('volumes')} }}`,
    `{{- if has $v.name $volumes }}`,
    fail(`${path('volumes')}[%d].name`, 'a volume name the pod does not have yet (%s)', '$i (join ", " $volumes) $v.name'),
    '{{- end }}',
    '{{- $volumes = append $volumes $v.name }}',
    '{{- end }}',
    ...mounts(v('volumeMounts'), `${path('volumeMounts')}[%d].name`, '$j'),
    ...(['sidecars', 'initContainers'] as const).flatMap((field) => [
      `{{- range $i, $c := ${v(field)} }}`,
      ...mounts('$c.volumeMounts', `${path(field)}[%d].volumeMounts[%d].name`, '$i $j'),
      '{{- end }}',
    ]),
  ].join('\n');
}

/** A Go template list of strings, one per line when they do not fit on one. */
function goList(items: readonly string[]): string {
  const line = `list ${items.map((i) => JSON.stringify(i)).join(' ')}`;
  return line.length <= 100 ? line : ['list', ...items.map((i) => `  ${JSON.stringify(i)}`)].join('\n');
}
