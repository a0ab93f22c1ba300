/**
 * Issue 17, item 7: validate's reader. The same size limit for files and stdin (reading stops
 * at the limit), Lists flattened at any depth (so no rule misses an item), and no TypeError on
 * any input: every input ends in a report or an InputError (fuzzed with fast-check).
 */
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { InputError, MAX_MANIFEST_FILE_BYTES, parseManifests, readInputs, readStdinLimited } from '../lib/validate/read-manifests';
import { RULES } from '../lib/validate/registry';
import { ManifestSet } from '../lib/validate/rule';
import { validateSets } from '../lib/validate/validate';
import { waiversOf } from '../lib/validate/waivers';
import { describeObject } from '../lib/validate/manifest';
import { tempDir } from './support/synthesized';

describe('size limits', () => {
  const big = join(tempDir(), 'big.yaml');
  beforeAll(() => writeFileSync(big, Buffer.alloc(MAX_MANIFEST_FILE_BYTES + 1, '#')));

  test('stdin over the limit is refused as soon as it is passed, like a file', () => {
    const fd = openSync(big, 'r');
    const started = Date.now();
    try {
      expect(() => readInputs(['-'], () => readStdinLimited(fd))).toThrow(new InputError(`(stdin): expected at most ${MAX_MANIFEST_FILE_BYTES} bytes of YAML, found more; validate files or folders instead, or split the input`));
    } finally {
      closeSync(fd);
    }
    expect(Date.now() - started).toBeLessThan(5000);
    expect(() => readInputs([big])).toThrow(`${big}: expected a manifest file of at most ${MAX_MANIFEST_FILE_BYTES} bytes, found ${MAX_MANIFEST_FILE_BYTES + 1} bytes`);
  });

  test('stdin under the limit is read whole', () => {
    const file = join(tempDir(), 'small.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: x\n');
    const fd = openSync(file, 'r');
    try {
      expect(readInputs(['-'], () => readStdinLimited(fd)).sets[0].manifests.map((m) => m.source)).toEqual(['(stdin)']);
    } finally {
      closeSync(fd);
    }
  });
});

describe('Lists', () => {
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'plain', namespace: 'x' }, stringData: { password: 'hunter2' } };

  test('a null item is an input error naming it, not a TypeError', () => {
    expect(() => parseManifests('in.yaml', 'apiVersion: v1\nkind: List\nitems:\n  - null\n')).toThrow(new InputError('in.yaml items[0]: expected a Kubernetes object (a map with apiVersion and kind), found null'));
    expect(() => parseManifests('in.yaml', 'apiVersion: v1\nkind: List\nitems: 3\n')).toThrow(new InputError('in.yaml: expected the items of a List to be a list, found a number'));
  });

  test('a List nested in a List is flattened, and its plain Secret is found', () => {
    const text = stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'List', items: [secret] }] });
    const manifests = parseManifests('in.yaml', text);
    expect(manifests.map((m) => [m.source, m.object.kind])).toEqual([['in.yaml items[0] items[0]', 'Secret']]);
    const report = validateSets([{ name: 'in', manifests }]);
    expect(report.findings.filter((f) => f.object === 'Secret x/plain' && f.source === 'in.yaml items[0] items[0]').length).toBeGreaterThan(0);
  });
});

/** Every rule on every object, as validateSets runs them, without the schema check's child process. */
function runRules(text: string): void {
  const manifests = parseManifests('fuzz.yaml', text);
  const set = new ManifestSet(manifests);
  for (const m of manifests) {
    waiversOf(m);
    describeObject(m.object);
  }
  for (const rule of RULES) rule.check(set);
}

const KINDS = ['List', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'Service', 'Ingress', 'NetworkPolicy', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Secret', 'ConfigMap', 'ExternalSecret', 'ServiceAccount', 'Namespace', 'RoleBinding', 'ServiceMonitor'];
const junk = fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 8 }), fc.boolean(), fc.array(fc.oneof(fc.constant(null), fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 3 }));
/** A value that is sometimes the right shape and sometimes junk, at every level. */
const shaped = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, junk, fc.dictionary(fc.constantFrom('metadata', 'spec', 'template', 'containers', 'items', 'name', 'namespace', 'labels', 'annotations', 'selector', 'matchLabels', 'ports', 'volumes', 'env', 'valueFrom', 'secretKeyRef', 'securityContext', 'podSelector', 'rules', 'backend', 'service', 'jobTemplate', 'scaleTargetRef', 'kind', 'replicas', 'image', 'resources', 'data', 'stringData'), tie('node'), { maxKeys: 5 }), fc.array(tie('node'), { maxLength: 3 })),
})).node;
const object = fc.record({ apiVersion: fc.oneof(fc.constantFrom('v1', 'apps/v1', 'batch/v1', 'networking.k8s.io/v1'), junk), kind: fc.oneof(fc.constantFrom(...KINDS), junk), metadata: shaped, spec: shaped, items: shaped }, { requiredKeys: [] });

describe('no TypeError on any input', () => {
  test('arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => {
      try {
        runRules(text);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
      }
    }), { numRuns: 300 });
  });

  test('objects of every kind with fields of every shape, Lists among them', () => {
    fc.assert(fc.property(fc.array(object, { minLength: 1, maxLength: 4 }), (objects) => {
      try {
        runRules(objects.map((o) => stringify(o)).join('---\n'));
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
      }
    }), { numRuns: 150 });
  });
});
