{{/* Amount of a Kubernetes quantity (500m, 4Gi, 2, 1e3), as the CLI computes it to compare requests with limits. */}}
{{- define "somabrain.quantityAmount" -}}
{{- $q := toString . -}}
{{- $exponent := regexFind "[eE][+-]?[0-9]+$" $q -}}
{{- $suffix := ternary "" (regexFind "[a-zA-Z]+$" $q) (ne $exponent "") -}}
{{- $number := float64 (trimSuffix $suffix (trimSuffix $exponent $q)) -}}
{{- $factors := dict
  "" 1.0 "m" 0.001
  "k" 1e3 "M" 1e6 "G" 1e9 "T" 1e12 "P" 1e15 "E" 1e18
  "Ki" 1024.0 "Mi" 1048576.0 "Gi" 1073741824.0 "Ti" 1099511627776.0 "Pi" 1125899906842624.0 "Ei" 1152921504606846976.0 -}}
{{- $amount := mulf $number (get $factors $suffix) -}}
{{- if $exponent -}}
{{- $power := int (substr 1 (len $exponent) $exponent) -}}
{{- range until (int (ternary (mul -1 $power) $power (lt $power 0))) -}}
{{- $amount = ternary (divf $amount 10.0) (mulf $amount 10.0) (lt $power 0) -}}
{{- end -}}
{{- end -}}
{{- $amount -}}
{{- end }}

{{/* Seconds in a Prometheus duration (1m30s -> 90), as the CLI computes them to compare a timeout with an interval. */}}
{{- define "somabrain.durationSeconds" -}}
{{- $units := dict "ms" 0.001 "s" 1.0 "m" 60.0 "h" 3600.0 -}}
{{- $seconds := 0.0 -}}
{{- range regexFindAll "[0-9]+(ms|s|m|h)" (toString .) -1 -}}
{{- $n := regexFind "^[0-9]+" . -}}
{{- $seconds = addf $seconds (mulf (float64 $n) (get $units (trimPrefix $n .))) -}}
{{- end -}}
{{- $seconds -}}
{{- end }}

{{/* First and last address of an IPv4 range (10.0.0.0/8) as a JSON list, [] when it is none; as the CLI computes them. */}}
{{- define "somabrain.ipv4Range" -}}
{{- $parts := splitList "/" (toString .) -}}
{{- $octets := splitList "." (first $parts) -}}
{{- $prefix := int (last $parts) -}}
{{- $ok := and (eq (len $parts) 2) (eq (len $octets) 4) (le $prefix 32) -}}
{{- $address := 0 -}}
{{- range $octets -}}
{{- if gt (int .) 255 }}{{ $ok = false }}{{ end -}}
{{- $address = add (mul $address 256) (int .) -}}
{{- end -}}
{{- if $ok -}}
{{- $size := 1 -}}
{{- range until (int (sub 32 $prefix)) }}{{ $size = mul $size 2 }}{{ end -}}
{{- $start := mul (div $address $size) $size -}}
[{{ $start }},{{ sub (add $start $size) 1 }}]
{{- else -}}
[]
{{- end -}}
{{- end }}
