{{/* Chart name. */}}
{{- define "somabrain.name" -}}
somabrain
{{- end }}

{{/*
Fully qualified app name, prefix of every object name: the release name when it contains the
chart name, otherwise "<release>-somabrain". Truncated to 63 characters (DNS label limit).
*/}}
{{- define "somabrain.fullname" -}}
{{- if contains "somabrain" .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name "somabrain" | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end }}

{{/*
Namespace of every namespaced object: namespaceOverride, else the release namespace (helm -n),
so the chart installs where Helm is told to and two releases in two namespaces never meet.
*/}}
{{- define "somabrain.namespace" -}}
{{- default .Release.Namespace .Values.namespaceOverride | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/* Chart name and version, as the helm.sh/chart label wants it. */}}
{{- define "somabrain.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/*
Selector labels: the immutable subset. Takes (dict "context" $ "component" NAME).
*/}}
{{- define "somabrain.selectorLabels" -}}
app.kubernetes.io/name: {{ include "somabrain.name" .context }}
app.kubernetes.io/instance: {{ .context.Release.Name | quote }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Standard labels. Takes (dict "context" $ "component" NAME "version" IMAGE_TAG_OR_EMPTY).
*/}}
{{- define "somabrain.labels" -}}
{{ include "somabrain.selectorLabels" . }}
app.kubernetes.io/part-of: {{ include "somabrain.name" .context }}
{{- with .version }}
app.kubernetes.io/version: {{ . | toJson }}
{{- end }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
helm.sh/chart: {{ include "somabrain.chart" .context }}
{{- end }}
