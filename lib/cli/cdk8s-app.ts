/**
 * Entry point for `cdk8s synth` (see cdk8s.yaml): every platform and env as cdk8s charts, written
 * by cdk8s to cdk8s.out/. kubesynth's own `synth` is the main path: it validates config with
 * clear errors and writes dist/ atomically.
 */
import { App } from 'cdk8s';
import { join } from 'node:path';
import { platforms } from '../../charts';
import { environmentsOf, loadPlatformValues } from '../config/platform-values';
import { addPlatformChart } from '../platform/render';
import { projectRoot } from './project-root';

const configDir = join(projectRoot(), 'config');
const app = new App();
for (const def of platforms) {
  for (const env of environmentsOf(configDir, def.name)) {
    addPlatformChart(app, def, env, loadPlatformValues(def, configDir, env));
  }
}
app.synth();
