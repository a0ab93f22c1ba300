/**
 * The type-check server (lib/cli/type-check/server.ts): a process that keeps a project's
 * TypeScript program between synths, so the check of an edit costs what the edit changed
 * (issue 15). What matters is that it never answers otherwise than a fresh `tsc` would: each
 * edit below (an error, its fix, a change in an imported module, a file added and removed, a
 * tsconfig option) is checked by the server and by the real `tsc --noEmit` on the same files,
 * and the two must agree. And that it is one process, reused, that stops when told and is
 * replaced when it died. The server runs from build/ (`npm test` compiles first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './support/synthesized';

const built = (module: string) => join(ROOT, 'build', 'lib', 'cli', 'type-check', `${module}.js`);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const connection = require(built('server-connection')) as typeof import('../lib/cli/type-check/server-connection');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { projectToCheck } = require(built('type-check')) as typeof import('../lib/cli/type-check/type-check');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { serverUse } = require(built('server-policy')) as typeof import('../lib/cli/type-check/server-policy');
import type { CheckedProject } from '../lib/cli/type-check/checker';

jest.setTimeout(180_000);

let root: string;
let project: CheckedProject;

const write = (file: string, text: string) => {
  mkdirSync(join(root, file, '..'), { recursive: true });
  writeFileSync(join(root, file), text);
};

const tsconfig = (strict: boolean) => JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'commonjs', strict, noEmit: true, types: [] },
  include: ['charts/**/*.ts', 'lib/**/*.ts'],
});

beforeAll(() => {
  root = tempDir('kubesynth-type-check-server-');
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  write('tsconfig.json', tsconfig(true));
  write('lib/replicas.ts', 'export interface Replicas { readonly min: number; readonly max: number }\n');
  write('charts/shop.ts', [
    "import { Replicas } from '../lib/replicas';",
    'export const replicas: Replicas = { min: 1, max: 3 };',
    'export function scale(by) { return by * 2; }',
    '',
  ].join('\n'));
  const p = projectToCheck(root);
  if ('skipped' in p) throw new Error(p.skipped);
  project = p;
});

