import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PlatformDefinition } from './platform-definition';

/**
 * Where another thread finds the platforms this one was given (issue 15: synth builds the
 * charts on a worker thread, which shares no objects with the main thread): a module and the
 * name of its export, either the list of platforms (`charts/index.ts`'s `platforms`) or a
 * function that makes one platform from `args` (the bench's generated platforms).
 */
export interface PlatformModule {
  /** Absolute path of the compiled module (what `require` takes). */
  readonly module: string;
  /** The export: an array of platforms, or a function returning one. */
  readonly exportName: string;
  /** Arguments of the function export (structured-cloneable). @default none */
  readonly args?: readonly unknown[];
  /**
   * SHA-256 of the module file as the caller loaded it: a module rewritten since (a project's
   * platform bundle, remade by another synth) is refused rather than used. @default not checked
   */
  readonly sha256?: string;
}

/** SHA-256 (hex) of a file's bytes, as {@link PlatformModule.sha256} holds it. */
export function fileSha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * The platform named `name` from `ref`. Throws, naming the module and what was expected, when
 * the module changed since the caller loaded it or does not hold that platform.
 */
export function loadPlatformModule(ref: PlatformModule, name: string): PlatformDefinition {
  const exported = requirePlatformModule(ref)[ref.exportName];
  const found = typeof exported === 'function'
    ? (exported as (...args: readonly unknown[]) => unknown)(...(ref.args ?? []))
    : Array.isArray(exported) ? exported.find((p) => (p as { name?: unknown } | undefined)?.name === name) : undefined;
  const def = found as PlatformDefinition | undefined;
  if (!def || def.name !== name || typeof def.build !== 'function') {
    throw new Error(`${ref.module}: export ${ref.exportName} gives no platform named ${name} (expected a list of platforms or a function returning one)`);
  }
  return def;
}

/**
 * The module's exports. Its file is checked against `sha256` before it is first loaded; once
 * loaded, this thread keeps the code it checked, whatever happens to the file.
 */
export function requirePlatformModule(ref: PlatformModule): Record<string, unknown> {
  if (ref.sha256 !== undefined && !require.cache[require.resolve(ref.module)] && fileSha256(ref.module) !== ref.sha256) {
    throw new Error(`${ref.module}: changed since the platforms were loaded from it`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(ref.module) as Record<string, unknown>;
}
