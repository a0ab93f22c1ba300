/**
 * Issue 16, "bind by reading": a platform reaches its values only by reading them (the observing
 * proxy of lib/templating/values-binding gives each read its path), so
 * - no platform (charts/, and the platform `kubesynth init` writes) names a values path in a
 *   string, where a typo silently hard-codes a knob in the chart;
 * - every value a platform reads while building is bound in its chart: the chart's templates
 *   render it (or the subtree holding it) from `.Values`, so the chart and the plain synth
 *   cannot disagree on a knob the platform looked at. The every-knob test checks the same by
 *   rendering each knob; this one follows from what the platform read, for every read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { platforms } from '../charts';
import { renderHelmChart } from '../lib/helm/helm-chart';
import { valuesExpression } from '../lib/templating/helm-templating';
import { observeValues, pathOf, recordValueReads, subtreePath, ValuesRead } from '../lib/templating/values-binding';
import type { PlatformDefinition } from '../lib/platform/platform-definition';
import { SettingsConfigMap } from '../lib/platform/settings-config-map';
import { platformScaffold } from '../lib/project/platform-scaffold';
import { demo, DemoValues } from './support/demo-platform';

type Path = readonly (string | number)[];

/** Dotted paths of every subtree and leaf below the root, e.g. `sandbox`, `sandbox.limits.memoryMiB`. */
function valuesPaths(value: unknown, path: Path = []): string[] {
  const here = path.length ? [path.join('.')] : [];
  if (value === null || typeof value !== 'object') return here;
  return [...here, ...Object.entries(value).flatMap(([k, v]) => valuesPaths(v, [...path, k]))];
}

/** Calls whose first argument is a toggle: given a string, it would be a values path. */
const TOGGLE_CALLS = new Set(['when', 'whenAt', 'unless', 'chooseString']);

/**
 * Where a TypeScript source names a values path in a string: a string given to a prop named
 * `...valuesPath(s)` or as a toggle, a values key given to a call next to the values `v` (as
 * `componentProps(chart, v, 'api')` was), or any string that is a dotted path of the values.
 */
function valuesPathStrings(file: string, text: string, paths: ReadonlySet<string>): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node, why: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    found.push(`${file}:${line + 1}: ${node.getText()} (${why})`);
  };
  const isString = (node: ts.Node) => ts.isStringLiteralLike(node) || ts.isTemplateExpression(node);
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && /[vV]aluesPaths?$/.test(node.name.getText())) {
      const strings = ts.isObjectLiteralExpression(node.initializer)
        ? node.initializer.properties.filter(ts.isPropertyAssignment).map((p) => p.initializer)
        : [node.initializer];
      for (const s of strings) if (isString(s)) at(s, `a string as ${node.name.getText()}`);
    }
    if (ts.isCallExpression(node) && node.arguments.length) {
      const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : node.expression.getText();
      const first = TOGGLE_CALLS.has(callee) ? node.arguments.find((a) => !/^chart$/.test(a.getText())) : undefined;
      if (first && isString(first)) at(first, `a string as ${callee}'s toggle`);
      // After the values: before them, a string is the caller's own (a component's name may equal a key).
      const values = node.arguments.findIndex((a) => a.getText() === 'v');
      for (const a of values < 0 ? [] : node.arguments.slice(values + 1)) {
        if (ts.isStringLiteralLike(a) && paths.has(a.text)) at(a, `a values key given to ${callee} with the values`);
      }
    }
    // A value rule's `boundLabel` is the words of its message ("at most monitoring.interval"), not a binding.
    if (ts.isStringLiteralLike(node) && node.text.includes('.') && paths.has(node.text)) {
      const words = ts.isPropertyAssignment(node.parent) && node.parent.name.getText() === 'boundLabel';
      if (!words) at(node, 'a values path');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no values path is written as a string', () => {
  test.each(platforms.map((p) => [p.name, p] as const))('charts/%s.ts', (name, def) => {
    const file = `charts/${name}.ts`;
    expect(valuesPathStrings(file, readFileSync(join(__dirname, '..', file), 'utf8'), new Set(valuesPaths(def.defaults)))).toEqual([]);
  });

  test('the platform kubesynth init writes', () => {
    const files = platformScaffold('shop', 'kubesynth');
    const chart = files.get('charts/shop.ts')!;
    expect(chart).toContain('pathOf(() => v.');
    expect(valuesPathStrings('charts/shop.ts', chart, new Set(['api', 'worker', 'database', 'settings']))).toEqual([]);
  });

  test('the scan sees each way of writing one', () => {
    const text = [
      "chart.when('tracing.enabled', v.tracing.enabled, () => {});",
      "unless(chart, 'mlflow.inCluster', v.mlflow.inCluster, () => {});",
      "new X(chart, 'X', { valuesPath: 'ingress', imageValuesPath: `api.image`, settingValuesPaths: { a: 'tracing.endpoint' } });",
      "egressRuleFrom('kafka', v.kafka.egress, 'kafka.egress');",
      "componentProps(chart, v, 'api');",
      "chart.when(() => v.tracing.enabled, () => {});",
    ].join('\n');
    expect(valuesPathStrings('x.ts', text, new Set(['api', 'kafka.egress', 'tracing.enabled']))).toEqual([
      "x.ts:1: 'tracing.enabled' (a string as when's toggle)",
      "x.ts:1: 'tracing.enabled' (a values path)",
      "x.ts:2: 'mlflow.inCluster' (a string as unless's toggle)",
      "x.ts:3: 'ingress' (a string as valuesPath)",
      'x.ts:3: `api.image` (a string as imageValuesPath)',
      "x.ts:3: 'tracing.endpoint' (a string as settingValuesPaths)",
      "x.ts:4: 'kafka.egress' (a values path)",
      "x.ts:5: 'api' (a values key given to componentProps with the values)",
    ]);
  });
});

