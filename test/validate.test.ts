/**
 * `kubesynth validate`: each rule caught on a fixture built to break exactly it, our own output
 * clean, waivers, the three output formats, exit codes, and synth refusing to write.
 *
 * test/fixtures/validate/<rule-id>/objects.yaml adds one mistake to the complete, valid set in
 * _clean/; expected.json names the object, the field path and fragments of the message.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, JsonPatch } from 'cdk8s';
import { platforms } from '../charts';
import { synthesize } from '../lib/synth/synthesize';
import { readInputs } from '../lib/validate/read-manifests';
import { RULES } from '../lib/validate/registry';
import { formatJson } from '../lib/validate/report/json';
import { formatJunit } from '../lib/validate/report/junit';
import { errorsOf, ValidationFailed, ValidationReport, validateSets } from '../lib/validate/validate';
import { runCli, snapshotTree } from './support/cli';
import { helm } from './support/helm';
import { CONFIG_DIR, freshSynth, tempDir } from './support/synthesized';

const FIXTURES = join(__dirname, 'fixtures', 'validate');
const CLEAN = join(FIXTURES, '_clean');
const CASES = readdirSync(FIXTURES).filter((d) => d !== '_clean').sort();

/** Validates the clean set plus `extra` folders as one set, as if they were one folder. */
function validateWithClean(...extra: string[]): ValidationReport {
  const { sets } = readInputs([CLEAN, ...extra]);
  return validateSets([{ name: 'fixture', manifests: sets.flatMap((s) => s.manifests) }]);
}

test('the clean set has every kind the platforms write and no finding', () => {
  const r = validateWithClean();
  expect(r.objects).toBeGreaterThanOrEqual(20);
  expect(r.findings).toEqual([]);
});

test('there is one fixture per rule (and for malformed waivers)', () => {
  expect(CASES).toEqual([...RULES.map((r) => r.id), 'waiver'].sort());
});

describe.each(CASES)('rule %s', (rule) => {
  const expected = JSON.parse(readFileSync(join(FIXTURES, rule, 'expected.json'), 'utf8')) as { object: string; path: string; contains: string[] };
  let report: ValidationReport;
  beforeAll(() => {
    report = validateWithClean(join(FIXTURES, rule));
  });

  test('its fixture yields findings of exactly this rule', () => {
    expect([...new Set(report.findings.map((f) => f.rule))]).toEqual([rule]);
  });

  test(`names ${expected.object} at ${expected.path || '(the object)'}, the problem and the fix`, () => {
    const f = report.findings.find((x) => x.object === expected.object && x.path === expected.path);
    expect(f).toBeDefined();
    for (const fragment of expected.contains) expect(f!.message).toContain(fragment);
    expect(f!.fix.length).toBeGreaterThan(10);
    expect(f!.source).toContain(join(rule, 'objects.yaml'));
  });
});

test('the schema rules use the CRD schemas too: a wrong type in a CNPG Cluster, an unknown field in an ExternalSecret', () => {
  const schema = validateWithClean(join(FIXTURES, 'schema')).findings;
  expect(schema).toContainEqual(expect.objectContaining({ rule: 'schema', object: 'Cluster demo/db2', path: 'spec.instances' }));
  const unknown = validateWithClean(join(FIXTURES, 'schema-unknown-field')).findings;
  expect(unknown).toContainEqual(expect.objectContaining({ rule: 'schema-unknown-field', object: 'ExternalSecret demo/web2', path: 'spec.target.creationPolicie' }));
});

test('image-tag catches a tagless image behind a registry port', () => {
  const f = validateWithClean(join(FIXTURES, 'image-tag')).findings.find((x) => x.object === 'Pod demo/tagless');
  expect(f?.message).toContain('with no tag');
});

