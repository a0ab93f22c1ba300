/**
 * Every synthesized object validates against its schema: core kinds against the Kubernetes
 * OpenAPI schemas (kubernetes-models), custom resources against their CRD schemas
 * (@kubernetes-models/{external-secrets,prometheus-operator,cert-manager,cloudnative-pg,argo-cd,flux-cd}).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { basename, join } from 'node:path';
import { allTargets, freshSynth, readTree, tempDir } from './support/synthesized';

const SCRIPT = join(__dirname, 'support', 'validate-k8s.mjs');

function validate(files: string[]): Array<{ file: string; kind: string; name: string; error: string }> {
  return JSON.parse(execFileSync(process.execPath, [SCRIPT, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
}

const objectFiles = (dir: string) => [...readTree(dir).keys()].filter((f) => basename(f) !== 'kustomization.yaml').map((f) => join(dir, f));

test('every object of every platform and env is valid, custom resources included', () => {
  const out = freshSynth();
  const files = allTargets().flatMap(({ platform, env }) => objectFiles(join(out, platform, env)));
  expect(files.length).toBeGreaterThan(20);
  expect(validate(files)).toEqual([]);
});

test('every GitOps entry point (Argo CD AppProject and Application, Flux GitRepository and Kustomizations) is valid', () => {
  const files = objectFiles(join(freshSynth(), 'gitops'));
  const kinds = files.flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS().kind));
  const envs = new Set(allTargets().map((t) => t.env)).size;
  // Per platform and env a project and an application; per cluster one source and the infrastructure.
  expect([kinds.filter((k) => k === 'AppProject').length, kinds.filter((k) => k === 'Application').length]).toEqual([allTargets().length, allTargets().length]);
  expect(kinds.filter((k) => k === 'GitRepository').length).toBe(envs);
  expect(kinds.filter((k) => k === 'Kustomization').length).toBeGreaterThanOrEqual(allTargets().length * 2 + envs);
  expect(validate(files)).toEqual([]);
});

test('the validator reports a broken object and an unknown kind', () => {
  const file = join(tempDir(), 'broken.yaml');
  writeFileSync(file, [
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: x }\nspec: { replicas: "three", selector: {}, template: { spec: { containers: [] } } }',
    'apiVersion: example.com/v1\nkind: Gadget\nmetadata: { name: y }',
  ].join('\n---\n'));
  const problems = validate([file]);
  expect(problems.map((p) => p.kind)).toEqual(['Deployment', 'Gadget']);
  expect(problems[0].error).toMatch(/replicas/);
});

test.each([
  ['ExternalSecret', 'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata: { name: x }\nspec: { refreshInterval: 15, secretStoreRef: { name: s } }', /refreshInterval/],
  ['ServiceMonitor', 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: { name: x }\nspec: { selector: {}, endpoints: [{ port: 8080 }] }', /port/],
  ['PrometheusRule', 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: { name: x }\nspec: { groups: [{ rules: [] }] }', /name/],
  ['Certificate', 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: { name: x }\nspec: { dnsNames: [a.example.com] }', /secretName|issuerRef/],
  ['CNPG Cluster', 'apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: { name: x }\nspec: { instances: "two" }', /instances/],
  ['CNPG ScheduledBackup', 'apiVersion: postgresql.cnpg.io/v1\nkind: ScheduledBackup\nmetadata: { name: x }\nspec: { schedule: "0 0 2 * * *", method: tape }', /cluster|method/],
  ['Argo CD AppProject', 'apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: { name: x }\nspec: { sourceRepos: https://x, destinations: [] }', /sourceRepos/],
  ['Flux Kustomization', 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: { name: x }\nspec: { interval: 10m, path: ./x }', /prune|sourceRef/],
])('the validator checks a %s against its CRD schema', (_kind, yaml, error) => {
  const file = join(tempDir(), 'crd.yaml');
  writeFileSync(file, yaml);
  const problems = validate([file]);
  expect(problems).toHaveLength(1);
  expect(problems[0].error).toMatch(error);
});
