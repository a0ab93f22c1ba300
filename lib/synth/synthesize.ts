import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/config-error';
import { isDns1123Label } from '../naming/dns';
import { envConfigFile, environmentsOf, loadPlatformValues } from '../platform/platform-values';
import { fileTagsOf } from '../config/values-source';
import type { ValuesSource } from '../config/values-source';
import { ValuesValidators } from '../config/values-validators';
import { openOutput, OutputUnit, PlannedUnit } from '../emit/atomic-output';
import { projectRoot } from '../project/project-root';
import { synthCommand } from '../project/synth-command';
import { OUTPUT_MARKER, outputFolder } from '../output/output-folder';
import { pathHolds } from '../output/output-match';
import { checkOutputFolder, ProtectedInput } from '../output/output-guard';
import { CLUSTERS_FOLDER, clusterEntryPointFiles, entryPointFiles } from '../gitops/entry-points';
import { loadGitOpsConfig } from '../gitops/gitops-config';
import { emitPlain, FileSet } from '../emit/plain-emitter';
import { BackgroundCharts } from '../helm/background-charts';
import { loadChartInfo } from '../helm/chart-metadata';
import type { HelmChartOptions } from '../helm/helm-chart';
import type { PlatformDefinition } from '../platform/platform-definition';
import type { PlatformModule } from '../platform/platform-module';
import type { KubeObject } from '../emit/kube-object';
import { renderPlatformWithOrigins } from '../render/render';
import { deployedObjects, ImmutableChange, immutableChanges, ImmutableFieldsChanged } from '../diff/immutable-changes';
import type { ValueOrigin } from '../values/value-origin';
import type { K8sObject, Manifest, NamedSet } from '../validate/manifest';
import { parseManifests } from '../validate/read-manifests';
import { BackgroundValidation } from '../validate/background-validation';
import { appliedRules, errorsOf, Finding, ValidationFailed, ValidationReport, WaivedFinding } from '../validate/validate';
import { OutputKeys } from './output-keys';
import { CachedFiles, CacheEntry, CacheStats, SynthCache } from './synth-cache';

import { DEFAULT_CHART_VERSION, OutputFormat } from './output-format';
import { PhaseObserver, UNOBSERVED } from '../progress/phase-observer';

export { DEFAULT_CHART_VERSION, OUTPUT_FORMATS } from './output-format';
export type { OutputFormat } from './output-format';

const writesPlain = (format: OutputFormat) => format !== 'helm';
const writesGitOps = (format: OutputFormat) => format === 'gitops' || format === 'all';
const writesCharts = (format: OutputFormat) => format === 'helm' || format === 'all';

export interface SynthOptions {
  readonly platforms: readonly PlatformDefinition[];
  /**
   * Where a worker thread loads the same platforms from: charts are then built on the second
   * core while this thread renders the plain output (see BackgroundCharts). @default none:
   * charts are built on this thread
   */
  readonly platformModule?: PlatformModule;
  /**
   * How many components (as the platforms' defaults list them) the charts a synth builds must
   * have together before they are built on a worker: a worker loads every module again (about
   * 0.3 s of CPU and half a second before it starts), which only a large chart pays back (the
   * chart costs 1-2 ms per component). @default CHART_WORKER_FROM
   */
  readonly chartWorkerFrom?: number;
  /**
   * How many components the platforms a synth builds must have together before their plain
   * objects are validated on a worker (when the charts are not on it): the worker loads the rules
   * and schemas again (about 0.3 s of CPU), which only a large platform pays back.
   * @default VALIDATION_WORKER_FROM
   */
  readonly validationWorkerFrom?: number;
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
  /**
   * The synth cache folder: an output whose inputs (code, values files, overrides, versions)
   * are unchanged is taken from it rather than built, and every output built is stored there
   * (see synth-cache). @default none: everything is built, nothing stored
   */
  readonly cache?: string;
  /**
   * Called once everything is built and validated, before anything is written (and when nothing
   * needs writing, before saying so): throwing refuses the synth with the output folder as it was.
   * The CLI waits there for its type check (see lib/cli/type-check). @default none
   */
  readonly beforeWrite?: () => void;
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
  /** Outputs reused from the cache, built, and cache entries found damaged (and rebuilt); absent without a cache. */
  readonly cache?: CacheStats;
  /** True when the output folder already held everything and nothing was written. @default false */
  readonly unchanged?: boolean;
}

