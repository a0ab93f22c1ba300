import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/config-error';
import { isDns1123Label } from '../naming/dns';
import { envConfigFile, environmentsOf, loadPlatformValues } from '../config/platform-values';
import { fileTagsOf } from '../config/values-source';
import type { ValuesSource } from '../config/values-source';
import { openOutput, OutputUnit, PlannedUnit } from '../emit/atomic-output';
import { projectRoot } from '../cli/project-root';
import { outputFolder } from '../output/output-folder';
import { checkOutputFolder, ProtectedInput } from '../output/output-guard';
import { CLUSTERS_FOLDER, clusterEntryPointFiles, entryPointFiles } from '../gitops/entry-points';
import { loadGitOpsConfig } from '../gitops/gitops-config';
import { emitPlain, FileSet } from '../emit/plain-emitter';
import { packChart } from '../helm/chart-package';
import { loadChartInfo } from '../helm/chart-metadata';
import { renderHelmChart } from '../helm/helm-chart';
import type { PlatformDefinition } from '../platform/platform-definition';
import type { KubeObject } from '../emit/kube-object';
import { renderPlatformWithOrigins } from '../platform/render';
import { deployedObjects, ImmutableChange, immutableChanges, ImmutableFieldsChanged } from '../diff/immutable-changes';
import type { K8sObject } from '../validate/manifest';
import type { NamedSet } from '../validate/manifest';
import { BackgroundValidation } from '../validate/background-validation';
import { appliedRules, errorsOf, ValidationFailed, ValidationReport } from '../validate/validate';

import { DEFAULT_CHART_VERSION, OutputFormat } from './output-format';
import { PhaseObserver, UNOBSERVED } from './phase-observer';

export { DEFAULT_CHART_VERSION, OUTPUT_FORMATS } from './output-format';
export type { OutputFormat } from './output-format';

const writesPlain = (format: OutputFormat) => format !== 'helm';
const writesGitOps = (format: OutputFormat) => format === 'gitops' || format === 'all';
const writesCharts = (format: OutputFormat) => format === 'helm' || format === 'all';

export interface SynthOptions {
  readonly platforms: readonly PlatformDefinition[];
  /** Folder holding `<platform>/<env>.yaml`. */
  readonly configDir: string;
  /** Output root: plain YAML in `<outDir>/<platform>/<env>/`, charts in `<outDir>/helm/`. */
  readonly outDir: string;
  /** Only this platform. @default every platform */
  readonly platform?: string;
  /** Only this environment (plain YAML). @default every environment */
  readonly env?: string;
  /** @default all */
  readonly format?: OutputFormat;
  /** SemVer of the charts. @default DEFAULT_CHART_VERSION */
  readonly chartVersion?: string;
  /** Overrides applied after the env file, as `helm -f` and `--set` apply them (plain YAML only: the chart ships the defaults). */
  readonly overrides?: readonly ValuesSource[];
  /** How long to wait for another synth writing the same output folder. @default 10 s */
  readonly lockWaitMs?: number;
  /** Run `kubesynth validate`'s rules on the plain objects before writing, and refuse on an error. @default true */
  readonly validate?: boolean;
  /** Told of each phase (render, chart, validate, write) as it runs: the CLI's progress line and `--timings`. @default none */
  readonly observer?: PhaseObserver;
  /**
   * Write a version that changes fields Kubernetes cannot change on a live object (a
   * StatefulSet's claim template, a selector) compared with the plain YAML the output folder
   * holds, once the steps the refusal lists are taken. @default false: such a synth is refused
   */
  readonly acceptImmutableChanges?: boolean;
}

