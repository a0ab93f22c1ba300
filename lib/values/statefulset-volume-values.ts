/**
 * The words every StatefulSet data volume's values carry in the schema (hence values.yaml, the
 * chart README and the docs table): its size and class sit in the StatefulSet's
 * volumeClaimTemplates, which Kubernetes refuses to change, so changing one is a procedure, and
 * the chart and the CLI refuse it until it is done (lib/diff/immutable-changes.ts).
 */
export function volumeSizeDescription(example: string): string {
  return `Size of each replica's volume, e.g. ${example}. It is fixed in the StatefulSet's volumeClaimTemplates, which Kubernetes cannot change: `
    + 'helm upgrade (reading the live StatefulSet) and kubesynth synth (reading the output folder) refuse a new size and print the steps: '
    + 'grow each claim (kubectl patch pvc data-<statefulset>-<ordinal>; the StorageClass must allow expansion; a volume never shrinks), '
    + 'kubectl delete statefulset <statefulset> --cascade=orphan (pods and claims stay), then helm upgrade again, or synth with '
    + '--accept-immutable-changes and commit. README: "Immutable fields".';
}

/** The class of a StatefulSet's volumes: fixed like the size. */
export const VOLUME_CLASS_DESCRIPTION = 'StorageClass; empty for the cluster default. Fixed like the size: existing claims keep their class (README: "Immutable fields").';
