/**
 * `npm run synth -- --watch` in a copy of the project, as a user edits it (issue 15: a synth on
 * every save): each kind of change reaches the output without a new command — a chart (compiled
 * and loaded again in the warm thread), a values file, the library (a new thread) — a type error
 * is reported with nothing written and the watch goes on, and Ctrl-C ends it with the output
 * folder whole.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTree, ROOT, tempDir } from './support/synthesized';
import { WatchProcess } from './support/watch-process';

jest.setTimeout(300_000);

let project: string;
let watch: WatchProcess;

const dist = () => join(project, 'dist');
const configMap = () => readFileSync(join(dist(), 'cognivern', 'dev', 'configmap-cognivern-config.yaml'), 'utf8');
const chart = () => join(project, 'charts', 'cognivern.ts');

/** Replaces `from` with `to` in a project file, asserting it was there. */
function replaceIn(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

beforeAll(async () => {
  project = tempDir('kubesynth-npm-synth-watch-');
  for (const part of ['lib', 'charts', 'imports', 'config', 'scripts']) cpSync(join(ROOT, part), join(project, part), { recursive: true });
  for (const file of ['cdk8s.yaml', 'package.json', 'package-lock.json', 'tsconfig.json']) cpSync(join(ROOT, file), join(project, file));
  cpSync(join(ROOT, 'build', 'imports'), join(project, 'build', 'imports'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
  // With the type-check server, as a user's watch checks (also where CI is set); afterAll stops it.
  watch = await WatchProcess.start([join(project, 'scripts', 'synth.cjs'), '--watch', '--timings', '-p', 'cognivern', '-e', 'dev', '--format', 'plain', '--out', dist()], project, { KUBESYNTH_TYPE_CHECK_SERVER: '1' });
});

afterAll(() => {
  watch.kill();
  spawnSync(process.execPath, [join(project, 'build', 'lib', 'cli', 'main.js'), 'type-check-server', '--stop'], { cwd: project });
});

test('the first synth writes, and the watch says what it watches', () => {
  expect(watch.output.stdout).toMatch(/^wrote /m);
  expect(watch.output.stderr).toContain('watch: waiting for changes to charts/, lib/, config/ (Ctrl-C stops)');
  expect(configMap()).toContain('RECALL_BUCKET: agent-memory\n');
});

test('an edited chart is compiled, loaded again and written, in the same thread', async () => {
  const r = await watch.afterChange(() => replaceIn(chart(), "recallBucket: 'agent-memory',", "recallBucket: 'agent-memory-watched',"));
  expect(r.stderr).toContain('watch: charts/cognivern.ts changed');
  expect(r.stderr).not.toContain('new synth thread');
  // Nothing of the process's start is in a later synth.
  expect(r.stderr).toMatch(/^timings: (?!start-up)/m);
  expect(r.stdout).toMatch(/^wrote /m);
  expect(r.stderr).toMatch(/^type check: checked by the type-check server/m);
  expect(configMap()).toContain('RECALL_BUCKET: agent-memory-watched\n');
});

test('an edited values file is written', async () => {
  const r = await watch.afterChange(() => replaceIn(join(project, 'config', 'cognivern', 'dev.yaml'), 'nodeOptions: --max-old-space-size=384', 'nodeOptions: --max-old-space-size=320'));
  expect(r.stderr).toContain('watch: config/cognivern/dev.yaml changed');
  expect(configMap()).toContain('NODE_OPTIONS: "--max-old-space-size=320"');
});

test('a type error: reported with its line, nothing written, and the watch goes on to write the fix', async () => {
  const before = readTree(dist());
  const typo = await watch.afterChange(() => replaceIn(chart(), "new ServiceWorkload(chart, 'Backend', {", "new ServiceWorkload(chart, 'Backend', {\n    replicsa: 2,"));
  const line = readFileSync(chart(), 'utf8').split('\n').findIndex((l) => l.includes('replicsa')) + 1;
  expect(typo.stderr).toMatch(new RegExp(`charts/cognivern\\.ts:${line}:5 - error TS\\d+: Object literal may only specify known properties, but 'replicsa' does not exist`));
  expect(typo.stderr).toContain('nothing was written.');
  expect(typo.stdout).not.toMatch(/^wrote /m);
  expect(readTree(dist())).toEqual(before);
  expect(watch.exitCode).toBeNull();
  const fixed = await watch.afterChange(() => replaceIn(chart(), 'replicsa: 2,', '// the replica count comes from the values'));
  expect(fixed.stderr).not.toContain('error');
  expect(fixed.stdout).toMatch(/^(wrote|unchanged) /m);
});

test('an edited library module starts a new thread, which loads it and writes', async () => {
  const r = await watch.afterChange(() => replaceIn(join(project, 'lib', 'synth', 'synthesize.ts'), '. Do not edit: change those and run', '. Do not edit by hand: change those and run'));
  expect(r.stderr).toContain('watch: lib/synth/synthesize.ts changed');
  expect(r.stderr).toContain('watch: starting a new synth thread, to load what changed');
  expect(r.stdout).toMatch(/^wrote /m);
  expect(configMap()).toMatch(/^# Generated by kubesynth from charts\/cognivern\.ts and config\/cognivern\/dev\.yaml\. Do not edit by hand: /);
  // The new thread watches too.
  const again = await watch.afterChange(() => replaceIn(chart(), "'agent-memory-watched'", "'agent-memory-again'"));
  expect(again.stdout).toMatch(/^wrote /m);
  expect(configMap()).toContain('RECALL_BUCKET: agent-memory-again\n');
});

test('Ctrl-C ends the watch with the output folder whole', async () => {
  const before = readTree(dist());
  expect(await watch.interrupt()).toBe(130);
  expect(readTree(dist())).toEqual(before);
});
