/**
 * Renders every chart of dist/helm with the real Helm, for its defaults and for each
 * environment's config (tests included, Namespaces created and not), and writes each raw
 * `helm template` output (or its error) to `<out>/<platform>/<variant>.yaml`. Run before and
 * after a change that should only reformat the templates, then `diff -r` the two folders: the
 * rendered bytes must not move.
 *
 *   npx ts-node --transpile-only test/support/render-charts.ts /tmp/before
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { platforms } from '../../charts';
import { envArgs } from './helm-round-trip';
import { haveCurrentHelm, helm, HELM, HELM_CURRENT } from './helm';
import { CONFIG_DIR, ROOT } from './synthesized';

function main(out: string): void {
  const binary = haveCurrentHelm ? HELM_CURRENT : HELM;
  let count = 0;
  for (const p of platforms) {
    const chart = join(ROOT, 'dist', 'helm', p.name);
    const envs = readdirSync(join(CONFIG_DIR, p.name)).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort();
    const variants: Array<[string, string[]]> = [['defaults', []]];
    // The defaults refuse to render without a backup bucket where the chart has backups: name one too.
    if (readFileSync(join(chart, 'values.yaml'), 'utf8').includes('\ndatabaseBackup:')) {
      variants.push(['defaults-backup', ['--set', 'databaseBackup.destinationPath=s3://example-backups/render']]);
    }
    for (const env of envs) {
      variants.push([env, envArgs(p.name, env)]);
      variants.push([`${env}-namespaces`, [...envArgs(p.name, env), '--set', 'namespaces.create=true']]);
    }
    mkdirSync(join(out, p.name), { recursive: true });
    for (const [name, args] of variants) {
      const r = helm(['template', p.name, chart, '--namespace', `${p.name}-ns`, ...args], { binary });
      writeFileSync(join(out, p.name, `${name}.yaml`), r.status === 0 ? r.stdout : `FAILED (${r.status})\n${r.stderr}`);
      count++;
    }
  }
  process.stdout.write(`${count} renders with ${binary} written to ${out}\n`);
}

if (process.argv.length !== 3) {
  process.stderr.write('usage: render-charts.ts <output folder>\n');
  process.exit(2);
}
main(process.argv[2]);
