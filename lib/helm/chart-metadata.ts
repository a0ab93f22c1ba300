import { Type, type Static } from '@sinclair/typebox';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveValues } from '../config/resolve-values';
import type { ValuesValidators } from '../config/values-validators';
import { readValuesFile } from '../config/values-source';
import { toYaml } from '../emit/plain-emitter';
import { HELM_ONLY_LABELS } from '../naming/labels';

const URL = Type.String({ pattern: '^https://\\S+$', description: 'An https:// URL.' });

/**
 * `config/chart.yaml`: who publishes the charts and where they come from. Helm shows it
 * (`helm show chart`), Artifact Hub lists it; one file for every platform's chart.
 */
export const chartInfoSchema = Type.Object(
  {
    // The project's home page.
    home: URL,
    // Where the chart's source lives (this repository, the applications' repositories).
    sources: Type.Array(URL),
    // People or teams who answer for the charts.
    maintainers: Type.Array(Type.Object(
      {
        name: Type.String({ minLength: 1 }),
        email: Type.String({ pattern: '^$|^[^@\\s]+@[^@\\s]+$', description: 'An e-mail address, or empty.' }),
        url: Type.String({ pattern: '^$|^https://\\S+$', description: 'An https:// URL, or empty.' }),
      },
      { additionalProperties: false },
    )),
    // Artifact Hub shows the icon.
    icon: Type.String({ pattern: '^$|^https://\\S+$', description: 'An https:// URL of the icon, or empty for none.' }),
    // For `artifacthub.io/license`.
    license: Type.String({ pattern: '^[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*$', description: 'An SPDX license expression, e.g. Apache-2.0.' }),
    // Search words every chart carries; each chart adds its platform and component names.
    keywords: Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', description: 'Lower-case words joined by -.' })),
  },
  { additionalProperties: false },
);

/** `config/chart.yaml`, as read: home page, sources, maintainers, icon, SPDX license, keywords. */
export type ChartInfo = Static<typeof chartInfoSchema>;

const FILE_NAME = 'chart.yaml';

/** What a file may leave out. */
const DEFAULTS = { sources: [], maintainers: [], icon: '', keywords: [] };

/** Reads `<configDir>/chart.yaml`; without one the charts carry only name, version and description. */
export function loadChartInfo(configDir: string, validators?: ValuesValidators): ChartInfo | undefined {
  const file = join(configDir, FILE_NAME);
  if (!existsSync(file)) return undefined;
  return resolveValues<ChartInfo>(chartInfoSchema, [{ name: 'chart defaults', values: DEFAULTS }, readValuesFile(file)], undefined, validators);
}

export interface ChartMetadata {
  readonly name: string;
  readonly description: string;
  readonly version: string;
  readonly appVersion: string;
  /** Project-wide metadata from config/chart.yaml. @default none */
  readonly info?: ChartInfo;
  /** Words of this chart (its platform and components), after the project's keywords. @default none */
  readonly keywords?: readonly string[];
  /** Every image the chart can deploy, by the container (or operand) that runs it, for `artifacthub.io/images`. @default none */
  readonly images?: ReadonlyArray<{ readonly name: string; readonly image: string }>;
}

/** Oldest Kubernetes the objects are written for: autoscaling/v2 HPAs and policy/v1 PDBs are GA from 1.23; PSS labels from 1.25. */
export const KUBE_VERSION = '>=1.25.0-0';

export function chartYaml(m: ChartMetadata): string {
  const info = m.info;
  const keywords = [...new Set([...(info?.keywords ?? []), ...(m.keywords ?? [])])];
  const maintainers = (info?.maintainers ?? []).map((x) => ({ name: x.name, ...(x.email ? { email: x.email } : {}), ...(x.url ? { url: x.url } : {}) }));
  return toYaml({
    apiVersion: 'v2',
    name: m.name,
    description: m.description,
    type: 'application',
    version: m.version,
    appVersion: m.appVersion,
    kubeVersion: KUBE_VERSION,
    ...(info ? { home: info.home } : {}),
    ...(info?.sources.length ? { sources: info.sources } : {}),
    ...(keywords.length ? { keywords } : {}),
    ...(maintainers.length ? { maintainers } : {}),
    ...(info?.icon ? { icon: info.icon } : {}),
    annotations: {
      'kubesynth.io/generated': 'true',
      // Artifact Hub reads both as YAML text: the images list drives its security scan.
      ...(m.images?.length ? { 'artifacthub.io/images': toYaml(m.images.map((i) => ({ name: i.name, image: i.image }))) } : {}),
      ...(info ? { 'artifacthub.io/license': info.license } : {}),
    },
  });
}

export const HELMIGNORE = ['.DS_Store', '.git/', '.gitignore', '*.swp', '*.bak', '*.tmp', '*.orig', '*~', '.idea/', '.vscode/', ''].join('\n');

