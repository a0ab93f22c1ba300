/**
 * The type-check server: a process of its own that keeps one project's TypeScript program in
 * memory between synths (WarmChecker), so that the check of an edit parses and checks only what
 * the edit changed, instead of reading and binding every file of the program again, which was
 * most of a one-platform synth (issue 15).
 *
 * Started by the first synth that finds none (server-connection.ts), detached, with its socket
 * path and the project as arguments. It ends after IDLE_MS without a request, when asked to stop,
 * or when its socket file is removed or taken over by another server. Checks run one at a time,
 * in the order they come.
 */
import { appendFileSync, lstatSync, unlinkSync } from 'node:fs';
import { connect, createServer, Socket } from 'node:net';
import { CheckedProject, TypeCheckReply, WarmChecker } from './checker';
import type { ServerReply, ServerRequest } from './server-connection';
import { IDLE_MS } from './server-policy';

const [socket, projectJson] = process.argv.slice(2);
const project = JSON.parse(projectJson) as CheckedProject;
let checker: WarmChecker | undefined;
let checks = 0;
/** Rehearsal steps not run yet. */
let rehearsing = 0;
const since = new Date().toISOString();

/** Why the server failed, beside its socket: nothing else would ever show it. */
function log(message: string): void {
  try {
    appendFileSync(`${socket}.log`, `${new Date().toISOString()} pid ${process.pid}: ${message}\n`);
  } catch {
    // Nowhere to say it.
  }
}

process.on('uncaughtException', (e) => {
  log(e.stack ?? String(e));
  process.exit(1);
});

const sameProject = (p: CheckedProject) => p.root === project.root && p.tsconfig === project.tsconfig && p.typescript === project.typescript;

function check(requested: CheckedProject): ServerReply {
  const before = process.cpuUsage();
  const warm = checker !== undefined;
  let result: TypeCheckReply;
  if (!sameProject(requested)) {
    result = { failed: `this server checks ${project.root}, not ${requested.root}` };
  } else {
    try {
      checker ??= new WarmChecker(project);
      result = checker.check();
      if (!warm) rehearse(checker);
    } catch (e) {
      // The next check starts afresh: what failed may have left the program half made.
      checker = undefined;
      result = { failed: e instanceof Error ? e.stack ?? e.message : String(e) };
    }
  }
  checks++;
  const used = process.cpuUsage(before);
  return { ...result, server: { pid: process.pid, cpuMs: Math.round((used.user + used.system) / 1000), warm } };
}

/** Rehearsals after the first check (WarmChecker.rehearsal). */
const REHEARSALS = 3;

/** Runs the rehearsals one step at a time, letting waiting requests in between. */
function rehearse(c: WarmChecker): void {
  const steps = Array.from({ length: REHEARSALS }, () => c.rehearsal()).flat();
  const next = () => {
    const step = steps.shift();
    rehearsing = steps.length + (step ? 1 : 0);
    // A check that failed started over: nothing left to rehearse with.
    if (!step || checker !== c) return;
    try {
      step();
      rehearsing = steps.length;
    } catch (e) {
      rehearsing = 0;
      log(`rehearsal: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      checker = undefined;
      return;
    }
    setImmediate(next);
  };
  setImmediate(next);
}

let idle: NodeJS.Timeout | undefined;
const server = createServer((connection: Socket) => {
  let text = '';
  connection.setEncoding('utf8');
  connection.on('error', () => connection.destroy());
  connection.on('data', (chunk: string) => {
    text += chunk;
    const end = text.indexOf('\n');
    if (end < 0) return;
    connection.removeAllListeners('data');
    let request: ServerRequest;
    try {
      request = JSON.parse(text.slice(0, end)) as ServerRequest;
    } catch {
      connection.end(`${JSON.stringify({ failed: 'not a request', server: { pid: process.pid, cpuMs: 0, warm: false } })}\n`);
      return;
    }
    if ('status' in request) {
      const status: ServerReply = { status: { pid: process.pid, project, checks, rehearsing, since, rssMiB: Math.round(process.memoryUsage.rss() / 1048576) } };
      connection.end(`${JSON.stringify(status)}\n`);
      return;
    }
    if ('stop' in request) {
      connection.end(`${JSON.stringify({ stopped: true } satisfies ServerReply)}\n`, () => stop('asked to stop'));
      return;
    }
    connection.end(`${JSON.stringify(check(request.check))}\n`);
    waitForNext();
  });
});

function waitForNext(): void {
  if (idle) clearTimeout(idle);
  idle = setTimeout(() => stop(`no request for ${IDLE_MS / 60_000} minutes`), IDLE_MS);
}

let ownSocket: bigint | undefined;
function stop(why: string): never {
  // Only our own socket file: a server that took over the path keeps its own.
  if (ownsSocket()) {
    try {
      unlinkSync(socket);
    } catch {
      // Already gone.
    }
  }
  if (why !== 'asked to stop' && !why.startsWith('no request')) log(`stopped: ${why}`);
  process.exit(0);
}

function ownsSocket(): boolean {
  try {
    return lstatSync(socket, { bigint: true }).ino === ownSocket;
  } catch {
    return false;
  }
}

server.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EADDRINUSE') {
    log(e.stack ?? String(e));
    process.exit(1);
  }
  // A socket file is there: another server's (it answers: this one is not needed), or one a stopped server left.
  const probe = connect(socket);
  probe.on('connect', () => process.exit(0));
  probe.on('error', () => {
    try {
      unlinkSync(socket);
    } catch {
      // Another server starting at the same time removed it first.
    }
    server.listen(socket);
  });
});

server.on('listening', () => {
  ownSocket = lstatSync(socket, { bigint: true }).ino;
  waitForNext();
  // Removed (a user cleaning the temporary folder) or replaced: no synth can reach this server any more.
  setInterval(() => {
    if (!ownsSocket()) stop('its socket file was removed or replaced');
  }, 30_000).unref();
});

server.listen(socket);
