/**
 * Issue 15: the validation rules find pods, workloads, PDBs and NetworkPolicies by label through
 * indexes (lib/validate/label-index, selector-index, ManifestSet's lookups) instead of testing
 * every object for every object. An index must answer exactly what the scan answered, in the
 * same order, for any labels and selectors, well-formed or not (files are user input): held
 * here against the scan on generated sets, and the rules stay linear on a large set.
 */
import fc from 'fast-check';
import { LabelIndex } from '../lib/validate/label-index';
import * as labelSelector from '../lib/validate/label-selector';
import { LabelSelector, selects } from '../lib/validate/label-selector';
import type { Manifest } from '../lib/validate/manifest';
import { nameOf, namespaceOf } from '../lib/validate/manifest';
import { ManifestSet } from '../lib/validate/rule';
import { SelectorIndex } from '../lib/validate/selector-index';
import { RULES } from '../lib/validate/registry';

// Few keys and values, so that generated selectors often select something.
const key = fc.constantFrom('app', 'tier', 'component', 'length', '0');
const value = fc.oneof(fc.constantFrom('a', 'b', 'c', '1'), fc.constant(1), fc.constant(null));
const labels = fc.oneof(
  { weight: 8, arbitrary: fc.dictionary(key, fc.constantFrom('a', 'b', 'c', '1')) },
  { weight: 1, arbitrary: fc.dictionary(key, value) },
  // Malformed input: a list or a string where labels belong.
  { weight: 1, arbitrary: fc.oneof(fc.array(fc.constantFrom('a', 'b'), { maxLength: 2 }), fc.constantFrom('ab', '')) },
);
const expression = fc.record({ key, operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist', 'Bogus'), values: fc.option(fc.array(fc.constantFrom('a', 'b', '1'), { maxLength: 2 }), { nil: undefined }) });
const selector: fc.Arbitrary<LabelSelector | undefined> = fc.option(
  fc.record({ matchLabels: fc.option(fc.dictionary(key, value), { nil: undefined }), matchExpressions: fc.option(fc.array(expression, { maxLength: 2 }), { nil: undefined }) }, { requiredKeys: [] }) as fc.Arbitrary<LabelSelector>,
  { nil: undefined },
);

test('LabelIndex.selectedBy answers what testing every item answers, in item order', () => {
  fc.assert(fc.property(fc.array(labels, { maxLength: 30 }), fc.array(selector, { maxLength: 10 }), (items, selectors) => {
    const index = new LabelIndex(items.map((l, i) => ({ i, l })), (x) => x.l);
    for (const s of selectors) {
      expect(index.selectedBy(s).map((x) => x.i)).toEqual(items.flatMap((l, i) => (selects(s, l as Record<string, string>) ? [i] : [])));
    }
  }), { numRuns: 300 });
});

test('SelectorIndex.selecting answers what testing every selector answers, in item order', () => {
  fc.assert(fc.property(fc.array(selector, { maxLength: 30 }), fc.array(labels, { maxLength: 10 }), (items, queries) => {
    const index = new SelectorIndex(items.map((s, i) => ({ i, s })), (x) => x.s);
    for (const l of queries) {
      expect(index.selecting(l).map((x) => x.i)).toEqual(items.flatMap((s, i) => (selects(s, l as Record<string, string>) ? [i] : [])));
    }
  }), { numRuns: 300 });
});

/** A generated set: workloads, PDBs, NetworkPolicies, HPAs and ServiceAccounts over two namespaces, names often shared. */
const manifest = fc.record({
  kind: fc.constantFrom('Deployment', 'StatefulSet', 'PodDisruptionBudget', 'NetworkPolicy', 'HorizontalPodAutoscaler', 'ServiceAccount'),
  name: fc.oneof(fc.constantFrom('x', 'y', ''), fc.constant(7)),
  namespace: fc.constantFrom('n1', 'n2'),
  labels,
  selector,
  ref: fc.record({ kind: fc.oneof(fc.constantFrom('Deployment', 'StatefulSet'), fc.constant(3)), name: fc.oneof(fc.constantFrom('x', 'y'), fc.constant(7)) }),
}).map(({ kind, name, namespace, labels: l, selector: s, ref }): Manifest => ({
  source: `${kind}-${String(name)}`,
  object: {
    apiVersion: 'v1',
    kind,
    metadata: { name, namespace },
    spec: kind === 'PodDisruptionBudget' ? { selector: s } : kind === 'NetworkPolicy' ? { podSelector: s } : kind === 'HorizontalPodAutoscaler' ? { scaleTargetRef: ref } : { selector: s, template: { metadata: { labels: l }, spec: {} } },
  },
}));

test("ManifestSet's lookups answer what scanning the set answers", () => {
  fc.assert(fc.property(fc.array(manifest, { maxLength: 25 }), fc.array(selector, { maxLength: 4 }), fc.array(labels, { maxLength: 4 }), (manifests, selectors, queries) => {
    const set = new ManifestSet(manifests);
    for (const ns of ['n1', 'n2']) {
      for (const s of selectors) {
        expect(set.podsSelectedBy(ns, s ?? {})).toEqual(set.pods.filter((p) => p.namespace === ns && selects(s ?? {}, p.labels)));
        const templates = ['Deployment', 'StatefulSet'].flatMap((k) => set.inNamespace(k, ns)).filter((m) => selects(s, m.object.spec?.template?.metadata?.labels ?? {}));
        expect(set.templatesSelectedBy(['Deployment', 'StatefulSet'], ns, s as LabelSelector)).toEqual(templates);
      }
      for (const l of queries) {
        expect(set.selecting('PodDisruptionBudget', ns, l)).toEqual(set.inNamespace('PodDisruptionBudget', ns).filter((m) => selects(m.object.spec?.selector, l as Record<string, string>)));
        expect(set.selecting('NetworkPolicy', ns, l)).toEqual(set.inNamespace('NetworkPolicy', ns).filter((m) => selects(m.object.spec?.podSelector, l as Record<string, string>)));
      }
      for (const name of ['x', 'y', '', 7, undefined]) {
        expect(set.named('ServiceAccount', ns, name)).toBe(set.inNamespace('ServiceAccount', ns).find((m) => nameOf(m.object) === name));
      }
    }
    for (const w of [...set.ofKind('Deployment'), ...set.ofKind('StatefulSet')]) {
      const scan = set.inNamespace('HorizontalPodAutoscaler', namespaceOf(w.object) ?? '')
        .find((h) => h.object.spec?.scaleTargetRef?.kind === w.object.kind && h.object.spec?.scaleTargetRef?.name === nameOf(w.object));
      expect(set.autoscalerOf(w)).toBe(scan);
    }
  }), { numRuns: 300 });
});

test('the rules test each object against a bounded number of others: 8 times the services, 8 times the selector tests', () => {
  // N services, each a Deployment with a Service, HPA, PDB and a NetworkPolicy allowing the next one.
  const setOf = (n: number) => new ManifestSet(Array.from({ length: n }, (_v, i) => {
    const labels = { 'app.kubernetes.io/name': 'p', 'app.kubernetes.io/component': `c${i}` };
    const next = { matchLabels: { 'app.kubernetes.io/name': 'p', 'app.kubernetes.io/component': `c${(i + 1) % n}` } };
    const meta = { name: `c${i}`, namespace: 'ns', labels };
    return [
      { kind: 'Deployment', apiVersion: 'apps/v1', metadata: meta, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'r/i:1', ports: [{ name: 'http', containerPort: 80 }] }] } } } },
      { kind: 'Service', apiVersion: 'v1', metadata: meta, spec: { selector: labels, ports: [{ port: 80, targetPort: 'http' }] } },
      { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', metadata: meta, spec: { minReplicas: 2, scaleTargetRef: { kind: 'Deployment', name: `c${i}` } } },
      { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', metadata: meta, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } },
      { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', metadata: meta, spec: { podSelector: { matchLabels: labels }, egress: [{ to: [{ podSelector: next }] }] } },
    ].map((object) => ({ object, source: `${object.kind}-c${i}` }));
  }).flat());
  // Counted, not timed: a shared machine's timings are noise at this size. Scanning the set for
  // each object (as the rules did) made 64 times the tests at 8 times the services.
  const tests = (n: number) => {
    const set = setOf(n);
    const spy = jest.spyOn(labelSelector, 'selects');
    try {
      for (const r of RULES) if (!r.id.startsWith('schema')) r.check(set);
      return spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
  };
  const small = tests(100);
  const large = tests(800);
  expect(small).toBeGreaterThan(0);
  expect(large / small).toBeLessThanOrEqual(8.5);
});
