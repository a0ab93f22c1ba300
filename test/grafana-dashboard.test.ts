/**
 * Issue 12 (pod-level conventions follow-up), item 2: the Grafana dashboard follows the release
 * name. Grafana keys dashboards by uid and its sidecar writes every dashboard ConfigMap's keys
 * as files of one folder, so two releases of one chart with a fixed uid and file name overwrite
 * each other's dashboard. Rendered with the real Helm: two releases, overrides, release names
 * long enough to need the 40-character cut; the plain synth names them as the chart does.
 */
import { join } from 'node:path';
import { platforms } from '../charts';
import { loadPlatformValues } from '../lib/platform/platform-values';
import { dashboardUid, GRAFANA_UID_MAX } from '../lib/observability/grafana-dashboard';
import { KubeObject, renderPlatform } from '../lib/render/render';
import { envArgs, expectSameObjects, helmTemplate } from './support/helm-round-trip';
import { CONFIG_DIR, ROOT } from './support/synthesized';

const chartOf = (platform: string) => join(ROOT, 'dist', 'helm', platform);

/** The dashboard ConfigMap's one file name and the uid in it. */
function dashboardOf(objects: readonly KubeObject[]): { file: string; uid: string } {
  const maps = objects.filter((o: any) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1') as any[];
  expect(maps).toHaveLength(1);
  const files = Object.keys(maps[0].data);
  expect(files).toHaveLength(1);
  return { file: files[0], uid: JSON.parse(maps[0].data[files[0]]).uid };
}

// Every platform with monitoring values has a dashboard in prod (cognivern has no monitoring).
const monitored = platforms.filter((p) => 'monitoring' in (p.defaults as object));

test('the platforms with a dashboard', () => {
  expect(monitored.map((p) => p.name).sort()).toEqual(['cognition', 'cortex-core', 'meta-cognition', 'somabrain']);
});

describe.each(monitored.map((p) => [p.name, p] as const))('%s: the Grafana dashboard follows the release', (name, def) => {
  const render = (release: string, ...set: string[]) => helmTemplate(release, chartOf(name), [...envArgs(name, 'prod'), ...set.flatMap((s) => ['--set', s])]);

  test('two releases in one cluster get two uids and two file names; the release named after the chart keeps the plain names', () => {
    const own = dashboardOf(render(name));
    const blue = dashboardOf(render('blue'));
    expect(own).toEqual({ file: `${name}-dashboard.json`, uid: `${name}-overview` });
    expect(blue).toEqual({ file: `blue-${name}-dashboard.json`, uid: `blue-${name}-overview` });
  });

  test('fullnameOverride names them in the chart and in the plain synth alike (round trip)', () => {
    const chart = render(name, 'fullnameOverride=green');
    const plain = renderPlatform(def, 'prod', loadPlatformValues(def, CONFIG_DIR, 'prod', [{ name: 'test', values: { fullnameOverride: 'green' } }]));
    expect(dashboardOf(chart)).toEqual({ file: 'green-dashboard.json', uid: 'green-overview' });
    expectSameObjects(chart, plain);
  });

  test(`release names too long for a Grafana uid (${GRAFANA_UID_MAX} characters) still get distinct uids, computed as the plain synth computes them`, () => {
    const releases = ['a-long-release-name-for-the-team-one', 'a-long-release-name-for-the-team-two'];
    const uids = releases.map((r) => dashboardOf(render(r)).uid);
    for (const [i, uid] of uids.entries()) {
      expect(uid.length).toBeLessThanOrEqual(GRAFANA_UID_MAX);
      expect(uid).toBe(dashboardUid(`${releases[i]}-${name}-overview`));
    }
    expect(uids[0]).not.toBe(uids[1]);
    // Cut names share their first 31 characters; the hash tells them apart.
    expect(uids[0].slice(0, 31)).toBe(uids[1].slice(0, 31));
  });
});
