{{/* Chart name, or nameOverride: the app.kubernetes.io/name label. */}}
{{- define "cognivern.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/*
Fully qualified app name, prefix of every object name: fullnameOverride; else the release name
when it contains the name, otherwise "<release>-<name>". Truncated to 63 characters (DNS label limit).
*/}}
{{- define "cognivern.fullname" -}}
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
{{- define "cognivern.componentName" -}}
{{- printf "%s-%s" (include "cognivern.fullname" .context) .component | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/*
An image reference, "<registry>/<repository>:<tag>"; global.imageRegistry, when set, replaces
the registry. Takes (dict "image" IMAGE_VALUES "context" $).
*/}}
{{- define "cognivern.image" -}}
{{- printf "%s/%s:%s" (default .image.registry .context.Values.global.imageRegistry) .image.repository .image.tag -}}
{{- end }}

{{/*
Namespace of every namespaced object: namespaceOverride, else the release namespace (helm -n),
so the chart installs where Helm is told to and two releases in two namespaces never meet.
*/}}
{{- define "cognivern.namespace" -}}
{{- default .Release.Namespace .Values.namespaceOverride | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/* Chart name and version, as the helm.sh/chart label wants it. */}}
{{- define "cognivern.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/*
Selector labels: the immutable subset. Takes (dict "context" $ "component" NAME).
*/}}
{{- define "cognivern.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cognivern.name" .context | quote }}
app.kubernetes.io/instance: {{ .context.Release.Name | quote }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
First 8 hex digits of the sha256 of a Job spec (its YAML text, as a named template renders it)
written as JSON, without the Helm-only pod labels: the suffix of a hook Job's name. Every change
of the spec is a new name, so GitOps tools create the Job anew instead of patching an immutable
one. The plain synth hashes the same JSON (lib/workloads/hash-named-job.ts).
*/}}
{{- define "cognivern.specHash" -}}
{{- $spec := fromYaml . -}}
{{- if hasKey $spec "Error" }}{{ fail (print "a Job spec of this chart is not YAML: " $spec.Error) }}{{ end -}}
{{- $labels := dig "template" "metadata" "labels" dict $spec -}}
{{- $_ := unset $labels "helm.sh/chart" -}}
{{- $_ := unset $labels "app.kubernetes.io/managed-by" -}}
{{- toJson $spec | sha256sum | trunc 8 -}}
{{- end }}

{{/*
Standard labels. Takes (dict "context" $ "component" NAME "version" IMAGE_TAG_OR_EMPTY).
*/}}
{{- define "cognivern.labels" -}}
{{ include "cognivern.selectorLabels" . }}
app.kubernetes.io/part-of: {{ include "cognivern.name" .context | quote }}
{{- with .version }}
app.kubernetes.io/version: {{ . | toJson }}
{{- end }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
helm.sh/chart: {{ include "cognivern.chart" .context }}
{{- end }}