afterAll(async () => {
  await connection.ask(connection.socketFor(project), { stop: true }, 10_000).catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

/** The errors of the real `tsc --noEmit` on the project, in the synth's format (`file:line:col - error TSn: text`). */
function tscErrors(): string[] {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', join(root, 'tsconfig.json'), '--pretty', 'false'], { cwd: root, encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => /^\S.*\(\d+,\d+\): error TS\d+/.test(l))
    .map((l) => l.replace(/^(.*)\((\d+),(\d+)\): error (TS\d+): /, '$1:$2:$3 - error $4: '));
}

async function serverCheck() {
  const r = await connection.checkByServer(project);
  if (!('errors' in r)) throw new Error(`no check: ${JSON.stringify(r)}`);
  return { errors: [...r.errors].sort(), pid: r.server.pid, warm: r.server.warm };
}

test('every edit is checked as a fresh tsc checks it, by one server that keeps its program', async () => {
  const first = await serverCheck();
  expect(first.warm).toBe(false);
  expect(first.errors).toEqual(tscErrors().sort());
  expect(first.errors).toEqual([expect.stringMatching(/^charts\/shop\.ts:3:23 - error TS7006: Parameter 'by' implicitly has an 'any' type/)]);

  const edits: Array<[string, () => void, RegExp[]]> = [
    ['the error fixed', () => write('charts/shop.ts', "import { Replicas } from '../lib/replicas';\nexport const replicas: Replicas = { min: 1, max: 3 };\n"), []],
    ['a mistyped prop', () => write('charts/shop.ts', "import { Replicas } from '../lib/replicas';\nexport const replicas: Replicas = { min: 1, max: 3, maxx: 4 };\n"), [/^charts\/shop\.ts:2:53 - error TS\d+: Object literal may only specify known properties, but 'maxx' does not exist/]],
    ['fixed again', () => write('charts/shop.ts', "import { Replicas } from '../lib/replicas';\nexport const replicas: Replicas = { min: 1, max: 3 };\n"), []],
    // Only the imported module changes: the importer is checked again.
    ['an imported type changed', () => write('lib/replicas.ts', 'export interface Replicas { readonly min: number; readonly max: string }\n'), [/^charts\/shop\.ts:2:45 - error TS2322: Type 'number' is not assignable to type 'string'/]],
    ['a new module, imported', () => {
      write('lib/replicas.ts', 'export interface Replicas { readonly min: number; readonly max: number }\n');
      write('lib/limits.ts', "export const LIMIT: number = 'ten';\n");
      write('charts/shop.ts', "import { Replicas } from '../lib/replicas';\nimport { LIMIT } from '../lib/limits';\nexport const replicas: Replicas = { min: 1, max: LIMIT };\n");
    }, [/^lib\/limits\.ts:1:14 - error TS2322/]],
    ['that module removed', () => rmSync(join(root, 'lib', 'limits.ts')), [/^charts\/shop\.ts:2:23 - error TS2307: Cannot find module '\.\.\/lib\/limits'/]],
    ['a tsconfig option', () => {
      write('charts/shop.ts', "export function scale(by) { return by * 2; }\n");
      write('tsconfig.json', tsconfig(false));
    }, []],
    ['the option back', () => write('tsconfig.json', tsconfig(true)), [/^charts\/shop\.ts:1:23 - error TS7006/]],
  ];
  for (const [edit, make, expected] of edits) {
    make();
    const served = await serverCheck();
    expect({ edit, errors: served.errors }).toEqual({ edit, errors: tscErrors().sort() });
    expect({ edit, errors: served.errors }).toEqual({ edit, errors: expected.map((e) => expect.stringMatching(e)) });
    // The same process, from the program it kept.
    expect({ edit, pid: served.pid, warm: served.warm }).toEqual({ edit, pid: first.pid, warm: true });
  }
});

test('it says what it is, stops when told, and a dead one is replaced', async () => {
  const socket = connection.socketFor(project);
  const { pid } = await serverCheck();
  const status = await connection.ask(socket, { status: true }, 10_000);
  expect(status).toEqual({ status: expect.objectContaining({ pid, project, checks: expect.any(Number) }) });

  // Killed outright: its socket file stays behind, and the next check starts a new server.
  process.kill(pid, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 200));
  expect(existsSync(socket)).toBe(true);
  const next = await serverCheck();
  expect(next.pid).not.toBe(pid);
  expect(next.warm).toBe(false);
  expect(next.errors).toEqual(tscErrors().sort());

  expect(await connection.ask(socket, { stop: true }, 10_000)).toEqual({ stopped: true });
  await new Promise((r) => setTimeout(r, 200));
  expect(() => process.kill(next.pid, 0)).toThrow(/ESRCH/);
  expect(existsSync(socket)).toBe(false);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts a server for `p` on `socket` and waits until it answers; its pid. */
async function serverOn(p: CheckedProject, socket: string): Promise<number> {
  connection.startServer(p, socket);
  for (let waited = 0; waited < 10_000; waited += 50) {
    const answer = await connection.tryAsk(socket, { status: true }, 2_000);
    if ('reply' in answer && 'status' in answer.reply) return answer.reply.status.pid;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no server answered on ${socket}`);
}

test('a new server stops the project\'s servers on other sockets (an earlier kubesynth\'s), not other projects\', and removes dead ones\' sockets', async () => {
  const socket = connection.socketFor(project);
  await connection.ask(socket, { stop: true }, 10_000).catch(() => undefined);
  const dir = join(socket, '..');
  // Socket names of other kubesynth builds: another hash of the code, the same folder.
  const earlierSocket = join(dir, 'type-check-0000000000000001.sock');
  const otherSocket = join(dir, 'type-check-0000000000000002.sock');
  const earlier = await serverOn(project, earlierSocket);
  const other = await serverOn({ ...project, root: tempDir('kubesynth-another-project-') }, otherSocket);
  // A server killed outright leaves its socket file, with nothing listening.
  const killedSocket = join(dir, 'type-check-0000000000000003.sock');
  const killed = await serverOn(project, killedSocket);
  process.kill(killed, 'SIGKILL');
  for (let waited = 0; waited < 10_000 && isAlive(killed); waited += 50) await new Promise((r) => setTimeout(r, 50));
  expect(existsSync(killedSocket)).toBe(true);
  try {
    const { pid } = await serverCheck();
    expect(pid).not.toBe(earlier);
    // It answered "stopped" before the check returned; it exits right after (give a loaded machine time).
    for (let waited = 0; waited < 10_000 && isAlive(earlier); waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(() => process.kill(earlier, 0)).toThrow(/ESRCH/);
    expect(existsSync(earlierSocket)).toBe(false);
    expect(existsSync(killedSocket)).toBe(false);
    expect(() => process.kill(other, 0)).not.toThrow();
    expect(existsSync(otherSocket)).toBe(true);
  } finally {
    await connection.ask(earlierSocket, { stop: true }, 10_000).catch(() => undefined);
    await connection.ask(otherSocket, { stop: true }, 10_000).catch(() => undefined);
  }
});

test('CI and KUBESYNTH_TYPE_CHECK_SERVER decide whether a synth uses a server', () => {
  expect(serverUse({}, 'linux')).toBe(true);
  expect(serverUse({ CI: 'true' })).toMatch(/CI is set/);
  expect(serverUse({ CI: 'false' })).toBe(true);
  expect(serverUse({ CI: 'true', KUBESYNTH_TYPE_CHECK_SERVER: '1' })).toBe(true);
  expect(serverUse({ KUBESYNTH_TYPE_CHECK_SERVER: '0' })).toMatch(/KUBESYNTH_TYPE_CHECK_SERVER is off/);
  expect(serverUse({ KUBESYNTH_TYPE_CHECK_SERVER: '1' }, 'win32')).toBe('not on Windows');
});
