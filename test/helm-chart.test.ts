/**
 * DESIGN.md invariant 1, checked with the real helm binary: the chart renders the same objects
 * as the plain synth, per environment and for every kind of knob changed with --set, except
 * the Helm-only metadata in HELM_ONLY_LABELS (README, "Helm-only metadata").
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { platforms } from '../charts';
import { cortexCore } from '../charts/cortex-core';
import { main } from '../lib/cli/main';
import { loadPlatformValues } from '../lib/platform/platform-values';
import { parseSetArgs } from '../lib/config/set-values';
import { KubeObject, renderPlatform } from '../lib/render/render';
import { DEFAULT_CHART_VERSION, synthesize } from '../lib/synth/synthesize';
import { imagesOf } from '../lib/helm/helm-chart';
import { HelmTemplating } from '../lib/templating/helm-templating';
import { helm } from './support/helm';
import { clusterFrom } from './support/network-reachability';
import { chartDir, envArgs, envFile, expectSameObjects, helmTemplate } from './support/helm-round-trip';
import { allTargets, CONFIG_DIR, freshSynth, loadObjects, tempDir } from './support/synthesized';

const archive = (out: string, platform: string) => join(out, 'helm', `${platform}-${DEFAULT_CHART_VERSION}.tgz`);

describe.each(allTargets())('round trip $platform/$env', ({ platform, env }) => {
  test('helm template -f config/<platform>/<env>.yaml renders the plain objects', () => {
    const out = freshSynth();
    expectSameObjects(helmTemplate(platform, chartDir(out, platform), envArgs(platform, env)), loadObjects(out, platform, env));
  });

  test('with namespaces.create=true the chart also writes the Namespace: the plain objects exactly', () => {
    const out = freshSynth();
    const fromHelm = helmTemplate(platform, chartDir(out, platform), [...envArgs(platform, env), '--set', 'namespaces.create=true']);
    expectSameObjects(fromHelm, loadObjects(out, platform, env), { namespacesCreated: true });
  });
});

describe.each(platforms.map((p) => p.name))('%s: Helm-native namespaces', (platform) => {
  const render = (args: readonly string[]) => helmTemplate('rel', chartDir(freshSynth(), platform), [...envArgs(platform, 'prod'), ...args]);
  /** Namespaces the platform keeps apart from its own on purpose: the monitoring stack's, and the sandboxes'. */
  const elsewhere = (o: KubeObject) => o.metadata.namespace === 'monitoring' || /-sandboxes$/.test(o.metadata.namespace ?? '');

  test('objects go to the release namespace (helm -n), and no Namespace is written for it', () => {
    const objects = render(['--namespace', 'team-a']);
    const namespaced = objects.filter((o) => o.metadata.namespace !== undefined && !elsewhere(o));
    expect(namespaced.length).toBeGreaterThan(5);
    expect([...new Set(namespaced.map((o) => o.metadata.namespace))]).toEqual(['team-a']);
    expect(objects.filter((o) => o.kind === 'Namespace' && o.metadata.name === 'team-a')).toEqual([]);
  });

  test('namespaceOverride wins over the release namespace; namespaces.create writes it, restricted and kept by helm uninstall', () => {
    const objects = render(['--namespace', 'team-a', '--set', 'namespaceOverride=team-b', '--set', 'namespaces.create=true']);
    expect([...new Set(objects.filter((o) => o.metadata.namespace !== undefined && !elsewhere(o)).map((o) => o.metadata.namespace))]).toEqual(['team-b']);
    const ns = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === 'team-b') as any;
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(ns.metadata.annotations['helm.sh/resource-policy']).toBe('keep');
  });

  test('every Namespace the chart writes and every PostgreSQL Cluster is kept by helm uninstall', () => {
    const objects = render(['--set', 'namespaces.create=true']);
    const kept = objects.filter((o) => o.kind === 'Namespace' || o.kind === 'Cluster');
    expect(kept.length).toBeGreaterThan(0);
    for (const o of kept) expect({ o: `${o.kind}/${o.metadata.name}`, policy: (o.metadata.annotations as any)?.['helm.sh/resource-policy'] }).toEqual({ o: `${o.kind}/${o.metadata.name}`, policy: 'keep' });
  });

  test('namespaceOverride reaches the plain YAML too', () => {
    const def = platforms.find((p) => p.name === platform)!;
    const values = loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: '--set', values: parseSetArgs(['namespaceOverride=team-b']) }]);
    const plain = renderPlatform(def, 'prod', values);
    expect(plain.some((o) => o.kind === 'Namespace' && o.metadata.name === 'team-b')).toBe(true);
    expectSameObjects(helmTemplate(platform, chartDir(freshSynth(), platform), [...envArgs(platform, 'prod'), '--set', 'namespaceOverride=team-b']), plain);
  });
});

