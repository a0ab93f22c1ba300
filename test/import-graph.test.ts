/**
 * lib/ and charts/ keep the import rules of .dependency-cruiser.cjs (no circle, folders as one-way layers, lib/ knows no
 * platform, shipped code loads no test code), checked by dependency-cruiser itself.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');

// The JSON report carries the violations; its exit status is always 0.
function cruise(cwd: string, folders: readonly string[]): { report: { summary: { violations: { rule: { name: string }; from: string; cycle?: { name: string }[] }[]; totalCruised: number } } } {
  const run = spawnSync(DEPCRUISE, [...folders, '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json'], { cwd, encoding: 'utf8' });
  if (!run.stdout) throw new Error(`depcruise wrote nothing (exit ${run.status}): ${run.stderr}`);
  return { report: JSON.parse(run.stdout) };
}

function tsFilesUnder(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && e.name.endsWith('.ts')).length;
}

test('lib/ and charts/ have no import circle and keep the layer rules', () => {
  const { report } = cruise(ROOT, ['lib', 'charts']);
  const violations = report.summary.violations.map((v) => `${v.rule.name}: ${v.from}${v.cycle ? ` -> ${v.cycle.map((c) => c.name).join(' -> ')}` : ''}`);
  expect(violations).toEqual([]);
  // Every module was read: a config that resolved nothing would pass vacuously.
  expect(report.summary.totalCruised).toBeGreaterThanOrEqual(tsFilesUnder(join(ROOT, 'lib')) + tsFilesUnder(join(ROOT, 'charts')));
}, 60_000);

test('the rules catch a circle made only of type imports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubesynth-cycle-'));
  try {
    mkdirSync(join(dir, 'lib'));
    cpSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    writeFileSync(join(dir, 'lib', 'member.ts'), "import type { Connection } from './rules';\nexport interface Member { readonly uses: readonly Connection[] }\n");
    writeFileSync(join(dir, 'lib', 'rules.ts'), "import type { Member } from './member';\nexport interface Connection { readonly to: Member }\n");
    const { report } = cruise(dir, ['lib']);
    expect(report.summary.violations.map((v) => v.rule.name)).toContain('no-circular');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test('the layer rules catch a folder importing one above it, and a folder with no layer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubesynth-layers-'));
  try {
    for (const folder of ['values', 'workloads', 'scratch']) mkdirSync(join(dir, 'lib', folder), { recursive: true });
    cpSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    // workloads/ reading a values shape is the allowed direction; values/ naming a workload type is not.
    writeFileSync(join(dir, 'lib', 'workloads', 'image.ts'), "import type { ImageValues } from '../values/image-values';\nexport type ImageProps = ImageValues;\n");
    writeFileSync(join(dir, 'lib', 'values', 'image-values.ts'), "export interface ImageValues { readonly tag: string }\n");
    writeFileSync(join(dir, 'lib', 'values', 'component-values.ts'), "import type { ImageProps } from '../workloads/image';\nexport interface ComponentValues { readonly image: ImageProps }\n");
    writeFileSync(join(dir, 'lib', 'scratch', 'misc.ts'), "import type { ImageValues } from '../values/image-values';\nexport type Misc = ImageValues;\n");
    const { report } = cruise(dir, ['lib']);
    const found = report.summary.violations.map((v) => `${v.rule.name}: ${v.from}`).sort();
    expect(found).toEqual(['layer-unlisted: lib/scratch/misc.ts', 'layer-values: lib/values/component-values.ts']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test("the README's layer diagram is the order the rules enforce", () => {
  const config = readFileSync(join(ROOT, '.dependency-cruiser.cjs'), 'utf8');
  const layers = [...config.slice(config.indexOf('const LAYERS = ['), config.indexOf('];')).matchAll(/^ {2}'([a-z]+)',/gm)].map((m) => m[1]);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /<!-- layers:[^\n]*-->\n```\n([\s\S]*?)```/.exec(readme);
  expect(block).not.toBeNull();
  const drawn = block![1].split('\n').filter(Boolean).map((line) => line.trim().split(/\s+/)[0]);
  expect(layers.length).toBeGreaterThan(20);
  expect(drawn).toEqual([...layers].reverse());
  // Every folder of lib/ has its place.
  const folders = readdirSync(join(ROOT, 'lib'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  expect([...layers].sort()).toEqual(folders);
});
