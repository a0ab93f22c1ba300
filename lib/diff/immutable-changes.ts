import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '../emit/kube-object';
import type { ValueOrigin } from '../values/value-origin';
import { InputError, parseManifests } from '../validate/read-manifests';
import { quantityAmount } from '../values/quantity';
import { diffObjects, showValue } from './object-diff';

/**
 * Fields the API server refuses to change once the object exists ("field is immutable",
 * "updates to statefulset spec for fields other than ... are forbidden"), by kind. Hook Jobs are
 * not here: their name hashes their whole spec, so a changed Job is a new object.
 */
export const IMMUTABLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec.selector'],
  StatefulSet: ['spec.selector', 'spec.serviceName', 'spec.podManagementPolicy', 'spec.volumeClaimTemplates'],
};


/** One immutable field a new version would change. */
export interface ImmutableChange {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
  /** The value that sets the field, when a construct declared it. */
  readonly valuesPath?: string;
  /** For a field of a claim template: the claims' names, `<template>-<statefulset>-<ordinal>`. */
  readonly claims?: string;
}

/**
 * The objects of a plain folder (`<out>/<platform>/<env>`) as the output folder holds them now
 * (what GitOps deploys), at least those of `kinds`: files that cannot hold one are not parsed,
 * nor those `unchanged` says a new version writes as they are (their objects cannot change).
 * None when the folder does not exist (a first synth).
 * @param kinds @default the kinds with immutable fields
 * @param unchanged @default none: every file that may hold one of `kinds` is parsed
 */
export function deployedObjects(folder: string, kinds: readonly string[] = Object.keys(IMMUTABLE_FIELDS), unchanged?: (file: string, text: string) => boolean): KubeObject[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml')
    .sort()
    .flatMap((f) => {
      const text = readFileSync(join(folder, f), 'utf8');
      if (!mayHoldKind(text, kinds)) return [];
      // The folder is replaced whole: a file in it that holds no objects (edited by hand, stale) is nobody's deployment.
      try {
        // A file the new version writes byte for byte as it is holds no change, immutable or other: not parsed.
        if (unchanged?.(f, text)) return [];
        return parseManifests(join(folder, f), text).map((m) => m.object as unknown as KubeObject);
      } catch (e) {
        if (e instanceof InputError) return [];
        throw e;
      }
    })
    .filter((o) => o !== null && typeof o === 'object' && typeof o.kind === 'string' && typeof o.metadata?.name === 'string');
}

/**
 * Whether YAML `text` could hold an object of one of `kinds`: YAML can only spell a kind without
 * its letters in a row through an escape (`\x44eployment`, a line continuation), which needs a
 * backslash. Checking this first skips parsing the five of six files of a folder that are
 * Services, HPAs, PDBs and NetworkPolicies (a third of a second at 1,000 services).
 */
function mayHoldKind(text: string, kinds: readonly string[]): boolean {
  return text.includes('\\') || kinds.some((k) => text.includes(k));
}

const idOf = (o: KubeObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

function fieldAt(object: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), object);
}

/** A storage request written another way (`10Gi`, `10240Mi`) is the same request: the API server compares amounts. */
function sameAmount(path: string, before: unknown, after: unknown): boolean {
  return /\.storage$/.test(path) && typeof before === 'string' && typeof after === 'string' && quantityAmount(before) === quantityAmount(after);
}

/**
 * The immutable fields that differ between the objects deployed now (`before`: the output folder
 * GitOps applies) and a new version (`after`), for objects in both: an apply of `after` would be
 * refused by the API server halfway.
 */
export function immutableChanges(before: readonly KubeObject[], after: readonly KubeObject[], origins: readonly ValueOrigin[] = []): ImmutableChange[] {
  const previous = new Map(before.map((o) => [idOf(o), o]));
  const out: ImmutableChange[] = [];
  for (const next of after) {
    const prior = previous.get(idOf(next));
    const fields = IMMUTABLE_FIELDS[next.kind];
    if (!prior || !fields) continue;
    for (const field of fields) {
      for (const c of diffObjects(fieldAt(prior, field), fieldAt(next, field), field)) {
        if (sameAmount(c.path, c.before, c.after)) continue;
        const origin = origins.find((o) => o.kind === next.kind && o.name === next.metadata.name && c.path.startsWith(o.field));
        const template = /^spec\.volumeClaimTemplates\[(\d+)\]/.exec(c.path);
        const templateName = template ? (fieldAt(prior, 'spec.volumeClaimTemplates') as Array<{ metadata?: { name?: string } }> | undefined)?.[Number(template[1])]?.metadata?.name : undefined;
        out.push({
          kind: next.kind, namespace: next.metadata.namespace ?? '', name: next.metadata.name, field: c.path, before: c.before, after: c.after,
          ...(origin ? { valuesPath: origin.valuesPath } : {}),
          ...(templateName ? { claims: `${templateName}-${next.metadata.name}-<ordinal>` } : {}),
        });
      }
    }
  }
  return out;
}