/** One override per kind of knob, each checked by rendering with helm and synthesizing plain with the same --set. */
const SET_MATRIX: Array<[string, string[]]> = [
  ['string: image tag', ['api.image.tag=2.3.4']],
  ['string: global registry mirror', ['global.imageRegistry=mirror.example.com']],
  ['string: namespaceOverride (in the chart, the plain namespace value is the release namespace)', ['namespaceOverride=cortex-core-blue']],
  ['integer: replicas', ['memoryService.replicas=5']],
  ['integer: replicas down to 1 drops the PDB', ['memoryService.replicas=1']],
  ['integer: HPA max', ['api.autoscaling.maxReplicas=20']],
  ['boolean: autoscaling off adds replicas, removes HPA', ['api.autoscaling.enabled=false']],
  ['null: an HPA on CPU only (the memory target removed, as Helm removes a null value)', ['api.autoscaling.targetMemoryUtilizationPercentage=null']],
  ['null: an HPA on memory only', ['api.autoscaling.targetCPUUtilizationPercentage=null']],
  ['boolean: autoscaling on removes replicas, adds HPA and PDB', ['redis.autoscaling.enabled=true', 'redis.autoscaling.minReplicas=2', 'redis.autoscaling.maxReplicas=4']],
  ['boolean: ingress off removes the Ingress and its NetworkPolicy rule', ['ingress.enabled=false']],
  ['boolean: monitoring namespace on', ['monitoringNamespace.enabled=true']],
  ['boolean: security headers off', ['ingress.securityHeaders=false']],
  ['map: annotations', ['ingress.annotations.nginx\\.ingress\\.kubernetes\\.io/proxy-body-size=50m', 'ingress.annotations.team=core', 'api.podAnnotations.team=core']],
  ['map: nodeSelector', ['api.nodeSelector.kubernetes\\.io/arch=arm64']],
  ['list: tolerations', ['api.tolerations[0].key=dedicated', 'api.tolerations[0].operator=Equal', 'api.tolerations[0].value=ai', 'api.tolerations[0].effect=NoSchedule']],
  ['list: settings', ['settings.corsOrigins={https://a.example.com,https://b.example.com}']],
  ['nested object: resources', ['cognitionService.resources.limits.cpu=6', 'cognitionService.resources.requests.memory=6Gi']],
  ['integer and boolean settings', ['settings.dbPoolSize=42', 'settings.requireHttps=false']],
  ['string: ExternalSecret API version for an older operator', ['secretStore.apiVersion=v1beta1']],
  ['string: secret store and refresh interval', ['secretStore.name=vault', 'secretStore.kind=SecretStore', 'secretStore.refreshInterval=1h']],
  ['integer: database instances', ['databases.core.instances=3']],
  ['map: postgres parameters, a new key included', ['databases.core.parameters.work_mem=64MB', 'databases.memory.parameters.max_connections=300']],
  ['string: storage class set (absent when empty)', ['databases.core.storage.storageClass=fast-ssd']],
  ['nested object: database resources', ['databases.memory.resources.limits.memory=32Gi']],
  ['integer: alert threshold (helm --set types only integers; fractions come from -f files, below)', ['monitoring.alerts.latencyP95Seconds=3']],
  ['map: monitoring labels, a new key included', ['monitoring.labels.team=core', 'monitoring.labels.release=kube-prom']],
  ['boolean: monitoring off removes monitors, rules, dashboard and the Prometheus openings', ['monitoring.enabled=false']],
  ['boolean: alerts off, dashboard off', ['monitoring.alerts.enabled=false', 'monitoring.dashboard.enabled=false']],
  ['boolean: migration off', ['migration.enabled=false']],
  ['integer: migration limits', ['migration.backoffLimit=1', 'migration.activeDeadlineSeconds=1200']],
  ['string: image tag renames the migration Job (its hash)', ['api.image.tag=9.9.9']],
  ['boolean: cert-manager off keeps the Ingress TLS, drops the Certificate', ['tls.certManager.enabled=false']],
  ['string: issuer', ['tls.certManager.issuerName=internal-ca', 'tls.certManager.issuerKind=Issuer']],
  ['map: tighter security contexts merged over the restricted ones', ['api.podSecurityContext.runAsUser=2000', 'api.podSecurityContext.supplementalGroups={3000}', 'api.containerSecurityContext.capabilities.add={NET_BIND_SERVICE}', 'api.containerSecurityContext.capabilities.drop={ALL,NET_RAW}', 'redis.podSecurityContext.fsGroupChangePolicy=Always']],
  ['map: common labels and annotations on every object; kubesynth\'s own keys keep their values', ['commonLabels.team=core', 'commonLabels.pod-security\\.kubernetes\\.io/enforce=privileged', 'commonAnnotations.example\\.com/owner=team-core', 'commonAnnotations.argocd\\.argoproj\\.io/sync-wave=late']],
  ['map and strings: a ServiceAccount for IRSA, renamed; an existing one for redis', ['api.serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=arn:aws:iam::123456789012:role/core-api', 'api.serviceAccount.name=core-api-irsa', 'redis.serviceAccount.create=false', 'redis.serviceAccount.name=shared-redis']],
  ['string: an image by digest (the migration Job, which runs the API image, renamed by its hash), from the mirror', ['api.image.digest=sha256:a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4', 'redis.image.digest=sha256:a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4', 'global.imageRegistry=mirror.example.com']],
  ['map: pod labels, on one component', ['api.podLabels.team=core', 'api.podLabels.example\\.com/cost-center=ai-42']],
  ['list: image pull secrets, global and per component, merged', ['global.imagePullSecrets={regcred,mirror-cred}', 'api.imagePullSecrets={mirror-cred,api-cred}']],
  ['string: priority class, global default and a component of its own', ['global.priorityClassName=platform-default', 'redis.priorityClassName=platform-critical']],
  ['boolean: network policies off (a loosening the workloads are annotated with)', ['networkPolicy.enabled=false']],
  ['list: an extra egress rule adds the <platform>-extra policy', ['networkPolicy.extraEgress[0].to[0].ipBlock.cidr=10.20.0.0/16', 'networkPolicy.extraEgress[0].ports[0].port=5432', 'networkPolicy.extraEgress[0].ports[0].protocol=TCP']],
  ['list: an extra ingress rule from a namespace', ['networkPolicy.extraIngress[0].from[0].namespaceSelector.matchLabels.team=observability', 'networkPolicy.extraIngress[0].ports[0].port=http']],
];

