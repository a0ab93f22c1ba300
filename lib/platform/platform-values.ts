import { checkRules } from '../values/value-rule';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isDns1123Label } from '../naming/dns';
import type { PlatformDefinition } from './platform-definition';
import { ConfigError } from '../config/config-error';
import { resolveValues } from '../config/resolve-values';
import { readValuesFile, ValuesSource } from '../config/values-source';
import type { ValuesValidators } from '../config/values-validators';
import type { ValuesTree } from '../config/merge-values';

/** `config/<platform>/<env>.yaml`. */
export function envConfigFile(configDir: string, platform: string, env: string): string {
  return join(configDir, platform, `${env}.yaml`);
}

/**
 * Environments per platform, at most. Each is a folder of ~150 files reviewed in pull requests
 * and takes ~0.1 s and a few MB to synthesize; 10,000 env files made a synth run for minutes
 * and stage 663 MB. 100 is far above any real platform's dev/staging/prod (and per-region or
 * per-tenant copies), and bounds a synth to well under a minute and a few hundred MB.
 */
export const MAX_ENVIRONMENTS = 100;

/** The environments a platform has: one per `config/<platform>/<env>.yaml`, sorted. */
export function environmentsOf(configDir: string, platform: string): string[] {
  const dir = join(configDir, platform);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    throw new ConfigError([{ file: dir, path: '', expected: 'a folder with one <env>.yaml per environment (dev.yaml, staging.yaml, prod.yaml)', found: 'no such folder' }]);
  }
  const envs = entries.filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort();
  if (envs.length > MAX_ENVIRONMENTS) {
    throw new ConfigError([{ file: dir, path: '', expected: `at most ${MAX_ENVIRONMENTS} environments (<env>.yaml files) per platform`, found: `${envs.length}; a platform's environments are reviewed and synthesized together, so split the platform or the folder` }]);
  }
  const bad = envs.filter((e) => !isDns1123Label(e));
  if (bad.length) {
    throw new ConfigError(bad.map((e) => ({ file: join(dir, `${e}.yaml`), path: '', expected: 'an environment name that is a DNS-1123 label (e.g. prod)', found: JSON.stringify(e) })));
  }
  return envs;
}

/**
 * Resolves a platform's values for one environment: its defaults, then the env file, then any
 * extra sources (later wins), checked against the platform's schema and rules (the schema compiled
 * by `validators`: once per process by default).
 */
export function loadPlatformValues<V>(def: PlatformDefinition<V>, configDir: string, env: string, extra: readonly ValuesSource[] = [], validators?: ValuesValidators): V {
  const defaults: ValuesSource = { name: `charts/${def.name}.ts (defaults)`, values: def.defaults as unknown as ValuesTree };
  const envFile = readValuesFile(envConfigFile(configDir, def.name, env));
  return resolveValues<V>(def.schema, [defaults, envFile, ...extra], def.rules && checkRules(def.rules), validators);
}
