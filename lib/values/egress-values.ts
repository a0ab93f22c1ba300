import { Type, type Static } from '@sinclair/typebox';
import type { ValueProblem } from '../config/resolve-values';
import { formatPath } from '../config/config-error';
import { valuesExpression } from '../templating/helm-templating';
import type { ValueRule } from './value-rule';

const IPV4_CIDR = '^[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}$';

export function egressValuesSchema(description: string) {
  return Type.Object(
    {
      cidr: Type.String({ pattern: IPV4_CIDR, description: 'IPv4 range reached, e.g. 0.0.0.0/0 for the internet.' }),
      except: Type.Array(Type.String({ pattern: IPV4_CIDR }), { maxItems: 20, description: 'Ranges inside cidr that stay closed (the private ranges keep the cluster out of reach).' }),
      ports: Type.Array(Type.Integer({ minimum: 1, maximum: 65535 }), { minItems: 1, maxItems: 20, description: 'TCP ports.' }),
    },
    { description, additionalProperties: false },
  );
}

/** An opening out of the cluster as Helm values: an IPv4 range, ranges cut out of it, TCP ports. */
export type EgressValues = Static<ReturnType<typeof egressValuesSchema>>;

function ipv4Range(cidr: string): [number, number] | undefined {
  const [ip, bits] = cidr.split('/');
  const octets = ip.split('.').map(Number);
  const prefix = Number(bits);
  if (octets.length !== 4 || octets.some((o) => o > 255) || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const start = Math.floor(octets.reduce((n, o) => n * 256 + o, 0) / size) * size;
  return [start, start + size - 1];
}

/** The API server refuses an ipBlock whose `except` is not inside its `cidr`: say so at the value. */
export function checkEgressValues(path: ValueProblem['path'], v: EgressValues): ValueProblem[] {
  const outer = ipv4Range(v.cidr);
  if (!outer) return [{ path: [...path, 'cidr'], expected: 'an IPv4 range (octets up to 255, prefix up to 32)', found: v.cidr }];
  return v.except.flatMap((e, i): ValueProblem[] => {
    const inner = ipv4Range(e);
    if (inner && inner[0] >= outer[0] && inner[1] <= outer[1] && !(inner[0] === outer[0] && inner[1] === outer[1])) return [];
    return [{ path: [...path, 'except', i], expected: `an IPv4 range strictly inside cidr (${v.cidr})`, found: e }];
  });
}

/** checkEgressValues for the egress values at `path`, in the CLI and (same messages) in the chart. */
export function egressRule(path: readonly string[]): ValueRule {
  const get = (v: unknown) => path.reduce<unknown>((n, s) => (n as Record<string, unknown>)[s], v) as EgressValues;
  return {
    check: (v) => checkEgressValues(path, get(v)),
    template: (chart) => {
      const e = valuesExpression(path);
      const at = (suffix: string) => JSON.stringify(`values at ${formatPath([...path, ...suffix.split('.')])}`);
      return [
        `{{- $outer := include "${chart}.ipv4Range" ${e}.cidr | fromJsonArray }}`,
        `{{- if not $outer }}`,
        `{{- fail (printf "%s: expected an IPv4 range (octets up to 255, prefix up to 32), found %v" ${at('cidr')} ${e}.cidr) }}`,
        `{{- end }}`,
        `{{- range $i, $except := ${e}.except }}`,
        `{{- $inner := include "${chart}.ipv4Range" $except | fromJsonArray }}`,
        `{{- $inside := and $inner (ge (index $inner 0) (index $outer 0)) (le (index $inner 1) (index $outer 1)) }}`,
        `{{- if or (not $inside) (and (eq (index $inner 0) (index $outer 0)) (eq (index $inner 1) (index $outer 1))) }}`,
        `{{- fail (printf "%s[%d]: expected an IPv4 range strictly inside cidr (%v), found %v" ${at('except')} $i ${e}.cidr $except) }}`,
        `{{- end }}`,
        `{{- end }}`,
      ].join('\n');
    },
  };
}

/** The chart's helper for egressRule: an IPv4 range's first and last address as a JSON list, [] when it is none. */
export function ipv4RangeTpl(chart: string): string {
  return `{{/* First and last address of an IPv4 range (10.0.0.0/8) as a JSON list, [] when it is none; as the CLI computes them. */}}
{{- define "${chart}.ipv4Range" -}}
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
`;
}

/** IPv4 private ranges, excluded when a rule opens "the internet" so it cannot reach into the cluster network. */
export const PRIVATE_IPV4_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
