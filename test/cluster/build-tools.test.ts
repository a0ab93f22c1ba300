/** test/cluster/build.sh as a user without Go meets it: one line that says what is missing and where to get it. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './control-plane';

test('without Go on PATH, the tools build stops with one clear line and a non-zero exit', () => {
  const r = spawnSync('bash', [join(ROOT, 'test', 'cluster', 'build.sh')], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' } });
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/Go 1\.26 or newer.*go\.dev\/dl.*'go' is not on PATH/)]);
});