test('kinds and apiVersions named like Object.prototype members (toString, constructor) are objects like any other, not lookups that crash', () => {
  const dir = tempDir('validate-proto-');
  writeFileSync(join(dir, 'odd.yaml'), [
    'apiVersion: constructor\nkind: toString\nmetadata:\n  name: a\n  namespace: x\n',
    'apiVersion: __proto__\nkind: name\nmetadata:\n  name: b\n  namespace: x\n',
  ].join('---\n'));
  const { sets } = readInputs([dir]);
  const r = validateSets(sets);
  expect(r.findings.filter((f) => f.rule === 'removed-api')).toEqual([]);
});

describe('our own output', () => {
  test('every platform and env of a fresh synth has no validation error', () => {
    const { sets } = readInputs([freshSynth()]);
    expect(sets.length).toBeGreaterThanOrEqual(3);
    const r = validateSets(sets);
    expect(errorsOf(r)).toEqual([]);
    // No warnings either: every Secret a pod or Ingress reads is made by an ExternalSecret or Certificate in the set.
    expect(r.findings).toEqual([]);
  });

  test('`helm template` output piped to `validate -` has no error', () => {
    const rendered = helm(['template', 'cortex-core', 'dist/helm/cortex-core', '-f', 'config/cortex-core/prod.yaml']);
    expect(rendered.status).toBe(0);
    const { sets } = readInputs(['-'], () => rendered.stdout);
    expect(sets[0].manifests.length).toBeGreaterThan(20);
    expect(errorsOf(validateSets(sets))).toEqual([]);
  });
});

describe('waivers', () => {
  function withAnnotation(value: string): string {
    const dir = tempDir();
    const text = readFileSync(join(FIXTURES, 'probes', 'objects.yaml'), 'utf8')
      .replace('  name: no-liveness\n', `  name: no-liveness\n  annotations:\n    kubesynth.io/waive: ${JSON.stringify(value)}\n`);
    writeFileSync(join(dir, 'objects.yaml'), text);
    return dir;
  }

  test('a waived rule is not reported as an error but listed with its reason', () => {
    const r = validateWithClean(withAnnotation('probes=liveness is the sidecar\'s job; image-tag=unused here'));
    expect(r.findings).toEqual([]);
    expect(r.waived).toEqual([expect.objectContaining({ rule: 'probes', object: 'Pod demo/no-liveness', reason: 'liveness is the sidecar\'s job' })]);
  });

  test.each([
    ['without a reason', 'probes', 'waives probes without a reason'],
    ['with an empty reason', 'probes= ', 'waives probes without a reason'],
    ['of an unknown rule', 'probez=typo', 'waives "probez", which is not a rule id'],
  ])('a waiver %s is an error and waives nothing', (_what, value, message) => {
    const r = validateWithClean(withAnnotation(value));
    expect(r.findings.map((f) => f.rule).sort()).toEqual(['probes', 'waiver']);
    expect(r.findings.find((f) => f.rule === 'waiver')!.message).toContain(message);
  });
});