describe('round trip with --set (cortex-core prod)', () => {
  test.each(SET_MATRIX)('%s', (_kind, sets) => {
    const fromHelm = helmTemplate('cortex-core', chartDir(freshSynth(), 'cortex-core'), ['-f', envFile('cortex-core', 'prod'), ...sets.flatMap((s) => ['--set', s])]);
    const values = loadPlatformValues(cortexCore, CONFIG_DIR, 'prod', [{ name: '--set', values: parseSetArgs(sets) }]);
    const plain = renderPlatform(cortexCore, 'prod', values);
    expectSameObjects(fromHelm, plain);
  });

  test('the matrix changes what it says: each override alters the output', () => {
    const base = JSON.stringify(helmTemplate('cortex-core', chartDir(freshSynth(), 'cortex-core'), ['-f', envFile('cortex-core', 'prod')]));
    for (const [, sets] of SET_MATRIX) {
      const changed = JSON.stringify(helmTemplate('cortex-core', chartDir(freshSynth(), 'cortex-core'), ['-f', envFile('cortex-core', 'prod'), ...sets.flatMap((s) => ['--set', s])]));
      expect({ sets, changed: changed !== base }).toEqual({ sets, changed: true });
    }
  });
});

test('fractional alert thresholds from a values file reach the PrometheusRule as they reach the plain YAML', () => {
  const file = join(tempDir(), 'thresholds.yaml');
  const thresholds = { monitoring: { alerts: { latencyP95Seconds: 1.5, errorRatio: 0.02, memoryRatio: 0.9 } } };
  writeFileSync(file, JSON.stringify(thresholds));
  const fromHelm = helmTemplate('cortex-core', chartDir(freshSynth(), 'cortex-core'), ['-f', envFile('cortex-core', 'prod'), '-f', file]);
  const values = loadPlatformValues(cortexCore, CONFIG_DIR, 'prod', [{ name: file, values: thresholds }]);
  expectSameObjects(fromHelm, renderPlatform(cortexCore, 'prod', values));
  const exprs = (fromHelm.find((o) => o.kind === 'PrometheusRule') as any).spec.groups[0].rules.map((r: any) => r.expr);
  expect(exprs.filter((e: string) => e.endsWith('> 1.5'))).toHaveLength(3);
  expect(exprs.filter((e: string) => e.endsWith('> 0.02'))).toHaveLength(3);
  expect(exprs.filter((e: string) => e.endsWith('> 0.9'))).toHaveLength(3);
});

describe('chart safety', () => {
  test('strings from config are never evaluated by Helm', () => {
    const file = join(tempDir(), 'hostile.yaml');
    const hostile = { 'x-release': '{{ .Release.Name }}', 'x-broken': '{{ nope', 'x-fail': '{{ fail "boom" }}' };
    writeFileSync(file, JSON.stringify({ ingress: { annotations: hostile }, api: { podAnnotations: hostile }, settings: { corsOrigins: ['{{ .Values }}'] } }));
    const fromHelm = helmTemplate('cortex-core', chartDir(freshSynth(), 'cortex-core'), ['-f', envFile('cortex-core', 'prod'), '-f', file]);
    const ingress = fromHelm.find((o) => o.kind === 'Ingress') as any;
    expect(ingress.metadata.annotations).toMatchObject(hostile);
    const config = fromHelm.find((o) => o.kind === 'ConfigMap') as any;
    expect(config.data.CORS_ORIGINS).toBe('{{ .Values }}');
    const values = loadPlatformValues(cortexCore, CONFIG_DIR, 'prod', [{ name: file, values: JSON.parse(readFileSync(file, 'utf8')) }]);
    expectSameObjects(fromHelm, renderPlatform(cortexCore, 'prod', values));
  });

  test('a release with another name gets prefixed names, so two releases never collide', () => {
    const chart = chartDir(freshSynth(), 'cortex-core');
    const own = helmTemplate('cortex-core', chart, ['-f', envFile('cortex-core', 'prod')]);
    const other = helmTemplate('blue', chart, ['-f', envFile('cortex-core', 'prod')]);
    const names = (objects: KubeObject[]) => new Set(objects.filter((o) => o.kind !== 'Namespace').map((o) => `${o.kind}/${o.metadata.name}`));
    const overlap = [...names(other)].filter((n) => names(own).has(n));
    expect(overlap).toEqual([]);
    for (const o of other.filter((x) => x.kind !== 'Namespace')) {
      expect(o.metadata.name.startsWith('blue-cortex-core')).toBe(true);
      expect((o.metadata.labels as Record<string, string>)['app.kubernetes.io/instance']).toBe('blue');
    }
  });
});

