/**
 * values.yaml as a Helm user edits it: a copy, one component's value changed. Components built
 * from one defaults object once came out as YAML anchors (`&a1` ... `*a1`), so such an edit
 * reached every component sharing the map (issue 12, item 1).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlias, parse, parseAllDocuments, parseDocument, visit } from 'yaml';
import { runCli } from './support/cli';
import { helm } from './support/helm';
import { valuesFileArgs } from './support/helm-round-trip';
import { ROOT, tempDir } from './support/synthesized';

const CHARTS = join(ROOT, 'dist', 'helm');
const charts = readdirSync(CHARTS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

test.each(charts)('%s: values.yaml has no anchor or alias', (chart) => {
  const doc = parseDocument(readFileSync(join(CHARTS, chart, 'values.yaml'), 'utf8'));
  const shared: string[] = [];
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node) || ('anchor' in node && node.anchor)) shared.push(String(isAlias(node) ? node.source : node.anchor));
    },
  });
  expect(shared).toEqual([]);
});

type Obj = { kind: string; metadata: { name: string }; spec?: { template?: { metadata?: { annotations?: Record<string, string> } } } };

test.each(charts)('%s: an annotation set on one component of a copied values.yaml lands on that component only', (chart) => {
  const values = parse(readFileSync(join(CHARTS, chart, 'values.yaml'), 'utf8')) as Record<string, { podAnnotations?: object }>;
  const components = Object.keys(values).filter((k) => values[k] && typeof values[k] === 'object' && 'podAnnotations' in values[k]);
  expect(components.length).toBeGreaterThan(0);
  // The copy is edited as text (a user's editor keeps anchors and aliases as they are written).
  const text = readFileSync(join(CHARTS, chart, 'values.yaml'), 'utf8');
  // The chart defaults name no backup destination (a prod install must); any will do here.
  const backup = join(tempDir('kubesynth-values-backup-'), 'backup.yaml');
  writeFileSync(backup, 'databaseBackup: {destinationPath: "s3://example-backups/test"}\n');
  // Nor an OPA policy (the application's): the example one will do.
  const policy = (values.opa as { policy?: object } | undefined)?.policy ? ['--set-file', `opa.policy.rego=${join(ROOT, 'config/somabrain/opa/policies-prod/default.rego')}`] : [];
  const render = (valuesFile: string) => {
    const r = helm(['template', chart, join(CHARTS, chart), '-f', valuesFile, ...('databaseBackup' in values ? ['-f', backup] : []), ...policy]);
    expect(r.stderr).toBe('');
    return parseAllDocuments(r.stdout).map((d) => d.toJSON() as Obj | null).filter((o): o is Obj => !!o?.spec?.template);
  };
  for (const component of components) {
    const doc = parseDocument(text);
    doc.setIn([component, 'podAnnotations', 'example.com/edited'], component);
    const file = join(tempDir('kubesynth-values-copy-'), 'values.yaml');
    writeFileSync(file, doc.toString());
    const kebab = component.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const own = (o: Obj) => o.metadata.name.endsWith(`-${kebab}`);
    const workloads = render(file);
    const annotated = workloads.filter((o) => o.spec?.template?.metadata?.annotations?.['example.com/edited']);
    // Each annotated workload is the edited component's own (its name ends with the component's),
    // and the component's workloads (none for one switched off by default) all carry it.
    expect(annotated.filter((o) => !own(o)).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    expect(annotated.length).toBe(workloads.filter(own).length);
  }
});

test.each(charts)('%s: as a subchart, the globals of an umbrella chart it does not read are accepted and ignored, by helm and by kubesynth synth alike', (chart) => {
  const env = join(ROOT, 'config', chart, 'prod.yaml');
  const umbrella = ['--set', 'global.storageClass=fast', '--set', 'global.someOtherChart.enabled=true'];
  const plain = helm(['template', chart, join(CHARTS, chart), ...valuesFileArgs(env)]);
  const withGlobals = helm(['template', chart, join(CHARTS, chart), ...valuesFileArgs(env), ...umbrella]);
  expect(withGlobals.stderr).toBe('');
  expect(withGlobals.stdout).toBe(plain.stdout);
  const out = join(tempDir('kubesynth-umbrella-'), 'out');
  const synth = runCli(['synth', '-p', chart, '-e', 'prod', '--format', 'plain', '--out', out, ...umbrella]);
  expect({ status: synth.status, stderr: synth.stderr }).toEqual({ status: 0, stderr: '' });
});

test.each(charts)('%s: global.imagePullSecrets as an umbrella chart writes it for Bitnami subcharts ({name: ...} maps) reaches every component, by helm and by kubesynth synth alike', (chart) => {
  const env = join(ROOT, 'config', chart, 'prod.yaml');
  const umbrella = ['--set', 'global.imagePullSecrets[0].name=regcred', '--set', 'global.imagePullSecrets[1]=mirror-cred'];
  const r = helm(['template', chart, join(CHARTS, chart), ...valuesFileArgs(env), ...umbrella]);
  expect(r.stderr).toBe('');
  const workloads = parseAllDocuments(r.stdout).map((d) => d.toJS()).filter((o) => o && ['Deployment', 'StatefulSet'].includes(o.kind) && !/-(db|postgres)/.test(o.metadata.name));
  expect(workloads.length).toBeGreaterThan(0);
  for (const w of workloads) expect({ name: w.metadata.name, secrets: w.spec.template.spec.imagePullSecrets }).toEqual({ name: w.metadata.name, secrets: [{ name: 'regcred' }, { name: 'mirror-cred' }] });
  const out = join(tempDir('kubesynth-umbrella-'), 'out');
  const synth = runCli(['synth', '-p', chart, '-e', 'prod', '--format', 'plain', '--out', out, ...umbrella]);
  expect({ status: synth.status, stderr: synth.stderr }).toEqual({ status: 0, stderr: '' });
});
