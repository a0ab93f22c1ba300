{{/* The config ConfigMap's data, one setting per line; pods that load it carry its checksum. */}}
{{- define "somabrain.config.data" -}}
ENABLE_COG_THREADS: {{ toString $.Values.settings.enableCogThreads | toJson }}
SOMABRAIN_AUTO_MIGRATE: {{ toString $.Values.settings.somabrainAutoMigrate | toJson }}
SOMABRAIN_FORCE_FULL_STACK: {{ toString $.Values.settings.somabrainForceFullStack | toJson }}
SOMABRAIN_JWT_AUDIENCE: {{ toString $.Values.settings.somabrainJwtAudience | toJson }}
SOMABRAIN_JWT_ISSUER: {{ toString $.Values.settings.somabrainJwtIssuer | toJson }}
SOMABRAIN_KAFKA_ACKS: {{ toString $.Values.settings.somabrainKafkaAcks | toJson }}
SOMABRAIN_KAFKA_LINGER_MS: {{ toString $.Values.settings.somabrainKafkaLingerMs | toJson }}
SOMABRAIN_MODE: {{ toString $.Values.settings.somabrainMode | toJson }}
SOMABRAIN_MODE_API_AUTH_ENABLED: {{ toString $.Values.settings.somabrainModeApiAuthEnabled | toJson }}
SOMABRAIN_MODE_OPA_FAIL_CLOSED: {{ toString $.Values.settings.somabrainModeOpaFailClosed | toJson }}
SOMABRAIN_RATE_BURST: {{ toString $.Values.settings.somabrainRateBurst | toJson }}
SOMABRAIN_RATE_RPS: {{ toString $.Values.settings.somabrainRateRps | toJson }}
SOMABRAIN_REQUIRE_EXTERNAL_BACKENDS: {{ toString $.Values.settings.somabrainRequireExternalBackends | toJson }}
SOMABRAIN_REQUIRE_MEMORY: {{ toString $.Values.settings.somabrainRequireMemory | toJson }}
SOMABRAIN_WRITE_DAILY_LIMIT: {{ toString $.Values.settings.somabrainWriteDailyLimit | toJson }}
UVICORN_TIMEOUT_KEEP_ALIVE: {{ toString $.Values.settings.uvicornTimeoutKeepAlive | toJson }}
UVICORN_WORKERS: {{ toString $.Values.settings.uvicornWorkers | toJson }}
{{- end }}

{{/* A sidecar or init container from values (JSON) over kubesynth's restricted security context. */}}
{{- define "somabrain.restrictedContainer" -}}
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
{{- define "somabrain.dashboardUid" -}}
{{- $name := include "somabrain.componentName" (dict "context" $ "component" "overview") -}}
{{- if le (len $name) 40 -}}
{{- $name -}}
{{- else -}}
{{- printf "%s-%s" (trunc 31 $name) (sha256sum $name | trunc 8) -}}
{{- end -}}
{{- end }}
