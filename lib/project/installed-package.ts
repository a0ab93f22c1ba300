/**
 * The package.json of a package a project installed (`jest`, `typescript`), found as Node finds
 * it from the project's folder; undefined when the project has no such package.
 */
export function installedManifest(root: string, pkg: string): string | undefined {
  try {
    // Packages with an exports map must list ./package.json in it (TypeScript 7 and jest do); earlier TypeScripts have no map.
    return require.resolve(`${pkg}/package.json`, { paths: [root] });
  } catch {
    return undefined;
  }
}
