/**
 * Issue 12, items 2, 4 and 8, checked with the real Helm 3.22 (.cache/bin/helm, the control-plane
 * suite's helm) on the committed charts under dist/helm (test/synth.test.ts keeps them current):
 * - every image of every rendered object honours `global.imageRegistry` (air-gapped installs);
 * - the chart refuses every value the CLI refuses, saying the same thing;
 * - each refusal names the rule in words a person understands.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { platforms } from '../charts';
import { ConfigError } from '../lib/config/config-error';
import { loadPlatformValues } from '../lib/platform/platform-values';
import { parseSetArgs } from '../lib/config/set-values';
import { renderPlatform } from '../lib/render/render';
import type { KubeObject } from '../lib/render/render';
import { haveCurrentHelm, helm, HELM_CURRENT } from './support/helm';
import { expectSameObjects, valuesFileArgs } from './support/helm-round-trip';
import { CONFIG_DIR, ROOT } from './support/synthesized';

const describeWithHelm = haveCurrentHelm ? describe : describe.skip;
const helm322 = (args: readonly string[]) => helm(args, { binary: HELM_CURRENT });

const chartOf = (platform: string) => join(ROOT, 'dist', 'helm', platform);
const prodOf = (platform: string) => join(CONFIG_DIR, platform, 'prod.yaml');

/**
 * The prod file with its `!file` values as --set-file, in the plain YAML's namespace (each
 * platform's is named after it), which the chart's release namespace stands for.
 */
const releaseArgs = (platform: string) => ['-n', platform, ...valuesFileArgs(prodOf(platform))];

function render(platform: string, args: readonly string[]): KubeObject[] {
  const r = helm322(['template', platform, chartOf(platform), ...releaseArgs(platform), ...args]);
  if (r.status !== 0) throw new Error(`helm template failed: ${r.stderr}`);
  return parseAllDocuments(r.stdout).map((d) => d.toJS()).filter((o) => o) as KubeObject[];
}