/**
 * Name and label helpers in the Bitnami style, so templates say `include "<chart>.componentName"`
 * instead of writing out `printf ... | trunc 63` at every name. `fullname` is `fullnameOverride`,
 * else the release name when it already contains the chart name (so `helm install <platform>`
 * gives exactly the plain names), else `<release>-<name>`: two releases never collide. The plain
 * synth computes the same names (lib/naming/names.ts), its release being the platform name.
 */
export function helpersTpl(chart: string): string {
  return `{{/* Chart name, or nameOverride: the app.kubernetes.io/name label. */}}
{{- define "${chart}.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/*
Fully qualified app name, prefix of every object name: fullnameOverride; else the release name
when it contains the name, otherwise "<release>-<name>". Truncated to 63 characters (DNS label limit).
*/}}
{{- define "${chart}.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end }}

{{/*
Name of one component's objects: "<fullname>-<component>", truncated to 63 characters.
Takes (dict "context" $ "component" NAME).
*/}}
{{- define "${chart}.componentName" -}}
{{- printf "%s-%s" (include "${chart}.fullname" .context) .component | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/*
An image reference, "<registry>/<repository>:<tag>", or "<registry>/<repository>@<digest>" when
image.digest is set; global.imageRegistry, when set, replaces the registry.
Takes (dict "image" IMAGE_VALUES "context" $).
*/}}
{{- define "${chart}.image" -}}
{{- $registry := default .image.registry .context.Values.global.imageRegistry -}}
{{- if .image.digest -}}
{{- printf "%s/%s@%s" $registry .image.repository .image.digest -}}
{{- else -}}
{{- printf "%s/%s:%s" $registry .image.repository .image.tag -}}
{{- end -}}
{{- end }}

{{/*
A component's ServiceAccount: serviceAccount.name, else "<fullname>-<component>" when the chart
creates it, "default" when it uses an existing one.
Takes (dict "context" $ "component" NAME "values" SERVICE_ACCOUNT_VALUES).
*/}}
{{- define "${chart}.serviceAccountName" -}}
{{- if .values.create -}}
{{- default (include "${chart}.componentName" (dict "context" .context "component" .component)) .values.name -}}
{{- else -}}
{{- default "default" .values.name -}}
{{- end -}}
{{- end }}

{{/*
A pod's imagePullSecrets as JSON ([{"name": ...}]), each name once, in order, from a list of
Secret names or {name: ...} maps (as umbrella charts write global.imagePullSecrets).
*/}}
{{- define "${chart}.imagePullSecrets" -}}
{{- $names := list -}}
{{- range . }}{{ $names = append $names (ternary . (get (kindIs "map" . | ternary . dict) "name") (kindIs "string" .)) }}{{ end -}}
{{- $secrets := list -}}
{{- range uniq $names }}{{ $secrets = append $secrets (dict "name" .) }}{{ end -}}
{{- $secrets | toJson -}}
{{- end }}

{{/*
Namespace of every namespaced object: namespaceOverride, else the release namespace (helm -n),
so the chart installs where Helm is told to and two releases in two namespaces never meet.
*/}}
{{- define "${chart}.namespace" -}}
{{- default .Release.Namespace .Values.namespaceOverride | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/* Chart name and version, as the helm.sh/chart label wants it. */}}
{{- define "${chart}.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/*
Selector labels: the immutable subset. Takes (dict "context" $ "component" NAME).
*/}}
{{- define "${chart}.selectorLabels" -}}
app.kubernetes.io/name: {{ include "${chart}.name" .context | quote }}
app.kubernetes.io/instance: {{ .context.Release.Name | quote }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
First 8 hex digits of the sha256 of a Job spec (its YAML text, as a named template renders it)
written as JSON, without the Helm-only pod labels: the suffix of a hook Job's name. Every change
of the spec is a new name, so GitOps tools create the Job anew instead of patching an immutable
one. The plain synth hashes the same JSON (lib/workloads/hash-named-job.ts).
*/}}
{{- define "${chart}.specHash" -}}
{{- $spec := fromYaml . -}}
{{- if hasKey $spec "Error" }}{{ fail (print "a Job spec of this chart is not YAML: " $spec.Error) }}{{ end -}}
{{- $labels := dig "template" "metadata" "labels" dict $spec -}}
${HELM_ONLY_LABELS.map((l) => `{{- $_ := unset $labels ${JSON.stringify(l)} -}}`).join('\n')}
{{- toJson $spec | sha256sum | trunc 8 -}}
{{- end }}

{{/*
Standard labels. Takes (dict "context" $ "component" NAME "version" IMAGE_TAG_OR_EMPTY).
*/}}
{{- define "${chart}.labels" -}}
{{ include "${chart}.selectorLabels" . }}
app.kubernetes.io/part-of: {{ include "${chart}.name" .context | quote }}
{{- with .version }}
app.kubernetes.io/version: {{ . | toJson }}
{{- end }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
helm.sh/chart: {{ include "${chart}.chart" .context }}
{{- end }}
`;
}