/** Everything a synth would write, built in memory (or taken from the cache): the output units. */
export interface SynthOutput {
  readonly units: readonly OutputUnit[];
  readonly written: SynthReport['written'];
  readonly charts: SynthReport['charts'];
  /** Immutable fields the new version would change, per plain folder (a synth refuses them). */
  readonly immutable: readonly ImmutableFolderChanges[];
  /** What came from the cache; absent without one. */
  readonly cache?: CacheStats;
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
 *
 * With a cache (`opts.cache`), an output whose inputs are unchanged is taken from it instead of
 * built (see synth-cache); when every output is and the output folder already holds them all,
 * nothing is written at all: no lock, no staging, no swap.
 */
export function synthesize(opts: SynthOptions): SynthReport {
  const plan = planOutput(opts);
  const inputs = protectedInputs(opts);
  // Refuse a dangerous output folder before the work, not after it (checked again under the
  // lock), but after the names the user gave: a wrong --env is the first thing to hear about.
  checkOutputFolder(outputFolder(opts.outDir, false), inputs);
  const observer = opts.observer ?? UNOBSERVED;
  const validating = opts.validate ?? true;
  const store = opts.cache ? new OutputStore(opts, plan, validating) : undefined;
  // Paths the output folder already holds exactly as this synth would write them (every output
  // under them cached): carried over into staging by hard link instead of written again.
  const kept = store ? store.keptPaths() : new Set<string>();
  if (store && kept.size === plan.replaced.length && existsSync(join(opts.outDir, OUTPUT_MARKER))) {
    opts.beforeWrite?.();
    return store.unchangedOutput();
  }
  const isKept = (path: string) => [...kept].some((k) => path === k || path.startsWith(`${k}/`));
  const output = openOutput(opts.outDir, plan.replaced.filter((r) => !kept.has(r.path)), { inputs, lockWaitMs: opts.lockWaitMs });
  const written: Array<{ platform: string; env: string; objects: number }> = [];
  const charts: Array<{ platform: string; folder: string; archive: string }> = [];
  const reports: ValidationReport[] = [];
  // Started now, so the chart code or the rules load while the first platform renders. One worker
  // beside this thread, not two: with the charts on the second core, this thread validates while it
  // waits for them (issue 15: at 1,000 services plain + validation take about as long as the chart,
  // and a third thread cost 0.3 s of CPU and 90 MiB for its own copy of the modules and objects).
  const chartBuilder = chartWorker(opts, plan, store);
  const validation = validating ? (!chartBuilder?.inWorker && componentsBuilt(plan.targets) >= (opts.validationWorkerFrom ?? VALIDATION_WORKER_FROM) ? BackgroundValidation.start() : BackgroundValidation.inProcess()) : undefined;
  try {
    for (const target of plan.targets) {
      let validated: (() => ValidationReport) | undefined;
      const validatedWhat = (sets: readonly NamedSet[]) => `${target.def.name}, ${sets.reduce((n, set) => n + set.manifests.length, 0)} objects`;
      const part = buildPlatform(target, opts, plan, (unit) => (isKept(unit.path) ? undefined : output.write(unit)), store, chartBuilder, (sets) => {
        if (!validation || !sets.length) return;
        // With the chart on the second core the rules run in process: now, while it builds, rather than
        // after waiting for it (issue 15). What they found is handed over where it was before.
        validated = chartBuilder?.inWorker ? settleNow(() => observer.phase('validate', validatedWhat(sets), validation.validate(sets))) : validation.validate(sets);
      });
      const refused = part.immutable[0];
      if (refused && !opts.acceptImmutableChanges) throw new ImmutableFieldsChanged(refused.folder, refused.changes);
      const sets = part.envs.flatMap((e) => (e.set ? [e.set] : []));
      let fresh: ValidationReport | undefined;
      if (validation && sets.length) {
        // Only the wait, or the handover, shows here when the rules ran earlier or on the second core.
        fresh = observer.phase('validate', validatedWhat(sets), validated ?? (() => validation.validate(sets)()));
        if (errorsOf(fresh).length) throw new ValidationFailed(fresh);
      }
      for (const env of part.envs) {
        if (validation) {
          // Each env's share of the platform's report (findings name their env's folder), or the cache's.
          const report = env.cached ?? reportOf(fresh!, env.set!);
          reports.push(report);
          env.store?.({ findings: report.findings, waived: report.waived });
        } else {
          env.store?.(undefined);
        }
        written.push({ platform: target.def.name, env: env.env, objects: env.objects });
      }
      part.storeChart?.();
      charts.push(...part.charts);
    }
    emitClusters(plan, (unit) => (isKept(unit.path) ? undefined : output.write(unit)));
    if (opts.beforeWrite) observer.phase('type-check', 'wait', opts.beforeWrite);
    observer.phase('write', opts.outDir, () => output.commit());
  } catch (e) {
    output.abort();
    throw e;
  } finally {
    validation?.close();
    chartBuilder?.close();
  }
  const merged = validation ? mergeReports(reports) : undefined;
  return { written, charts, ...(merged ? { validation: merged } : {}), ...(store ? { cache: { ...store.cache.stats } } : {}) };
}

/**
 * Runs `work` now and returns the function that hands over its result later, or throws its
 * error then: work done early whose outcome is reported in its usual place, so a synth's
 * errors come in the same order.
 */
function settleNow<T>(work: () => T): () => T {
  try {
    const result = work();
    return () => result;
  } catch (e) {
    return () => {
      throw e;
    };
  }
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
  /** The command the generated files' headers tell a reader to run (synthCommand of the project). */
  readonly synthCommand: string;
}

/** The compiled values validators: kept in the synth cache when there is one (see values-validators). */
const validatorsOf = (opts: Pick<SynthOptions, 'cache'>) => ValuesValidators.in(opts.cache && join(opts.cache, 'validators'));

/** Checks the options and says what a synth replaces, without building anything. */
function planOutput(opts: SynthOptions): OutputPlan {
  const format = opts.format ?? 'all';
  const version = opts.chartVersion ?? DEFAULT_CHART_VERSION;
  if (!SEMVER.test(version)) {
    throw new ConfigError([{ file: '--chart-version', path: '', expected: 'a SemVer 2 version such as 1.4.0', found: JSON.stringify(version) }]);
  }
  const targets = selectTargets(opts);
  const gitops = writesGitOps(format) ? loadGitOpsConfig(opts.configDir, validatorsOf(opts)) : undefined;
  // gitops/<platform>/ and gitops/clusters/ sit side by side: a platform of that name would write into the aggregations.
  const clash = targets.find(({ def }) => def.name === CLUSTERS_FOLDER);
  if (gitops && clash) throw new Error(`a platform may not be named ${CLUSTERS_FOLDER}: gitops/${CLUSTERS_FOLDER}/ holds the clusters' GitOps aggregations`);
  const chartInfo = writesCharts(format) ? loadChartInfo(opts.configDir, validatorsOf(opts)) : undefined;
  const replaced: PlannedUnit[] = targets.flatMap(({ def }) => [
    ...(writesPlain(format) ? [{ path: plainPath(def.name, opts) }] : []),
    ...(gitops ? [{ path: `gitops/${plainPath(def.name, opts)}` }] : []),
    // Other versions of this chart's archive are superseded; which exist is decided under the output lock.
    ...(writesCharts(format) ? [{ path: `helm/${def.name}` }, { path: archiveOf(def.name, version), replaces: new RegExp(`^${def.name}-\\d+\\.\\d+\\.\\d+.*\\.tgz$`) }] : []),
  ]);
  // The clusters' aggregations list every platform of an env, so only a synth of every platform
  // writes them: one of a single platform leaves them as they are (and still correct).
  if (gitops && !opts.platform) replaced.push({ path: opts.env ? `gitops/${CLUSTERS_FOLDER}/${opts.env}` : `gitops/${CLUSTERS_FOLDER}` });
  return { targets, format, version, gitops, chartInfo, replaced, synthCommand: synthCommand(projectRoot()) };
}

/** `cortex-core`, or `cortex-core/prod` when only one env is synthesized (the others stay). */
const plainPath = (platform: string, opts: Pick<SynthOptions, 'env'>) => (opts.env ? `${platform}/${opts.env}` : platform);
const archiveOf = (platform: string, version: string) => `helm/${platform}-${version}.tgz`;

/** One env of a platform, built or reused: what synth validates, reports and stores. */
interface EnvPart {
  readonly env: string;
  readonly objects: number;
  /** The objects to validate; absent when the cache holds what validation found (`cached`). */
  readonly set?: NamedSet;
  /** What validation found, from the cache. */
  readonly cached?: ValidationReport;
  /** Stores the output in the cache, with what validation found (undefined: not validated). */
  readonly store?: (validation: PlainMeta['validation']) => void;
}

interface PlatformPart {
  readonly envs: readonly EnvPart[];
  readonly charts: SynthReport['charts'];
  readonly immutable: readonly ImmutableFolderChanges[];
  /** Stores a built chart in the cache. */
  readonly storeChart?: () => void;
}

/**
 * Builds one platform: each env's plain files (and GitOps entry points) are handed to `emit`
 * as soon as they are rendered, the objects to validate to `plainBuilt` once every env is
 * rendered (before the chart), then the chart; outputs the cache holds are handed over from it
 * instead. Returns what to validate, report and store.
 */
function buildPlatform(
  { def, envs }: { def: PlatformDefinition; envs: string[] },
  opts: SynthOptions,
  plan: OutputPlan,
  emit: (unit: OutputUnit) => void,
  store?: OutputStore,
  chartBuilder?: BackgroundCharts,
  plainBuilt: (sets: readonly NamedSet[]) => void = () => undefined,
): PlatformPart {
  const parts: EnvPart[] = [];
  const immutable: ImmutableFolderChanges[] = [];
  const charts: Array<{ platform: string; folder: string; archive: string }> = [];
  const observer = opts.observer ?? UNOBSERVED;
  // Asked for first, so a chart worker builds it while this thread renders the envs.
  const chartCached = writesCharts(plan.format) ? store?.chart(def) : undefined;
  const chartBuilt = writesCharts(plan.format) && !chartCached
    ? (chartBuilder ?? BackgroundCharts.start(undefined)).build(def, () => chartOptions(opts, plan, def))
    : undefined;
  const plainFolder = (env: string) => `${def.name}/${env}`;
  if (writesPlain(plan.format)) {
    for (const env of envs) {
      const cached = store?.plain(def, env);
      if (cached) {
        const part = observer.phase('reuse', `${plainFolder(env)}, ${cached.meta.objects} objects`, () => store!.reusePlain(def, env, cached, emit));
        if (part.changes.length) immutable.push({ folder: plainFolder(env), changes: part.changes });
        parts.push(part.env);
        continue;
      }
      const values = observer.phase('values', plainFolder(env), () => loadPlatformValues(def, opts.configDir, env, opts.overrides, validatorsOf(opts)));
      const { objects, origins } = observer.phase('render', plainFolder(env), () => renderPlatformWithOrigins(def, env, values));
      const emitted = observer.phase('emit', `${plainFolder(env)}, ${objects.length} objects`, () => {
        const files = emitPlain(objects, plainHeader(def.name, env, opts.overrides ?? [], plan.synthCommand));
        emit({ path: plainFolder(env), files });
        return files;
      });
      // The folder as committed is what GitOps deploys: compare before replacing it.
      const deployed = observer.phase('compare', plainFolder(env), () => deployedObjects(join(opts.outDir, def.name, env), undefined, (file, text) => emitted.get(file) === text));
      const changes = immutableChanges(deployed, objects, origins);
      if (changes.length) immutable.push({ folder: plainFolder(env), changes });
      const gitopsFiles = plan.gitops ? entryPointFiles(plan.gitops, { platform: def.name, env, namespace: def.namespace(values), objects }, gitopsHeader(plan.synthCommand)) : undefined;
      if (gitopsFiles) emit({ path: `gitops/${plainFolder(env)}`, files: gitopsFiles });
      parts.push({
        env,
        objects: objects.length,
        // Named like the files they become, so findings point at what a reviewer will open.
        set: { name: plainFolder(env), manifests: objects.map((o) => ({ object: o as K8sObject, source: `${plainFolder(env)}/${plainFileOf(emitted, o)}` })) },
        store: store && ((validation) => store.storePlain(def, env, emitted, gitopsFiles, { objects: objects.length, origins, ...(validation ? { validation } : {}) })),
      });
    }
  }
  plainBuilt(parts.flatMap((p) => (p.set ? [p.set] : [])));
  let storeChart: (() => void) | undefined;
  if (writesCharts(plan.format)) {
    const archive = archiveOf(def.name, plan.version);
    if (chartCached) {
      observer.phase('reuse', `helm/${def.name}`, () => store!.reuseChart(def, chartCached, emit));
    } else {
      // Only the wait shows here when the chart was built on the second core (see BackgroundCharts).
      const built = observer.phase('chart', `helm/${def.name}`, chartBuilt!);
      observer.phase('emit', `helm/${def.name}`, () => {
        emit({ path: `helm/${def.name}`, files: built.files });
        emit({ path: archive, content: built.archive });
      });
      storeChart = store && (() => store.storeChart(def, built.files, built.archive));
    }
    charts.push({ platform: def.name, folder: `helm/${def.name}`, archive });
  }
  return { envs: parts, charts, immutable, ...(storeChart ? { storeChart } : {}) };
}

/** What the chart of `def` is built with. */
function chartOptions(opts: SynthOptions, plan: OutputPlan, def: PlatformDefinition): HelmChartOptions {
  const environments = environmentsOf(opts.configDir, def.name);
  return { version: plan.version, environments, setFiles: chartSetFiles(opts.configDir, def.name, environments), info: plan.chartInfo };
}

/**
 * Components from which charts are built on a worker (see SynthOptions.chartWorkerFrom). Measured
 * with the bench's generated platforms on the 2-core machine: at 100 services the worker made the
 * synth slower (its start-up is the last thing the synth waits for), at 500 about even, at 1,000
 * faster; kubesynth's own platforms have 5-15 components each.
 */
export const CHART_WORKER_FROM = 300;

/**
 * Components from which validation runs on a worker (see SynthOptions.validationWorkerFrom).
 * Measured on the 2-core machine, the type-check server beside: a one-platform synth of
 * kubesynth's own platforms (5-15 components) took 0.3-0.5 s less wall with the rules in
 * process, and the whole dist/ without the cache (about 50 components) the same or less; the
 * bench's 100-service platform keeps the worker.
 */
export const VALIDATION_WORKER_FROM = 100;

/** The components the platforms list in their defaults, together (a platform that lists none is reported where it is built). */
function componentsBuilt(targets: OutputPlan['targets']): number {
  return targets.reduce((n, { def }) => {
    try {
      return n + def.components(def.defaults).length;
    } catch {
      return n;
    }
  }, 0);
}

/**
 * The chart builder of a synth: on a worker when the charts it builds (those the cache does not
 * hold) are large enough to pay for one (see SynthOptions.chartWorkerFrom); none when it builds no chart.
 */
function chartWorker(opts: SynthOptions, plan: OutputPlan, store: OutputStore | undefined): BackgroundCharts | undefined {
  if (!writesCharts(plan.format)) return undefined;
  const built = plan.targets.filter(({ def }) => !store?.chart(def));
  if (!built.length) return undefined;
  return BackgroundCharts.start(componentsBuilt(built) >= (opts.chartWorkerFrom ?? CHART_WORKER_FROM) ? opts.platformModule : undefined);
}

/** Each env's `!file` tags, which the chart's README gives as `--set-file` next to `-f <env file>`. */
function chartSetFiles(configDir: string, platform: string, environments: readonly string[]) {
  return Object.fromEntries(environments.map((env) => [env, fileTagsOf(envConfigFile(configDir, platform, env))]));
}

/** What the cache keeps about a platform/env's plain folder, beside its files. */
interface PlainMeta {
  readonly objects: number;
  /** The values behind immutable fields, for the refusal's message when the output folder holds another version. */
  readonly origins: readonly ValueOrigin[];
  /** What validation found; absent when the entry was stored unvalidated (by diff, or with --no-validate). */
  readonly validation?: { readonly findings: readonly Finding[]; readonly waived: readonly WaivedFinding[] };
}

/**
 * A synth's view of the cache: the key of each output it would build, the entries that hold
 * them (each read and checked once), and how a cached output is handed to the output folder.
 */
class OutputStore {
  readonly cache: SynthCache;
  private readonly keys: OutputKeys;
  private readonly plainEntries = new Map<string, { key?: string; entry?: CacheEntry<PlainMeta> }>();
  private readonly chartEntries = new Map<string, { key?: string; entry?: CacheEntry<Record<string, never>> }>();

