import { App, Chart } from 'cdk8s';
import { Application } from '../../imports/argocd-argoproj.io';
import { Kustomization } from '../../imports/fluxkustomizations-kustomize.toolkit.fluxcd.io';
import { GitRepository } from '../../imports/fluxsources-source.toolkit.fluxcd.io';
import { toYaml } from '../emit/plain-emitter';
import type { FileSet } from '../emit/plain-emitter';
import type { KubeObject } from '../platform/render';
import type { GitOpsConfig } from './gitops-config';

/** Name of the Flux GitRepository every platform's Kustomization reads from. */
export const FLUX_SOURCE_NAME = 'kubesynth';

export interface EntryPointTarget {
  readonly platform: string;
  readonly env: string;
  /** Namespace the platform runs in (the Application's destination). */
  readonly namespace: string;
}

/**
 * The objects that connect a cluster to one platform's folder in `dist/`: an Argo CD
 * Application, or a Flux GitRepository plus Kustomization. Each set is one file, so onboarding
 * a cluster is one `kubectl apply -f`.
 */
export function entryPointFiles(config: GitOpsConfig, t: EntryPointTarget, header: string): FileSet {
  const app = new App();
  const chart = new Chart(app, `${t.platform}-${t.env}-gitops`, { disableResourceNameHashes: true });
  const name = `${t.platform}-${t.env}`;
  const path = `${config.outputPath}/${t.platform}/${t.env}`;
  const labels = { 'app.kubernetes.io/name': t.platform, 'app.kubernetes.io/instance': t.platform, 'app.kubernetes.io/managed-by': 'kubesynth', 'kubesynth.io/environment': t.env };

  const argo = new Application(chart, 'Application', {
    metadata: { name, namespace: config.argocd.namespace, labels },
    spec: {
      project: config.argocd.project,
      source: { repoUrl: config.repoURL, targetRevision: config.branch, path },
      destination: { server: config.argocd.destinations[t.env] ?? config.argocd.defaultDestination, namespace: t.namespace },
      syncPolicy: {
        ...(config.argocd.automated ? { automated: { prune: true, selfHeal: true } } : {}),
        // The folder ships its own namespaces; prune only after the new objects are healthy.
        syncOptions: ['PruneLast=true'],
      },
    },
  });
  const source = new GitRepository(chart, 'GitRepository', {
    metadata: { name: FLUX_SOURCE_NAME, namespace: config.flux.namespace, labels: { 'app.kubernetes.io/managed-by': 'kubesynth' } },
    spec: {
      interval: '1m',
      url: config.repoURL,
      ref: { branch: config.branch },
      ...(config.flux.secretRef ? { secretRef: { name: config.flux.secretRef } } : {}),
    },
  });
  const kustomization = new Kustomization(chart, 'Kustomization', {
    metadata: { name, namespace: config.flux.namespace, labels },
    spec: {
      interval: config.flux.interval,
      path: `./${path}`,
      prune: true,
      // Wait for every object to become ready, so a failed rollout shows on the Kustomization.
      wait: true,
      timeout: '10m',
      sourceRef: { kind: 'GitRepository' as any, name: FLUX_SOURCE_NAME },
    },
  });
  const doc = (o: { toJson(): unknown }) => toYaml(o.toJson() as KubeObject);
  return new Map([
    ['argocd-application.yaml', `${header}${doc(argo)}`],
    ['flux.yaml', `${header}${doc(source)}---\n${doc(kustomization)}`],
  ]);
}
