import { Chart } from 'cdk8s';
import { Kustomization, KustomizationSpecSourceRefKind } from '../../imports/fluxkustomizations-kustomize.toolkit.fluxcd.io';
import type { KubeObject } from '../emit/kube-object';
import type { GitOpsConfig } from './gitops-config';
import { SYNC_WAVE_ANNOTATION, SyncWave } from './sync-waves';

/** Name of the one Flux GitRepository (per cluster) every Kustomization reads this repository from. */
export const FLUX_SOURCE_NAME = 'kubesynth';

/** Which waves of the folder a stage keeps: what comes before the migration, the migration, what needs the migrated schema. */
export type FluxStage = 'prerequisites' | 'migrations' | 'workloads';

export interface FluxStagesProps {
  readonly platform: string;
  readonly env: string;
  /** The platform's rendered objects, as in `dist/<platform>/<env>`: which waves exist decides the stages. */
  readonly objects: readonly KubeObject[];
  /** Labels every Kustomization carries. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Flux ignores Argo CD's and Helm's hook annotations, and applies a folder in one go. So the
 * platform's folder is reconciled by up to three Kustomizations on the same path, each keeping
 * some sync waves and deleting the others with a kustomize `$patch: delete` selected by the
 * `argocd.argoproj.io/sync-wave` annotation: the prerequisites (namespaces, secrets, config,
 * network policies, databases), then the migrations (the Jobs of wave 0), then the workloads and
 * monitoring. Each `dependsOn` the one before and `wait`s for its objects to be ready (for the
 * migration: the Job completed), so the workloads roll out on a migrated schema, as under
 * Argo CD and Helm, and the plain folder stays one `kubectl kustomize`-able folder.
 * Every object belongs to exactly one stage (the waves partition the folder): no two
 * Kustomizations own an object, so pruning stays correct. Without a wave-0 object there is no
 * migrations stage.
 */
export function fluxStages(chart: Chart, config: GitOpsConfig, props: FluxStagesProps): Kustomization[] {
  const waves = wavesOf(props.objects, `${props.platform}/${props.env}`);
  const after = waves.filter((w) => w > SyncWave.MIGRATIONS);
  const hasMigrations = waves.includes(SyncWave.MIGRATIONS);
  const name = `${props.platform}-${props.env}`;
  // Label selector values cannot start with "-", so a stage names the non-negative waves it
  // drops (`in`) or keeps (`notin`), never a negative one.
  const stages: Array<{ stage: FluxStage; name: string; drop: string }> = [
    { stage: 'prerequisites', name: `${name}-prerequisites`, drop: `in (${waves.filter((w) => w >= SyncWave.MIGRATIONS).join(',')})` },
    ...(hasMigrations ? [{ stage: 'migrations' as const, name: `${name}-migrations`, drop: `notin (${SyncWave.MIGRATIONS})` }] : []),
    { stage: 'workloads', name, drop: `notin (${after.join(',')})` },
  ];
  const dependsOn = [config.flux.infrastructure.name, ...stages.map((s) => s.name)];
  return stages.map(
    (s, i) =>
      new Kustomization(chart, s.name, {
        metadata: { name: s.name, namespace: config.flux.namespace, labels: { ...props.labels, 'kubesynth.io/flux-stage': s.stage } },
        spec: {
          interval: config.flux.interval,
          retryInterval: config.flux.retryInterval,
          timeout: config.flux.timeout,
          path: `./${config.outputPath}/${props.platform}/${props.env}`,
          prune: true,
          // Ready means ready: the next stage starts only once these objects are (a Job: completed).
          wait: true,
          sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: FLUX_SOURCE_NAME },
          dependsOn: [{ name: dependsOn[i] }],
          patches: [{ target: { annotationSelector: `${SYNC_WAVE_ANNOTATION} ${s.drop}` }, patch: DELETE_PATCH }],
        },
      }),
  );
}

/**
 * A strategic-merge patch that deletes whatever its target selects: with a target, kustomize
 * applies it to each selected object whatever kind and name the patch itself names.
 */
const DELETE_PATCH = '$patch: delete\napiVersion: v1\nkind: Selected\nmetadata:\n  name: by-target\n';

/** The sync waves of a folder's objects, in order; an object without one could land in no stage, and is refused. */
function wavesOf(objects: readonly KubeObject[], where: string): number[] {
  const waves = new Set<number>();
  for (const o of objects) {
    const wave = (o.metadata.annotations as Readonly<Record<string, string>> | undefined)?.[SYNC_WAVE_ANNOTATION];
    if (wave === undefined || !/^-?\d+$/.test(wave)) {
      throw new Error(`${where}: ${o.kind} ${o.metadata.name} has no integer ${SYNC_WAVE_ANNOTATION} annotation (found ${JSON.stringify(wave)}); the Flux stages are cut by it`);
    }
    waves.add(Number(wave));
  }
  if (![...waves].some((w) => w > SyncWave.MIGRATIONS)) throw new Error(`${where}: no object in a wave after the migrations; nothing for the workloads' Kustomization to apply`);
  return [...waves].sort((a, b) => a - b);
}
