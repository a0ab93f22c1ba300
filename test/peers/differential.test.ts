/**
 * The differential test of issue 14: hundreds of one-defect mutants of a hardened app (and pairs
 * of defects), judged by `kubesynth validate` and by the peers that could be built here
 * (kube-score, trivy). Everything a peer flags on a mutant that it does not flag on the good
 * base must be flagged by one of our rules the parity table (lib/validate/peer-checks.ts) maps
 * it to, or the table must say why not. Every mutant must be flagged by us. The agreement matrix
 * is printed. Without the peers' binaries, the mutants still run against our rules.
 * All mutants go to one folder, so each peer runs once.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { PEER_CHECKS } from '../../lib/validate/peer-checks';
import { validateSets } from '../../lib/validate/validate';
import { TOOLS } from '../cluster/control-plane';
import { Finding, kubeScoreFiles, trivyFolder } from './peer-findings';
import { mutants, SHARED } from './mutants';

jest.setTimeout(600_000);

const all = mutants();
const ours = validateSets(all.map((m) => ({
  name: m.name,
  manifests: [...SHARED, ...m.objects].map((object, i) => ({ object, source: `${m.name}#${i}` })),
})));
/** mutant name -> our rule ids that flagged its own objects */
const oursBy = new Map<string, Set<string>>(all.map((m) => [m.name, new Set<string>()]));
for (const f of ours.findings) {
  const m = f.source.split('#')[0];
  if (Number(f.source.split('#')[1]) >= SHARED.length) oursBy.get(m)?.add(f.rule);
}

test(`there are hundreds of mutants across the rule families (${all.length})`, () => {
  expect(all.length).toBeGreaterThanOrEqual(200);
  expect(new Set(all.map((m) => m.family)).size).toBeGreaterThanOrEqual(8);
});

test('the good bases are clean, and kubesynth validate flags every mutant', () => {
  const controls = all.filter((m) => m.family === 'control');
  expect(controls.map((m) => [m.name, [...oursBy.get(m.name)!]])).toEqual(controls.map((m) => [m.name, []]));
  const missed = all.filter((m) => m.family !== 'control' && !oursBy.get(m.name)!.size).map((m) => `${m.name} ${m.defects.join('+')}`);
  expect(missed).toEqual([]);
});

const peersBuilt = existsSync(join(TOOLS, 'kube-score')) && existsSync(join(TOOLS, 'trivy'));
(peersBuilt ? describe : describe.skip)('agreement with kube-score and trivy at their defaults', () => {
  let peerFindings: Finding[] = [];
  const fileOf = new Map<string, string>();
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesynth-mutants-'));
    writeFileSync(join(dir, 'shared.yaml'), SHARED.map((o) => stringify(o)).join('---\n'));
    for (const m of all) {
      writeFileSync(join(dir, `${m.name}.yaml`), m.objects.map((o) => stringify(o)).join('---\n'));
      fileOf.set(`${m.name}.yaml`, m.name);
    }
    peerFindings = [...kubeScoreFiles(dir), ...trivyFolder(dir)];
  });

  test('everything a peer flags on a mutant (beyond the good base) we flag too, or the table says why not', () => {
    const mutantOf = (f: Finding) => /\/(m\d{3})(-headless)?$/.exec(f.object)?.[1] ?? fileOf.get(f.object);
    const baseline = new Set(peerFindings.filter((f) => all.find((m) => m.name === mutantOf(f))?.family === 'control').map((f) => `${f.peer} ${f.check}`));
    const table = new Map(PEER_CHECKS.map((p) => [`${p.peer} ${p.check}`, p]));
    const rows = new Map<string, { flagged: number; agreed: number; notCovered: number; missed: string[] }>();
    const gaps: string[] = [];
    const seen = new Set<string>();
    for (const f of peerFindings) {
      const m = mutantOf(f);
      const mutant = all.find((x) => x.name === m);
      const key = `${f.peer} ${f.check}`;
      if (!mutant || mutant.family === 'control' || baseline.has(key) || seen.has(`${m}|${key}`)) continue;
      seen.add(`${m}|${key}`);
      const row = rows.get(key) ?? { flagged: 0, agreed: 0, notCovered: 0, missed: [] };
      rows.set(key, row);
      row.flagged += 1;
      const entry = table.get(key) ?? (f.peer === 'trivy' ? table.get(`trivy ${f.check.replace(/^KSV-?0*(\d+)$/, (_x, d) => `KSV-${String(d).padStart(4, '0')}`)}`) : undefined);
      if (!entry) {
        gaps.push(`${key} is not in the parity table (on ${m} ${mutant.defects.join('+')})`);
      } else if (!entry.rules.length) {
        row.notCovered += 1;
      } else if (entry.rules.some((r) => oursBy.get(m!)!.has(r))) {
        row.agreed += 1;
      } else {
        row.missed.push(`${m} ${mutant.defects.join('+')}`);
        gaps.push(`${key} flags ${m} (${mutant.defects.join('+')}); we flag ${[...oursBy.get(m!)!].join(', ') || 'nothing'}, not ${entry.rules.join(' or ')}`);
      }
    }
    const lines = [...rows].sort(([a], [b]) => a.localeCompare(b)).map(([k, r]) => `${k.padEnd(70)} ${String(r.flagged).padStart(4)} ${String(r.agreed).padStart(6)} ${String(r.notCovered).padStart(11)} ${String(r.missed.length).padStart(6)}`);
    const total = [...rows.values()].reduce((a, r) => ({ flagged: a.flagged + r.flagged, agreed: a.agreed + r.agreed, notCovered: a.notCovered + r.notCovered }), { flagged: 0, agreed: 0, notCovered: 0 });
    const flaggedByPeer = new Set(peerFindings.filter((f) => { const m = all.find((x) => x.name === mutantOf(f)); return m && m.family !== 'control' && !baseline.has(`${f.peer} ${f.check}`); }).map(mutantOf));
    console.log([
      `agreement matrix: ${all.length} mutants (${all.filter((m) => m.family === 'control').length} good bases), ${flaggedByPeer.size} flagged by a peer, ${all.filter((m) => oursBy.get(m.name)!.size).length} by kubesynth validate`,
      `${'peer check'.padEnd(70)} ${'hits'.padStart(4)} ${'agreed'.padStart(6)} ${'not covered'.padStart(11)} ${'missed'.padStart(6)}`,
      ...lines,
      `${'total'.padEnd(70)} ${String(total.flagged).padStart(4)} ${String(total.agreed).padStart(6)} ${String(total.notCovered).padStart(11)} ${String(total.flagged - total.agreed - total.notCovered).padStart(6)}`,
      `peer checks on the good bases (not counted): ${[...baseline].sort().join(', ')}`,
      '',
      `${'family'.padEnd(16)} ${'mutants'.padStart(7)} ${'kubesynth'.padStart(9)} ${'any peer'.padStart(8)} ${'both'.padStart(5)}`,
      ...[...new Set(all.map((m) => m.family))].filter((f) => f !== 'control').map((family) => {
        const ms = all.filter((m) => m.family === family);
        const us = ms.filter((m) => oursBy.get(m.name)!.size);
        const them = ms.filter((m) => flaggedByPeer.has(m.name));
        return `${family.padEnd(16)} ${String(ms.length).padStart(7)} ${String(us.length).padStart(9)} ${String(them.length).padStart(8)} ${String(us.filter((m) => flaggedByPeer.has(m.name)).length).padStart(5)}`;
      }),
    ].join('\n'));
    expect(gaps).toEqual([]);
  });
});
