/**
 * The peer linters as independent judges of every committed folder: kube-score on each plain
 * folder, trivy's Kubernetes checks on each plain folder and each chart. A finding is fixed, or
 * waived with its reason in waivers.yaml (and listed in the README); anything else fails here.
 * (Polaris and kube-linter are not served by the Go module proxy, so they cannot be built here.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allTargets } from '../support/synthesized';
import { ROOT } from '../cluster/control-plane';
import { Finding, kubeScore, loadWaivers, trivyConfig, waiverFor } from './peer-findings';

jest.setTimeout(300_000);

const waivers = loadWaivers();
const plainFolders = allTargets().map((t) => `${t.platform}/${t.env}`);
const chartFolders = readdirSync(join(ROOT, 'dist', 'helm'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `helm/${e.name}`);
const used = new Set<number>();

/** Findings no waiver covers, as lines a reviewer reads; records which waivers were used. */
function unwaived(findings: readonly Finding[]): string[] {
  return findings.flatMap((f) => {
    const w = waiverFor(f, waivers);
    if (w) {
      used.add(waivers.indexOf(w));
      return [];
    }
    return [`${f.peer} ${f.check} on ${f.object} (${f.folder}): ${f.message}`];
  });
}

describe('kube-score', () => {
  test.each(plainFolders)('%s: nothing flagged that is not waived with a reason', (folder) => {
    expect(unwaived(kubeScore(folder))).toEqual([]);
  });
});

describe('trivy config', () => {
  test.each([...plainFolders, ...chartFolders])('%s: nothing flagged that is not waived with a reason', (folder) => {
    expect(unwaived(trivyConfig(folder))).toEqual([]);
  });
});

describe('waivers', () => {
  test('every waiver still matches a finding (a fixed finding takes its waiver with it)', () => {
    const stale = waivers.filter((_w, i) => !used.has(i)).map((w) => `${w.peer} ${w.check}${w.objects ? ` on ${w.objects}` : ''}`);
    expect(stale).toEqual([]);
  });

  test('the README lists every waived check', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const missing = waivers.filter((w) => !readme.includes(`\`${w.check}\``)).map((w) => `${w.peer} ${w.check}`);
    expect(missing).toEqual([]);
  });
});
