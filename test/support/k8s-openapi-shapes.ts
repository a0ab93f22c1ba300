/**
 * Makes lib/values/k8s/pod-shapes.ts: JSON Schemas of the Kubernetes objects the pod
 * extension values take (EnvVar, EnvFromSource, Volume, VolumeMount, Container), taken from the
 * OpenAPI document of the Kubernetes release the cluster suite runs (k8s.io/kubernetes in
 * test/cluster/go.mod), not written by hand. References are inlined (the values schema is one
 * document per component and Helm shows its own paths), descriptions and `x-kubernetes-*`
 * annotations dropped (the chart's schema would be megabytes), and every object closed
 * (`additionalProperties: false`), so a misspelt field is refused instead of ignored.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Schema = { [key: string]: unknown };

/** The kinds pod-extension-values.ts reads, by their OpenAPI definition name. */
export const POD_SHAPE_DEFINITIONS = {
  EnvVar: 'io.k8s.api.core.v1.EnvVar',
  EnvFromSource: 'io.k8s.api.core.v1.EnvFromSource',
  Volume: 'io.k8s.api.core.v1.Volume',
  VolumeMount: 'io.k8s.api.core.v1.VolumeMount',
  Container: 'io.k8s.api.core.v1.Container',
} as const;

/** The OpenAPI (v2) document of the Kubernetes release test/cluster/go.mod pins, from the Go module cache. */
export function pinnedOpenApiPath(repo: string): { version: string; path: string } {
  const goMod = readFileSync(join(repo, 'test/cluster/go.mod'), 'utf8');
  const version = /^\s*k8s\.io\/kubernetes (v[0-9.]+)$/m.exec(goMod)?.[1];
  if (!version) throw new Error('test/cluster/go.mod: expected a `k8s.io/kubernetes vX.Y.Z` requirement, found none');
  const cache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  return { version, path: join(cache, `k8s.io/kubernetes@${version}`, 'api/openapi-spec/swagger.json') };
}

/** The text of lib/values/k8s/pod-shapes.ts, from an OpenAPI v2 document. */
export function podShapesModule(openApi: { definitions: Record<string, Schema> }, version: string): string {
  return [
    `// Made by test/support/k8s-openapi-shapes.ts from k8s.io/kubernetes@${version} api/openapi-spec/swagger.json; do not edit.`,
    '// test/cluster/k8s-shapes.test.ts fails when it differs from what that document gives.',
    `export const POD_SHAPES: Record<string, Record<string, unknown>> = ${JSON.stringify(podShapes(openApi), null, 2)};`,
    '',
  ].join('\n');
}

/** The shapes, by kind, from an OpenAPI v2 document's definitions. */
export function podShapes(openApi: { definitions: Record<string, Schema> }): Schema {
  const definitions = openApi.definitions;
  const inline = (node: Schema, trail: readonly string[]): Schema => {
    const ref = node.$ref as string | undefined;
    if (ref) {
      const name = ref.replace('#/definitions/', '');
      if (trail.includes(name)) throw new Error(`OpenAPI definition ${name} refers to itself (${[...trail, name].join(' -> ')}); it cannot be inlined`);
      // IntOrString and Quantity are strings in OpenAPI v2 but take numbers too (port: 8080, cpu: 2).
      if (name === 'io.k8s.apimachinery.pkg.util.intstr.IntOrString') return { type: ['string', 'integer'] };
      if (name === 'io.k8s.apimachinery.pkg.api.resource.Quantity') return { type: ['string', 'number'] };
      const target = definitions[name];
      if (!target) throw new Error(`OpenAPI definition ${name} is missing`);
      return inline(target, [...trail, name]);
    }
    const out: Schema = {};
    if (node.type !== undefined) out.type = node.type;
    if (Array.isArray(node.enum)) out.enum = node.enum;
    if (node.properties) {
      out.type = 'object';
      out.additionalProperties = false;
      if (Array.isArray(node.required) && node.required.length) out.required = [...(node.required as string[])].sort();
      out.properties = Object.fromEntries(Object.keys(node.properties as Schema).sort().map((k) => [k, inline((node.properties as Record<string, Schema>)[k], trail)]));
    } else if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      out.additionalProperties = inline(node.additionalProperties as Schema, trail);
    }
    if (node.items) out.items = inline(node.items as Schema, trail);
    return out;
  };
  return Object.fromEntries(Object.entries(POD_SHAPE_DEFINITIONS).map(([kind, name]) => [kind, inline(definitions[name], [name])]));
}
