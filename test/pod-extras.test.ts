/**
 * Issue 12, conventions: `extraEnv`, `extraEnvFrom`, `extraVolumes`, `extraVolumeMounts`,
 * `sidecars` and `initContainers` on every component. Checked with the real Helm 3.22 against
 * the plain synth: both add the same objects in the same places, both refuse the same values
 * with the same words, and the schema (Kubernetes' own shapes, see lib/values/k8s/) refuses
 * what restricted Pod Security would and what Kubernetes has no field for.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { platforms } from '../charts';
import { ConfigError } from '../lib/config/config-error';
import { loadPlatformValues } from '../lib/platform/platform-values';
import { KubeObject, renderPlatform } from '../lib/render/render';
import { PlatformDefinition } from '../lib/platform/platform-definition';
import { haveCurrentHelm, helm, HELM_CURRENT } from './support/helm';
import { expectSameObjects, valuesFileArgs } from './support/helm-round-trip';
import { CONFIG_DIR, ROOT, tempDir } from './support/synthesized';

const describeWithHelm = haveCurrentHelm ? describe : describe.skip;
const chartOf = (platform: string) => join(ROOT, 'dist', 'helm', platform);
const prodOf = (platform: string) => join(CONFIG_DIR, platform, 'prod.yaml');

const resources = { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } };
/** One of each extra, as a user adding a log shipper and a config file would write them. */
const EXTRAS = {
  extraEnv: [{ name: 'FEATURE_FLAGS', value: 'beta' }, { name: 'VENDOR_TOKEN', valueFrom: { secretKeyRef: { name: 'vendor', key: 'token' } } }],
  extraEnvFrom: [{ configMapRef: { name: 'shared-settings', optional: true } }],
  extraVolumes: [{ name: 'extra-config', configMap: { name: 'extra-config' } }, { name: 'shipper-state', emptyDir: { sizeLimit: '64Mi' } }],
  extraVolumeMounts: [{ name: 'extra-config', mountPath: '/etc/extra', readOnly: true }],
  sidecars: [{
    name: 'log-shipper',
    image: 'docker.io/fluent/fluent-bit:3.2.4',
    resources,
    securityContext: { runAsUser: 4242 },
    volumeMounts: [{ name: 'shipper-state', mountPath: '/state' }, { name: 'tmp', mountPath: '/tmp' }],
  }],
  initContainers: [{ name: 'fetch-config', image: 'docker.io/library/busybox:1.37.0', command: ['true'], resources }],
};

type Values = Record<string, any>;

function componentsOf(values: Values): string[] {
  return Object.keys(values).filter((k) => values[k] && typeof values[k] === 'object' && 'extraEnv' in values[k]);
}

function plainOf(def: PlatformDefinition, values: Values): KubeObject[] {
  return renderPlatform(def, 'prod', loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: 'test.yaml', values }]));
}

function helmOf(platform: string, values: Values): { status: number | null; stdout: string; stderr: string } {
  const file = join(tempDir(), 'values.json');
  writeFileSync(file, JSON.stringify(values));
  // Without the helm test hooks (templates/tests/): the plain synth has none.
  return helm(['template', platform, chartOf(platform), '-n', platform, '--skip-tests', ...valuesFileArgs(prodOf(platform)), '-f', file], { binary: HELM_CURRENT });
}

/** The CLI's refusal of `values`, as one line per issue without the file name (the chart has no file to name). */
function cliRefusal(def: PlatformDefinition, values: Values): string {
  try {
    plainOf(def, values);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => `at ${i.path}: expected ${i.expected}${i.found !== undefined ? `, found ${i.found}` : ''}`).join('\n');
    throw e;
  }
  throw new Error('the CLI accepted the values');
}

const pods = (objects: readonly KubeObject[]) => objects.filter((o: any) => o.spec?.template?.spec?.containers && ['Deployment', 'StatefulSet'].includes(o.kind)) as any[];

