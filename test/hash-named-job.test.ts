/**
 * A hook Job's name ends in a hash of its whole spec, computed twice: by the plain synth in
 * TypeScript (HashNamedJob.specHash) and by the chart's `<platform>.specHash` helper in Go
 * (`fromYaml | toJson | sha256sum`). Chart and plain YAML name the Job alike only if both write
 * the same JSON, byte for byte: this runs the real helpers through the real Helm on specs with
 * what the two JSON writers could disagree on (key order, HTML escaping, U+2028, control
 * characters, non-ASCII keys, numbers).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { helpersTpl } from '../lib/helm/chart-metadata';
import { HashNamedJob } from '../lib/workloads/hash-named-job';
import { HELM, HELM_CURRENT, haveCurrentHelm, helm } from './support/helm';
import { tempDir } from './support/synthesized';

const labels = { 'app.kubernetes.io/name': 'demo', 'app.kubernetes.io/managed-by': 'kubesynth', 'helm.sh/chart': 'demo-0.1.0' };

const SPECS: Record<string, unknown> = {
  plain: { backoffLimit: 4, activeDeadlineSeconds: 600, template: { metadata: { labels }, spec: { restartPolicy: 'Never', volumes: [{ name: 'tmp', emptyDir: {} }] } } },
  'html characters': { template: { metadata: { labels, annotations: { note: '<b>a & b</b> > c' } }, spec: { containers: [{ name: 'x', args: ['a<b', 'c>d', 'e&f'] }] } } },
  'line and paragraph separators, quotes, backslashes': { template: { spec: { containers: [{ name: 'x', args: ['a\u2028b\u2029c', 'say "hi"\\n', 'tab\there\nnew line\r'] }] } } },
  'other control characters': { template: { spec: { containers: [{ name: 'x', args: ['\u0001\u001f'] }] } } },
  'keys sorted as UTF-8 bytes, not UTF-16 units': { template: { metadata: { annotations: { z: '1', Z: '2', 'ä': '3', '\uff61': '4', '\u{1F600}': '5', a_b: '6', 'a.b': '7', 'a-b': '8' } } } },
  'numbers, booleans, nulls, empty lists and maps': { parallelism: 0, completions: 1, x: [1.5, -3, 1e21, 0.000001, 1e-7, 12345678901], y: true, z: false, n: null, l: [], m: {} },
  'non-ASCII text': { template: { spec: { containers: [{ name: 'x', env: [{ name: 'GREETING', value: 'grüß dich, 你好, \u{1F600}' }] }] } } },
};

/** Go 1.22 (Helm 3.22's) writes \b and \f short, as JavaScript does; older Go (Helm 3.10's) wrote \u0008 and \u000c. */
const SHORT_ESCAPES = { 'backspace and form feed': { template: { spec: { containers: [{ name: 'x', args: ['a\bb\fc'] }] } } } };

/** The chart's hashes of each spec, keyed like `specs`: the specs ship as files, the template hashes each with the real helper. */
function chartHashes(specs: Record<string, unknown>, binary: string): Record<string, string> {
  const chart = join(tempDir('kubesynth-spec-hash-'), 'demo');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  mkdirSync(join(chart, 'specs'));
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.1.0\n');
  writeFileSync(join(chart, 'templates', '_helpers.tpl'), helpersTpl('demo'));
  Object.values(specs).forEach((spec, i) => writeFileSync(join(chart, 'specs', `${i}.json`), JSON.stringify(spec)));
  writeFileSync(join(chart, 'templates', 'hashes.yaml'), [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: hashes}',
    'data:',
    '{{- range $path, $_ := .Files.Glob "specs/*.json" }}',
    '  {{ base $path | toJson }}: {{ include "demo.specHash" ($.Files.Get $path) | toJson }}',
    '{{- end }}',
  ].join('\n'));
  const r = helm(['template', 'demo', chart], { binary });
  if (r.status !== 0) throw new Error(r.stderr);
  const data = (parse(r.stdout) as { data: Record<string, string> }).data;
  return Object.fromEntries(Object.keys(specs).map((name, i) => [name, data[`${i}.json`]]));
}

const plainHashes = (specs: Record<string, unknown>) => Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, HashNamedJob.specHash(spec)]));

test('the plain synth and the chart (Helm 3.10) hash every spec alike', () => {
  expect(chartHashes(SPECS, HELM)).toEqual(plainHashes(SPECS));
});

(haveCurrentHelm ? test : test.skip)('the plain synth and the chart (Helm 3.22, the cluster suite\'s) hash every spec alike, \\b and \\f included', () => {
  const specs = { ...SPECS, ...SHORT_ESCAPES };
  expect(chartHashes(specs, HELM_CURRENT)).toEqual(plainHashes(specs));
});

test('the hash sees every field, and no Helm-only label', () => {
  const base = HashNamedJob.specHash(SPECS.plain);
  expect(HashNamedJob.specHash({ ...(SPECS.plain as object), backoffLimit: 5 })).not.toBe(base);
  const noHelmLabels = { ...(SPECS.plain as any), template: { ...(SPECS.plain as any).template, metadata: { labels: { 'app.kubernetes.io/name': 'demo' } } } };
  expect(HashNamedJob.specHash(noHelmLabels)).toBe(base);
});
