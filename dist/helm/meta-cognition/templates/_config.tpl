{{/* The config ConfigMap's data, one setting per line; pods that load it carry its checksum. */}}
{{- define "meta-cognition.config.data" -}}
API_WORKERS: {{ toString $.Values.settings.apiWorkers | toJson }}
ENVIRONMENT: {{ toString $.Values.settings.environment | toJson }}
LOG_LEVEL: {{ toString $.Values.settings.logLevel | toJson }}
LOG_SHIPPING_ENABLED: {{ toString $.Values.logShipping.enabled | toJson }}
LOKI_URL: {{ toString $.Values.logShipping.endpoint | toJson }}
OTEL_EXPORTER_OTLP_ENDPOINT: {{ toString $.Values.tracing.endpoint | toJson }}
OTEL_SERVICE_NAME: {{ toString $.Values.tracing.serviceName | toJson }}
TRACING_ENABLED: {{ toString $.Values.tracing.enabled | toJson }}
{{- end }}

{{/* A sidecar or init container from values (JSON) over kubesynth's restricted security context. */}}
{{- define "meta-cognition.restrictedContainer" -}}
{{- $restricted := dict
  "allowPrivilegeEscalation" false
  "readOnlyRootFilesystem" true
  "runAsNonRoot" true
  "privileged" false
  "capabilities" (dict "drop" (list "ALL"))
-}}
{{- mustMergeOverwrite (dict "securityContext" $restricted) (deepCopy .) | toJson -}}
{{- end }}

{{/* Grafana uid of the dashboard: "<fullname>-overview", cut to 40 characters with a hash (lib/observability/grafana-dashboard.ts). */}}
{{- define "meta-cognition.dashboardUid" -}}
{{- $name := include "meta-cognition.componentName" (dict "context" $ "component" "overview") -}}
{{- if le (len $name) 40 -}}
{{- $name -}}
{{- else -}}
{{- printf "%s-%s" (trunc 31 $name) (sha256sum $name | trunc 8) -}}
{{- end -}}
{{- end }}
