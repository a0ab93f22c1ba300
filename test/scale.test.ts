/**
 * Issue 17, item 9: inputs of unreasonable size are refused with a clear error before the work,
 * nothing is written and nothing is left beside the output folder.
 */
import { copyFileSync, cpSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MAX_ENVIRONMENTS } from '../lib/platform/platform-values';
import { MAX_LIST_INDEX, parseSetArgs } from '../lib/config/set-values';
import { runCli, snapshotTree } from './support/cli';
import { CONFIG_DIR, tempDir } from './support/synthesized';

test(`more than ${MAX_ENVIRONMENTS} env files for a platform are refused at once, naming the folder and the count`, () => {
  const config = join(tempDir(), 'config');
  cpSync(CONFIG_DIR, config, { recursive: true });
  const dir = join(config, 'cognivern');
  const have = readdirSync(dir).filter((f) => f.endsWith('.yaml')).length;
  for (let i = have; i <= MAX_ENVIRONMENTS; i++) copyFileSync(join(dir, 'dev.yaml'), join(dir, `e${i}.yaml`));
  const out = join(tempDir(), 'out');
  const started = Date.now();
  const r = runCli(['synth', '-p', 'cognivern', '--config', config, '--out', out]);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(`${dir}: expected at most ${MAX_ENVIRONMENTS} environments (<env>.yaml files) per platform, found ${MAX_ENVIRONMENTS + 1}`);
  expect(r.stderr).toContain('nothing was written.');
  // Refused before any env is built (each takes a tenth of a second or more).
  expect(Date.now() - started).toBeLessThan(3000);
  expect(readdirSync(dirname(out)).filter((n) => n.startsWith(`.${basename(out)}.`) || n === 'out')).toEqual([]);
  // `list` reads the same folders and refuses the same way.
  expect(runCli(['list', '--config', config]).stderr).toContain(`found ${MAX_ENVIRONMENTS + 1}`);
});

test(`exactly ${MAX_ENVIRONMENTS} is fine for listing`, () => {
  const config = join(tempDir(), 'config');
  cpSync(CONFIG_DIR, config, { recursive: true });
  const dir = join(config, 'cognivern');
  const have = readdirSync(dir).filter((f) => f.endsWith('.yaml')).length;
  for (let i = have; i < MAX_ENVIRONMENTS; i++) copyFileSync(join(dir, 'dev.yaml'), join(dir, `e${i}.yaml`));
  const before = snapshotTree(config);
  const r = runCli(['list', '--config', config]);
  expect(r.status).toBe(0);
  expect(snapshotTree(config)).toEqual(before);
});

test(`a --set list index above helm's ${MAX_LIST_INDEX} is refused instead of filling memory with nulls`, () => {
  expect(() => parseSetArgs(['a[999999999]=1'])).toThrow(`list index 999999999 is greater than the maximum supported index ${MAX_LIST_INDEX}`);
  expect((parseSetArgs([`a[${MAX_LIST_INDEX}]=1`]).a as unknown[]).length).toBe(MAX_LIST_INDEX + 1);
});
