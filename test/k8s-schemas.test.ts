/** Every synthesized object validates against the Kubernetes OpenAPI schemas (kubernetes-models). */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allTargets, freshSynth, readTree, tempDir } from './support/synthesized';

const SCRIPT = join(__dirname, 'support', 'validate-k8s.mjs');

function validate(files: string[]): Array<{ file: string; kind: string; name: string; error: string }> {
  return JSON.parse(execFileSync(process.execPath, [SCRIPT, ...files], { encoding: 'utf8' }));
}

test('every object of every platform and env is valid', () => {
  const out = freshSynth();
  const files = allTargets().flatMap(({ platform, env }) =>
    [...readTree(join(out, platform, env)).keys()].filter((f) => f !== 'kustomization.yaml').map((f) => join(out, platform, env, f)));
  expect(files.length).toBeGreaterThan(20);
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