describe('helm lint and schema', () => {
  test.each(platforms.map((p) => p.name))('helm lint --strict passes on the %s chart folder and archive, for every env', (platform) => {
    const out = freshSynth();
    for (const target of [chartDir(out, platform), archive(out, platform)]) {
      for (const env of allTargets().filter((t) => t.platform === platform).map((t) => t.env)) {
        const r = helm(['lint', '--strict', target, ...envArgs(platform, env)]);
        expect({ target, env, status: r.status, out: r.status ? r.stdout + r.stderr : '' }).toEqual({ target, env, status: 0, out: '' });
      }
    }
  });

  test.each([
    ['a wrong type', 'api.replicas=many', 'api.replicas: many', /api\.replicas/],
    ['an unknown key', 'api.replica=3', 'api.replica: 3', /replica/],
    ['a number out of range', 'api.replicas=5000', 'api.replicas: 5000', /api\.replicas/],
  ])('%s fails helm template and kubesynth synth alike', (_what, set, yamlLine, message) => {
    const r = helm(['template', 'cortex-core', chartDir(freshSynth(), 'cortex-core'), '--set', set]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/values don't meet the specifications of the schema/);
    expect(r.stderr).toMatch(message);

    const config = tempDir();
    mkdirSync(join(config, 'cortex-core'));
    const [key, value] = yamlLine.split(': ');
    const [top, leaf] = key.split('.');
    writeFileSync(join(config, 'cortex-core', 'prod.yaml'), `${top}:\n  ${leaf}: ${value}\n`);
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    const out = tempDir();
    const status = main(['synth', '--config', config, '--out', out, '-p', 'cortex-core']);
    spy.mockRestore();
    expect(status).toBe(1);
    expect(errors.join('\n')).toContain(`prod.yaml:2 at ${key}`);
  });
});

describe('packaged chart', () => {
  test('two syntheses give the same .tgz bytes', () => {
    const sha = (dir: string) => createHash('sha256').update(readFileSync(archive(dir, 'cortex-core'))).digest('hex');
    const a = tempDir();
    const b = tempDir();
    synthesize({ platforms, configDir: CONFIG_DIR, outDir: a, format: 'helm' });
    synthesize({ platforms, configDir: CONFIG_DIR, outDir: b, format: 'helm' });
    expect(sha(a)).toBe(sha(b));
  });

  test('the .tgz renders exactly what the folder renders', () => {
    const out = freshSynth();
    const args = ['-f', envFile('cortex-core', 'prod')];
    expect(helmTemplate('cortex-core', archive(out, 'cortex-core'), args)).toEqual(helmTemplate('cortex-core', chartDir(out, 'cortex-core'), args));
  });
});

describe('kubesynth synth previews helm overrides in plain YAML', () => {
  test('--set reaches the plain output', () => {
    const out = tempDir();
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const status = main(['synth', '-p', 'cortex-core', '-e', 'prod', '--format', 'plain', '--set', 'api.image.tag=9.9.9', '--out', out]);
    log.mockRestore();
    expect(status).toBe(0);
    const api = loadObjects(out, 'cortex-core', 'prod').find((o) => o.kind === 'Deployment' && o.metadata.name === 'cortex-core-api') as any;
    expect(api.spec.template.spec.containers[0].image).toBe('registry.example.com/cortex-core-api:9.9.9');
  });
});

/** The `image` maps (and `global.imageRegistry`) of a values tree, alone, at their paths. */
function defaultImages(values: any): any {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return undefined;
  const out: any = {};
  for (const [k, v] of Object.entries(values)) {
    if ((k === 'image' && v && typeof v === 'object') || k === 'imageRegistry' || k === 'imageName') out[k] = v;
    else {
      const inner = defaultImages(v);
      if (inner && Object.keys(inner).length) out[k] = inner;
    }
  }
  return out;
}

describe('Chart.yaml metadata (config/chart.yaml) and Artifact Hub annotations', () => {
  /** Chart.yaml as the packaged .tgz holds it, read with tar, as Artifact Hub and `helm show chart` read it. */
  const packagedChartYaml = (out: string, platform: string) => {
    const r = spawnSync('tar', ['-xzOf', archive(out, platform), `${platform}/Chart.yaml`], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    return parse(r.stdout);
  };

  test.each(platforms.map((p) => p.name))('%s: home, sources, maintainers, icon, keywords, license; every image the chart renders is listed', (platform) => {
    const out = freshSynth();
    const chart = packagedChartYaml(out, platform);
    const info = parse(readFileSync(join(CONFIG_DIR, 'chart.yaml'), 'utf8'));
    expect(chart).toMatchObject({ home: info.home, sources: info.sources, icon: info.icon, maintainers: info.maintainers });
    expect(chart.keywords).toEqual(expect.arrayContaining([...info.keywords, platform]));
    expect(chart.annotations['artifacthub.io/license']).toBe('Apache-2.0');
    const listed: Array<{ name: string; image: string }> = parse(chart.annotations['artifacthub.io/images']);
    const images = listed.map((i) => i.image);
    expect(new Set(images).size).toBe(images.length);
    // The list is of the chart's default images, and an env file pins its own: render each env with the default images.
    const images_ = defaultImages(parse(readFileSync(join(chartDir(out, platform), 'values.yaml'), 'utf8')));
    const file = join(tempDir(), 'default-images.json');
    writeFileSync(file, JSON.stringify(images_));
    const rendered = new Set<string>();
    const envs = allTargets().filter((t) => t.platform === platform).map((t) => t.env);
    const objects = envs.flatMap((env) => helmTemplate(platform, chartDir(out, platform), [...envArgs(platform, env), '-f', file]));
    for (const o of objects as any[]) {
      const pod = o.spec?.jobTemplate?.spec?.template?.spec ?? o.spec?.template?.spec ?? (o.kind === 'Pod' ? o.spec : undefined);
      for (const c of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])]) rendered.add(c.image);
      if (o.kind === 'Cluster') rendered.add(o.spec.imageName);
    }
    expect(rendered.size).toBeGreaterThan(1);
    expect([...rendered].filter((i) => !images.includes(i))).toEqual([]);
  });

  test('a bad config/chart.yaml is refused naming the file and the field', () => {
    const config = tempDir();
    mkdirSync(join(config, 'cortex-core'));
    writeFileSync(join(config, 'cortex-core', 'prod.yaml'), '{}\n');
    writeFileSync(join(config, 'chart.yaml'), 'home: http://insecure.example.com\nlicense: Apache-2.0\n');
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    const status = main(['synth', '--config', config, '--out', tempDir(), '-p', 'cortex-core', '--format', 'helm']);
    spy.mockRestore();
    expect(status).toBe(1);
    expect(errors.join('\n')).toMatch(/chart\.yaml:1 at home: expected .*https:\/\//);
  });
});

