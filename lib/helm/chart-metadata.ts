import { toYaml } from '../emit/plain-emitter';

export interface ChartMetadata {
  readonly name: string;
  readonly description: string;
  readonly version: string;
  readonly appVersion: string;
}

/** Oldest Kubernetes the objects are written for: autoscaling/v2 HPAs and policy/v1 PDBs are GA from 1.23; PSS labels from 1.25. */
export const KUBE_VERSION = '>=1.25.0-0';

export function chartYaml(m: ChartMetadata): string {
  return toYaml({
    apiVersion: 'v2',
    name: m.name,
    description: m.description,
    type: 'application',
    version: m.version,
    appVersion: m.appVersion,
    kubeVersion: KUBE_VERSION,
    annotations: { 'kubesynth.io/generated': 'true' },
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
An image reference, "<registry>/<repository>:<tag>"; global.imageRegistry, when set, replaces
the registry. Takes (dict "image" IMAGE_VALUES "context" $).
*/}}
{{- define "${chart}.image" -}}
{{- printf "%s/%s:%s" (default .image.registry .context.Values.global.imageRegistry) .image.repository .image.tag -}}
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