/** The chart's templates and files, without the value rules (they check values, they do not render them). */
function chartText(def: PlatformDefinition): string {
  return [...renderHelmChart(def, { version: '0.1.0', environments: [] })]
    .filter(([path]) => (path.startsWith('templates/') || path.startsWith('files/')) && !path.includes('value-rules'))
    .map(([, content]) => content)
    .join('\n');
}

/**
 * The reads that no template renders from `.Values`: neither the value itself nor a subtree
 * holding it is looked up there as a whole (a `.Values.a.b` followed by more keys binds only those).
 */
function unboundReads(def: PlatformDefinition): string[] {
  const { result: text, reads } = recordValueReads(() => chartText(def));
  const bound = (path: Path) => path.some((_, i) => {
    const expression = valuesExpression(path.slice(0, i + 1)).replace(/^\$/, '');
    return new RegExp(`${expression.replace(/[.()$"]/g, '\\$&')}(?![\\w.])`).test(text);
  });
  return [...new Set(reads.filter((r: ValuesRead) => !bound(r.path)).map((r) => r.path.join('.')))];
}

describe('every value a platform reads is bound in its chart', () => {
  test.each(platforms.map((p) => [p.name, p] as const))('%s', (_name, def) => {
    const { reads } = recordValueReads(() => chartText(def));
    expect(reads.length).toBeGreaterThan(50);
    expect(unboundReads(def)).toEqual([]);
  });

  test('a read that reaches the chart only as a TypeScript decision is found', () => {
    // The demo platform with its cache toggle decided in TypeScript instead of by chart.when.
    const unbound: PlatformDefinition<DemoValues> = {
      ...demo,
      build: (chart, v) => {
        if (v.cache.enabled) new SettingsConfigMap(chart, 'Cache', { component: 'cache', settings: { cache: 'on' } });
      },
    };
    expect(unboundReads({ ...unbound, defaults: { ...demo.defaults, cache: { enabled: true } } })).toEqual(['cache.enabled']);
    expect(unboundReads(demo)).toEqual([]);
  });
});

describe('pathOf', () => {
  const v = observeValues({ api: { replicas: 2, image: { tag: '1.0.0' } }, list: [{ name: 'a' }] });

  test('names the value read, at any depth', () => {
    expect(pathOf(() => v.api.replicas)).toBe('api.replicas');
    expect(pathOf(() => v.api.image)).toBe('api.image');
    expect(pathOf(() => v.list[0].name)).toBe('list.0.name');
    expect(subtreePath(v.api.image)).toBe('api.image');
    expect(subtreePath({ tag: '1.0.0' })).toBeUndefined();
  });

  test('the observed values read as the values do', () => {
    expect(JSON.parse(JSON.stringify(v))).toEqual({ api: { replicas: 2, image: { tag: '1.0.0' } }, list: [{ name: 'a' }] });
    expect({ ...v.api.image }).toEqual({ tag: '1.0.0' });
    expect(v.api.image).toBe(v.api.image);
    expect(v.list.map((i) => i.name)).toEqual(['a']);
  });

  test('refuses a value that was computed, or not read from observed values', () => {
    expect(() => pathOf(() => v.api.replicas + 1)).toThrow(/must return one value read from the platform's values/);
    expect(() => pathOf(() => 2)).toThrow(/must return one value read from the platform's values/);
    expect(() => pathOf(() => ({ replicas: 2 }).replicas)).toThrow(/as `\(\) => v\.api\.replicas`/);
  });
});
