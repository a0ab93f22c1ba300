/**
 * The Kubernetes shapes the pod extension values take (lib/values/k8s/pod-shapes.ts) are what
 * the OpenAPI document of the Kubernetes release this suite runs says, not a hand-written
 * approximation: regenerated here from that document (the Go module test/cluster/build.sh
 * downloads), they must equal the committed file. After a Kubernetes bump, run
 * `UPDATE_K8S_SHAPES=1 npx jest test/cluster/k8s-shapes.test.ts` and review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pinnedOpenApiPath, podShapesModule } from '../support/k8s-openapi-shapes';
import { ROOT } from '../support/synthesized';

const COMMITTED = join(ROOT, 'lib/values/k8s/pod-shapes.ts');

test('lib/values/k8s/pod-shapes.ts is made from the pinned Kubernetes OpenAPI document', () => {
  const { version, path } = pinnedOpenApiPath(ROOT);
  expect({ openApi: path, exists: existsSync(path) }).toEqual({ openApi: path, exists: true });
  const made = podShapesModule(JSON.parse(readFileSync(path, 'utf8')), version);
  if (process.env.UPDATE_K8S_SHAPES === '1') writeFileSync(COMMITTED, made);
  expect(readFileSync(COMMITTED, 'utf8')).toBe(made);
});
