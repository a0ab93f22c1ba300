import { envConfigFile } from '../platform/platform-values';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileTagsOf } from '../config/values-source';
import type { ValuesSource } from '../config/values-source';
import type { PlatformDefinition } from '../platform/platform-definition';
import { engineFingerprint, platformFingerprint } from './code-fingerprint';
import { cacheKey } from './synth-cache';

/**
 * The cache keys of a synth's outputs: the hash of every input an output is made from, so a
 * changed input always gives another key (issue 15). What the CLI reads is hashed as read
 * (values as parsed, `!file` texts included, so an edit anywhere in them counts); the code by
 * code-fingerprint.
 */
/** A file's content as key text (its SHA-256), or why it cannot be read: a missing file is an input too. */
function bytesOf(file: string): string {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch (e) {
    return `unreadable: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  }
}

export class OutputKeys {
  private engine?: string | null;
  private readonly platforms = new Map<PlatformDefinition, string | undefined>();

  /** @param projectRoot the folder holding package.json and the lockfiles */
  constructor(private readonly projectRoot: string) {}

  /** Undefined for a platform whose code cannot be fingerprinted (it is then always built). */
  private codeOf(def: PlatformDefinition): string | undefined {
    if (!this.platforms.has(def)) {
      const own = platformFingerprint(def);
      // The library is hashed only once a platform can be keyed at all (not under jest's registry, not bundled).
      if (own && this.engine === undefined) this.engine = engineFingerprint(this.projectRoot) ?? null;
      this.platforms.set(def, own && this.engine ? cacheKey([this.engine, own]) : undefined);
    }
    return this.platforms.get(def);
  }

  /**
   * A platform/env's plain folder (and its GitOps entry points): the code, the env file's bytes
   * and those of every file its `!file` tags name, the overrides (`-f`, `--set`, `--set-file`,
   * as parsed, file texts included) and the GitOps settings when they are written. Bytes, not
   * parsed values: a synth whose outputs are all cached parses no env file (a broken one changed,
   * so it is built, and its error reported, as without the cache).
   */
  plain(def: PlatformDefinition, configDir: string, env: string, overrides: readonly ValuesSource[], gitops: unknown): string | undefined {
    const code = this.codeOf(def);
    if (!code) return undefined;
    const envFile = envConfigFile(configDir, def.name, env);
    const tagged = fileTagsOf(envFile).map((t) => {
      const file = isAbsolute(t.file) ? t.file : resolve(dirname(envFile), t.file);
      return `${t.path}\0${t.file}\0${bytesOf(file)}`;
    });
    return cacheKey([code, 'plain', def.name, env, bytesOf(envFile), ...tagged, JSON.stringify(overrides.map((o) => [o.name, o.values])), JSON.stringify(gitops ?? null)]);
  }

  /**
   * A platform's chart and .tgz: the code, the chart version, the environments (each becomes
   * a values file of the chart's README), the `!file` tags of their files (given to Helm as
   * `--set-file`) and config/chart.yaml as parsed.
   */
  chart(def: PlatformDefinition, version: string, environments: readonly string[], setFiles: unknown, info: unknown): string | undefined {
    const code = this.codeOf(def);
    if (!code) return undefined;
    return cacheKey([code, 'chart', def.name, version, JSON.stringify(environments), JSON.stringify(setFiles), JSON.stringify(info ?? null)]);
  }
}
