/**
 * The linters people run on Kubernetes YAML, as independent judges of ours: each is run on a
 * folder and its findings are normalised to one shape, then matched against the waivers in
 * `waivers.yaml` (each with its stated reason, listed in the README).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT, TOOLS } from '../cluster/control-plane';

export type Peer = 'kube-score' | 'trivy';

/** One thing a peer flagged on one object. */
export interface Finding {
  readonly peer: Peer;
  /** The folder under dist/ it was found in: `cortex-core/prod`, `helm/cortex-core`. */
  readonly folder: string;
  /** The peer's own check id (kube-score `container-image-pull-policy`, trivy `KSV-0001`). */
  readonly check: string;
  /** `<Kind>/<namespace>/<name>`, or the chart template path for a chart. */
  readonly object: string;
  readonly message: string;
}

/** A finding we accept, with the reason a reviewer reads. */
export interface Waiver {
  readonly peer: Peer;
  readonly check: string;
  /** Regular expression on `Finding.object`; absent: every object. */
  readonly objects?: string;
  /** Regular expression on `Finding.folder`; absent: every folder. */
  readonly folders?: string;
  readonly reason: string;
}

export const WAIVERS_FILE = join(__dirname, 'waivers.yaml');
const DIST = join(ROOT, 'dist');

export function loadWaivers(): Waiver[] {
  const doc = parse(readFileSync(WAIVERS_FILE, 'utf8')) as { waivers: Waiver[] };
  for (const w of doc.waivers) {
    if (!w.peer || !w.check || !w.reason?.trim()) throw new Error(`${WAIVERS_FILE}: every waiver needs peer, check and a reason (found ${JSON.stringify(w)})`);
  }
  return doc.waivers;
}

export function waiverFor(f: Finding, waivers: readonly Waiver[]): Waiver | undefined {
  const matches = (pattern: string | undefined, text: string) => !pattern || new RegExp(`^(?:${pattern})$`).test(text);
  return waivers.find((w) => w.peer === f.peer && w.check === f.check && matches(w.objects, f.object) && matches(w.folders, f.folder));
}

function tool(name: string, args: readonly string[]): string {
  const r = spawnSync(join(TOOLS, name), [...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  // kube-score exits 1 when it found something critical; only a missing report is a failure to run.
  if (!r.stdout?.trim()) throw new Error(`${name} ${args.join(' ')} printed no report (exit ${r.status}): ${r.stderr || r.error}`);
  return r.stdout;
}

/** kube-score's CRITICAL and WARNING grades on one folder of plain YAML (scored together, as one release). */
export function kubeScore(folder: string): Finding[] {
  return kubeScoreFiles(join(DIST, folder), folder);
}

/** kube-score on every *.yaml of a folder anywhere (the differential test's mutants). */
export function kubeScoreFiles(dir: string, folder = dir): Finding[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').map((f) => join(dir, f));
  const report = JSON.parse(tool('kube-score', ['score', '--output-format', 'json', ...files])) as Array<{
    type_meta: { kind: string };
    object_meta: { name: string; namespace?: string };
    checks: Array<{ check: { id: string }; grade: number; skipped: boolean; comments: Array<{ path: string; summary: string }> | null }>;
  }>;
  const CRITICAL = 1;
  const WARNING = 5;
  return report.flatMap((o) =>
    o.checks
      .filter((c) => !c.skipped && (c.grade === CRITICAL || c.grade === WARNING))
      .map((c) => ({
        peer: 'kube-score' as const,
        folder,
        check: c.check.id,
        object: `${o.type_meta.kind}/${o.object_meta.namespace ?? ''}/${o.object_meta.name}`,
        message: (c.comments ?? []).map((m) => `${m.path ? `(${m.path}) ` : ''}${m.summary}`).join('; '),
      })),
  );
}

/**
 * trivy's Kubernetes misconfiguration checks (all severities) on a folder of plain YAML or an
 * unpacked chart, offline: the checks bundled in the binary, no download.
 */
export function trivyConfig(folder: string): Finding[] {
  return trivyFolder(join(DIST, folder), folder);
}

/** trivy on a folder anywhere; objects of files holding several are named by the file. */
export function trivyFolder(dir: string, folder = dir): Finding[] {
  const cache = join(ROOT, '.cache', 'trivy');
  mkdirSync(cache, { recursive: true });
  const report = JSON.parse(
    tool('trivy', ['config', '--quiet', '--format', 'json', '--skip-check-update', '--cache-dir', cache, '--exit-code', '0', dir]),
  ) as { Results?: Array<{ Target: string; Misconfigurations?: Array<{ ID: string; Status: string; Message: string; CauseMetadata?: { Resource?: string } }> }> };
  const objects = objectsByFile(dir);
  return (report.Results ?? []).flatMap((r) =>
    (r.Misconfigurations ?? [])
      .filter((m) => m.Status === 'FAIL')
      .map((m) => ({ peer: 'trivy' as const, folder, check: m.ID, object: objects.get(r.Target) ?? r.Target, message: m.Message })),
  );
}

/**
 * `<Kind>/<namespace>/<name>` of each file trivy names: a plain folder holds one object a file; a
 * chart's templates are rendered with its defaults (as trivy renders them) and read back by the
 * `# Source:` line Helm writes above each object.
 */
function objectsByFile(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const id = (o: { kind: string; metadata: { name: string; namespace?: string } }) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  if (existsSync(join(dir, 'Chart.yaml'))) {
    const rendered = spawnSync(join(TOOLS, 'helm'), ['template', basename(dir), dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    for (const doc of rendered.stdout.split(/^---$/m)) {
      const source = /^# Source: [^/]+\/(\S+)$/m.exec(doc)?.[1];
      const o = parse(doc);
      if (source && o?.kind) out.set(source, id(o));
    }
    return out;
  }
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.yaml') || f === 'kustomization.yaml') continue;
    const docs = parseAllDocuments(readFileSync(join(dir, f), 'utf8'));
    out.set(f, docs.length === 1 ? id(docs[0].toJS()) : f);
  }
  return out;
}