/**
 * The command-line steps that make a change of `c` possible, for a person to run; `rerun` says
 * how to deploy the new version afterwards. `grows`: whether a size grows (computed from `c`
 * unless given, as the chart gives it when the sizes are only known at render time).
 */
export function procedureFor(c: ImmutableChange, rerun: string, grows?: boolean): string {
  const ns = c.namespace ? ` -n ${c.namespace}` : '';
  const kind = c.kind.toLowerCase();
  if (c.kind === 'StatefulSet' && /\.resources\.requests\.storage$/.test(c.field)) {
    if (!(grows ?? quantityAmount(String(c.after)) > quantityAmount(String(c.before)))) return `a volume cannot shrink: keep ${String(c.before)}, or copy the data into new, smaller volumes (a new StatefulSet) and retire these`;
    return [
      `to grow the volumes: (1) for each replica, kubectl${ns} patch pvc ${c.claims} -p '{"spec":{"resources":{"requests":{"storage":${JSON.stringify(c.after)}}}}}' (the StorageClass must allow volume expansion)`,
      `(2) kubectl${ns} delete ${kind} ${c.name} --cascade=orphan (its pods and claims stay and keep running)`,
      `(3) ${rerun}: the ${c.kind} is re-created with the new size and adopts its pods and claims`,
    ].join(', ');
  }
  const pods = c.kind === 'StatefulSet' ? 'its pods and claims stay' : 'its pods stay';
  if (c.field.startsWith('spec.selector') || c.valuesPath === 'nameOverride') {
    const outage = c.kind === 'StatefulSet' ? 'its pods go with it, a short outage; its claims stay' : 'its pods go with it, a short outage';
    return `keep ${c.valuesPath ?? 'the selector'} as it was (a new name is a new install), or kubectl${ns} delete ${kind} ${c.name} (${outage}) and then ${rerun}`;
  }
  if (/\.storageClassName$/.test(c.field)) {
    return `the existing claims keep their class (a claim's class cannot change either): to move the data, copy it into claims of the new class; for new claims only, kubectl${ns} delete ${kind} ${c.name} --cascade=orphan (${pods}), then ${rerun}`;
  }
  return `kubectl${ns} delete ${kind} ${c.name} --cascade=orphan (${pods}), then ${rerun}: the ${c.kind} is re-created and adopts them`;
}

/** One change as a line of an error: what would change, from which value, and what to do. */
export function describeImmutableChange(c: ImmutableChange, rerun: string, grows?: boolean): string {
  const by = c.valuesPath ? ` (set by ${c.valuesPath})` : '';
  return `${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}: ${c.field}${by} would change from ${showValue(c.before, 200)} to ${showValue(c.after, 200)}, which Kubernetes refuses on a live object; ${procedureFor(c, rerun, grows)}.`;
}

/** How to deploy the new version with the CLI once the steps are taken. */
export const CLI_RERUN = 'run kubesynth synth again with --accept-immutable-changes and commit (Argo CD or Flux then create the object anew)';

/**
 * A synth refused because the new version changes immutable fields of objects the output
 * folder holds (what GitOps deploys): an apply would fail halfway at the API server.
 */
export class ImmutableFieldsChanged extends Error {
  constructor(public readonly folder: string, public readonly changes: readonly ImmutableChange[]) {
    super([
      `${folder}: the new version changes fields Kubernetes cannot change on a live object, so an apply (Argo CD, Flux, kubectl) would be refused halfway:`,
      ...changes.map((c) => `  ${describeImmutableChange(c, CLI_RERUN)}`),
    ].join('\n'));
    this.name = 'ImmutableFieldsChanged';
  }
}