describe('helm test hooks (templates/tests/)', () => {
  test.each(platforms.map((p) => p.name))('%s: a test Job reaches every Service on its health endpoint, and the NetworkPolicies let it', (platform) => {
    const out = freshSynth();
    expect(readdirSync(join(chartDir(out, platform), 'templates', 'tests')).sort()).toEqual([
      `job-${platform}-helm-test.yaml`, `networkpolicy-${platform}-helm-test-egress.yaml`, `networkpolicy-${platform}-helm-test-ingress.yaml`,
    ]);
    const objects = helmTemplate(platform, chartDir(out, platform), envArgs(platform, 'prod'), { tests: true }) as any[];
    const hooks = objects.filter((o) => o.metadata.annotations?.['helm.sh/hook'] === 'test');
    expect(hooks.map((o) => o.kind).sort()).toEqual(['Job', 'NetworkPolicy', 'NetworkPolicy']);
    const job = hooks.find((o) => o.kind === 'Job');
    const targets: string[] = job.spec.template.spec.containers[0].args;
    const { cluster, pods } = clusterFrom(objects);
    const tester = pods.find((p) => p.id === 'helm-test')!;
    const services = objects.filter((o) => o.kind === 'Service' && o.metadata.namespace === job.metadata.namespace);
    expect(services.length).toBeGreaterThan(0);
    for (const svc of services) {
      const port = svc.spec.ports[0].port;
      const workload = objects.find((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o.metadata.name === svc.metadata.name);
      const httpGet = workload.spec.template.spec.containers[0].readinessProbe.httpGet;
      const expected = httpGet ? `http://${svc.metadata.name}:${port}${httpGet.path}` : `tcp://${svc.metadata.name}:${port}`;
      expect(targets).toContain(expected);
      const server = pods.find((p) => p.id === svc.spec.selector['app.kubernetes.io/component'] && p.namespace === svc.metadata.namespace)!;
      expect({ service: svc.metadata.name, reachable: cluster.allows(tester, server, port) }).toEqual({ service: svc.metadata.name, reachable: true });
    }
    expect(targets).toHaveLength(services.length);
    // The test's openings are its own: without its two policies the platform's default deny stops it.
    const { cluster: platformOnly } = clusterFrom(objects.filter((o) => !(o.kind === 'NetworkPolicy' && o.metadata.annotations?.['helm.sh/hook'])));
    const first = pods.find((p) => p.id === services[0].spec.selector['app.kubernetes.io/component'])!;
    expect(platformOnly.allows(tester, first, services[0].spec.ports[0].port)).toBe(false);
  });

  test('a Service under a toggle is tested only when it exists', () => {
    const out = freshSynth();
    const targets = (sets: string[]) => (helmTemplate('cognition', chartDir(out, 'cognition'), ['-f', envFile('cognition', 'prod'), ...sets.flatMap((s) => ['--set', s])], { tests: true }) as any[])
      .find((o) => o.kind === 'Job' && o.metadata.name.endsWith('-helm-test')).spec.template.spec.containers[0].args as string[];
    const services = (sets: string[]) => helmTemplate('cognition', chartDir(out, 'cognition'), ['-f', envFile('cognition', 'prod'), ...sets.flatMap((s) => ['--set', s])]).filter((o) => o.kind === 'Service').length;
    const on = ['mlflow.enabled=true', 'mlflow.inCluster=true'];
    expect(targets(on).length).toBe(services(on));
    expect(targets(['mlflow.enabled=false']).length).toBe(services(['mlflow.enabled=false']));
    expect(targets(on).some((t) => t.includes('mlflow'))).toBe(true);
    expect(targets(['mlflow.enabled=false']).some((t) => t.includes('mlflow'))).toBe(false);
  });
});

describe('networkPolicy: the switch and extra rules', () => {
  const render = (platform: string, values: object) => {
    const file = join(tempDir(), 'network-policy.json');
    writeFileSync(file, JSON.stringify(values));
    const def = platforms.find((p) => p.name === platform)!;
    const fromHelm = helmTemplate(platform, chartDir(freshSynth(), platform), [...envArgs(platform, 'prod'), '-f', file]);
    const plain = renderPlatform(def, 'prod', loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: file, values: values as any }]));
    expectSameObjects(fromHelm, plain);
    return plain as any[];
  };

  test('off: no NetworkPolicy in the platform namespace, every workload says so; the sandbox fence stays', () => {
    const objects = render('cognition', { networkPolicy: { enabled: false } });
    const ns = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'cognition-api').metadata.namespace;
    expect(objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === ns)).toEqual([]);
    expect(objects.filter((o) => o.kind === 'NetworkPolicy').length).toBeGreaterThan(0);
    for (const w of objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')) {
      expect({ w: w.metadata.name, a: w.metadata.annotations?.['kubesynth.io/network-policy'] }).toEqual({ w: w.metadata.name, a: 'disabled' });
    }
  });

  test('extra rules open exactly what they name, to and from every pod of the platform', () => {
    const objects = render('somabrain', {
      networkPolicy: {
        extraIngress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'observability' } } }], ports: [{ port: 9696 }] }],
        extraEgress: [{ to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
      },
    });
    const namespaces = [{ kind: 'Namespace', metadata: { name: 'o11y', labels: { team: 'observability' } } }, { kind: 'Namespace', metadata: { name: 'other' } }];
    const { cluster, pods } = clusterFrom([...objects, ...namespaces]);
    const api = pods.find((p) => p.id === 'api')!;
    const from = (ns: string) => ({ id: 'x', namespace: ns, labels: {}, ports: [] });
    expect(cluster.allows(from('other'), api, 9696)).toBe(false);
    expect(cluster.allows(from('o11y'), api, 9696)).toBe(true);
    expect(cluster.allows(from('o11y'), api, 9090)).toBe(false);
    const db = { id: 'db', namespace: 'elsewhere', labels: {}, ports: [], ip: '10.20.3.4' };
    expect(cluster.allows(api, db, 5432)).toBe(true);
    expect(cluster.allows(api, db, 5433)).toBe(false);
    expect(cluster.allows(api, { ...db, ip: '10.21.0.1' }, 5432)).toBe(false);
  });

  test.each([
    ['a rule that names no peers (it would open the direction to everything)', { extraEgress: [{ ports: [{ port: 443 }] }] }, /networkPolicy\.extraEgress\.0|networkPolicy\/extraEgress\/0/],
    ['a peer of an unknown shape', { extraIngress: [{ from: [{ podSelektor: {} }] }] }, /networkPolicy\.extraIngress\.0\.from\.0|networkPolicy\/extraIngress\/0\/from\/0/],
    ['a port out of range', { extraEgress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 70000 }] }] }, /ports/],
  ])('%s is refused by helm and by kubesynth synth', (_what, networkPolicy, where) => {
    const file = join(tempDir(), 'bad-network-policy.json');
    writeFileSync(file, JSON.stringify({ networkPolicy }));
    const r = helm(['template', 'somabrain', chartDir(freshSynth(), 'somabrain'), '-f', envFile('somabrain', 'prod'), '-f', file]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/values don't meet the specifications of the schema/);
    expect(r.stderr).toMatch(where);
    expect(() => loadPlatformValues(platforms.find((p) => p.name === 'somabrain')!, CONFIG_DIR, 'prod', [{ name: file, values: { networkPolicy } as any }])).toThrow(/networkPolicy\.extra/);
  });
});

