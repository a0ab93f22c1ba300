/**
 * Issue 16, "a new platform in half an hour": a project outside this repository installs the
 * packed kubesynth tarball, starts a platform with `kubesynth init`, type-checks it against the
 * package's published types, and synthesizes, validates and round-trips it through real Helm
 * with the same CLI, as a new team would. Bad starts are refused with nothing written.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../lib/emit/kube-object';
import { expectSameObjects, helmTemplate } from './support/helm-round-trip';
import { ROOT, tempDir } from './support/synthesized';
import { WatchProcess } from './support/watch-process';

jest.setTimeout(600_000);

const project = join(tempDir('kubesynth-external-'), 'acme-platforms');
const cli = join(project, 'node_modules', 'kubesynth', 'build', 'lib', 'cli', 'main.js');

function kubesynth(args: readonly string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: project, encoding: 'utf8' });
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

function filesUnder(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort() : [];
}

/** The platform's source with a mistyped prop (`replicsa`) on the API, which bundles but does not type-check, and its line. */
function withMistypedProp(source: string): { text: string; line: number } {
  const text = source.replace("new ServiceWorkload(chart, 'Api', {", "new ServiceWorkload(chart, 'Api', {\n    replicsa: 2,");
  expect(text).not.toBe(source);
  return { text, line: text.split('\n').findIndex((l) => l.includes('replicsa')) + 1 };
}

/** The platform's source with the worker's replica count (1 as init writes it) set to `replicas`, a literal or an expression. */
function withWorkerReplicas(source: string, replicas: string): string {
  const text = source.replace(/(worker: \{\n\s+image: image\('shop-assistant-worker'\),\n\s+replicas: )1,/, `$1${replicas},`);
  expect(text).not.toBe(source);
  return text;
}

/** The worker's replica count in the prod plain YAML under `out`. */
const workerReplicasIn = (out: string) => (parseAllDocuments(readFileSync(join(out, 'shop-assistant', 'prod', 'deployment-shop-assistant-worker.yaml'), 'utf8'))[0].toJS() as { spec: { replicas: number } }).spec.replicas;

/** Every file under `dir` with its bytes, to show a failed command changed nothing. */
function snapshot(dir: string): Map<string, string> {
  return new Map(readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => {
    const file = join(e.parentPath, e.name);
    return [file, readFileSync(file, 'base64')];
  }));
}

beforeAll(() => {
  // build/ is compiled by `npm test` (tsc) before jest runs; --ignore-scripts keeps `prepare` from recompiling it.
  const packDir = tempDir('kubesynth-pack-');
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: ROOT, encoding: 'utf8' })) as { filename: string }[];
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'acme-platforms', version: '1.0.0', private: true }, null, 2));
  // Peer dependencies (cdk8s, cdk8s-plus-28, constructs) are installed by npm itself; the cache serves what CI's `npm ci` fetched.
  // TypeScript as a project of its own has it: `kubesynth synth` type-checks the project's charts with it (issue 16).
  const typescript = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'typescript', 'package.json'), 'utf8')) as { version: string }).version;
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', join(packDir, filename), `typescript@${typescript}`], { cwd: project, encoding: 'utf8' });
});

