/**
 * The Flux/Argo CD path: `kubectl kustomize dist/<platform>/<env>` (what kustomize-controller
 * and Argo CD run on the folder) yields exactly the objects kubesynth wrote. Runs where kubectl
 * is installed, as on the development and CI machines here; skipped elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { allTargets, freshSynth, loadObjects } from './support/synthesized';

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const whereKubectl = kubectl ? test : test.skip;

describe.each(allTargets())('kubectl kustomize $platform/$env', ({ platform, env }) => {
  whereKubectl('renders the same objects as the folder holds', () => {
    const out = freshSynth();
    const r = spawnSync('kubectl', ['kustomize', join(out, platform, env)], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const rendered = parseAllDocuments(r.stdout).map((d) => d.toJS());
    const byId = (objects: any[]) => new Map(objects.map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
    expect(byId(rendered)).toEqual(byId(loadObjects(out, platform, env)));
  });
});
