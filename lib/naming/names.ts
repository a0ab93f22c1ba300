import { assertDns1123Label } from './dns';

/** The two Helm naming conventions a platform's values carry (`nameOverride`, `fullnameOverride`; empty: unset). */
export interface NameOverrides {
  readonly nameOverride: string;
  readonly fullnameOverride: string;
}

/**
 * What Helm's `trunc 63 | trimSuffix "-"` does, so the plain synth cuts long names exactly as
 * the chart's helpers do (`trimSuffix` removes one `-`, as Go's strings.TrimSuffix does).
 */
export function truncName(name: string): string {
  const cut = name.slice(0, 63);
  return cut.endsWith('-') ? cut.slice(0, -1) : cut;
}

/** The `app.kubernetes.io/name` label: `nameOverride`, else the platform (chart) name. The chart's `<platform>.name` helper. */
export function appName(platform: string, names: NameOverrides): string {
  return truncName(names.nameOverride || platform);
}

/**
 * The prefix of every object name, as the chart's `<platform>.fullname` helper computes it for a
 * release named like the platform (the plain synth's release): `fullnameOverride`, else the
 * release name when it contains the name, else `<release>-<name>`.
 */
export function releaseFullname(platform: string, names: NameOverrides): string {
  if (names.fullnameOverride) return truncName(names.fullnameOverride);
  const name = names.nameOverride || platform;
  return truncName(platform.includes(name) ? platform : `${platform}-${name}`);
}

/** `<fullname>-<component>` cut to 63 characters (the chart's `<platform>.componentName` helper); stable, human, no construct-path hash. */
export function componentName(platform: string, component: string, fullname: string = platform): string {
  const name = component === platform ? fullname : truncName(`${fullname}-${component}`);
  assertDns1123Label(name, `Name for component "${component}" of platform "${platform}"`);
  return name;
}
