import { assertDns1123Label } from './dns';

/** `<platform>-<component>`: stable, human, no construct-path hash. */
export function componentName(platform: string, component: string): string {
  const name = component === platform ? platform : `${platform}-${component}`;
  assertDns1123Label(name, `Name for component "${component}" of platform "${platform}"`);
  return name;
}
