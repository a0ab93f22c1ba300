{{/* Chart name. */}}
{{- define "meta-cognition.name" -}}
meta-cognition
{{- end }}

{{/*
Fully qualified app name, prefix of every object name: the release name when it contains the
chart name, otherwise "<release>-meta-cognition". Truncated to 63 characters (DNS label limit).
*/}}
{{- define "meta-cognition.fullname" -}}
{{- if contains "meta-cognition" .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name "meta-cognition" | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end }}

{{/*
Namespace of every namespaced object: namespaceOverride, else the release namespace (helm -n),
so the chart installs where Helm is told to and two releases in two namespaces never meet.
*/}}
{{- define "meta-cognition.namespace" -}}
{{- default .Release.Namespace .Values.namespaceOverride | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/* Chart name and version, as the helm.sh/chart label wants it. */}}
{{- define "meta-cognition.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/*
Selector labels: the immutable subset. Takes (dict "context" $ "component" NAME).
*/}}
{{- define "meta-cognition.selectorLabels" -}}
app.kubernetes.io/name: {{ include "meta-cognition.name" .context }}
app.kubernetes.io/instance: {{ .context.Release.Name | quote }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Standard labels. Takes (dict "context" $ "component" NAME "version" IMAGE_TAG_OR_EMPTY).
*/}}
{{- define "meta-cognition.labels" -}}
{{ include "meta-cognition.selectorLabels" . }}
app.kubernetes.io/part-of: {{ include "meta-cognition.name" .context }}
{{- with .version }}
app.kubernetes.io/version: {{ . | toJson }}
{{- end }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
helm.sh/chart: {{ include "meta-cognition.chart" .context }}
{{- end }}
