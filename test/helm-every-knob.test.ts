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
import { loadPlatformValues } from '../lib/platform/platform-values';
import { renderPlatform } from '../lib/render/render';
import { MAX_FULLNAME_OVERRIDE, MAX_NAME_OVERRIDE } from '../lib/values/release-name-values';
import { helm } from './support/helm';
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
 * The string knobs that name every object: `nameOverride` and `fullnameOverride` (the Bitnami
 * conventions). The chart and the plain synth must name objects alike, and every reference to
 * a name (a Service in an env URL, a Secret, a ConfigMap, an HPA or PDB target, a selector) must
 * follow: no object of the default names may still be mentioned anywhere.
 */
describe.each(platforms.map((p) => [p.name, p] as const))('%s: nameOverride and fullnameOverride round-trip', (_name, def) => {
  const prod = loadPlatformValues(def, CONFIG_DIR, 'prod');
  const render = (overrides: Record<string, string>) => {
    const values = { ...(prod as object), ...overrides };
    const file = join(tempDir(), 'values.json');
    writeFileSync(file, JSON.stringify(values));
    const plain = renderPlatform(def, 'prod', loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: 'test', values }]));
    return { plain, chart: helmTemplate(def.name, chartDir(freshSynth(), def.name), ['-f', file]) };
  };
  /**
   * Default object names, except those a value sets (Namespaces, the TLS Secret of
   * `ingress.tlsSecretName`): those stay what the values say, override or not.
   */
  const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []);
  const fromValues = new Set(strings(prod));
  const defaultNames = renderPlatform(def, 'prod', prod).map((o) => o.metadata.name).filter((n) => !fromValues.has(n));
  /**
   * Objects whose text mentions `name` as a whole name. Not counted: image repositories (after a
   * `/`), the dashboard's file name in its ConfigMap (`<platform>-dashboard.json`, what Grafana's
   * sidecar calls the file) and the apps' own telemetry identities (`SERVICE_NAME`,
   * `OTEL_SERVICE_NAME`), which are what the seeds call the services, not references to objects.
   */
  const mentions = (objects: readonly unknown[], name: string) => {
    const telemetry = (k: string, v: any) => (k === 'OTEL_SERVICE_NAME' || (v && typeof v.name === 'string' && v.name.endsWith('SERVICE_NAME')) ? undefined : v);
    const whole = new RegExp(`(^|[^a-z0-9/-])${name}($|(?!\\.json)[^a-z0-9-])`);
    return objects.filter((o) => whole.test(JSON.stringify(o, telemetry)));
  };

  test.each([
    ['fullnameOverride', { fullnameOverride: 'blue' }, 'blue-'],
    ['nameOverride not in the release name', { nameOverride: 'mind' }, `${def.name}-mind-`],
    ['nameOverride within the release name: names stay (Bitnami)', { nameOverride: def.name.slice(0, 4) }, `${def.name}-`],
    ['the longest overrides', { fullnameOverride: `x${'y'.repeat(MAX_FULLNAME_OVERRIDE - 2)}z` }, 'xyyy'],
    ['the longest nameOverride', { nameOverride: `n${'y'.repeat(MAX_NAME_OVERRIDE - 2)}z` }, `${def.name}-nyy`],
  ])('%s', (_what, overrides, prefix) => {
    const { plain, chart } = render(overrides);
    expectSameObjects(chart, plain);
    const named = plain.filter((x) => x.kind !== 'Namespace');
    for (const o of named) expect(o.metadata.name.startsWith(prefix)).toBe(true);
    // No name is cut, so no two objects of a kind share one.
    expect(new Set(named.map((o) => `${o.kind}/${o.metadata.name}`)).size).toBe(named.length);
    // Nothing refers to an object by its default name any more.
    if (prefix !== `${def.name}-`) for (const n of defaultNames) expect({ name: n, mentionedBy: mentions(plain, n).map((o: any) => `${o.kind}/${o.metadata.name}`) }).toEqual({ name: n, mentionedBy: [] });
  });

  test.each([
    ['fullnameOverride', MAX_FULLNAME_OVERRIDE],
    ['nameOverride', MAX_NAME_OVERRIDE],
  ] as const)('a %s longer than its limit is refused by helm and the CLI alike', (key, max) => {
    const values = { ...(prod as object), [key]: 'a'.repeat(max + 1) };
    const file = join(tempDir(), 'values.json');
    writeFileSync(file, JSON.stringify(values));
    const r = helm(['template', def.name, chartDir(freshSynth(), def.name), '-f', file]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(key);
    expect(() => loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: 'test', values }])).toThrow(new RegExp(`${key}[\\s\\S]*${max}`));
  });

  test('nameOverride becomes the app.kubernetes.io/name label (and part-of) everywhere, selectors included', () => {
    const { plain, chart } = render({ nameOverride: 'mind' });
    expectSameObjects(chart, plain);
    const json = JSON.stringify(plain);
    expect(json).not.toContain(`"app.kubernetes.io/name":"${def.name}"`);
    expect(json).toContain('"app.kubernetes.io/name":"mind"');
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

  // One account per component when created (two objects may not share a name), one shared when it exists already.
  const own = (c: string) => `k4242-${c.toLowerCase()}`;
  test.each([
    ['created, named and annotated (IRSA)', (c: string) => ({ create: true, name: own(c), annotations: { 'eks.amazonaws.com/role-arn': `arn:aws:iam::123456789012:role/${own(c)}` } })],
    ['an existing one, by name', () => ({ create: false, name: 'k4242-existing', annotations: {} })],
    ['an existing one, unnamed: the namespace\'s default', () => ({ create: false, name: '', annotations: {} })],
  ])('serviceAccount on every component: %s', (_what, accountOf) => {
    const values = structuredClone(prod);
    for (const c of components) values[c].serviceAccount = accountOf(c);
    if (def.name === 'cognition' && !values.api.serviceAccount.create && !values.api.serviceAccount.name) {
      // Its API's account holds the sandbox pod-manager Role: the namespace's default is refused.
      expect(() => loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: 'test', values }])).toThrow(/api\.serviceAccount: expected a name when create is false/);
      return;
    }
    const plain = renderPlatform(def, 'prod', loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: 'test', values }])) as any[];
    const file = join(tempDir(), 'values.json');
    writeFileSync(file, JSON.stringify(values));
    expectSameObjects(helmTemplate(def.name, chartDir(freshSynth(), def.name), ['-f', file]), plain);
    const accounts = components.map((c) => accountOf(c));
    // Every component's pods run as their account (a component under an off toggle has no pods).
    const names = new Set(accounts.map((a) => a.name || 'default'));
    const pods = plain.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind) && names.has(o.spec.template.spec.serviceAccountName));
    expect(pods.length).toBeGreaterThan(0);
    expect(pods.length).toBe(plain.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind) && !/-(db|postgres)/.test(o.metadata.name)).length);
    const created = plain.filter((o) => o.kind === 'ServiceAccount' && accounts.some((a) => a.create && a.name === o.metadata.name));
    expect(created.length).toBe(pods.length * Number(accounts[0].create));
    for (const sa of created) expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toContain(sa.metadata.name);
  });

  test('image.digest on every component', () => {
    const values = structuredClone(prod);
    for (const c of components) values[c].image = { ...values[c].image, digest: 'sha256:a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4' };
    const plain = renderPlatform(def, 'prod', loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: 'test', values }]));
    const file = join(tempDir(), 'values.json');
    writeFileSync(file, JSON.stringify(values));
    expectSameObjects(helmTemplate(def.name, chartDir(freshSynth(), def.name), ['-f', file]), plain);
    expect(JSON.stringify(plain)).toContain('@sha256:a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4');
  });

  test('commonLabels and commonAnnotations on every object', () => {
    const values = { ...structuredClone(prod), commonLabels: { team: 'k4242', 'example.com/tier': 'gold' }, commonAnnotations: { 'example.com/owner': 'k4242' } };
    const plain = renderPlatform(def, 'prod', loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: 'test', values: values as any }]));
    const file = join(tempDir(), 'values.json');
    writeFileSync(file, JSON.stringify(values));
    expectSameObjects(helmTemplate(def.name, chartDir(freshSynth(), def.name), ['-f', file]), plain);
    expect(plain.filter((o: any) => o.metadata.labels?.team !== 'k4242' || o.metadata.annotations?.['example.com/owner'] !== 'k4242').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
  });

  test.each([
    ['podSecurityContext', { runAsUser: 4242, supplementalGroups: [4343], seccompProfile: { type: 'RuntimeDefault' } }],
    ['containerSecurityContext', { capabilities: { drop: ['ALL', 'NET_RAW'], add: ['NET_BIND_SERVICE'] }, runAsGroup: 4444 }],
    ['podLabels', { team: 'k4242', 'example.com/cost-center': 'ai' }],
    ['imagePullSecrets', ['k4242-cred', 'shared-cred']],
    ['priorityClassName', 'k4242-critical'],
  ])('%s on every component', (knob, value) => {
    const values = structuredClone(prod);
    for (const c of components) values[c][knob] = value;
    values.global = { ...values.global, imagePullSecrets: ['shared-cred', 'global-cred'], priorityClassName: 'global-default' };
    values.networkPolicy = { ...values.networkPolicy, extraEgress: [{ to: [{ ipBlock: { cidr: '10.9.0.0/16' } }], ports: [{ port: 8443 }] }] };
    const plain = renderPlatform(def, 'prod', loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: 'test', values }]));
    const file = join(tempDir(), 'values.json');
    writeFileSync(file, JSON.stringify(values));
    expectSameObjects(helmTemplate(def.name, chartDir(freshSynth(), def.name), ['-f', file]), plain);
    // The knob reached pods (not a comparison of two unchanged renders).
    expect(plain.some((o: any) => /4242|NET_RAW/.test(JSON.stringify(o.spec?.template ?? {})))).toBe(true);
  });

  test('extraEnv, extraEnvFrom, extraVolumes, extraVolumeMounts, sidecars and initContainers on every component', () => {
    const resources = { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '50m', memory: '32Mi' } };
    const values = structuredClone(prod);
    for (const c of components) {
      Object.assign(values[c], {
        extraEnv: [{ name: 'KNOB_ENV', value: 'on' }],
        extraEnvFrom: [{ secretRef: { name: 'knob-env' } }],
        extraVolumes: [{ name: 'knob', emptyDir: { medium: 'Memory', sizeLimit: '8Mi' } }],
        extraVolumeMounts: [{ name: 'knob', mountPath: '/knob' }],
        sidecars: [{ name: 'knob-sidecar', image: 'docker.io/library/busybox:1.37.0', args: ['sleep', '3600'], resources, volumeMounts: [{ name: 'knob', mountPath: '/knob' }] }],
        initContainers: [{ name: 'knob-init', image: 'docker.io/library/busybox:1.37.0', command: ['true'], resources, securityContext: { runAsUser: 4545 } }],
      });
    }
    const plain = renderPlatform(def, 'prod', loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: 'test', values }]));
    const file = join(tempDir(), 'values.json');
    writeFileSync(file, JSON.stringify(values));
    expectSameObjects(helmTemplate(def.name, chartDir(freshSynth(), def.name), ['-f', file]), plain);
    expect(plain.some((o: any) => o.spec?.template?.spec?.initContainers?.some((i: any) => i.name === 'knob-init' && i.securityContext.runAsUser === 4545))).toBe(true);
  });
});
