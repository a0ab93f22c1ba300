/**
 * Child process of the benchmark: writes a corpus of at least N objects for `kubesynth validate`
 * (copies of every committed dist/<platform>/<env> folder; each folder is validated as a set of
 * its own, so the copies do not meet) into OUT, and with `--measure` also validates it in
 * this process and prints the CPU and wall time of reading plus validating, start-up excluded.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readInputs } from '../lib/validate/read-manifests';
import { validateSets } from '../lib/validate/validate';

const ROOT = resolve(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');

/** The plain folders of dist/: <platform>/<env> holding kustomization.yaml. */
function plainFolders(): string[] {
  return readdirSync(DIST, { withFileTypes: true })
    .filter((p) => p.isDirectory() && p.name !== 'helm' && p.name !== 'gitops')
    .flatMap((p) => readdirSync(join(DIST, p.name), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `${p.name}/${e.name}`));
}

export function writeCorpus(objects: number, out: string): number {
  const folders = plainFolders();
  let written = 0;
  for (let copy = 0; written < objects; copy++) {
    for (const folder of folders) {
      const dir = join(out, `copy${copy}`, folder);
      mkdirSync(dir, { recursive: true });
      for (const file of readdirSync(join(DIST, folder)).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')) {
        // Each copy is a folder, so a set of its own: the same namespaces and names do not meet.
        writeFileSync(join(dir, file), readFileSync(join(DIST, folder, file)));
        written += 1;
      }
    }
  }
  return written;
}

if (require.main === module) {
  const [what, out] = [process.argv[2], process.argv[3]];
  if (what === 'dist') {
    const cpu = process.cpuUsage();
    const t = process.hrtime.bigint();
    const { sets, skipped } = readInputs([DIST]);
    const report = validateSets(sets, skipped);
    const used = process.cpuUsage(cpu);
    process.stdout.write(`${JSON.stringify({ objects: report.objects, wall: Number(process.hrtime.bigint() - t) / 1e9, cpu: (used.user + used.system) / 1e6 })}\n`);
  } else if (process.argv[4] === '--measure') {
    const cpu = process.cpuUsage();
    const t = process.hrtime.bigint();
    const { sets, skipped } = readInputs([out]);
    const report = validateSets(sets, skipped);
    const used = process.cpuUsage(cpu);
    process.stdout.write(`${JSON.stringify({ objects: report.objects, errors: report.findings.length, wall: Number(process.hrtime.bigint() - t) / 1e9, cpu: (used.user + used.system) / 1e6 })}\n`);
  } else {
    process.stdout.write(`${writeCorpus(Number(what), out)} objects\n`);
  }
}
