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
 * Name and label helpers in the Bitnami style. `fullname` is the release name when it already
 * contains the chart name (so `helm install <platform>` gives exactly the plain names),
 * otherwise `<release>-<chart>`: two releases never collide.
 */
export function helpersTpl(chart: string): string {
  return `{{/* Chart name. */}}
{{- define "${chart}.name" -}}
${chart}
{{- end }}

{{/*
Fully qualified app name, prefix of every object name: the release name when it contains the
chart name, otherwise "<release>-${chart}". Truncated to 63 characters (DNS label limit).
*/}}
{{- define "${chart}.fullname" -}}
{{- if contains "${chart}" .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name "${chart}" | trunc 63 | trimSuffix "-" -}}
{{- end -}}
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
app.kubernetes.io/name: {{ include "${chart}.name" .context }}
app.kubernetes.io/instance: {{ .context.Release.Name | quote }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Standard labels. Takes (dict "context" $ "component" NAME "version" IMAGE_TAG_OR_EMPTY).
*/}}
{{- define "${chart}.labels" -}}
{{ include "${chart}.selectorLabels" . }}
app.kubernetes.io/part-of: {{ include "${chart}.name" .context }}
{{- with .version }}
app.kubernetes.io/version: {{ . | toJson }}
{{- end }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
helm.sh/chart: {{ include "${chart}.chart" .context }}
{{- end }}
`;
}