  constructor(private readonly opts: SynthOptions, private readonly plan: OutputPlan, private readonly validating: boolean) {
    this.cache = new SynthCache(opts.cache!);
    this.keys = (opts.observer ?? UNOBSERVED).phase('cache', 'code', () => new OutputKeys(projectRoot()));
  }

  private plainLookup(def: PlatformDefinition, env: string) {
    const id = `${def.name}/${env}`;
    let found = this.plainEntries.get(id);
    if (!found) {
      found = (this.opts.observer ?? UNOBSERVED).phase('cache', id, () => {
        const key = this.keys.plain(def, this.opts.configDir, env, this.opts.overrides ?? [], this.plan.gitops);
        return { key, entry: key ? this.cache.get<PlainMeta>('plain', id, key) : undefined };
      });
      this.plainEntries.set(id, found);
    }
    return found;
  }

  private chartLookup(def: PlatformDefinition) {
    let found = this.chartEntries.get(def.name);
    if (!found) {
      found = (this.opts.observer ?? UNOBSERVED).phase('cache', `helm/${def.name}`, () => {
        const environments = environmentsOf(this.opts.configDir, def.name);
        const key = this.keys.chart(def, this.plan.version, environments, chartSetFiles(this.opts.configDir, def.name, environments), this.plan.chartInfo);
        return { key, entry: key ? this.cache.get<Record<string, never>>('chart', def.name, key) : undefined };
      });
      this.chartEntries.set(def.name, found);
    }
    return found;
  }