test('init starts a platform: the chart code, three environments, a test, charts/index.ts, cdk8s.yaml, tsconfig.json and jest.config.cjs', () => {
  const r = kubesynth(['init', 'shop-assistant']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('wrote charts/shop-assistant.ts');
  // TypeScript is installed here: nothing to say about it. Jest is not: what to install to run the test init wrote.
  expect(r.stdout).not.toContain('npm install -D typescript');
  expect(r.stdout).toContain('npm install -D jest @types/jest @swc/core @swc/jest, then npx jest (runs test/shop-assistant.test.ts)');
  for (const f of ['charts/shop-assistant.ts', 'charts/index.ts', 'cdk8s.yaml', 'tsconfig.json', 'jest.config.cjs', 'test/shop-assistant.test.ts', ...['dev', 'staging', 'prod'].map((e) => `config/shop-assistant/${e}.yaml`)]) {
    expect(existsSync(join(project, f))).toBe(true);
  }
  expect(readFileSync(join(project, 'charts', 'shop-assistant.ts'), 'utf8')).toContain("from 'kubesynth'");

  // The tsconfig.json init wrote is enough for the synth to type-check the platform: a mistyped prop stops it.
  const chart = join(project, 'charts', 'shop-assistant.ts');
  const source = readFileSync(chart, 'utf8');
  try {
    writeFileSync(chart, withMistypedProp(source).text);
    const mistyped = kubesynth(['synth', '--no-cache', '--out', join(project, 'dist-typo')]);
    expect(mistyped.stderr).toMatch(/charts\/shop-assistant\.ts:\d+:5 - error TS\d+: Object literal may only specify known properties, but 'replicsa' does not exist/);
    expect(mistyped.status).toBe(1);
    expect(existsSync(join(project, 'dist-typo'))).toBe(false);
  } finally {
    writeFileSync(chart, source);
  }
});

/** The versions of the packages init says to install for jest (JEST_PACKAGES), as of this test. */
const JEST_VERSIONS: Record<string, string> = { 'jest': '30.5.2', '@types/jest': '30.0.0', '@swc/core': '1.16.22', '@swc/jest': '0.2.39' };

test('the test init wrote passes under jest, installed as init says, with init\'s jest.config.cjs', () => {
  const { JEST_PACKAGES } = require(join(ROOT, 'build', 'lib', 'project', 'platform-scaffold.js')) as typeof import('../lib/project/platform-scaffold');
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', '--save-dev', ...JEST_PACKAGES.map((p) => `${p}@${JEST_VERSIONS[p]}`)], { cwd: project, encoding: 'utf8' });
  const jest = spawnSync(process.execPath, [join(project, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci'], { cwd: project, encoding: 'utf8' });
  expect(jest.stderr).toMatch(/PASS test\/shop-assistant\.test\.ts/);
  expect(jest.stderr).toMatch(/Tests: +3 passed, 3 total/);
  expect(jest.status).toBe(0);
});

/** `tsc` over the project's charts/ and test/, against the package's published types. */
function typeCheckProject(): { status: number | null; output: string } {
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'commonjs', moduleResolution: 'node', target: 'ES2022', lib: ['ES2022'], esModuleInterop: true, skipLibCheck: true, types: ['node', 'jest'], typeRoots: [join(project, 'node_modules', '@types'), join(ROOT, 'node_modules', '@types')] },
    include: ['charts/**/*.ts', 'test/**/*.ts'],
  }));
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', project], { cwd: project, encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
}

/** The plain YAML of one platform and environment in the project's dist/, every object. */
function plainObjects(platform: string, env: string): KubeObject[] {
  const dir = join(project, 'dist', platform, env);
  return readdirSync(dir).filter((f) => f !== 'kustomization.yaml')
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS())) as KubeObject[];
}

test('the new platform type-checks against the published types (one cdk8s, no `any`)', () => {
  const r = typeCheckProject();
  expect(r.output).toBe('');
  expect(r.status).toBe(0);
  // One copy of each peer: the project's. A second one inside kubesynth would break scope.node and instanceof.
  for (const peer of ['cdk8s', 'constructs', 'cdk8s-plus-28']) {
    expect(existsSync(join(project, 'node_modules', peer))).toBe(true);
    expect(existsSync(join(project, 'node_modules', 'kubesynth', 'node_modules', peer))).toBe(false);
  }
});

