/**
 * The changes users make between two versions of a platform, as the `--set` they would type:
 * the same list drives the GitOps suite (`kubesynth synth --set ...` applied over the running
 * version) and the Helm suite (`helm upgrade --set ...`).
 */
import type { KnownDefect } from './known-defects';

export interface NextVersion {
  /** What the change is, as a user would say it. */
  readonly name: string;
  readonly set: readonly string[];
  /** Set when the change meets a defect another issue owns. */
  readonly knownDefect?: KnownDefect;
}

interface PlatformKnobs {
  /** The platform's own app: an image built by the team, so the one whose tag moves on each release. */
  readonly app: string;
  /** A setting that lands in the settings ConfigMap (and rolls the pods through its checksum). */
  readonly setting: string;
  /** A data volume size; StatefulSet volumeClaimTemplates are immutable, claims can only grow. */
  readonly storage: string;
  /** The volume is a StatefulSet's claim template (not a CRD's field the operator resizes). */
  readonly storageInStatefulSet: boolean;
  /**
   * A value the migration Job's pod template reads besides its image and command: the next
   * version has a changed Job template, which must come under a new name (the name hashes the
   * whole spec), or the API server refuses it ("field is immutable").
   */
  readonly migrationInput?: string;
}

const KNOBS: Record<string, PlatformKnobs> = {
  'cortex-core': { app: 'api', setting: 'settings.logLevel=DEBUG', storage: 'databases.core.storage.size=200Gi', storageInStatefulSet: false, migrationInput: 'api.image.pullPolicy=Always' },
  cognition: { app: 'api', setting: 'settings.logLevel=DEBUG', storage: 'mlflow.storage.size=40Gi', storageInStatefulSet: true, migrationInput: 'api.image.pullPolicy=Always' },
  cognivern: { app: 'backend', setting: 'settings.recallBucket=agent-memory-next', storage: 'backend.persistence.size=20Gi', storageInStatefulSet: true },
  'meta-cognition': { app: 'api', setting: 'settings.logLevel=DEBUG', storage: 'redis.persistence.size=10Gi', storageInStatefulSet: true },
  somabrain: { app: 'api', setting: 'settings.uvicornWorkers=4', storage: 'redis.persistence.size=200Gi', storageInStatefulSet: true, migrationInput: 'api.image.pullPolicy=Always' },
};

/** Each platform's knobs; a platform missing here fails the suites rather than going untested. */
export function knobsOf(platform: string): PlatformKnobs {
  const k = KNOBS[platform];
  if (!k) throw new Error(`test/cluster/next-versions.ts: add the upgrade knobs of platform ${platform}`);
  return k;
}

/** The next versions a GitOps user commits: each is applied over the version before it. */
export function nextVersions(platform: string): NextVersion[] {
  const k = knobsOf(platform);
  const versions: NextVersion[] = [
    { name: 'a new image tag', set: [`${k.app}.image.tag=9.9.9`] },
    { name: 'a changed setting', set: [k.setting] },
    // In a StatefulSet, refused up front (helm: lookup of the live StatefulSet; synth: the output folder), with the resize steps.
    { name: 'a bigger data volume', set: [k.storage] },
  ];
  if (k.migrationInput) {
    versions.push({ name: 'a changed pull policy of the image the migration runs', set: [k.migrationInput] });
  }
  return versions;
}