  /** The cached plain folder of a platform/env, if the cache holds it. */
  plain(def: PlatformDefinition, env: string): CacheEntry<PlainMeta> | undefined {
    return this.plainLookup(def, env).entry;
  }

  /** The cached chart and archive of a platform, if the cache holds them. */
  chart(def: PlatformDefinition): CacheEntry<Record<string, never>> | undefined {
    return this.chartLookup(def).entry;
  }

  /** Whether the cache holds every output of a platform this synth would build (validated, when it validates). */
  private platformCached({ def, envs }: { def: PlatformDefinition; envs: string[] }): boolean {
    return (!writesPlain(this.plan.format) || envs.every((env) => {
      const entry = this.plain(def, env);
      return entry && (!this.validating || entry.meta.validation);
    })) && (!writesCharts(this.plan.format) || this.chart(def) !== undefined);
  }

  /**
   * The replaced paths (see planOutput) whose every output is cached and which the output folder
   * already holds byte for byte (a chart archive also with no other version to remove): a synth
   * carries them over as they are, and one that keeps them all writes nothing. Nothing under
   * them differs from what is deployed, so no immutable field can change there.
   */
  keptPaths(): Set<string> {
    // Output-relative path -> content, of every cached output and the cluster aggregations.
    const next = new Map<string, Buffer>();
    const cachedPlatforms = new Set<string>();
    for (const target of this.plan.targets) {
      if (!this.platformCached(target)) continue;
      const { def, envs } = target;
      cachedPlatforms.add(def.name);
      if (writesPlain(this.plan.format)) for (const env of envs) for (const [path, content] of this.plain(def, env)!.files) next.set(path, content);
      if (writesCharts(this.plan.format)) for (const [path, content] of this.chart(def)!.files) next.set(path, content);
    }
    emitClusters(this.plan, (unit) => {
      if ('files' in unit) for (const [rel, content] of unit.files) next.set(`${unit.path}/${rel}`, Buffer.from(content));
    });
    const platformOf = (path: string) => this.plan.targets.find(({ def }) => path === def.name || path.startsWith(`${def.name}/`) || path.startsWith(`gitops/${def.name}/`) || path === `gitops/${def.name}` || path === `helm/${def.name}` || path === archiveOf(def.name, this.plan.version))?.def.name;
    const kept = new Set<string>();
    (this.opts.observer ?? UNOBSERVED).phase('reuse', this.opts.outDir, () => this.plan.replaced.forEach((r) => {
      const platform = platformOf(r.path);
      if (platform !== undefined && !cachedPlatforms.has(platform)) return;
      if (r.replaces && platform !== undefined && staleArchives(this.opts.outDir, platform, r.path).length) return;
      const expected = new Map<string, Buffer>();
      for (const [path, content] of next) {
        if (path === r.path) expected.set('', content);
        else if (path.startsWith(`${r.path}/`)) expected.set(path.slice(r.path.length + 1), content);
      }
      if (pathHolds(join(this.opts.outDir, r.path), expected)) kept.add(r.path);
    }));
    return kept;
  }

