/**
 * Entry point for `cdk8s synth` (see cdk8s.yaml): every platform and env of the project
 * (kubesynth's own, or one that installed it) as cdk8s charts, written by cdk8s to cdk8s.out/.
 * kubesynth's own `synth` is the main path: it validates config with clear errors and writes
 * dist/ atomically.
 */
import { App } from 'cdk8s';
import { join } from 'node:path';
import { environmentsOf, loadPlatformValues } from '../platform/platform-values';
import { addPlatformChart } from '../render/render';
import { loadProjectPlatforms } from '../project/project-platforms';
import { projectRoot } from '../project/project-root';

const root = projectRoot();
const configDir = join(root, 'config');
const app = new App();
for (const def of loadProjectPlatforms(root)) {
  for (const env of environmentsOf(configDir, def.name)) {
    addPlatformChart(app, def, env, loadPlatformValues(def, configDir, env));
  }
}
app.synth();