describe('podSecurityContext / containerSecurityContext only tighten', () => {
  test.each([
    ['api.containerSecurityContext.privileged=true', /containerSecurityContext\.privileged|containerSecurityContext\/privileged/],
    ['api.containerSecurityContext.allowPrivilegeEscalation=true', /allowPrivilegeEscalation/],
    ['api.containerSecurityContext.readOnlyRootFilesystem=false', /readOnlyRootFilesystem/],
    ['api.containerSecurityContext.runAsNonRoot=false', /containerSecurityContext\.runAsNonRoot|containerSecurityContext\/runAsNonRoot/],
    ['api.podSecurityContext.runAsNonRoot=false', /podSecurityContext\.runAsNonRoot|podSecurityContext\/runAsNonRoot/],
    ['api.podSecurityContext.runAsUser=0', /podSecurityContext\.runAsUser|podSecurityContext\/runAsUser/],
    ['api.podSecurityContext.seccompProfile.type=Unconfined', /seccompProfile/],
    ['api.containerSecurityContext.capabilities.add={SYS_ADMIN}', /capabilities\.add|capabilities\/add/],
    ['api.containerSecurityContext.capabilities.drop={NET_RAW}', /capabilities\.drop|capabilities\/drop/],
    ['api.containerSecurityContext.procMount=Unmasked', /containerSecurityContext/],
  ])('%s is refused by helm and by kubesynth synth', (set, where) => {
    const r = helm(['template', 'cortex-core', chartDir(freshSynth(), 'cortex-core'), '-f', envFile('cortex-core', 'prod'), '--set', set]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/values don't meet the specifications of the schema/);
    expect(r.stderr).toMatch(where);
    expect(() => loadPlatformValues(cortexCore, CONFIG_DIR, 'prod', [{ name: '--set', values: parseSetArgs([set]) }])).toThrow(where);
  });

  test('an override reaches the pod as the plain synth writes it, the restricted fields kept', () => {
    const sets = ['api.podSecurityContext.runAsUser=2000', 'api.containerSecurityContext.capabilities.add={NET_BIND_SERVICE}'];
    const objects = helmTemplate('cortex-core', chartDir(freshSynth(), 'cortex-core'), ['-f', envFile('cortex-core', 'prod'), ...sets.flatMap((x) => ['--set', x])]) as any[];
    const pod = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'cortex-core-api').spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 2000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, privileged: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } });
  });
});

