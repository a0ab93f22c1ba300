{{/* The config ConfigMap's data, one setting per line; pods that load it carry its checksum. */}}
{{- define "cortex-core.config.data" -}}
ALLOWED_HOSTS: {{ join "," $.Values.settings.allowedHosts | toJson }}
CORS_ORIGINS: {{ join "," $.Values.settings.corsOrigins | toJson }}
DB_MAX_OVERFLOW: {{ toString $.Values.settings.dbMaxOverflow | toJson }}
DB_POOL_RECYCLE: {{ toString $.Values.settings.dbPoolRecycle | toJson }}
DB_POOL_SIZE: {{ toString $.Values.settings.dbPoolSize | toJson }}
DB_POOL_TIMEOUT: {{ toString $.Values.settings.dbPoolTimeout | toJson }}
ENVIRONMENT: {{ toString $.Values.settings.environment | toJson }}
LOG_FORMAT: {{ toString $.Values.settings.logFormat | toJson }}
LOG_LEVEL: {{ toString $.Values.settings.logLevel | toJson }}
REQUIRE_HTTPS: {{ toString $.Values.settings.requireHttps | toJson }}
{{- end }}

{{/* A sidecar or init container from values (JSON) over kubesynth's restricted security context. */}}
{{- define "cortex-core.restrictedContainer" -}}
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
{{- define "cortex-core.dashboardUid" -}}
{{- $name := include "cortex-core.componentName" (dict "context" $ "component" "overview") -}}
{{- if le (len $name) 40 -}}
{{- $name -}}
{{- else -}}
{{- printf "%s-%s" (trunc 31 $name) (sha256sum $name | trunc 8) -}}
{{- end -}}
{{- end }}
