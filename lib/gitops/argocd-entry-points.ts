import { Chart } from 'cdk8s';
import { Application } from '../../imports/argocd-argoproj.io';
import { AppProject } from '../../imports/argocdprojects-argoproj.io';
import type { KubeObject } from '../emit/kube-object';
import type { GitOpsConfig } from './gitops-config';

export interface ArgoCdEntryPointsProps {
  readonly platform: string;
  readonly env: string;
  /** Namespace the platform runs in (the Application's destination). */
  readonly namespace: string;
  /** The platform's rendered objects: the project allows exactly their namespaces and kinds. */
  readonly objects: readonly KubeObject[];
  /** Labels both objects carry. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * One Argo CD AppProject and Application per platform and environment. The project is the
 * platform's own, not `default` (which allows any repository, any cluster, any kind): it allows
 * only this repository, the env's cluster and the namespaces the platform's objects live in,
 * and only the kinds the folder holds (cluster-scoped ones, the Namespaces, listed apart), so a
 * commit that slips in a ClusterRoleBinding or targets another namespace is refused by Argo CD.
 * One per environment, because each environment is a different destination cluster.
 */
export function argoCdEntryPoints(chart: Chart, config: GitOpsConfig, props: ArgoCdEntryPointsProps): { project: AppProject; application: Application } {
  const name = `${props.platform}-${props.env}`;
  const server = config.argocd.destinations[props.env] ?? config.argocd.defaultDestination;
  const namespaced = props.objects.filter((o) => o.metadata.namespace !== undefined);
  const namespaces = [...new Set(namespaced.map((o) => o.metadata.namespace!))].sort();
  const project = new AppProject(chart, 'AppProject', {
    metadata: { name, namespace: config.argocd.namespace, labels: props.labels },
    spec: {
      // No `description`: the CRD has it, but the @kubernetes-models/argo-cd schema `kubesynth validate` checks against does not.
      sourceRepos: [config.repoURL],
      destinations: namespaces.map((namespace) => ({ server, namespace })),
      clusterResourceWhitelist: groupKinds(props.objects.filter((o) => o.metadata.namespace === undefined)),
      namespaceResourceWhitelist: groupKinds(namespaced),
    },
  });
  const application = new Application(chart, 'Application', {
    metadata: { name, namespace: config.argocd.namespace, labels: props.labels },
    spec: {
      project: name,
      source: { repoUrl: config.repoURL, targetRevision: config.argocd.targetRevisions[props.env] ?? config.branch, path: `${config.outputPath}/${props.platform}/${props.env}` },
      destination: { server, namespace: props.namespace },
      syncPolicy: {
        ...(config.argocd.automated ? { automated: { prune: true, selfHeal: true } } : {}),
        // The folder ships its own namespaces; prune only after the new objects are healthy.
        // Server-side apply, as the cluster tests apply the folder (no last-applied annotation size limit).
        syncOptions: ['PruneLast=true', 'ServerSideApply=true'],
        retry: { limit: config.argocd.retry.limit, backoff: { ...config.argocd.retry.backoff } },
      },
    },
  });
  return { project, application };
}

/** The distinct API groups and kinds of `objects`, sorted: an AppProject's resource allow-list. */
function groupKinds(objects: readonly KubeObject[]): Array<{ group: string; kind: string }> {
  const seen = new Map<string, { group: string; kind: string }>();
  for (const o of objects) {
    const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
    seen.set(`${group}/${o.kind}`, { group, kind: o.kind });
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, gk]) => gk);
}
