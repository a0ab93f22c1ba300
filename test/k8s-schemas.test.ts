/**
 * Every synthesized object validates against its schema: core kinds against the Kubernetes
 * OpenAPI schemas (kubernetes-models), custom resources against their CRD schemas
 * (@kubernetes-models/{external-secrets,prometheus-operator,cert-manager,cloudnative-pg,argo-cd,flux-cd}).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allTargets, freshSynth, readTree, tempDir } from './support/synthesized';

const SCRIPT = join(__dirname, 'support', 'validate-k8s.mjs');

function validate(files: string[]): Array<{ file: string; kind: string; name: string; error: string }> {
  return JSON.parse(execFileSync(process.execPath, [SCRIPT, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
}

const objectFiles = (dir: string) => [...readTree(dir).keys()].filter((f) => f !== 'kustomization.yaml').map((f) => join(dir, f));

test('every object of every platform and env is valid, custom resources included', () => {
  const out = freshSynth();
  const files = allTargets().flatMap(({ platform, env }) => objectFiles(join(out, platform, env)));
  expect(files.length).toBeGreaterThan(20);
  expect(validate(files)).toEqual([]);
});

test('every GitOps entry point (Argo CD Application, Flux GitRepository and Kustomization) is valid', () => {
  const files = objectFiles(join(freshSynth(), 'gitops'));
  expect(files.length).toBe(allTargets().length * 2);
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
  ['Flux Kustomization', 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: { name: x }\nspec: { interval: 10m, path: ./x }', /prune|sourceRef/],
])('the validator checks a %s against its CRD schema', (_kind, yaml, error) => {
  const file = join(tempDir(), 'crd.yaml');
  writeFileSync(file, yaml);
  const problems = validate([file]);
  expect(problems).toHaveLength(1);
  expect(problems[0].error).toMatch(error);
});