/** Every image an object names: containers and init containers of any pod template, and CNPG's imageName. */
function imagesOf(o: KubeObject): Array<{ where: string; image: string }> {
  const found: Array<{ where: string; image: string }> = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}[${i}]`));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'image' || k === 'imageName') && typeof v === 'string') found.push({ where: `${o.kind}/${o.metadata.name} ${path}.${k}`, image: v });
        else walk(v, `${path}.${k}`);
      }
    }
  };
  walk((o as { spec?: unknown }).spec, 'spec');
  return found;
}

describeWithHelm('global.imageRegistry reaches every image (issue 12, item 4)', () => {
  const MIRROR = 'mirror.example.com:5000';
  test.each(platforms.map((p) => p.name))('%s: every image of every object comes from the mirror, in chart and plain alike', (platform) => {
    const sets = [`global.imageRegistry=${MIRROR}`];
    // The helm test hooks (templates/tests/) are images too; the plain synth has no such hooks.
    const images = render(platform, sets.flatMap((s) => ['--set', s])).flatMap(imagesOf);
    const objects = render(platform, [...sets.flatMap((s) => ['--set', s]), '--skip-tests']);
    // The check can fail: the platforms run images (and somabrain, cortex-core, cognition, meta-cognition a CNPG database).
    expect(images.length).toBeGreaterThan(1);
    expect(images.filter((i) => !i.image.startsWith(`${MIRROR}/`))).toEqual([]);
    const def = platforms.find((p) => p.name === platform)!;
    const values = loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: '--set', values: parseSetArgs(sets) }]);
    expectSameObjects(objects, renderPlatform(def, 'prod', values));
  });
});

/** The CLI's refusal of these values: "at <path>: expected ..., found ..." of its first issue (file and line left out). */
function cliRefusal(platform: string, configDir: string, sets: readonly string[] = []): string {
  const def = platforms.find((p) => p.name === platform)!;
  try {
    loadPlatformValues(def, configDir, 'prod', sets.length ? [{ name: '--set', values: parseSetArgs(sets) }] : []);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const i = e.issues[0];
    return `at ${i.path}: expected ${i.expected}${i.found !== undefined ? `, found ${i.found}` : ''}`;
  }
  throw new Error(`the CLI accepts ${platform} ${sets.join(' ')}`);
}

/** Helm's refusal: status and stderr of `helm template` with these values. */
function helmRefusal(platform: string, args: readonly string[]): { status: number; stderr: string } {
  const r = helm322(['template', platform, chartOf(platform), '-n', platform, ...args]);
  return { status: r.status, stderr: r.stderr };
}

describeWithHelm('the chart refuses what the CLI refuses, with the same message (issue 12, items 2 and 8)', () => {
  // The issue's examples, and one value per kind of rule of every platform.
  test.each([
    ['somabrain', ['redis.replicas=3']],
    ['somabrain', ['redis.autoscaling.enabled=true']],
    ['somabrain', ['api.autoscaling.minReplicas=30']],
    ['somabrain', ['api.resources.requests.cpu=3']],
    ['somabrain', ['api.resources.requests.memory=64Gi']],
    ['somabrain', ['monitoring.scrapeTimeout=10s']],
    ['somabrain', ['monitoring.scrapeTimeout=1m', 'monitoring.interval=30s']],
    ['somabrain', ['api.image.tag=latest']],
    ['somabrain', ['databaseBackup.destinationPath=']],
    ['somabrain', ['api.podLabels.app\\.kubernetes\\.io/component=web', 'api.podLabels.app\\.kubernetes\\.io/instance=x']],
    ['cortex-core', ['commonLabels.app\\.kubernetes\\.io/name=other', 'commonLabels.helm\\.sh/chart=x']],
    ['meta-cognition', ['chromadb.replicas=2']],
    ['meta-cognition', ['redis.autoscaling.enabled=true']],
    ['cortex-core', ['redis.resources.requests.memory=1.5Gi', 'redis.resources.limits.memory=1536Mi', 'api.resources.requests.cpu=2500m']],
    ['cortex-core', ['api.autoscaling.targetCPUUtilizationPercentage=null', 'api.autoscaling.targetMemoryUtilizationPercentage=null']],
    ['cognition', ['sandbox.requests.cpuMillicores=5000']],
    ['cognition', ['mlflow.replicas=2']],
    ['cognition', ['sandbox.namespace=cognition']],
    ['cognition', ['mlflow.external.egress.except[0]=192.168.0.0/16', 'mlflow.external.egress.cidr=10.0.0.0/8']],
    ['cognition', ['otelCollector.exporter.egress.cidr=10.0.0.0/33']],
    ['cognivern', ['settings.nodeOptions=--max-old-space-size=4096']],
    ['cognivern', ['forecastingAgent.autoscaling.minReplicas=3', 'forecastingAgent.autoscaling.maxReplicas=2', 'forecastingAgent.autoscaling.enabled=false', 'backend.resources.requests.cpu=1e4']],
  ])('%s --set %j', (platform, sets) => {
    const expected = cliRefusal(platform, CONFIG_DIR, sets);
    const r = helmRefusal(platform, [...valuesFileArgs(prodOf(platform)), ...sets.flatMap((s) => ['--set', s])]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`values ${expected}`);
  });

  // Helm applies --set-file after --set, so the prod file goes in as -f (its !file path then stands
  // for the policy until --set replaces it) rather than through valuesFileArgs.
  test.each([['allow everything'], ['  ']])('somabrain: OPA policy %j (no package line, or nothing)', (rego) => {
    const expected = cliRefusal('somabrain', CONFIG_DIR, [`opa.policy.rego=${rego}`]);
    expect(expected).toMatch(/^at opa\.policy\.rego: expected /);
    const r = helmRefusal('somabrain', ['-f', prodOf('somabrain'), '--set', `opa.policy.rego=${rego}`]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`values ${expected}`);
  });

  // A list is replaced whole by --set, so the duplicate topic comes as JSON (helm --set-json, the CLI a source of the same values).
  test('somabrain: a Kafka topic listed twice', () => {
    const topics = [{ name: 'somabrain.events', partitions: 3, replicationFactor: 3 }, { name: 'somabrain.events', partitions: 1, replicationFactor: 3 }];
    let expected = '';
    try {
      loadPlatformValues(platforms.find((p) => p.name === 'somabrain')!, CONFIG_DIR, 'prod', [{ name: '--set', values: { kafka: { topics } } as any }]);
    } catch (e) {
      const i = (e as ConfigError).issues[0];
      expected = `at ${i.path}: expected ${i.expected}, found ${i.found}`;
    }
    expect(expected).toBe('at kafka.topics[1].name: expected a topic name not listed before, found somabrain.events');
    const r = helmRefusal('somabrain', [...valuesFileArgs(prodOf('somabrain')), '--set-json', `kafka.topics=${JSON.stringify(topics)}`]);
    expect(r.stderr).toContain(`values ${expected}`);
  });

  test('values the rules allow still render (the rules refuse only what the CLI refuses)', () => {
    for (const [platform, sets] of [
      ['somabrain', ['api.resources.requests.cpu=2', 'monitoring.scrapeTimeout=5s', 'api.autoscaling.minReplicas=20']],
      ['cortex-core', ['redis.resources.requests.memory=1536Mi', 'redis.resources.limits.memory=1.5Gi']],
      ['cognition', ['mlflow.external.egress.cidr=10.0.0.0/8', 'mlflow.external.egress.except[0]=10.1.0.0/16']],
    ] as const) {
      const r = helmRefusal(platform, [...valuesFileArgs(prodOf(platform)), ...sets.flatMap((s) => ['--set', s])]);
      expect({ platform, sets, stderr: r.stderr, status: r.status }).toEqual({ platform, sets, stderr: '', status: 0 });
    }
  });

  // The CLI's whole bad-value corpus (test/config-errors.test.ts), each case's prod.yaml given to helm with -f.
  const CORPUS = join(__dirname, 'fixtures', 'bad-config');
  /**
   * Mistakes in the file itself that only the CLI sees: Helm reads -f files before any template
   * or schema runs, keeps the last of duplicate keys, and has no notion of a credential literal
   * (the CLI's guard against secrets committed to config; charts take Secrets by reference).
   */
  const CLI_ONLY = new Set(['credential-dsn', 'credential-key', 'duplicate-key']);
  /** Rules the chart's templates check: the message is the CLI's, word for word. */
  const SAME_TEXT = new Set(['backup-without-destination', 'latest-tag', 'min-above-max', 'requests-above-limits']);
  const cases = readdirSync(CORPUS).sort().filter((c) => !CLI_ONLY.has(c));

  test.each(cases)('bad config %s: refused by helm, naming the value and the rule', (name) => {
    const { path } = JSON.parse(readFileSync(join(CORPUS, name, 'expected.json'), 'utf8')) as { path: string };
    const r = helmRefusal('cortex-core', ['-f', join(CORPUS, name, 'cortex-core', 'prod.yaml')]);
    expect(r.status).not.toBe(0);
    // Never a keyword's name for a message: "'not' failed", "Must not validate the schema (not)".
    expect(r.stderr).not.toMatch(/'not' failed|\(not\)|false schema/);
    if (SAME_TEXT.has(name)) {
      expect(r.stderr).toContain(`values ${cliRefusal('cortex-core', join(CORPUS, name))}`);
    } else if (path === '') {
      expect(r.stderr).toContain('failed to parse');
    } else {
      // Helm's schema errors name the value as a JSON pointer (an unknown key: its parent's).
      const pointer = `/${path.replace(/\[(\d+)\]/g, '.$1').split('.').join('/')}`;
      const parent = pointer.slice(0, pointer.lastIndexOf('/'));
      expect(r.stderr).toMatch(new RegExp(`at '(${escape(pointer)}|${escape(parent)})'`));
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
