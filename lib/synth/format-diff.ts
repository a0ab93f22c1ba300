import { CLI_RERUN, describeImmutableChange } from '../diff/immutable-changes';
import { showValue } from '../diff/object-diff';
import type { OutputDiff } from './output-diff';

/** For reviewers: each object that would change, with its changed fields as `path: old -> new`; `command` writes the output (synthCommand). */
export function formatDiff(d: OutputDiff, command: string): string {
  const out: string[] = [];
  for (const c of d.objects) {
    out.push(`${c.status} ${c.object} (${c.file})`);
    for (const f of c.fields) out.push(`    ${f.path}: ${showValue(f.before)} -> ${showValue(f.after)}`);
  }
  for (const f of d.files) out.push(`${f.status} file ${f.file}`);
  for (const { folder, changes } of d.immutable) {
    out.push(`WARNING: ${folder}: kubesynth synth refuses this version (Kubernetes cannot change these fields on a live object):`);
    for (const c of changes) out.push(`    ${describeImmutableChange(c, CLI_RERUN)}`);
  }
  out.push(d.objects.length || d.files.length
    ? `${d.objects.length} object(s) and ${d.files.length} chart file(s) would change: run \`${command}\` and commit dist/`
    : 'no changes: the output folder matches a fresh synth');
  return `${out.join('\n')}\n`;
}
