import { dump } from 'js-yaml';
import { BLOCK_YAML_OPTIONS, blockYaml } from './block-yaml';
import type { KubeObject } from './kube-object';

/** Relative file path -> file content. */
export type FileSet = Map<string, string>;

/**
 * Block YAML that quotes strings such as `on`, `yes` and `0755`, which a YAML 1.1 reader
 * (kubectl, Helm, Argo CD) would otherwise turn into booleans or numbers. js-yaml rather than
 * the `yaml` package here: it is four times faster on thousands of objects (npm run bench), and
 * lib/emit/block-yaml writes its very text faster still.
 */
export function toYaml(value: unknown): string {
  // The same text, written faster where blockYaml can (see there).
  return blockYaml(value) ?? dump(value, BLOCK_YAML_OPTIONS);
}

/** `deployment-cortex-core-api.yaml`; the namespace joins the name only when two objects would collide. */
function fileNameOf(o: KubeObject, withNamespace: boolean): string {
  const ns = withNamespace && o.metadata.namespace ? `${o.metadata.namespace}-` : '';
  return `${o.kind.toLowerCase()}-${ns}${o.metadata.name}.yaml`;
}

/**
 * One file per object plus a `kustomization.yaml` listing them, so Flux's kustomize-controller
 * and Argo CD read the folder as it is.
 */
export function emitPlain(objects: readonly KubeObject[], header: string): FileSet {
  const plainNames = objects.map((o) => fileNameOf(o, false));
  const uses = new Map<string, number>();
  for (const n of plainNames) uses.set(n, (uses.get(n) ?? 0) + 1);
  const files: FileSet = new Map();
  objects.forEach((o, i) => {
    const name = fileNameOf(o, uses.get(plainNames[i])! > 1);
    if (files.has(name)) {
      throw new Error(`Two objects would both be written to ${name} (${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}); object names must be unique per kind and namespace.`);
    }
    files.set(name, `${header}${toYaml(o)}`);
  });
  const resources = [...files.keys()].sort();
  files.set('kustomization.yaml', `${header}${toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources })}`);
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