  /** The report of a synth that finds every path kept (see keptPaths): nothing is written. */
  unchangedOutput(): SynthReport {
    const written: Array<{ platform: string; env: string; objects: number }> = [];
    const charts: Array<{ platform: string; folder: string; archive: string }> = [];
    const reports: ValidationReport[] = [];
    const rules = appliedRules();
    for (const { def, envs } of this.plan.targets) {
      if (writesPlain(this.plan.format)) {
        for (const env of envs) {
          const entry = this.plain(def, env)!;
          written.push({ platform: def.name, env, objects: entry.meta.objects });
          if (this.validating) reports.push({ ...cachedReport(entry.meta), rules });
        }
      }
      if (writesCharts(this.plan.format)) charts.push({ platform: def.name, folder: `helm/${def.name}`, archive: archiveOf(def.name, this.plan.version) });
    }
    this.cache.stats.reused += written.length + charts.length;
    const validation = this.validating ? mergeReports(reports) : undefined;
    return { written, charts, ...(validation ? { validation } : {}), cache: { ...this.cache.stats }, unchanged: true };
  }

  /**
   * Hands a cached plain folder (and its GitOps entry points) to the output, and compares its
   * immutable fields with the output folder's, unless that holds these very files.
   */
  reusePlain(def: PlatformDefinition, env: string, entry: CacheEntry<PlainMeta>, emit: (unit: OutputUnit) => void): { env: EnvPart; changes: ImmutableChange[] } {
    this.cache.stats.reused++;
    const units = plainUnitsOf(def.name, env, entry.files);
    for (const unit of units) emit(unit);
    const folder = `${def.name}/${env}`;
    const plainFiles = new Map([...entry.files].filter(([p]) => p.startsWith(`${folder}/`)).map(([p, c]) => [p.slice(folder.length + 1), c]));
    let manifests: Manifest[] | undefined;
    const read = () => (manifests ??= [...plainFiles].filter(([rel]) => /\.ya?ml$/.test(rel)).flatMap(([rel, c]) => parseManifests(`${folder}/${rel}`, c.toString('utf8'))));
    const deployed = join(this.opts.outDir, def.name, env);
    // Only files that differ from the output folder's are read back: the others cannot change anything.
    const differing = new Set<string>();
    const before = deployedObjects(deployed, undefined, (file, text) => {
      const same = plainFiles.get(file)?.toString('utf8') === text;
      if (!same) differing.add(file);
      return same;
    });
    const after = [...plainFiles].filter(([rel]) => differing.has(rel)).flatMap(([rel, c]) => parseManifests(`${folder}/${rel}`, c.toString('utf8')));
    const changes = immutableChanges(before, after.map((m) => m.object as unknown as KubeObject), entry.meta.origins);
    const validation = entry.meta.validation;
    const part: EnvPart = this.validating && !validation
      // Stored unvalidated: validate what it holds, and store it again with the findings.
      ? { env, objects: entry.meta.objects, set: { name: folder, manifests: read() }, store: (v) => this.cache.put('plain', folder, this.plainLookup(def, env).key!, entry.files, { ...entry.meta, validation: v }) }
      : { env, objects: entry.meta.objects, ...(validation ? { cached: cachedReport(entry.meta) } : {}) };
    return { env: part, changes };
  }

