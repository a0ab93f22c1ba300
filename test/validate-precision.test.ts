/**
 * Precision: `kubesynth validate` flags nothing that is not wrong. On our own output it reports
 * nothing (test/validate.test.ts); on rendered public charts (test/fixtures/real-world, see its
 * README for sources and licences) it reports exactly the reviewed list in expected.json, each a
 * choice the chart's defaults make. A new rule or a changed one that flags anything else there
 * fails here, and the finding must be judged: a false positive is fixed in the rule; a true one
 * is added to the list with the reviewer's reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInputs } from '../lib/validate/read-manifests';
import { validateSets } from '../lib/validate/validate';

const DIR = join(__dirname, 'fixtures', 'real-world');
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, { reason: string; findings: string[] }>;

test.each(Object.keys(expected))('%s: only the reviewed findings', (chart) => {
  const { sets } = readInputs([join(DIR, `${chart}.yaml`)]);
  const report = validateSets(sets);
  const found = [...new Set(report.findings.map((f) => `${f.rule} ${f.object}${f.path ? ` ${f.path}` : ''}`))].sort();
  expect(found).toEqual([...expected[chart].findings].sort());
  expect(expected[chart].reason.length).toBeGreaterThan(40);
});