test('synth writes every environment and the chart, validate passes, and the chart renders the plain YAML', () => {
  const synth = kubesynth(['synth']);
  expect(synth.stderr).toBe('');
  expect(synth.status).toBe(0);
  expect(synth.stdout).toContain(`wrote ${join(project, 'dist')}`);
  for (const env of ['dev', 'staging', 'prod']) expect(filesUnder(join(project, 'dist', 'shop-assistant', env))).toContain('kustomization.yaml');
  expect(existsSync(join(project, 'dist', 'helm', 'shop-assistant', 'Chart.yaml'))).toBe(true);
  // The header names the project's own files, and the command this project runs (it has no `npm run synth`).
  expect(readFileSync(join(project, 'dist', 'shop-assistant', 'prod', 'kustomization.yaml'), 'utf8')).toMatch(/^# Generated by kubesynth from charts\/shop-assistant\.ts and config\/shop-assistant\/prod\.yaml\. Do not edit: change those and run `npx kubesynth synth`\.\n/);
  const diff = kubesynth(['diff', '--out', tempDir('kubesynth-external-diff-')]);
  expect(diff.status).toBe(1);
  expect(diff.stdout).toMatch(/would change: run `npx kubesynth synth` and commit dist\/\n$/);

  const validate = kubesynth(['validate', 'dist']);
  expect(validate.status).toBe(0);

  const list = kubesynth(['list']);
  expect(list.stdout).toContain('shop-assistant: shop-assistant: an API, a worker and a PostgreSQL database');

  for (const env of ['dev', 'prod']) {
    const plainDir = join(project, 'dist', 'shop-assistant', env);
    const plain = readdirSync(plainDir).filter((f) => f !== 'kustomization.yaml')
      .flatMap((f) => parseAllDocuments(readFileSync(join(plainDir, f), 'utf8')).map((d) => d.toJS())) as KubeObject[];
    const fromHelm = helmTemplate('shop-assistant', join(project, 'dist', 'helm', 'shop-assistant'), ['-f', join(project, 'config', 'shop-assistant', `${env}.yaml`)]);
    expectSameObjects(fromHelm, plain);
  }
});

test('an edit of the platform code shows in the next synth (no stale output)', () => {
  const chart = join(project, 'charts', 'shop-assistant.ts');
  const source = readFileSync(chart, 'utf8');
  const workerReplicas = () => workerReplicasIn(join(project, 'dist'));
  expect(workerReplicas()).toBe(1);
  try {
    writeFileSync(chart, withWorkerReplicas(source, '3'));
    const edited = kubesynth(['synth', '--timings']);
    expect(edited.status).toBe(0);
    // The synth cache keys a project's platforms by the bundle of their code: the edit rebuilds all four outputs.
    expect(edited.stderr).toMatch(/cache: 0 reused, 4 built, 0 damaged/);
    expect(workerReplicas()).toBe(3);
  } finally {
    writeFileSync(chart, source);
  }
  const restored = kubesynth(['synth', '--timings']);
  expect(restored.status).toBe(0);
  // Back to the code of the first synth: its entries are reused.
  expect(restored.stderr).toMatch(/cache: 4 reused, 0 built, 0 damaged/);
  expect(workerReplicas()).toBe(1);
});

test('synth --watch writes each save of the platform code, bundled and loaded again in the warm process', async () => {
  const chart = join(project, 'charts', 'shop-assistant.ts');
  const source = readFileSync(chart, 'utf8');
  const out = join(project, 'dist-watch');
  const workerReplicas = () => workerReplicasIn(out);
  const watch = await WatchProcess.start([cli, 'synth', '--watch', '-e', 'prod', '--format', 'plain', '--out', out], project, { KUBESYNTH_TYPE_CHECK_SERVER: '0' });
  try {
    expect(watch.output.stderr).toContain('watch: waiting for changes to charts/, config/ (Ctrl-C stops)');
    expect(workerReplicas()).toBe(1);
    const edited = await watch.afterChange(() => writeFileSync(chart, withWorkerReplicas(source, '3')));
    expect(edited.stderr).toContain('watch: charts/shop-assistant.ts changed');
    expect(edited.stdout).toMatch(/^wrote /m);
    expect(workerReplicas()).toBe(3);
    // A module of its own, new beside the charts, is bundled too.
    mkdirSync(join(project, 'lib'), { recursive: true });
    await watch.afterChange(() => writeFileSync(join(project, 'lib', 'worker-replicas.ts'), 'export const WORKER_REPLICAS = 2;\n'));
    await watch.afterChange(() => writeFileSync(chart, `import { WORKER_REPLICAS } from '../lib/worker-replicas';\n${withWorkerReplicas(source, 'WORKER_REPLICAS')}`));
    expect(workerReplicas()).toBe(2);
    const libEdit = await watch.afterChange(() => writeFileSync(join(project, 'lib', 'worker-replicas.ts'), 'export const WORKER_REPLICAS = 4;\n'));
    expect(libEdit.stderr).toContain('watch: lib/worker-replicas.ts changed');
    expect(workerReplicas()).toBe(4);
    expect(await watch.interrupt()).toBe(130);
  } finally {
    watch.kill();
    writeFileSync(chart, source);
    rmSync(join(project, 'lib'), { recursive: true, force: true });
  }
});

test('bad starts are refused with what to do, and nothing is written', () => {
  const before = filesUnder(project);
  const again = kubesynth(['init', 'shop-assistant']);
  expect(again.status).toBe(1);
  expect(again.stderr).toMatch(/charts\/shop-assistant\.ts.*already exist\(s\); pick another platform name or remove them\.\nnothing was written\./s);
  const badName = kubesynth(['init', 'Shop_Assistant']);
  expect(badName.status).toBe(1);
  expect(badName.stderr).toContain('platform name "Shop_Assistant" must be');
  expect(filesUnder(project)).toEqual(before);

  // A typo in the platform code: the synth names the file and line, and dist/ stays as it was.
  const chart = join(project, 'charts', 'shop-assistant.ts');
  const source = readFileSync(chart, 'utf8');
  const distBefore = snapshot(join(project, 'dist'));
  try {
    writeFileSync(chart, source.replace('function build(chart: PlatformChart', 'function build(chart: PlatformChart,,'));
    const broken = kubesynth(['synth']);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(new RegExp(`${chart.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
    expect(broken.stderr).toContain('nothing was written.');
    expect(snapshot(join(project, 'dist'))).toEqual(distBefore);

    // A mistyped prop bundles, and the synth would ignore it: the project's own tsconfig.json and TypeScript stop it.
    const typo = withMistypedProp(source);
    writeFileSync(chart, typo.text);
    const { line } = typo;
    const mistyped = kubesynth(['synth']);
    expect(mistyped.status).toBe(1);
    expect(mistyped.stderr).toMatch(new RegExp(`charts/shop-assistant\\.ts:${line}:5 - error TS\\d+: Object literal may only specify known properties, but 'replicsa' does not exist`));
    expect(mistyped.stderr).toContain('nothing was written.');
    expect(snapshot(join(project, 'dist'))).toEqual(distBefore);
  } finally {
    writeFileSync(chart, source);
  }
});

/**
 * Issue 16's acceptance: ragdesk, a sixth platform written by a newcomer from the README, --help
 * and the package's types alone (test/fixtures/external-project/ragdesk), keeps working from the
 * packed tarball: it type-checks, synthesizes, validates and renders through Helm to the plain
 * YAML in every environment, with what the newcomer asked for (a CPU-only HPA, a connection on
 * Qdrant's gRPC port, a CronJob in Paris time, a migration with a setting).
 */
test('ragdesk, written from the README alone, type-checks, synthesizes, validates and round-trips through Helm', () => {
  cpSync(join(ROOT, 'test', 'fixtures', 'external-project', 'ragdesk'), project, { recursive: true });
  writeFileSync(join(project, 'charts', 'index.ts'), [
    "import type { PlatformDefinition } from 'kubesynth';",
    "import { ragdesk } from './ragdesk';",
    "import { shopAssistant } from './shop-assistant';",
    '',
    'export const platforms: readonly PlatformDefinition[] = [shopAssistant, ragdesk];',
    '',
  ].join('\n'));
  const types = typeCheckProject();
  expect(types.output).toBe('');
  expect(types.status).toBe(0);

  const synth = kubesynth(['synth', '-p', 'ragdesk']);
  expect(synth.stderr).toBe('');
  expect(synth.status).toBe(0);
  expect(kubesynth(['validate', join('dist', 'ragdesk')]).status).toBe(0);

  for (const env of ['dev', 'staging', 'prod']) {
    const fromHelm = helmTemplate('ragdesk', join(project, 'dist', 'helm', 'ragdesk'), ['-f', join(project, 'config', 'ragdesk', `${env}.yaml`)]);
    expectSameObjects(fromHelm, plainObjects('ragdesk', env));
  }

  const prod = plainObjects('ragdesk', 'prod');
  const find = (kind: string, name: string) => prod.find((o) => o.kind === kind && o.metadata.name === name) as any;
  // CPU only: prod.yaml drops the memory target the chart's defaults carry.
  expect(find('HorizontalPodAutoscaler', 'ragdesk-api').spec.metrics.map((m: any) => m.resource.name)).toEqual(['cpu']);
  // The external Qdrant on its gRPC port, not its default 6333.
  expect(JSON.stringify(find('NetworkPolicy', 'ragdesk-api').spec.egress)).toContain('"port":6334');
  expect(find('CronJob', 'ragdesk-reindex').spec).toMatchObject({ schedule: '30 2 * * *', timeZone: 'Europe/Paris', concurrencyPolicy: 'Forbid' });
  expect(find('ConfigMap', 'ragdesk-migrate-settings').data).toMatchObject({ SCHEMA_VERSION: expect.any(String) });
  // On a private registry the re-index and the migration pull the API's image as the API does (componentImage).
  const privateRegistry = helmTemplate('ragdesk', join(project, 'dist', 'helm', 'ragdesk'), [
    '-f', join(project, 'config', 'ragdesk', 'prod.yaml'), '--set', 'global.imagePullSecrets={mirror-cred}', '--set', 'api.imagePullSecrets={ragdesk-registry}',
  ]);
  const podOf = (o: any) => (o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec);
  const runsApiImage = privateRegistry.filter((o: any) => ['Deployment', 'Job', 'CronJob'].includes(o.kind) && ['api', 'migrate', 'reindex'].includes(o.metadata.labels['app.kubernetes.io/component']));
  expect(runsApiImage.map((o) => o.kind).sort()).toEqual(['CronJob', 'Deployment', 'Job']);
  for (const o of runsApiImage) expect({ name: o.metadata.name, secrets: podOf(o).imagePullSecrets }).toEqual({ name: o.metadata.name, secrets: [{ name: 'mirror-cred' }, { name: 'ragdesk-registry' }] });
  const dev = plainObjects('ragdesk', 'dev');
  expect(dev.some((o) => o.kind === 'HorizontalPodAutoscaler')).toBe(false);
  expect((dev.find((o) => o.kind === 'Deployment' && o.metadata.name === 'ragdesk-api') as any).spec.replicas).toBe(1);
});

/** TypeScript 7.0 as npm's `latest` has it: a Go program whose package has no compiler API. */
const TYPESCRIPT_7 = '7.0.2';

/**
 * A new project that runs `npm install -D typescript` gets TypeScript 7, which has no compiler
 * API to check with in process: its own tsc checks the project, and a mistyped prop stops the
 * synth as with TypeScript 5, at the place TypeScript 7 itself names. Last in this file: it
 * replaces the project's TypeScript.
 */
test('a project on TypeScript 7 is checked by its own tsc: a mistyped prop stops the synth, the fix writes', () => {
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', '--save-dev', `typescript@${TYPESCRIPT_7}`], { cwd: project, encoding: 'utf8' });
  // init's tsconfig.json (TypeScript 7 refuses the `moduleResolution: node` of the one the tests above wrote).
  const { projectTsconfig } = require(join(ROOT, 'build', 'lib', 'project', 'platform-scaffold.js')) as typeof import('../lib/project/platform-scaffold');
  writeFileSync(join(project, 'tsconfig.json'), projectTsconfig());
  const chart = join(project, 'charts', 'shop-assistant.ts');
  const source = readFileSync(chart, 'utf8');
  const out = join(project, 'dist-typescript-7');
  try {
    const typo = withMistypedProp(source);
    writeFileSync(chart, typo.text);
    const { line } = typo;
    // The real tool's own report of the same error, at the same place.
    const tsc = spawnSync(process.execPath, [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project, '--pretty', 'false'], { cwd: project, encoding: 'utf8' });
    expect(tsc.stdout).toMatch(new RegExp(`charts/shop-assistant\\.ts\\(${line},5\\): error (TS\\d+): Object literal may only specify known properties`));
    const code = /charts\/shop-assistant\.ts\(\d+,5\): error (TS\d+)/.exec(tsc.stdout)![1];

    const mistyped = kubesynth(['synth', '-p', 'shop-assistant', '--no-cache', '--out', out]);
    expect(mistyped.stderr).toMatch(new RegExp(`charts/shop-assistant\\.ts:${line}:5 - error ${code}: Object literal may only specify known properties, (but|and) 'replicsa' does not exist`));
    expect(mistyped.stderr).toContain('nothing was written.');
    expect(mistyped.status).toBe(1);
    expect(existsSync(out)).toBe(false);

    writeFileSync(chart, source);
    const fixed = kubesynth(['synth', '-p', 'shop-assistant', '--no-cache', '--timings', '--out', out]);
    expect(fixed.stderr).toContain("type check: checked by the project's own tsc");
    expect(fixed.status).toBe(0);
    expect(existsSync(join(out, 'shop-assistant', 'prod', 'kustomization.yaml'))).toBe(true);
    // No server for it: status says why.
    const server = kubesynth(['type-check-server']);
    expect(server.status).toBe(1);
    expect(server.stderr).toContain('has no compiler API');
  } finally {
    writeFileSync(chart, source);
  }
});