describe('podLabels, imagePullSecrets and priorityClassName (issue 12, conventions)', () => {
  const render = (sets: readonly string[]) => helmTemplate('cortex-core', chartDir(freshSynth(), 'cortex-core'), ['-f', envFile('cortex-core', 'prod'), ...sets.flatMap((x) => ['--set', x])]) as any[];
  const podOf = (objects: any[], name: string) => objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name).spec.template;

  test('global pull secrets reach every component, a component\'s own come after them, each name once', () => {
    const objects = render(['global.imagePullSecrets={regcred,mirror-cred}', 'api.imagePullSecrets={mirror-cred,api-cred}']);
    expect(podOf(objects, 'cortex-core-api').spec.imagePullSecrets).toEqual([{ name: 'regcred' }, { name: 'mirror-cred' }, { name: 'api-cred' }]);
    expect(podOf(objects, 'cortex-core-memory-service').spec.imagePullSecrets).toEqual([{ name: 'regcred' }, { name: 'mirror-cred' }]);
    // None set: no field at all (not an empty list).
    expect('imagePullSecrets' in podOf(render([]), 'cortex-core-api').spec).toBe(false);
  });

  test('a component\'s priorityClassName wins over the global one; none set, no field', () => {
    const objects = render(['global.priorityClassName=platform-default', 'api.priorityClassName=platform-critical']);
    expect(podOf(objects, 'cortex-core-api').spec.priorityClassName).toBe('platform-critical');
    expect(podOf(objects, 'cortex-core-memory-service').spec.priorityClassName).toBe('platform-default');
    expect('priorityClassName' in podOf(render([]), 'cortex-core-api').spec).toBe(false);
  });

  test('podLabels reach the pods only, beside the standard labels; the selector stays', () => {
    const objects = render(['api.podLabels.team=core']);
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'cortex-core-api');
    expect(deployment.spec.template.metadata.labels).toMatchObject({ team: 'core', 'app.kubernetes.io/component': 'api' });
    expect(deployment.metadata.labels.team).toBeUndefined();
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'cortex-core', 'app.kubernetes.io/instance': 'cortex-core', 'app.kubernetes.io/component': 'api' });
  });

  test.each([
    ['api.podLabels.team=a b', /podLabels/],
    ['api.imagePullSecrets={Not_A_Name}', /imagePullSecrets/],
    ['global.imagePullSecrets[0].password=x', /imagePullSecrets/],
    ['api.priorityClassName=High Priority', /priorityClassName/],
  ])('%s is refused by helm and by kubesynth synth', (set, where) => {
    const r = helm(['template', 'cortex-core', chartDir(freshSynth(), 'cortex-core'), '-f', envFile('cortex-core', 'prod'), '--set', set]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(where);
    expect(() => loadPlatformValues(cortexCore, CONFIG_DIR, 'prod', [{ name: '--set', values: parseSetArgs([set]) }])).toThrow(where);
  });
});