  /** Hands a cached chart folder and archive to the output. */
  reuseChart(def: PlatformDefinition, entry: CacheEntry<Record<string, never>>, emit: (unit: OutputUnit) => void): void {
    this.cache.stats.reused++;
    for (const unit of chartUnitsOf(def.name, archiveOf(def.name, this.plan.version), entry.files)) emit(unit);
  }

  storePlain(def: PlatformDefinition, env: string, plain: FileSet, gitops: FileSet | undefined, meta: PlainMeta): void {
    const key = this.plainLookup(def, env).key;
    if (!key) return;
    this.cache.stats.built++;
    const files = new Map<string, string>();
    for (const [rel, c] of plain) files.set(`${def.name}/${env}/${rel}`, c);
    for (const [rel, c] of gitops ?? []) files.set(`gitops/${def.name}/${env}/${rel}`, c);
    this.cache.put('plain', `${def.name}/${env}`, key, files, meta);
  }

  storeChart(def: PlatformDefinition, chart: FileSet, archive: Buffer): void {
    const key = this.chartLookup(def).key;
    if (!key) return;
    this.cache.stats.built++;
    const files = new Map<string, string | Buffer>();
    for (const [rel, c] of chart) files.set(`helm/${def.name}/${rel}`, c);
    files.set(archiveOf(def.name, this.plan.version), archive);
    this.cache.put('chart', def.name, key, files, {});
  }
}

/** One set's part of a report on several: its findings and waivers (their sources lie in its folder). */
function reportOf(report: ValidationReport, set: NamedSet): ValidationReport {
  const inSet = (f: Finding) => f.source.startsWith(`${set.name}/`);
  return { objects: set.manifests.length, rules: report.rules, findings: report.findings.filter(inSet), waived: report.waived.filter(inSet), skipped: [] };
}

/** The validation report of a cached, validated plain folder. */
function cachedReport(meta: PlainMeta): ValidationReport {
  return { objects: meta.objects, rules: appliedRules(), findings: meta.validation?.findings ?? [], waived: meta.validation?.waived ?? [], skipped: [] };
}

/** A cached plain entry as output units: the plain folder and, when stored with it, its GitOps entry points. */
function plainUnitsOf(platform: string, env: string, files: CachedFiles): OutputUnit[] {
  const under = (prefix: string): FileSet => new Map([...files].filter(([p]) => p.startsWith(prefix)).map(([p, c]) => [p.slice(prefix.length), c.toString('utf8')]));
  const plain = under(`${platform}/${env}/`);
  const gitops = under(`gitops/${platform}/${env}/`);
  return [{ path: `${platform}/${env}`, files: plain }, ...(gitops.size ? [{ path: `gitops/${platform}/${env}`, files: gitops }] : [])];
}

/** A cached chart entry as output units: the chart folder and the archive. */
function chartUnitsOf(platform: string, archive: string, files: CachedFiles): OutputUnit[] {
  const prefix = `helm/${platform}/`;
  const chart: FileSet = new Map([...files].filter(([p]) => p.startsWith(prefix)).map(([p, c]) => [p.slice(prefix.length), c.toString('utf8')]));
  return [{ path: `helm/${platform}`, files: chart }, { path: archive, content: files.get(archive)! }];
}

/** The comment on top of every GitOps entry point file; `command` writes the output again (synthCommand). */
const gitopsHeader = (command: string) => `# Generated by kubesynth from config/gitops.yaml. Do not edit: change it and run \`${command}\`.\n`;

/** Each env's cluster aggregation (when this synth writes them): the platforms that have that env, in registry order. */
function emitClusters(plan: OutputPlan, emit: (unit: OutputUnit) => void): void {
  if (!plan.gitops || !plan.replaced.some((r) => r.path.startsWith(`gitops/${CLUSTERS_FOLDER}`))) return;
  const envs = [...new Set(plan.targets.flatMap((t) => t.envs))].sort();
  for (const env of envs) {
    const platforms = plan.targets.filter((t) => t.envs.includes(env)).map((t) => t.def.name);
    emit({ path: `gitops/${CLUSTERS_FOLDER}/${env}`, files: clusterEntryPointFiles(plan.gitops, env, platforms, gitopsHeader(plan.synthCommand)) });
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
  const immutable: ImmutableFolderChanges[] = [];
  // Diff validates nothing: what it builds is stored unvalidated (a synth validates it once, on reuse).
  const store = opts.cache ? new OutputStore(opts, plan, false) : undefined;
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
  const chartBuilder = chartWorker(opts, plan, store);
  try {
    for (const target of plan.targets) {
      const part = buildPlatform(target, opts, plan, collect, store, chartBuilder);
      immutable.push(...part.immutable);
      for (const env of part.envs) {
        env.store?.(undefined);
        written.push({ platform: target.def.name, env: env.env, objects: env.objects });
      }
      part.storeChart?.();
      charts.push(...part.charts);
      if (writesCharts(plan.format)) {
        const archive = archiveOf(target.def.name, plan.version);
        for (const stale of staleArchives(opts.outDir, target.def.name, archive)) units.set(stale, { path: stale, remove: true });
      }
    }
  } finally {
    chartBuilder?.close();
  }
  emitClusters(plan, collect);
  return { units: [...units.values()], written, charts, immutable, ...(store ? { cache: { ...store.cache.stats } } : {}) };
}

/**
 * The comment on top of every plain file. It is the one text written outside the YAML
 * serializer, so it holds only names kubesynth controls (the platform, from the registry; the
 * env, a DNS-1123 label) and a count of overrides: `-f` file names and `--set` text are user
 * input and could carry a newline, `---` or `#` that would turn the comment into YAML.
 * `command` writes the output again (synthCommand: it differs between kubesynth's own
 * repository and a project that installed it).
 */
export function plainHeader(platform: string, env: string, overrides: readonly ValuesSource[], command: string): string {
  // Both are checked long before (registry names, config file names); this keeps it so if a caller forgets.
  if (!isDns1123Label(platform) || !isDns1123Label(env)) throw new Error(`refusing to write a header for ${JSON.stringify(platform)}/${JSON.stringify(env)}: not DNS-1123 labels`);
  const extra = overrides.length ? ` with ${overrides.length} override${overrides.length > 1 ? 's' : ''} (-f or --set, not named here)` : '';
  return `# Generated by kubesynth from charts/${platform}.ts and ${envConfigFile('config', platform, env)}${extra}. Do not edit: change those and run \`${command}\`.\n`;
}

/** What the output folder must keep apart from: replacing it whole would delete them. */
function protectedInputs(opts: SynthOptions): ProtectedInput[] {
  return [
    { what: 'the config folder', path: opts.configDir },
    { what: 'the kubesynth project', path: projectRoot(), outputMayBeInside: true },
    ...(opts.overrides ?? []).flatMap((o) => (o.file ? [{ what: 'a values file (-f)', path: o.file }] : [])),
    ...(opts.cache ? [{ what: 'the synth cache', path: opts.cache }] : []),
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