/** Immutable fields a new version of one plain folder (`<platform>/<env>`) would change. */
export interface ImmutableFolderChanges {
  readonly folder: string;
  readonly changes: readonly ImmutableChange[];
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export interface SynthReport {
  readonly written: ReadonlyArray<{ platform: string; env: string; objects: number }>;
  readonly charts: ReadonlyArray<{ platform: string; folder: string; archive: string }>;
  /** What validation found (warnings and waivers; errors stop the synth); absent with `validate: false`. */
  readonly validation?: ValidationReport;
}

/** Everything a synth would write, built in memory: the output units and, per platform and env, the plain objects. */
export interface SynthOutput {
  readonly units: readonly OutputUnit[];
  readonly sets: readonly NamedSet[];
  readonly written: SynthReport['written'];
  readonly charts: SynthReport['charts'];
  /** Immutable fields the new version would change, per plain folder (a synth refuses them). */
  readonly immutable: readonly ImmutableFolderChanges[];
}

/** Picks the platforms and envs to build; an unknown name is a user error that lists the known ones. */
export function selectTargets(opts: Pick<SynthOptions, 'platforms' | 'configDir' | 'platform' | 'env'>): Array<{ def: PlatformDefinition; envs: string[] }> {
  const defs = opts.platform ? opts.platforms.filter((p) => p.name === opts.platform) : opts.platforms;
  if (opts.platform && !defs.length) {
    throw new ConfigError([{ file: '--platform', path: '', expected: `one of ${opts.platforms.map((p) => p.name).join(', ')}`, found: JSON.stringify(opts.platform) }]);
  }
  return defs.map((def) => {
    const envs = environmentsOf(opts.configDir, def.name);
    if (opts.env && !envs.includes(opts.env)) {
      throw new ConfigError([{ file: envConfigFile(opts.configDir, def.name, opts.env), path: '', expected: `an environment of ${def.name} (${envs.join(', ')})`, found: JSON.stringify(opts.env) }]);
    }
    return { def, envs: opts.env ? [opts.env] : envs };
  });
}

/**
 * Builds the selected platforms one at a time and streams each env's files into the output
 * folder's staging area as soon as they are rendered; a platform's objects are validated
 * (each env on its own, as it is deployed) on a second thread while its chart renders, and
 * before the next platform is built, so memory holds one platform's objects at most. The swap
 * comes last: any config, construct or validation error leaves the output folder exactly as it was.
 */
export function synthesize(opts: SynthOptions): SynthReport {
  const plan = planOutput(opts);
  const inputs = protectedInputs(opts);
  // Refuse a dangerous output folder before the work, not after it (checked again under the
  // lock), but after the names the user gave: a wrong --env is the first thing to hear about.
  checkOutputFolder(outputFolder(opts.outDir, false), inputs);
  const output = openOutput(opts.outDir, plan.replaced, { inputs, lockWaitMs: opts.lockWaitMs });
  const written: Array<{ platform: string; env: string; objects: number }> = [];
  const charts: Array<{ platform: string; folder: string; archive: string }> = [];
  const reports: ValidationReport[] = [];
  const observer = opts.observer ?? UNOBSERVED;
  // Started now, so the rules load while the first platform renders.
  const validation = opts.validate ?? true ? BackgroundValidation.start() : undefined;
  try {
    for (const target of plan.targets) {
      let validated: (() => ValidationReport) | undefined;
      const part = buildPlatform(target, opts, plan, (unit) => output.write(unit), (sets) => {
        validated = validation?.validate(sets);
      });
      const refused = part.immutable[0];
      if (refused && !opts.acceptImmutableChanges) throw new ImmutableFieldsChanged(refused.folder, refused.changes);
      if (validation) {
        const objects = part.sets.reduce((n, s) => n + s.manifests.length, 0);
        // Only the wait shows here when the rules ran on the second core (see BackgroundValidation).
        const report = observer.phase('validate', `${target.def.name}, ${objects} objects`, validated ?? (() => validation.validate(part.sets)()));
        if (errorsOf(report).length) throw new ValidationFailed(report);
        reports.push(report);
      }
      written.push(...part.written);
      charts.push(...part.charts);
    }
    emitClusters(plan, (unit) => output.write(unit));
    observer.phase('write', opts.outDir, () => output.commit());
  } catch (e) {
    output.abort();
    throw e;
  } finally {
    validation?.close();
  }
  const merged = validation ? mergeReports(reports) : undefined;
  return { written, charts, ...(merged ? { validation: merged } : {}) };
}

function mergeReports(reports: readonly ValidationReport[]): ValidationReport {
  return {
    objects: reports.reduce((n, r) => n + r.objects, 0),
    rules: reports[0]?.rules ?? appliedRules(),
    findings: reports.flatMap((r) => r.findings),
    waived: reports.flatMap((r) => r.waived),
    skipped: reports.flatMap((r) => r.skipped),
  };
}

interface OutputPlan {
  readonly targets: Array<{ def: PlatformDefinition; envs: string[] }>;
  readonly format: OutputFormat;
  readonly version: string;
  readonly gitops?: ReturnType<typeof loadGitOpsConfig>;
  readonly chartInfo?: ReturnType<typeof loadChartInfo>;
  /** Paths under the output folder that this synth replaces whole, known before anything is built. */
  readonly replaced: PlannedUnit[];
}

/** Checks the options and says what a synth replaces, without building anything. */
function planOutput(opts: SynthOptions): OutputPlan {
  const format = opts.format ?? 'all';
  const version = opts.chartVersion ?? DEFAULT_CHART_VERSION;
  if (!SEMVER.test(version)) {
    throw new ConfigError([{ file: '--chart-version', path: '', expected: 'a SemVer 2 version such as 1.4.0', found: JSON.stringify(version) }]);
  }
  const targets = selectTargets(opts);
  const gitops = writesGitOps(format) ? loadGitOpsConfig(opts.configDir) : undefined;
  // gitops/<platform>/ and gitops/clusters/ sit side by side: a platform of that name would write into the aggregations.
  const clash = targets.find(({ def }) => def.name === CLUSTERS_FOLDER);
  if (gitops && clash) throw new Error(`a platform may not be named ${CLUSTERS_FOLDER}: gitops/${CLUSTERS_FOLDER}/ holds the clusters' GitOps aggregations`);
  const chartInfo = writesCharts(format) ? loadChartInfo(opts.configDir) : undefined;
  const replaced: PlannedUnit[] = targets.flatMap(({ def }) => [
    ...(writesPlain(format) ? [{ path: plainPath(def.name, opts) }] : []),
    ...(gitops ? [{ path: `gitops/${plainPath(def.name, opts)}` }] : []),
    // Other versions of this chart's archive are superseded; which exist is decided under the output lock.
    ...(writesCharts(format) ? [{ path: `helm/${def.name}` }, { path: archiveOf(def.name, version), replaces: new RegExp(`^${def.name}-\\d+\\.\\d+\\.\\d+.*\\.tgz$`) }] : []),
  ]);
  // The clusters' aggregations list every platform of an env, so only a synth of every platform
  // writes them: one of a single platform leaves them as they are (and still correct).
  if (gitops && !opts.platform) replaced.push({ path: opts.env ? `gitops/${CLUSTERS_FOLDER}/${opts.env}` : `gitops/${CLUSTERS_FOLDER}` });
  return { targets, format, version, gitops, chartInfo, replaced };
}

/** `cortex-core`, or `cortex-core/prod` when only one env is synthesized (the others stay). */
const plainPath = (platform: string, opts: Pick<SynthOptions, 'env'>) => (opts.env ? `${platform}/${opts.env}` : platform);
const archiveOf = (platform: string, version: string) => `helm/${platform}-${version}.tgz`;

/**
 * Builds one platform: each env's plain files (and GitOps entry points) are handed to `emit`
 * as soon as they are rendered, the objects to validate to `plainBuilt` once every env is
 * rendered (before the chart), then the chart. Returns the objects to validate and the report.
 */
function buildPlatform(
  { def, envs }: { def: PlatformDefinition; envs: string[] },
  opts: SynthOptions,
  plan: OutputPlan,
  emit: (unit: OutputUnit) => void,
  plainBuilt: (sets: readonly NamedSet[]) => void = () => undefined,
): { sets: NamedSet[]; written: SynthReport['written']; charts: SynthReport['charts']; immutable: ImmutableFolderChanges[] } {
  const sets: NamedSet[] = [];
  const immutable: ImmutableFolderChanges[] = [];
  const written: Array<{ platform: string; env: string; objects: number }> = [];
  const charts: Array<{ platform: string; folder: string; archive: string }> = [];
  const observer = opts.observer ?? UNOBSERVED;
  if (writesPlain(plan.format)) {
    for (const env of envs) {
      const values = loadPlatformValues(def, opts.configDir, env, opts.overrides);
      const { objects, origins } = observer.phase('render', `${def.name}/${env}`, () => renderPlatformWithOrigins(def, env, values));
      // The folder as committed is what GitOps deploys: compare before replacing it.
      const changes = immutableChanges(deployedObjects(join(opts.outDir, def.name, env)), objects, origins);
      if (changes.length) immutable.push({ folder: `${def.name}/${env}`, changes });
      const emitted = observer.phase('emit', `${def.name}/${env}, ${objects.length} objects`, () => {
        const files = emitPlain(objects, plainHeader(def.name, env, opts.overrides ?? []));
        emit({ path: `${def.name}/${env}`, files });
        return files;
      });
      // Named like the files they become, so findings point at what a reviewer will open.
      sets.push({ name: `${def.name}/${env}`, manifests: objects.map((o) => ({ object: o as K8sObject, source: `${def.name}/${env}/${plainFileOf(emitted, o)}` })) });
      written.push({ platform: def.name, env, objects: objects.length });
      if (plan.gitops) {
        emit({ path: `gitops/${def.name}/${env}`, files: entryPointFiles(plan.gitops, { platform: def.name, env, namespace: def.namespace(values), objects }, GITOPS_HEADER) });
      }
    }
  }
  plainBuilt(sets);
  if (writesCharts(plan.format)) {
    const environments = environmentsOf(opts.configDir, def.name);
    const chartFiles = observer.phase('chart', `helm/${def.name}`, () => renderHelmChart(def, {
      version: plan.version,
      environments,
      setFiles: Object.fromEntries(environments.map((env) => [env, fileTagsOf(envConfigFile(opts.configDir, def.name, env))])),
      info: plan.chartInfo,
    }));
    const archive = archiveOf(def.name, plan.version);
    observer.phase('emit', `helm/${def.name}`, () => {
      emit({ path: `helm/${def.name}`, files: chartFiles });
      emit({ path: archive, content: packChart(def.name, chartFiles) });
    });
    charts.push({ platform: def.name, folder: `helm/${def.name}`, archive });
  }
  return { sets, written, charts, immutable };
}

const GITOPS_HEADER = `# Generated by kubesynth from config/gitops.yaml. Do not edit: change it and run \`npm run synth\`.\n`;

/** Each env's cluster aggregation (when this synth writes them): the platforms that have that env, in registry order. */
function emitClusters(plan: OutputPlan, emit: (unit: OutputUnit) => void): void {
  if (!plan.gitops || !plan.replaced.some((r) => r.path.startsWith(`gitops/${CLUSTERS_FOLDER}`))) return;
  const envs = [...new Set(plan.targets.flatMap((t) => t.envs))].sort();
  for (const env of envs) {
    const platforms = plan.targets.filter((t) => t.envs.includes(env)).map((t) => t.def.name);
    emit({ path: `gitops/${CLUSTERS_FOLDER}/${env}`, files: clusterEntryPointFiles(plan.gitops, env, platforms, GITOPS_HEADER) });
  }
}

/**
 * Renders what a synth with `opts` would write, without writing (used by diff): one unit per
 * replaced path (a platform's env folders under it), and the stale archives it would remove.
 */
export function buildOutput(opts: SynthOptions): SynthOutput {
  const plan = planOutput(opts);
  const units = new Map<string, OutputUnit>();
  const written: Array<{ platform: string; env: string; objects: number }> = [];
  const charts: Array<{ platform: string; folder: string; archive: string }> = [];
  const sets: NamedSet[] = [];
  const immutable: ImmutableFolderChanges[] = [];
  const collect = (unit: OutputUnit) => {
    const owner = plan.replaced.find((r) => unit.path === r.path || unit.path.startsWith(`${r.path}/`))!;
    if (!('files' in unit)) {
      units.set(unit.path, unit);
      return;
    }
    const prefix = unit.path === owner.path ? '' : `${unit.path.slice(owner.path.length + 1)}/`;
    const files = (units.get(owner.path) as { files?: FileSet } | undefined)?.files ?? new Map<string, string>();
    for (const [rel, content] of unit.files) files.set(`${prefix}${rel}`, content);
    units.set(owner.path, { path: owner.path, files });
  };
  for (const target of plan.targets) {
    const part = buildPlatform(target, opts, plan, collect);
    sets.push(...part.sets);
    immutable.push(...part.immutable);
    written.push(...part.written);
    charts.push(...part.charts);
    if (writesCharts(plan.format)) {
      const archive = archiveOf(target.def.name, plan.version);
      for (const stale of staleArchives(opts.outDir, target.def.name, archive)) units.set(stale, { path: stale, remove: true });
    }
  }
  emitClusters(plan, collect);
  return { units: [...units.values()], sets, written, charts, immutable };
}

/**
 * The comment on top of every plain file. It is the one text written outside the YAML
 * serializer, so it holds only names kubesynth controls (the platform, from the registry; the
 * env, a DNS-1123 label) and a count of overrides: `-f` file names and `--set` text are user
 * input and could carry a newline, `---` or `#` that would turn the comment into YAML.
 */
export function plainHeader(platform: string, env: string, overrides: readonly ValuesSource[]): string {
  // Both are checked long before (registry names, config file names); this keeps it so if a caller forgets.
  if (!isDns1123Label(platform) || !isDns1123Label(env)) throw new Error(`refusing to write a header for ${JSON.stringify(platform)}/${JSON.stringify(env)}: not DNS-1123 labels`);
  const extra = overrides.length ? ` with ${overrides.length} override${overrides.length > 1 ? 's' : ''} (-f or --set, not named here)` : '';
  return `# Generated by kubesynth from charts/${platform}.ts and ${envConfigFile('config', platform, env)}${extra}. Do not edit: change those and run \`npm run synth\`.\n`;
}

/** What the output folder must keep apart from: replacing it whole would delete them. */
function protectedInputs(opts: SynthOptions): ProtectedInput[] {
  return [
    { what: 'the config folder', path: opts.configDir },
    { what: 'the kubesynth project', path: projectRoot(), outputMayBeInside: true },
    ...(opts.overrides ?? []).flatMap((o) => (o.file ? [{ what: 'a values file (-f)', path: o.file }] : [])),
  ];
}

/** The file emitPlain wrote an object to (with the namespace only when two objects would collide). */
function plainFileOf(files: ReadonlyMap<string, string>, o: KubeObject): string {
  const plain = `${o.kind.toLowerCase()}-${o.metadata.name}.yaml`;
  return files.has(plain) ? plain : `${o.kind.toLowerCase()}-${o.metadata.namespace ?? ''}-${o.metadata.name}.yaml`;
}

/** Archives of other versions of the same chart, which a new version replaces. */
function staleArchives(outDir: string, platform: string, current: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(join(outDir, 'helm'));
  } catch {
    return [];
  }
  const pattern = new RegExp(`^${platform}-\\d+\\.\\d+\\.\\d+.*\\.tgz$`);
  return entries.filter((f) => pattern.test(f)).map((f) => `helm/${f}`).filter((f) => f !== current);
}