describe('output formats and exit codes', () => {
  const broken = join(FIXTURES, 'secret-literal');

  test('text: exit 1 on an error, each finding with rule, object, file, path and fix', () => {
    const r = runCli(['validate', broken]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`error [secret-literal] Secret demo/leaked (${join(broken, 'objects.yaml')}) at stringData: holds 1 value(s) in plain text (keys: password)\n    fix: Delete the Secret`);
    expect(r.stdout).toMatch(/1 objects checked: 1 error\(s\), 0 warning\(s\), 0 waived\n$/);
  });

  test('exit 0 with warnings only, and on the clean set', () => {
    expect(runCli(['validate', CLEAN]).status).toBe(0);
    expect(runCli(['validate', join(FIXTURES, 'schema-unknown-kind')]).status).toBe(0);
  });

  test('json: parseable, with counts and findings', () => {
    const r = runCli(['validate', CLEAN, join(FIXTURES, 'service-selector'), '--format', 'json']);
    const parsed = JSON.parse(r.stdout);
    expect(parsed.errors).toBe(errorsOf(parsed).length);
    expect(parsed.findings.map((f: { rule: string }) => f.rule)).toContain('service-selector');
    expect(r.status).toBe(1);
  });

  test('junit: one testsuite per rule, a <failure> per error', () => {
    const { sets } = readInputs([CLEAN, join(FIXTURES, 'image-tag')]);
    const report = validateSets([{ name: 'x', manifests: sets.flatMap((s) => s.manifests) }]);
    const xml = formatJunit(report);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(xml.match(/<testsuite /g)).toHaveLength(RULES.length + 1);
    expect(xml.match(/<failure /g)).toHaveLength(2);
    const suite = /<testsuite name="image-tag" tests="(\d+)" failures="(\d+)"/.exec(xml);
    expect(suite?.slice(1)).toEqual(['2', '2']);
    expect(xml).toContain('<testsuites name="kubesynth validate" failures="2">');
    // Every opened element is closed: a minimal well-formedness check.
    expect(xml.match(/<testcase /g)!.length).toBe((xml.match(/<\/testcase>|<testcase [^>]*\/>/g) ?? []).length);
    expect(JSON.parse(formatJson(report)).errors).toBe(2);
  });

  test.each([
    ['a missing path', ['/nonexistent/manifests'], '/nonexistent/manifests: expected a file or folder of YAML manifests, found no such file or folder'],
    ['malformed YAML', ['BAD'], 'expected well-formed YAML'],
  ])('exit 2 on unreadable input (%s): one paragraph, no stack trace', (what, args, message) => {
    let paths = args;
    if (what === 'malformed YAML') {
      const dir = tempDir();
      writeFileSync(join(dir, 'bad.yaml'), 'kind: ConfigMap\nmetadata: {name: [\n');
      paths = [dir];
    }
    const r = runCli(['validate', ...paths]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/^ {4}at /m);
  });

  test('--rules lists every rule with its severity', () => {
    const r = runCli(['validate', '--rules']);
    for (const rule of RULES) expect(r.stdout).toContain(`${rule.id} (${rule.severity}): `);
  });
});