describeWithHelm.each(platforms.map((p) => [p.name, p] as const))('%s: pod extras', (_name, def) => {
  const prod = loadPlatformValues(def, CONFIG_DIR, 'prod') as Values;
  const components = componentsOf(prod);
  const withExtras = (component: string, extras: Values): Values => ({ ...structuredClone(prod), [component]: { ...structuredClone(prod[component]), ...extras } });

  test('every extra on every component: chart and plain synth add the same objects, in the same places', () => {
    const values = structuredClone(prod);
    for (const c of components) Object.assign(values[c], structuredClone(EXTRAS));
    const plain = plainOf(def, values);
    const chart = helmOf(def.name, values);
    expect(chart.stderr).toBe('');
    expectSameObjects(parseAllDocuments(chart.stdout).map((d) => d.toJS()).filter((o) => o), plain);
    const valued = pods(plain).filter((o) => o.spec.template.spec.containers.some((c: any) => c.name === 'log-shipper'));
    // Every component that prod runs (cognivern's forecasting agent only runs with agentsEnabled).
    expect(valued.length).toBeGreaterThan(0);
    for (const o of valued) {
      const spec = o.spec.template.spec;
      const [main, ...others] = spec.containers;
      // After the platform's env, before its envFrom, after its volumes and mounts.
      expect(main.env.slice(-2).map((e: any) => e.name)).toEqual(['FEATURE_FLAGS', 'VENDOR_TOKEN']);
      expect(main.envFrom[0]).toEqual(EXTRAS.extraEnvFrom[0]);
      expect(main.volumeMounts.at(-1)).toEqual(EXTRAS.extraVolumeMounts[0]);
      expect(spec.volumes.slice(-2).map((v: any) => v.name)).toEqual(['extra-config', 'shipper-state']);
      const shipper = others.at(-1);
      // kubesynth's restricted context under the sidecar's own tightening.
      expect(shipper.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, privileged: false, capabilities: { drop: ['ALL'] }, runAsUser: 4242 });
      expect(spec.initContainers.at(-1)).toMatchObject({ name: 'fetch-config', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } });
    }
  });

  test('empty extras change nothing (the defaults render what they rendered before)', () => {
    const values = structuredClone(prod);
    for (const c of components) Object.assign(values[c], { extraEnv: [], extraEnvFrom: [], extraVolumes: [], extraVolumeMounts: [], sidecars: [], initContainers: [] });
    expect(plainOf(def, values)).toEqual(plainOf(def, prod));
  });

  const component = components[0];
  test.each([
    ['a mount of a volume the pod lacks', { extraVolumeMounts: [{ name: 'nowhere', mountPath: '/x' }] }, /at [\w.]+\.extraVolumeMounts\[0\]\.name: expected the name of a volume of the pod \([^)]*tmp[^)]*\), found "nowhere"/],
    ['a sidecar mount of a volume the pod lacks', { sidecars: [{ ...EXTRAS.sidecars[0], volumeMounts: [{ name: 'nowhere', mountPath: '/x' }] }] }, /at [\w.]+\.sidecars\[0\]\.volumeMounts\[0\]\.name: expected the name of a volume of the pod/],
    ['a volume name the pod has', { extraVolumes: [{ name: 'tmp', emptyDir: {} }] }, /at [\w.]+\.extraVolumes\[0\]\.name: expected a volume name the pod does not have yet \([^)]*\), found "tmp"/],
    ['the same env name twice', { extraEnv: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }, /at [\w.]+\.extraEnv\[1\]\.name: expected a name the container does not set already \([^)]*\), found "A"/],
  ])('%s: refused by the chart and the CLI with the same message', (_what, extras, message) => {
    const values = withExtras(component, extras);
    const cli = cliRefusal(def, values);
    expect(cli).toMatch(message);
    const chart = helmOf(def.name, values);
    expect(chart.status).not.toBe(0);
    expect(chart.stderr).toContain(`values ${cli}`);
  });

  test.each([
    ['a hostPath volume (restricted Pod Security refuses it)', { extraVolumes: [{ name: 'host', hostPath: { path: '/' } }] }, 'extraVolumes/0'],
    ['a privileged sidecar', { sidecars: [{ ...EXTRAS.sidecars[0], securityContext: { privileged: true } }] }, 'sidecars/0/securityContext/privileged'],
    ['an init container running as root', { initContainers: [{ ...EXTRAS.initContainers[0], securityContext: { runAsUser: 0 } }] }, 'initContainers/0/securityContext/runAsUser'],
    ['a sidecar without limits', { sidecars: [{ ...EXTRAS.sidecars[0], resources: { requests: resources.requests } }] }, 'sidecars/0/resources'],
    ['a sidecar with a host port', { sidecars: [{ ...EXTRAS.sidecars[0], ports: [{ containerPort: 80, hostPort: 80 }] }] }, 'sidecars/0/ports/0'],
    ['a misspelt EnvVar field', { extraEnv: [{ name: 'A', valueFROM: { secretKeyRef: { name: 'a', key: 'b' } } }] }, 'extraEnv/0'],
    ['a VolumeMount without mountPath', { extraVolumeMounts: [{ name: 'tmp' }] }, 'extraVolumeMounts/0'],
  ])('the schema refuses %s, in helm and the CLI', (_what, extras, where) => {
    const values = withExtras(component, extras);
    expect(() => plainOf(def, values)).toThrow(ConfigError);
    const chart = helmOf(def.name, values);
    expect(chart.status).not.toBe(0);
    expect(chart.stderr).toContain(`/${component}/${where}`);
  });

  test('a credential as a literal extraEnv value is refused by the CLI, pointing to valueFrom.secretKeyRef, without echoing it', () => {
    const values = withExtras(component, { extraEnv: [{ name: 'VENDOR_API_KEY', value: 'hunter2-hunter2' }] });
    const refusal = cliRefusal(def, values);
    expect(refusal).toContain(`at ${component}.extraEnv[0].value: expected a reference to a Secret`);
    expect(refusal).toContain('valueFrom.secretKeyRef');
    expect(refusal).not.toContain('hunter2');
  });
});
