/** People who know cdk8s can run `cdk8s synth`: cdk8s.yaml points the cdk8s CLI at the same platforms. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { freshSynth, loadObjects, ROOT, tempDir } from './support/synthesized';

test('`cdk8s synth` renders the same objects as kubesynth', () => {
  const out = tempDir();
  execFileSync(join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade', '--output', out], {
    cwd: ROOT,
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
    stdio: 'pipe',
  });
  const viaCdk8s = parseAllDocuments(readFileSync(join(out, 'cortex-core-prod.k8s.yaml'), 'utf8')).map((d) => d.toJS());
  const viaKubesynth = loadObjects(freshSynth(), 'cortex-core', 'prod');
  const byId = (objects: any[]) => new Map(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o]));
  expect(byId(viaCdk8s)).toEqual(byId(viaKubesynth));
});
