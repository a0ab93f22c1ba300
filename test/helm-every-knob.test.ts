/**
 * DESIGN.md invariant 1, for every number and every boolean of every platform: change that one
 * value (a number by one, a boolean flipped) in the prod values, render the chart with the
 * real helm and synthesize the plain YAML from the same values: they must agree. A knob that a
 * construct forgot to bind to values (numbers and toggles cannot carry value-lookup tokens, as
 * strings do) shows up here without anyone having to think of testing it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { platforms } from '../charts';
import { ConfigError } from '../lib/config/config-error';
import { loadPlatformValues } from '../lib/config/platform-values';
import { renderPlatform } from '../lib/platform/render';
import { chartDir, expectSameObjects, helmTemplate } from './support/helm-round-trip';
import { CONFIG_DIR, freshSynth, tempDir } from './support/synthesized';

type Path = Array<string | number>;

/** Paths of the number and boolean leaves of a values tree. */
function scalarLeaves(value: unknown, path: Path = []): Array<{ path: Path; value: number | boolean }> {
  if (typeof value === 'number' || typeof value === 'boolean') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => scalarLeaves(v, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => scalarLeaves(v, [...path, k]));
  return [];
}

function withLeaf(tree: unknown, path: Path, leaf: unknown): unknown {
  const copy = structuredClone(tree) as any;
  let node = copy;
  for (const segment of path.slice(0, -1)) node = node[segment];
  node[path[path.length - 1]] = leaf;
  return copy;
}

/** Other values for a leaf, in order of preference; the first that the platform accepts is used. */
function alternatives(value: number | boolean): Array<number | boolean> {
  if (typeof value === 'boolean') return [!value];
  return Number.isInteger(value) ? [value + 1, value - 1] : [Number((value * 1.5).toFixed(4)), Number((value / 2).toFixed(4))];
}

describe.each(platforms.map((p) => [p.name, p] as const))('%s: every number and boolean round-trips', (_name, def) => {
  const prod = loadPlatformValues(def, CONFIG_DIR, 'prod');
  const leaves = scalarLeaves(prod);

  test('the platform has knobs to turn', () => {
    expect(leaves.length).toBeGreaterThan(10);
  });

  test.each(leaves.map((l) => [l.path.join('.'), l] as const))('%s', (_path, leaf) => {
    for (const candidate of alternatives(leaf.value)) {
      const values = withLeaf(prod, leaf.path, candidate);
      let plain;
      try {
        plain = renderPlatform(def, 'prod', loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: 'test', values: values as any }]));
      } catch (e) {
        if (e instanceof ConfigError) continue; // out of range or against a rule: try the next candidate
        throw e;
      }
      const file = join(tempDir(), 'values.json');
      writeFileSync(file, JSON.stringify(values));
      expectSameObjects(helmTemplate(def.name, chartDir(freshSynth(), def.name), ['-f', file]), plain, { namespacesCreated: (values as { namespaces: { create: boolean } }).namespaces.create });
      return;
    }
  });
});

/**
 * The convention knobs whose defaults are empty (so the leaves above never see them), set on
 * every component of every platform at once: tighter security contexts and extra NetworkPolicy
 * rules. Chart and plain synth must agree on each.
 */
describe.each(platforms.map((p) => [p.name, p] as const))('%s: the convention knobs of every component round-trip', (_name, def) => {
  const prod = loadPlatformValues(def, CONFIG_DIR, 'prod') as Record<string, any>;
  const components = Object.keys(prod).filter((k) => prod[k] && typeof prod[k] === 'object' && 'containerSecurityContext' in prod[k]);

  test('there are components', () => expect(components.length).toBeGreaterThan(0));

  test.each([
    ['podSecurityContext', { runAsUser: 4242, supplementalGroups: [4343], seccompProfile: { type: 'RuntimeDefault' } }],
    ['containerSecurityContext', { capabilities: { drop: ['ALL', 'NET_RAW'], add: ['NET_BIND_SERVICE'] }, runAsGroup: 4444 }],
  ])('%s on every component', (knob, value) => {
    const values = structuredClone(prod);
    for (const c of components) values[c][knob] = value;
    values.networkPolicy = { ...values.networkPolicy, extraEgress: [{ to: [{ ipBlock: { cidr: '10.9.0.0/16' } }], ports: [{ port: 8443 }] }] };
    const plain = renderPlatform(def, 'prod', loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: 'test', values }]));
    const file = join(tempDir(), 'values.json');
    writeFileSync(file, JSON.stringify(values));
    expectSameObjects(helmTemplate(def.name, chartDir(freshSynth(), def.name), ['-f', file]), plain);
    // The knob reached pods (not a comparison of two unchanged renders).
    expect(plain.some((o: any) => /4242|NET_RAW/.test(JSON.stringify(o.spec?.template?.spec?.securityContext ?? {}) + JSON.stringify(o.spec?.template?.spec?.containers?.[0]?.securityContext ?? {})))).toBe(true);
  });
});