describe('commonLabels and commonAnnotations (issue 12, conventions)', () => {
  const sets = ['commonLabels.team=core', 'commonAnnotations.example\\.com/owner=team-core', 'commonAnnotations.helm\\.sh/hook=pre-delete', 'namespaces.create=true'];
  test.each(platforms.map((p) => p.name))('%s: every object carries them, in chart and plain alike; a hook keeps its own hook annotation', (platform) => {
    const def = platforms.find((p) => p.name === platform)!;
    const objects = helmTemplate(platform, chartDir(freshSynth(), platform), [...envArgs(platform, 'prod'), ...sets.flatMap((x) => ['--set', x])]) as any[];
    const plain = renderPlatform(def, 'prod', loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: '--set', values: parseSetArgs(sets) }])) as any[];
    expectSameObjects(objects, plain, { namespacesCreated: true });
    for (const o of plain) {
      expect({ id: `${o.kind}/${o.metadata.name}`, team: o.metadata.labels?.team, owner: o.metadata.annotations?.['example.com/owner'] }).toEqual({ id: `${o.kind}/${o.metadata.name}`, team: 'core', owner: 'team-core' });
    }
    // Only objects with no hook of their own take the common one (a hook annotation of its own is never replaced).
    for (const o of plain.filter((x) => x.kind === 'Job')) expect(o.metadata.annotations['helm.sh/hook']).not.toBe('pre-delete');
  });

  test.each([
    ['commonLabels.team=a b', /commonLabels/],
    ['commonAnnotations.not a key=x', /commonAnnotations/],
  ])('%s is refused by helm and by kubesynth synth', (set, where) => {
    const r = helm(['template', 'cortex-core', chartDir(freshSynth(), 'cortex-core'), '-f', envFile('cortex-core', 'prod'), '--set', set]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(where);
    expect(() => loadPlatformValues(cortexCore, CONFIG_DIR, 'prod', [{ name: '--set', values: parseSetArgs([set]) }])).toThrow(where);
  });
});

describe('image.digest (issue 12, conventions)', () => {
  const DIGEST = 'sha256:a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4a1b2c3d4';
  test('a digest replaces the tag in chart and plain, honours global.imageRegistry, and keeps the tag as the version label', () => {
    const sets = [`api.image.digest=${DIGEST}`, 'global.imageRegistry=mirror.example.com'];
    const objects = helmTemplate('cortex-core', chartDir(freshSynth(), 'cortex-core'), ['-f', envFile('cortex-core', 'prod'), ...sets.flatMap((x) => ['--set', x])]) as any[];
    const api = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'cortex-core-api');
    expect(api.spec.template.spec.containers[0].image).toBe(`mirror.example.com/cortex-core-api@${DIGEST}`);
    expect(api.metadata.labels['app.kubernetes.io/version']).toBe('1.0.0');
    // Other components keep their tags.
    expect(objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'cortex-core-memory-service').spec.template.spec.containers[0].image).toMatch(/:1\.0\.0$/);
  });

  test.each([
    ['sha256:abc'],
    ['sha512:' + 'a'.repeat(64)],
    ['sha256:' + 'A'.repeat(64)],
  ])('digest %s is refused by helm and by kubesynth synth', (digest) => {
    const set = `api.image.digest=${digest}`;
    const r = helm(['template', 'cortex-core', chartDir(freshSynth(), 'cortex-core'), '-f', envFile('cortex-core', 'prod'), '--set', set]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/api\/image\/digest|api\.image\.digest/);
    expect(() => loadPlatformValues(cortexCore, CONFIG_DIR, 'prod', [{ name: '--set', values: parseSetArgs([set]) }])).toThrow(/api\.image\.digest/);
  });

  test('a digest does not lift the latest-tag rule: the tag is still the version label', () => {
    expect(() => loadPlatformValues(cortexCore, CONFIG_DIR, 'prod', [{ name: '--set', values: parseSetArgs([`api.image.digest=${DIGEST}`, 'api.image.tag=latest']) }])).toThrow(/api\.image\.tag/);
  });

  test('artifacthub.io/images lists a default pinned by digest as the chart pulls it', () => {
    const images = imagesOf({ api: { image: { registry: 'r.example.com', repository: 'app', tag: '1.0.0', digest: DIGEST } }, db: { image: { registry: 'r.example.com', repository: 'db', tag: '2', digest: '' } } }, [], new HelmTemplating());
    expect(images).toEqual([{ name: 'api', image: `r.example.com/app@${DIGEST}` }, { name: 'db', image: 'r.example.com/db:2' }]);
  });
});
