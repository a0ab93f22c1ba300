/** `kubesynth diff`: what a fresh synth would change, object by object, with exit 0 / 1 / 2. */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './support/cli';
import { freshSynth, tempDir } from './support/synthesized';

/** A copy of a fresh synth's output, to break. */
function copyOfOutput(): string {
  const out = tempDir();
  cpSync(freshSynth(), out, { recursive: true });
  return out;
}

const diff = (out: string, ...more: string[]) => runCli(['diff', '--out', out, ...more]);

test('an unchanged output folder: exit 0, "no changes"', () => {
  const r = diff(copyOfOutput());
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('no changes: the output folder matches a fresh synth\n');
  expect(r.status).toBe(0);
});

test('a changed field: exit 1, the object, its file and the field path with old -> new', () => {
  const out = copyOfOutput();
  const file = join(out, 'cortex-core', 'prod', 'deployment-cortex-core-api.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('image: registry.example.com/cortex-core-api:1.0.0', 'image: registry.example.com/cortex-core-api:0.9.0'));
  const r = diff(out, '--platform', 'cortex-core', '--env', 'prod');
  expect(r.status).toBe(1);
  expect(r.stdout).toContain('changed Deployment cortex-core/cortex-core-api (cortex-core/prod/deployment-cortex-core-api.yaml)\n'
    + '    spec.template.spec.containers[0].image: "registry.example.com/cortex-core-api:0.9.0" -> "registry.example.com/cortex-core-api:1.0.0"\n');
  expect(r.stdout).toMatch(/^1 object\(s\) and 0 chart file\(s\) would change/m);
});

test('comments and key order are not changes', () => {
  const out = copyOfOutput();
  const file = join(out, 'cortex-core', 'dev', 'service-cortex-core-api.yaml');
  writeFileSync(file, `# an edited comment\n${readFileSync(file, 'utf8').split('\n').slice(1).join('\n')}`);
  expect(diff(out, '--format', 'plain').status).toBe(0);
});

test('a removed object shows as added (synth would write it), an extra one as removed', () => {
  const out = copyOfOutput();
  rmSync(join(out, 'cortex-core', 'staging', 'service-cortex-core-redis.yaml'));
  writeFileSync(join(out, 'cortex-core', 'staging', 'configmap-extra.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: cortex-core\n');
  const r = diff(out, '--format', 'plain');
  expect(r.status).toBe(1);
  expect(r.stdout).toContain('added Service cortex-core/cortex-core-redis (cortex-core/staging/service-cortex-core-redis.yaml)\n');
  expect(r.stdout).toContain('removed ConfigMap cortex-core/extra (cortex-core/staging/configmap-extra.yaml)\n');
});

test('chart files are compared by name and content', () => {
  const out = copyOfOutput();
  writeFileSync(join(out, 'helm', 'cortex-core', 'values.yaml'), 'edited: true\n');
  const r = diff(out, '--format', 'helm');
  expect(r.status).toBe(1);
  expect(r.stdout).toContain('changed file helm/cortex-core/values.yaml\n');
});

test('an error (a bad config) exits 2 with one clear message', () => {
  const r = runCli(['diff', '--out', tempDir(), '--config', '/nonexistent/config']);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('/nonexistent/config/cortex-core: expected a folder');
  expect(r.stderr).not.toContain('nothing was written');
});
