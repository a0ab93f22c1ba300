{{/* The config ConfigMap's data, one setting per line; pods that load it carry its checksum. */}}
{{- define "cognivern.config.data" -}}
AGENTS_ENABLED: {{ toString $.Values.settings.agentsEnabled | toJson }}
NODE_ENV: {{ toString $.Values.settings.nodeEnv | toJson }}
NODE_OPTIONS: {{ toString $.Values.settings.nodeOptions | toJson }}
RECALL_BUCKET: {{ toString $.Values.settings.recallBucket | toJson }}
{{- end }}
