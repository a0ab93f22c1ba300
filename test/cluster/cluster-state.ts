/**
 * What the real control plane made of what we applied: pods created (or refused by admission),
 * HPAs bound to their targets, PDBs and Services selecting pods. Shared by the GitOps and the
 * Helm suites, which apply the same platforms two ways.
 */
import { ControlPlane, FAKE_PROVISIONER, FatalCheck } from './control-plane';

type Obj = { kind: string; metadata: { name: string; namespace?: string; [k: string]: any }; spec?: any; status?: any; [k: string]: any };

/** The namespaces a set of objects lives in (their own Namespace objects and every namespaced object's). */
export function namespacesOf(objects: readonly Obj[]): string[] {
  const names = new Set<string>();
  for (const o of objects) {
    if (o.kind === 'Namespace') names.add(o.metadata.name);
    else if (o.metadata.namespace) names.add(o.metadata.namespace);
  }
  return [...names].sort();
}

/**
 * Plays the storage provisioner the control plane lacks: every Pending PVC in `namespaces` gets a
 * PersistentVolume of its size, class and access modes, pre-bound to it, so StatefulSet pods can
 * schedule. A claim is provisioned once.
 */
export function provisionVolumes(cp: ControlPlane, namespaces: readonly string[]): void {
  for (const ns of namespaces) {
    for (const pvc of cp.getJson(['pvc', '-n', ns]).items as Obj[]) {
      if (pvc.status?.phase !== 'Pending' || pvc.spec.volumeName) continue;
      // Named for the claim's uid: a claim of the same name made later (the next env, a reinstall)
      // is another claim and must not meet the released volume of the one before.
      const name = `pv-${pvc.metadata.uid}`;
      if (cp.kubectl(['get', 'pv', name]).status === 0) continue;
      const pv = {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name, annotations: { 'pv.kubernetes.io/provisioned-by': FAKE_PROVISIONER } },
        spec: {
          capacity: { storage: pvc.spec.resources.requests.storage },
          accessModes: pvc.spec.accessModes,
          storageClassName: pvc.spec.storageClassName ?? '',
          persistentVolumeReclaimPolicy: 'Delete',
          claimRef: { namespace: ns, name: pvc.metadata.name },
          hostPath: { path: `/tmp/${name}` },
        },
      };
      cp.kubectlOk(['apply', '-f', '-'], JSON.stringify(pv));
    }
  }
}

/** Events saying a controller could not create a pod (Pod Security admission, a missing ServiceAccount, quota ...). */
export function failedCreates(cp: ControlPlane, namespaces: readonly string[]): string[] {
  return namespaces.flatMap((ns) =>
    (cp.getJson(['events', '-n', ns, '--field-selector', 'reason=FailedCreate']).items as Obj[]).map(
      (e) => `${ns}/${e.involvedObject.kind}/${e.involvedObject.name}: ${e.message}`,
    ),
  );
}

/** Workloads of `namespaces` whose pods are not all created and ready yet, with why (empty: all are). */
export function unreadyWorkloads(cp: ControlPlane, namespaces: readonly string[]): string[] {
  const pending: string[] = [];
  for (const ns of namespaces) {
    for (const d of cp.getJson(['deployments,statefulsets', '-n', ns]).items as Obj[]) {
      const want = d.spec.replicas ?? 1;
      if ((d.status?.readyReplicas ?? 0) < want) pending.push(`${ns}/${d.kind}/${d.metadata.name}: ${d.status?.readyReplicas ?? 0}/${want} ready`);
    }
    for (const j of cp.getJson(['jobs', '-n', ns]).items as Obj[]) {
      if (!(j.status?.succeeded >= 1)) pending.push(`${ns}/Job/${j.metadata.name}: not succeeded (${JSON.stringify(j.status?.conditions ?? [])})`);
    }
  }
  return pending;
}

/**
 * Waits until every workload in `namespaces` runs (provisioning volumes as claims appear), failing
 * at once with the events when admission refuses a pod.
 */
export async function expectWorkloadsRun(cp: ControlPlane, namespaces: readonly string[], timeoutMs = 120_000): Promise<void> {
  let pending: string[] = [];
  await cp.waitFor(
    `workloads to run`,
    () => {
      const refused = failedCreates(cp, namespaces);
      if (refused.length) throw new FatalCheck(`pods refused:\n  ${refused.join('\n  ')}`);
      provisionVolumes(cp, namespaces);
      pending = unreadyWorkloads(cp, namespaces);
      return pending.length ? undefined : true;
    },
    timeoutMs,
  ).catch((e: Error) => {
    throw new Error(`${e.message}${pending.length ? `\nstill pending:\n  ${pending.join('\n  ')}` : ''}`);
  });
}

/** HPAs whose controller could not read their scale target (empty: every HPA found its Deployment). */
export function hpasWithoutTarget(cp: ControlPlane, namespaces: readonly string[]): string[] {
  return namespaces.flatMap((ns) =>
    (cp.getJson(['hpa', '-n', ns]).items as Obj[])
      .filter((h) => !h.status?.conditions?.some((c: any) => c.type === 'AbleToScale' && c.status === 'True'))
      .map((h) => `${ns}/${h.metadata.name}: ${JSON.stringify(h.status?.conditions ?? 'no status yet')}`),
  );
}

/** PDBs that select no pod (empty: each protects at least one). */
export function pdbsWithoutPods(cp: ControlPlane, namespaces: readonly string[]): string[] {
  return namespaces.flatMap((ns) =>
    (cp.getJson(['pdb', '-n', ns]).items as Obj[])
      .filter((p) => !(p.status?.expectedPods >= 1))
      .map((p) => `${ns}/${p.metadata.name}: expectedPods ${p.status?.expectedPods}`),
  );
}

/** Services with a selector whose EndpointSlices hold no ready address (empty: each reaches a pod). */
export function servicesWithoutEndpoints(cp: ControlPlane, namespaces: readonly string[]): string[] {
  const out: string[] = [];
  for (const ns of namespaces) {
    const slices = cp.getJson(['endpointslices', '-n', ns]).items as Obj[];
    for (const svc of cp.getJson(['services', '-n', ns]).items as Obj[]) {
      if (!svc.spec.selector) continue;
      const ready = slices
        .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name)
        .flatMap((s) => s.endpoints ?? [])
        .filter((e: any) => e.conditions?.ready);
      if (!ready.length) out.push(`${ns}/${svc.metadata.name}`);
    }
  }
  return out;
}

/** Starts one Job from each CronJob (as the schedule would) so admission judges its pod template too. */
export function triggerCronJobs(cp: ControlPlane, namespaces: readonly string[]): void {
  for (const ns of namespaces) {
    for (const c of cp.getJson(['cronjobs', '-n', ns]).items as Obj[]) {
      cp.kubectlOk(['create', 'job', `${c.metadata.name}-now`.slice(0, 63), `--from=cronjob/${c.metadata.name}`, '-n', ns]);
    }
  }
}

/** Polls `probe` (a list of problems) until it is empty or `timeoutMs` passes; returns the last list. */
export async function settled(cp: ControlPlane, probe: () => string[], timeoutMs = 30_000): Promise<string[]> {
  let last: string[] = [];
  await cp
    .waitFor('the cluster to settle', () => {
      last = probe();
      return last.length ? undefined : true;
    }, timeoutMs)
    .catch(() => undefined);
  return last;
}
