import { App, Chart } from 'cdk8s';
import { GitRepository } from '../../imports/fluxsources-source.toolkit.fluxcd.io';
import { Kustomization, KustomizationSpecSourceRefKind } from '../../imports/fluxkustomizations-kustomize.toolkit.fluxcd.io';
import { toYaml } from '../emit/plain-emitter';
import type { FileSet } from '../emit/plain-emitter';
import type { KubeObject } from '../emit/kube-object';
import { argoCdEntryPoints } from './argocd-entry-points';
import { FLUX_SOURCE_NAME, fluxStages } from './flux-stages';
import type { GitOpsConfig } from './gitops-config';

export { FLUX_SOURCE_NAME } from './flux-stages';

/** Folder (under the output root's `gitops/`) of the per-cluster aggregations; platform folders sit beside it. */
export const CLUSTERS_FOLDER = 'clusters';

export interface EntryPointTarget {
  readonly platform: string;
  readonly env: string;
  /** Namespace the platform runs in (the Application's destination). */
  readonly namespace: string;
  /** The objects of `dist/<platform>/<env>`. */
  readonly objects: readonly KubeObject[];
}

const doc = (o: { toJson(): unknown }) => toYaml(o.toJson() as KubeObject);
const kustomization = (header: string, resources: readonly string[]) => `${header}${toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources })}`;

/**
 * What connects a cluster to one platform's folder in `dist/`, in `gitops/<platform>/<env>/`:
 * `argocd/` (the platform's AppProject and Application) and `flux/` (its staged Flux
 * Kustomizations), each a kustomization that the cluster's aggregation lists. The Flux
 * GitRepository is not here: there is one per repository, in the cluster's folder.
 */
export function entryPointFiles(config: GitOpsConfig, t: EntryPointTarget, header: string): FileSet {
  const chart = new Chart(new App(), `${t.platform}-${t.env}-gitops`, { disableResourceNameHashes: true });
  const labels = { 'app.kubernetes.io/name': t.platform, 'app.kubernetes.io/instance': t.platform, 'app.kubernetes.io/managed-by': 'kubesynth', 'kubesynth.io/environment': t.env };
  const argo = argoCdEntryPoints(chart, config, { ...t, labels });
  const stages = fluxStages(chart, config, { ...t, labels });
  const files: FileSet = new Map([
    ['argocd/kustomization.yaml', kustomization(header, ['appproject.yaml', 'application.yaml'])],
    ['argocd/appproject.yaml', `${header}${doc(argo.project)}`],
    ['argocd/application.yaml', `${header}${doc(argo.application)}`],
    ['flux/kustomization.yaml', kustomization(header, stages.map((s) => `${s.name}.yaml`))],
  ]);
  for (const s of stages) files.set(`flux/${s.name}.yaml`, `${header}${doc(s)}`);
  return files;
}

/**
 * One cluster's (one environment's) aggregation, in `gitops/clusters/<env>/`: `flux/` holds the
 * one GitRepository of this repository, the infrastructure Kustomization (unless the cluster has
 * its own) and every platform's `flux/` folder; `argocd/` every platform's `argocd/` folder.
 * Bootstrapping a cluster is one `kubectl apply -k` of either.
 */
export function clusterEntryPointFiles(config: GitOpsConfig, env: string, platforms: readonly string[], header: string): FileSet {
  const chart = new Chart(new App(), `${env}-gitops`, { disableResourceNameHashes: true });
  const labels = { 'app.kubernetes.io/managed-by': 'kubesynth', 'kubesynth.io/environment': env };
  const source = new GitRepository(chart, 'GitRepository', {
    metadata: { name: FLUX_SOURCE_NAME, namespace: config.flux.namespace, labels },
    spec: {
      interval: '1m',
      url: config.repoURL,
      ref: { branch: config.branch },
      ...(config.flux.secretRef ? { secretRef: { name: config.flux.secretRef } } : {}),
    },
  });
  const infra = config.flux.infrastructure;
  const infrastructure = infra.path
    ? new Kustomization(chart, 'Infrastructure', {
        metadata: { name: infra.name, namespace: config.flux.namespace, labels },
        spec: {
          interval: config.flux.interval,
          retryInterval: config.flux.retryInterval,
          timeout: config.flux.timeout,
          path: `./${infra.path}`,
          prune: true,
          // The platforms depend on it being ready: CRDs established, operators running.
          wait: true,
          sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: FLUX_SOURCE_NAME },
        },
      })
    : undefined;
  const platformDirs = (tool: string) => platforms.map((p) => `../../../${p}/${env}/${tool}`);
  const files: FileSet = new Map([
    ['flux/kustomization.yaml', kustomization(header, ['gitrepository.yaml', ...(infrastructure ? ['infrastructure.yaml'] : []), ...platformDirs('flux')])],
    ['flux/gitrepository.yaml', `${header}${doc(source)}`],
    ['argocd/kustomization.yaml', kustomization(header, platformDirs('argocd'))],
  ]);
  if (infrastructure) files.set('flux/infrastructure.yaml', `${header}${doc(infrastructure)}`);
  return files;
}
