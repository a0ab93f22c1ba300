/**
 * What `npm install kubesynth` gets: the compiled library, CLI and CRD bindings, nothing of the
 * repository's tests, bench, output or config, and every module the shipped code loads is either
 * in the package or one it depends on (a devDependency would be missing for a user).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix } from 'node:path';

const ROOT = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  main: string; types: string; bin: Record<string, string>;
  dependencies: Record<string, string>; peerDependencies: Record<string, string>; devDependencies: Record<string, string>;
};

// --ignore-scripts: `prepare` would recompile; the test suite compiled build/ already (npm test).
const packed: string[] = (JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' })) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
const files = new Set(packed);

test('the package holds the library, its types and the CLI', () => {
  expect(files).toContain(pkg.main);
  expect(files).toContain(pkg.types);
  for (const bin of Object.values(pkg.bin)) expect(files).toContain(bin);
});

test('the package holds no tests, bench, output, config or source maps', () => {
  const stray = packed.filter((p) => /^(test|bench|dist|config|build\/test|build\/bench|cdk8s\.out|\.cache)\//.test(p) || p.endsWith('.map') || p.endsWith('.ts') && !p.endsWith('.d.ts'));
  expect(stray).toEqual([]);
});

test('every module the shipped code loads is packed or a declared dependency', () => {
  const declared = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]);
  const builtins = new Set(builtinModules);
  const problems: string[] = [];
  let checked = 0;
  for (const file of packed.filter((p) => p.endsWith('.js'))) {
    // Without comments: tsc keeps them (`npm test` compiles with tsc), and a comment may quote a require.
    const text = readFileSync(join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    // tsc writes imports as require("..."); a require written in the source keeps its quotes.
    for (const [, , spec] of text.matchAll(/\brequire\((["'])([^"']+)\1\)/g)) {
      checked++;
      if (spec.startsWith('.')) {
        const base = posix.join(posix.dirname(file), spec);
        if (![base, `${base}.js`, `${base}.json`, `${base}/index.js`].some((c) => files.has(c))) problems.push(`${file}: ${spec} is not in the package`);
      } else {
        const name = spec.startsWith('node:') ? spec : spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
        if (!builtins.has(name.replace(/^node:/, '')) && !declared.has(name)) problems.push(`${file}: ${name} is not a dependency${pkg.devDependencies[name] ? ' (only a devDependency)' : ''}`);
      }
    }
  }
  expect(problems).toEqual([]);
  // If tsc ever wrote imports another way, this test would check nothing.
  expect(checked).toBeGreaterThan(500);
});

test('cdk8s, cdk8s-plus-28 and constructs are peers: the user\'s app and kubesynth share one copy', () => {
  for (const name of ['cdk8s', 'cdk8s-plus-28', 'constructs']) {
    expect(pkg.dependencies[name]).toBeUndefined();
    expect(pkg.peerDependencies[name]).toBeDefined();
    // The version developed and tested against is one the peer range accepts.
    expect(pkg.peerDependencies[name]).toBe(`^${pkg.devDependencies[name]}`);
  }
});

test('a project outside this repository can import from kubesynth everything the five platforms import from lib/', () => {
  const index = readFileSync(join(ROOT, 'lib', 'index.ts'), 'utf8');
  const exported = new Set([...index.matchAll(/^export \* from '\.\/([^']+)';$/gm)].map((m) => m[1]));
  const chartsDir = join(ROOT, 'charts');
  const missing = readdirSync(chartsDir).filter((f) => f.endsWith('.ts')).flatMap((f) =>
    [...readFileSync(join(chartsDir, f), 'utf8').matchAll(/from '\.\.\/lib\/([^']+)'/g)].map((m) => m[1]).filter((path) => !exported.has(path)).map((path) => `charts/${f}: lib/${path}`));
  expect([...new Set(missing)]).toEqual([]);
  // And the names themselves are there at run time (a re-export that TypeScript drops as ambiguous would not be).
  const library = require(join(ROOT, 'build', 'lib', 'index.js')) as Record<string, unknown>;
  for (const name of ['ServiceWorkload', 'Worker', 'PostgresCluster', 'componentProps', 'releaseNameValuesSchema', 'commonMetadataValuesSchema', 'networkPolicyValuesSchema', 'CronJob']) {
    expect(typeof library[name]).not.toBe('undefined');
  }
});
