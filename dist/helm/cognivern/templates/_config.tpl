{{/* The config ConfigMap's data, one setting per line; pods that load it carry its checksum. */}}
{{- define "cognivern.config.data" -}}
AGENTS_ENABLED: {{ toString $.Values.settings.agentsEnabled | toJson }}
NODE_ENV: {{ toString $.Values.settings.nodeEnv | toJson }}
NODE_OPTIONS: {{ toString $.Values.settings.nodeOptions | toJson }}
RECALL_BUCKET: {{ toString $.Values.settings.recallBucket | toJson }}
{{- end }}

{{/* A sidecar or init container from values (JSON) over kubesynth's restricted security context. */}}
{{- define "cognivern.restrictedContainer" -}}
{{- $restricted := dict
  "allowPrivilegeEscalation" false
  "readOnlyRootFilesystem" true
  "runAsNonRoot" true
  "privileged" false
  "capabilities" (dict "drop" (list "ALL"))
-}}
{{- mustMergeOverwrite (dict "securityContext" $restricted) (deepCopy .) | toJson -}}
{{- end }}
