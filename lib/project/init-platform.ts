import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DNS1123_LABEL_DESCRIPTION, isDns1123Label } from '../naming/dns';
import { chartsIndex, identifierOf, JEST_PACKAGES, platformScaffold, projectJestConfig, projectTsconfig } from './platform-scaffold';
import { isOwnProject, ProjectError } from './project-platforms';
import { installedManifest } from './installed-package';
import { projectTypeScript } from './project-typescript';
import { synthCommand } from './synth-command';

/** What `kubesynth init` did: the files it wrote and what is left for the user to do. */
export interface InitResult {
  readonly written: readonly string[];
  readonly next: readonly string[];
}

/** Where jest looks for its configuration, beside package.json's `jest` key. */
const JEST_CONFIG_FILES = ['js', 'ts', 'mjs', 'cjs', 'json'].map((ext) => `jest.config.${ext}`);

function hasJestConfig(root: string): boolean {
  if (JEST_CONFIG_FILES.some((f) => existsSync(join(root, f)))) return true;
  try {
    return 'jest' in (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as object);
  } catch {
    return false;
  }
}

/** Longest platform name: `<platform>-<component>-<hash>` names must stay within 63 characters. */
const MAX_PLATFORM_NAME = 30;

/**
 * Writes a new platform into the project at `root` (see platform-scaffold). Refuses a name that
 * is not a DNS label and any file that exists already, before writing anything.
 */
export function initPlatform(root: string, platform: string): InitResult {
  if (!isDns1123Label(platform) || platform.length > MAX_PLATFORM_NAME) {
    throw new ProjectError(`kubesynth init: platform name "${platform}" must be ${DNS1123_LABEL_DESCRIPTION} of at most ${MAX_PLATFORM_NAME} characters (it starts every object's name), e.g. shop-assistant.`);
  }
  const own = isOwnProject(root);
  const files = platformScaffold(platform, own ? '../lib' : 'kubesynth');
  const indexFile = join('charts', 'index.ts');
  const hasIndex = existsSync(join(root, indexFile));
  if (!hasIndex) files.set(indexFile, chartsIndex(platform, 'kubesynth'));
  if (!existsSync(join(root, 'cdk8s.yaml'))) {
    files.set('cdk8s.yaml', [
      '# The project kubesynth builds: platforms in charts/ (charts/index.ts lists them), values in config/<platform>/<env>.yaml.',
      '# `npx kubesynth synth` writes dist/; `cdk8s synth` (cdk8s-cli: `npx cdk8s-cli synth`) writes the plain YAML to cdk8s.out/.',
      'language: typescript',
      'app: node node_modules/kubesynth/build/lib/cli/cdk8s-app.js',
      'output: cdk8s.out',
      '',
    ].join('\n'));
  }
  // What `kubesynth synth` type-checks the platform code with (see TypeCheck): never one of the project's replaced.
  if (!existsSync(join(root, 'tsconfig.json'))) files.set('tsconfig.json', projectTsconfig());
  // What runs the platform's test; kubesynth's own repository has its jest configuration.
  if (!own && !hasJestConfig(root)) files.set('jest.config.cjs', projectJestConfig());
  const taken = [...files.keys()].filter((f) => existsSync(join(root, f)) || f.startsWith('config/') && existsSync(join(root, dirname(f))));
  if (taken.length) {
    throw new ProjectError(`kubesynth init: ${[...new Set(taken.map((f) => join(root, f.startsWith('config/') ? dirname(f) : f)))].join(', ')} already exist(s); pick another platform name or remove them.`);
  }
  for (const [file, text] of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text, { flag: 'wx' });
  }
  const id = identifierOf(platform);
  const next = [
    ...(projectTypeScript(root) !== undefined ? [] : ['npm install -D typescript (kubesynth synth type-checks charts/ with the project\'s TypeScript and tsconfig.json, and says so while it cannot)']),
    ...(hasIndex ? [`add \`${id}\` (import { ${id} } from './${platform}') to the platforms list in charts/index.ts${own ? ', and its name to charts/platform-names.ts' : ''}`] : []),
    `change the images, ports and probes in charts/${platform}.ts to your application's, and the values in config/${platform}/`,
    synthCommand(root),
    ...(own ? [] : [`${installedManifest(root, 'jest') ? '' : `npm install -D ${JEST_PACKAGES.join(' ')}, then `}npx jest (runs test/${platform}.test.ts)`]),
  ];
  return { written: [...files.keys()], next };
}
