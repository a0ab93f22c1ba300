{{/* The config ConfigMap's data, one setting per line; pods that load it carry its checksum. */}}
{{- define "cognition.config.data" -}}
COGNITION_LLM_PROVIDER: {{ toString $.Values.settings.llmProvider | toJson }}
COGNITION_LOG_FORMAT: {{ toString $.Values.settings.logFormat | toJson }}
COGNITION_LOG_LEVEL: {{ toString $.Values.settings.logLevel | toJson }}
{{- end }}

{{/* The sandbox pod: the chart's file with the pull secrets and PriorityClass from values, as JSON with sorted keys. */}}
{{- define "cognition.sandbox-template.pod" -}}
{{- $pod := tpl ($.Files.Get "files/sandbox-template/pod.json") $ | fromJson -}}
{{- with (get (default (dict) $.Values.global) "priorityClassName") }}{{ $_ := set $pod.spec "priorityClassName" . }}{{ end -}}
{{- with (get (default (dict) $.Values.global) "imagePullSecrets") }}
{{- $_ := set $pod.spec "imagePullSecrets" (include "cognition.imagePullSecrets" . | fromJsonArray) }}
{{- end -}}
{{- toPrettyJson $pod -}}
{{- end }}

{{/* A sidecar or init container from values (JSON) over kubesynth's restricted security context. */}}
{{- define "cognition.restrictedContainer" -}}
{{- $restricted := dict
  "allowPrivilegeEscalation" false
  "readOnlyRootFilesystem" true
  "runAsNonRoot" true
  "privileged" false
  "capabilities" (dict "drop" (list "ALL"))
-}}
{{- mustMergeOverwrite (dict "securityContext" $restricted) (deepCopy .) | toJson -}}
{{- end }}

{{/* The otel-collector-config ConfigMap's data, one setting per line; pods that load it carry its checksum. */}}
{{- define "cognition.otel-collector-config.data" -}}
OTELCOL_CONFIG: {{ print
    "receivers:\n"
    "  otlp:\n"
    "    protocols:\n"
    "      grpc: { endpoint: \"0.0.0.0:4317\" }\n"
    "      http: { endpoint: \"0.0.0.0:4318\" }\n"
    "processors:\n"
    "  memory_limiter: { check_interval: 1s, limit_percentage: 80, spike_limit_percentage: 25 }\n"
    "  batch: {}\n"
    "exporters:\n"
    "  otlp:\n"
    "    endpoint: \""
    ($.Values.otelCollector.exporter.endpoint)
    "\"\n"
    "service:\n"
    "  pipelines:\n"
    "    traces: { receivers: [otlp], processors: [memory_limiter, batch], exporters: [otlp] }\n" | toJson }}
{{- end }}

{{/* Grafana uid of the dashboard: "<fullname>-overview", cut to 40 characters with a hash (lib/observability/grafana-dashboard.ts). */}}
{{- define "cognition.dashboardUid" -}}
{{- $name := include "cognition.componentName" (dict "context" $ "component" "overview") -}}
{{- if le (len $name) 40 -}}
{{- $name -}}
{{- else -}}
{{- printf "%s-%s" (trunc 31 $name) (sha256sum $name | trunc 8) -}}
{{- end -}}
{{- end }}
