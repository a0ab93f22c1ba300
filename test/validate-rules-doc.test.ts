/**
 * docs/validate-rules.md is the parity table of issue 14: it must say what the code does. It is
 * written from the registry and PEER_CHECKS; this test fails when either changed and the file
 * was not rewritten, or when the table names a rule that does not exist.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PEER_CHECKS } from '../lib/validate/peer-checks';
import { RULES, WAIVER_RULE } from '../lib/validate/registry';
import { formatRulesDoc } from '../lib/validate/report/rules-doc';
import { ROOT, TOOLS } from './cluster/control-plane';

const DOC = join(ROOT, 'docs', 'validate-rules.md');

test('docs/validate-rules.md is current (rewrite: node -e "process.stdout.write(require(\'./build/lib/validate/report/rules-doc\').formatRulesDoc())" > docs/validate-rules.md)', () => {
  expect(readFileSync(DOC, 'utf8')).toBe(formatRulesDoc());
});

test('every peer check names rules that exist, or says why not; every rule of ours is listed', () => {
  const ids = new Set([...RULES, WAIVER_RULE].map((r) => r.id));
  for (const p of PEER_CHECKS) {
    for (const r of p.rules) expect(`${p.peer} ${p.check}: ${r} ${ids.has(r) ? 'exists' : 'is no rule'}`).toBe(`${p.peer} ${p.check}: ${r} exists`);
    if (!p.rules.length) expect(p.note?.length ?? 0).toBeGreaterThan(20);
  }
  expect(new Set(PEER_CHECKS.map((p) => `${p.peer} ${p.check}`)).size).toBe(PEER_CHECKS.length);
});

test('the kube-score rows are every check `kube-score list` prints', () => {
  const bin = join(TOOLS, 'kube-score');
  if (!existsSync(bin)) return; // the peers suite builds it; without it the table was read from its source
  const listed = spawnSync(bin, ['list'], { encoding: 'utf8' }).stdout.trim().split('\n').map((l) => l.split(',')[0]).sort();
  expect(PEER_CHECKS.filter((p) => p.peer === 'kube-score').map((p) => p.check).sort()).toEqual(listed);
});
