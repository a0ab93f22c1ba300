/**
 * Constructs no committed platform combines (the CronJob, a migration Job with settings, an
 * optional component), applied to a real API server under restricted Pod Security as GitOps
 * applies the plain YAML: every object is accepted without a warning, the CronJob's pods are
 * admitted and run, and a second apply changes nothing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toYaml } from '../../lib/emit/plain-emitter';
import { renderPlatform } from '../../lib/render/render';
import { demo } from '../support/demo-platform';
import { tempDir } from '../support/synthesized';
import { expectWorkloadsRun, triggerCronJobs } from './cluster-state';
import { ControlPlane, withControlPlane } from './control-plane';

let cp: ControlPlane;
withControlPlane((started) => (cp = started));

const MANAGER = ['--server-side', '--field-manager=kubesynth-gitops'];

test('the demo platform applies with no error or warning, its CronJob runs, and a second apply converges', async () => {
  const namespace = demo.defaults.namespace;
  cp.kubectlOk(['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'v1', kind: 'Namespace',
    metadata: { name: namespace, labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' } },
  }));
  const objects = renderPlatform(demo, 'dev', { ...demo.defaults, cache: { enabled: true }, report: { schedule: '*/5 * * * *', timeZone: 'Europe/Berlin', suspend: false } });
  expect(objects.map((o) => o.kind)).toContain('CronJob');
  const file = join(tempDir(), 'demo.yaml');
  writeFileSync(file, objects.map((o) => toYaml(o)).join('---\n'));

  const applied = cp.kubectl(['apply', ...MANAGER, '-f', file]);
  expect({ status: applied.status, stderr: applied.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  const again = cp.kubectl(['diff', ...MANAGER, '-f', file]);
  expect({ status: again.status, diff: again.stdout, stderr: again.stderr.trim() }).toEqual({ status: 0, diff: '', stderr: '' });

  // The API server stored the schedule and zone as written (a zone it does not know is refused).
  const cron = cp.getJson<{ spec: { schedule: string; timeZone: string; concurrencyPolicy: string } }>(['cronjob', 'demo-report', '-n', namespace]);
  expect(cron.spec).toMatchObject({ schedule: '*/5 * * * *', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Forbid' });

  triggerCronJobs(cp, [namespace]);
  await expectWorkloadsRun(cp, [namespace]);
});
