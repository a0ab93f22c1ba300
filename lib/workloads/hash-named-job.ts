import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { unescapeReservedKeys } from '../config/reserved-keys';
import { goJson } from '../templating/go-json';
import { HELM_ONLY_LABELS } from '../naming/labels';
import { PlatformChart } from '../platform/platform-chart';

export interface HashNamedJobProps extends k8s.KubeJobProps {
  /** `metadata.name` is the name before the hash, `<platform>-<component>`. */
  readonly metadata: k8s.ObjectMeta & { readonly name: string };
  /** Component name, e.g. `migrate`: in the chart, the spec is the named template `<platform>.<component>.jobSpec`. */
  readonly component: string;
}

/** Length of the hash in the name. */
const HASH_LENGTH = 8;

/**
 * A run-once Job named `<base>-<first 8 hex of sha256 of its whole spec>`. A Job's pod template
 * is immutable: a GitOps apply (`kubectl apply`, Flux, Argo CD without its hook annotations) of
 * a changed template under the same name is refused ("field is immutable"). Hashing the whole
 * spec, not chosen inputs, makes every change (image, command, env, pull policy, resources,
 * limits) a new Job that runs anew, while an unchanged spec keeps its name and is not re-run.
 *
 * The hash is of the spec as JSON, written as Helm's `toJson` writes it after `fromYaml`
 * ({@link goJson}), without the Helm-only pod labels: the chart renders the spec once as a named
 * template, and its `<platform>.specHash` helper hashes that text the same way, so chart and
 * plain YAML name the Job alike. The name is computed when the object is synthesized, so it
 * covers whatever constructs added to the spec after this one was created.
 */
export class HashNamedJob extends k8s.KubeJob {
  /** `spec`'s hash as it appears in the name: the first 8 hex digits of sha256 of its canonical JSON. */
  public static specHash(spec: unknown): string {
    const copy = structuredClone(unescapeReservedKeys(spec)) as { template?: { metadata?: { labels?: Record<string, string> } } };
    const labels = copy.template?.metadata?.labels;
    for (const l of HELM_ONLY_LABELS) if (labels) delete labels[l];
    return createHash('sha256').update(goJson(copy)).digest('hex').slice(0, HASH_LENGTH);
  }

  private readonly plainMode: boolean;

  constructor(scope: Construct, id: string, props: HashNamedJobProps) {
    super(scope, id, props);
    const chart = PlatformChart.of(this);
    this.plainMode = !chart.helm;
    const helm = chart.helm;
    if (!helm) return;
    // The chart's template file keeps the base name (no hash), so it stays the same file across versions.
    const specTemplate = `${chart.platform}.${props.component}.jobSpec`;
    helm.nameSubtree(this, {
      path: ['spec'],
      name: specTemplate,
      comment: `The ${props.component} Job's spec, rendered once here: the Job's name ends in its hash (${chart.platform}.specHash).`,
    });
    const hash = `include "${chart.platform}.specHash" (include ${JSON.stringify(specTemplate)} $)`;
    helm.overlay(this, { path: ['metadata', 'name'], value: `{{ print (${helm.expressionOf(props.metadata.name)}) "-" (${hash}) | toJson }}` });
  }

  /** The Job as synthesized; in plain YAML, its name carries the hash of the spec it was synthesized with. */
  public override toJson(): any {
    const json = super.toJson();
    if (this.plainMode) json.metadata.name = `${json.metadata.name}-${HashNamedJob.specHash(json.spec)}`;
    return json;
  }
}
