import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isDns1123Label } from '../naming/dns';
import type { PlatformDefinition } from '../platform/platform-definition';
import { ConfigError } from './config-error';
import { resolveValues } from './resolve-values';
import { readValuesFile, ValuesSource } from './values-source';
import type { ValuesTree } from './merge-values';

/** `config/<platform>/<env>.yaml`. */
export function envConfigFile(configDir: string, platform: string, env: string): string {
  return join(configDir, platform, `${env}.yaml`);
}

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
  const bad = envs.filter((e) => !isDns1123Label(e));
  if (bad.length) {
    throw new ConfigError(bad.map((e) => ({ file: join(dir, `${e}.yaml`), path: '', expected: 'an environment name that is a DNS-1123 label (e.g. prod)', found: JSON.stringify(e) })));
  }
  return envs;
}

/**
 * Resolves a platform's values for one environment: its defaults, then the env file, then any
 * extra sources (later wins), checked against the platform's schema and rules.
 */
export function loadPlatformValues<V>(def: PlatformDefinition<V>, configDir: string, env: string, extra: readonly ValuesSource[] = []): V {
  const defaults: ValuesSource = { name: `charts/${def.name}.ts (defaults)`, values: def.defaults as unknown as ValuesTree };
  const envFile = readValuesFile(envConfigFile(configDir, def.name, env));
  return resolveValues<V>(def.schema, [defaults, envFile, ...extra], def.check);
}
