/**
 * lib/ and charts/ keep the import rules of .dependency-cruiser.cjs (no circle, lib/ knows no
 * platform, shipped code loads no test code), checked by dependency-cruiser itself.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