describe('synth validates before writing', () => {
  // cortex-core plus a Secret holding a literal: a construct mistake the config schema cannot see.
  const leaky = platforms.filter((p) => p.name === 'cortex-core').map((p) => ({
    ...p,
    build: (chart: Parameters<typeof p.build>[0], values: Parameters<typeof p.build>[1]) => {
      p.build(chart, values);
      new ApiObject(chart, 'Leak', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak', namespace: 'cortex-core' } }).addJsonPatch(JsonPatch.add('/stringData', { password: 'x' }));
    },
  }));

  test('refuses to write on a validation error, naming the rule and object; writes nothing', () => {
    const out = tempDir();
    const before = snapshotTree(out);
    expect(() => synthesize({ platforms: leaky, configDir: CONFIG_DIR, outDir: out, env: 'prod' })).toThrow(ValidationFailed);
    expect(snapshotTree(out)).toEqual(before);
    try {
      synthesize({ platforms: leaky, configDir: CONFIG_DIR, outDir: out, env: 'prod' });
    } catch (e) {
      expect(errorsOf((e as ValidationFailed).report)).toEqual([expect.objectContaining({ rule: 'secret-literal', object: 'Secret cortex-core/leak', source: 'cortex-core/prod/secret-leak.yaml' })]);
    }
  });

  test('validate: false writes anyway', () => {
    const out = tempDir();
    synthesize({ platforms: leaky, configDir: CONFIG_DIR, outDir: out, env: 'prod', validate: false });
    expect(readdirSync(join(out, 'cortex-core', 'prod'))).toContain('secret-leak.yaml');
  });

  test('the CLI: --no-validate is announced loudly on stderr', () => {
    const r = runCli(['synth', '--env', 'prod', '--format', 'plain', '--no-validate', '--out', tempDir()]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^WARNING: --no-validate: the output is NOT checked/);
  });

  test('the CLI: a normal synth reports the validation summary on stdout', () => {
    const r = runCli(['synth', '--env', 'prod', '--format', 'plain', '--out', tempDir()]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^validated \d+ objects: 0 errors, 0 warning\(s\), \d+ waived/m);
  });
});

describe('severity control', () => {
  /** One folder (one set, as the CLI reads it) of the clean set plus a fixture's objects. */
  function withClean(rule: string): string {
    const dir = tempDir();
    writeFileSync(join(dir, 'clean.yaml'), readFileSync(join(CLEAN, 'objects.yaml')));
    writeFileSync(join(dir, `${rule}.yaml`), readFileSync(join(FIXTURES, rule, 'objects.yaml')));
    return dir;
  }
  const warningOnly = withClean('host-aliases');
  function settings(text: string): string {
    const file = join(tempDir(), '.kubesynth-validate.yaml');
    writeFileSync(file, text);
    return file;
  }

  test('--fail-on warning makes a warning fail the run; the default does not', () => {
    expect(runCli(['validate', warningOnly]).status).toBe(0);
    expect(runCli(['validate', warningOnly, '--fail-on', 'warning']).status).toBe(1);
    expect(runCli(['validate', CLEAN, '--fail-on', 'warning']).status).toBe(0);
  });

  test('the settings file raises a rule to error (the issue\'s case: a Secret nothing creates), lowers one, or turns it off', () => {
    const missingSecret = withClean('secret-ref');
    expect(runCli(['validate', missingSecret]).status).toBe(0);
    const raised = runCli(['validate', missingSecret, '--config', settings('rules:\n  secret-ref: error\n'), '--format', 'json']);
    expect(raised.status).toBe(1);
    const parsed = JSON.parse(raised.stdout);
    expect(parsed.findings.map((f: { rule: string; severity: string }) => `${f.rule}:${f.severity}`)).toContain('secret-ref:error');
    expect(parsed.rules).toContainEqual({ id: 'secret-ref', severity: 'error', peers: expect.arrayContaining(['kube-linter env-value-from']) });
    const off = runCli(['validate', withClean('image-tag'), '--config', settings('rules:\n  image-tag: off\n'), '--format', 'junit']);
    expect(off.status).toBe(0);
    expect(off.stdout).toContain('<testsuite name="image-tag" tests="1" failures="0" errors="0">\n    <properties><property name="severity" value="off"/>');
    expect(runCli(['validate', withClean('image-tag'), '--config', settings('rules:\n  image-tag: warning\n')]).status).toBe(0);
  });

  test('the settings file is read from the working folder by default', () => {
    const file = settings('rules:\n  secret-ref: error\n');
    const before = process.cwd();
    process.chdir(join(file, '..'));
    try {
      expect(runCli(['validate', join(FIXTURES, 'secret-ref')]).stdout).toContain('error [secret-ref]');
    } finally {
      process.chdir(before);
    }
  });

  test.each([
    ['an unknown rule id', 'rules:\n  secret-rfe: error\n', 'rules.secret-rfe: expected a rule id'],
    ['a bad severity', 'rules:\n  secret-ref: fatal\n', 'rules.secret-ref: expected one of error, warning, off, found "fatal"'],
    ['an unknown key', 'severity:\n  secret-ref: error\n', 'severity: expected only the key `rules`'],
    ['rules not a mapping', 'rules: [secret-ref]\n', 'rules: expected a mapping of rule id to error, warning or off'],
    ['the waiver rule', 'rules:\n  waiver: off\n', 'rules.waiver: expected a rule that can be changed'],
  ])('a settings file with %s: exit 2, naming file, path and expectation', (_what, text, message) => {
    const file = settings(text);
    const r = runCli(['validate', CLEAN, '--config', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file}: ${message}`);
  });

  test('--rules lists the peer checks each rule covers, and the severity the settings file gives', () => {
    const r = runCli(['validate', '--rules', '--config', settings('rules:\n  spread: error\n')]);
    expect(r.stdout).toContain('spread (error): ');
    expect(r.stdout).toMatch(/read-only-root-fs \(error\): [^\n]*\n[^\n]*\n {4}peers: kube-score container-security-context-readonlyrootfilesystem, kube-linter no-read-only-root-fs, polaris notReadOnlyRootFilesystem, trivy KSV-0014\n/);
  });
});
