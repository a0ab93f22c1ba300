import { ApiObject } from 'cdk8s';
import type { CommonMetadataValues } from '../values/common-metadata-values';
import type { PlatformChart } from './platform-chart';

/**
 * Plain YAML: adds `commonLabels` and `commonAnnotations` to the metadata of every object of the
 * chart, each key only where the object has none of that name (kubesynth's own keys keep their
 * values). Call it once everything is built. The chart does the same at render time (see
 * COMMON_METADATA in lib/templating/template-writer.ts).
 */
export function applyCommonMetadata(chart: PlatformChart, values: CommonMetadataValues): void {
  const labels = Object.entries(values.commonLabels);
  const annotations = Object.entries(values.commonAnnotations);
  if (!labels.length && !annotations.length) return;
  for (const o of chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject)) {
    const own = (o.toJson() as { metadata: { labels?: object; annotations?: object } }).metadata;
    for (const [k, v] of labels) if (!(k in (own.labels ?? {}))) o.metadata.addLabel(k, v);
    for (const [k, v] of annotations) if (!(k in (own.annotations ?? {}))) o.metadata.addAnnotation(k, v);
  }
}
